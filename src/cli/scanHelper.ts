// The helper thread of a large scan (scanRunner.ts): a Worker running the scan-only bundle, which boots while the
// main thread walks and is then sent the files. Its start-up (Node's and the bundle's) takes longer than the walk of
// a large tree, so `cosmos-guard scan` starts it first of all — this module is dist/cli.js's first, run before the
// rest of the CLI is even loaded — and the scan adopts it, or ends it if the walk finds too few files to share.
import os from 'node:os';
import path from 'node:path';
import { isMainThread, Worker } from 'node:worker_threads';
import { type FileBatchResult } from './scanRunner';

/**
 * The script the helper runs: dist/cli-scan-worker.js (scanWorkerMain.ts), next to dist/cli.js, which holds only the
 * scan and boots faster than the whole CLI. Were it missing, the helper would fail to start: an error (exit code 2),
 * and the main thread scans every file itself.
 */
export function helperScript(): string {
  return path.join(__dirname, 'cli-scan-worker.js');
}

/** A helper thread, started before it has work: it boots while the walk still lists files, then gets them. */
export interface ScanHelper {
  readonly worker: Worker;
  readonly result: Promise<FileBatchResult>;
}

export function startHelper(script: string): ScanHelper {
  // The first message it gets is its work: scanWorkerMain.ts passes it to runScanWorker().
  const worker = new Worker(script);
  const result = new Promise<FileBatchResult>((resolve, reject) => {
    worker.once('message', (m: FileBatchResult) => resolve(m));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`it stopped with exit code ${code} before reporting`)));
  });
  result.catch(() => undefined); // the failure is read after the walk; until then it must not be "unhandled"
  return { worker, result };
}

/** Options after which `scan` reads no working tree (git history, the index) or does not scan at all. */
const NOT_A_TREE_SCAN = new Set(['--git', '--staged', '--help', '-h']);

let early: ScanHelper | undefined;

/**
 * Starts the helper now when this process is `cosmos-guard scan` of the working tree on a machine with more than
 * one CPU (and returns it). It is not referenced (it keeps no process alive) until a scan adopts it with
 * {@link adoptEarlyHelper}.
 */
export function startEarlyHelper(argv: readonly string[], script: string): ScanHelper | undefined {
  if (!isMainThread || argv[0] !== 'scan' || argv.some((a) => NOT_A_TREE_SCAN.has(a) || a.startsWith('--git=')) || os.availableParallelism() < 2) return undefined;
  early = startHelper(script);
  early.worker.unref();
  return early;
}

/** The helper started at launch, if any, for the scan to use (referenced again) or end; it is handed out once. */
export function adoptEarlyHelper(): ScanHelper | undefined {
  const helper = early;
  early = undefined;
  helper?.worker.ref();
  return helper;
}

// At load, when this bundle is the program being run (dist/cli.js; not a test importing it, not the helper thread
// itself): main.ts imports this module first, so this runs before the rest of the CLI is loaded.
if (require.main === module) startEarlyHelper(process.argv.slice(2), helperScript());
