// Runs a scan over the file system: walk, read, decode, detect. Collects findings (sorted) and the statistics
// the reports show. Nothing here is fatal per file: unreadable files are listed with a reason.
//
// Large scans use a second thread: the main thread walks, then it and one worker (this same bundle, started
// with `workerData`) take files from a shared atomic cursor, so neither waits for the other's slow files.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { scanText, type Finding } from '../core/detection';
import { compareFindings, decodeFileBytes, type TextEncodingName } from '../core/scan';
import { FileReader, NODE_DECODERS } from './fileReader';
import { walkRoots, type WalkedFile, type WalkOptions, type WalkRoot } from './fileWalker';
import { describeFsError } from './fsErrors';

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;
/** Below this many files a worker's start-up (~25 ms) costs more than it saves. */
const PARALLEL_MIN_FILES = 400;
export const SCAN_WORKER_ROLE = 'cosmos-guard/scan-worker';

export interface ScanSettings {
  readonly roots: readonly WalkRoot[];
  readonly walk: WalkOptions;
  readonly maxFileSize: number;
  /** Use a worker thread for large scans (default: when the machine has more than one CPU). */
  readonly parallel?: boolean;
}

export interface UnreadableFile {
  readonly file: string;
  readonly reason: string;
}

export interface ScanStats {
  filesScanned: number;
  bytesScanned: number;
  /** How the scanned files were decoded; `latin1` counts files that were not valid UTF-8. */
  encodings: Record<TextEncodingName, number>;
  skipped: { binary: number; tooLarge: number; ignored: number; notRegular: number; alreadyVisited: number };
  unreadable: UnreadableFile[];
  durationMs: number;
}

export interface ScanOutcome {
  readonly findings: Finding[];
  readonly stats: ScanStats;
}

/** What one thread found in the files it took. */
export interface FileBatchResult {
  readonly findings: Finding[];
  readonly filesScanned: number;
  readonly bytesScanned: number;
  readonly encodings: Record<TextEncodingName, number>;
  readonly binary: number;
  readonly tooLarge: number;
  readonly notRegular: number;
  readonly unreadable: UnreadableFile[];
}

/** Scans files, taking the next index from `cursor[0]` (shared between threads) until none are left. */
export function scanFileBatch(files: readonly WalkedFile[], maxFileSize: number, cursor: Int32Array): FileBatchResult {
  const r = {
    findings: [] as Finding[], filesScanned: 0, bytesScanned: 0, encodings: { 'utf-8': 0, 'utf-16le': 0, 'utf-16be': 0, latin1: 0 },
    binary: 0, tooLarge: 0, notRegular: 0, unreadable: [] as UnreadableFile[],
  };
  const reader = new FileReader(maxFileSize);
  for (let i = Atomics.add(cursor, 0, 1); i < files.length; i = Atomics.add(cursor, 0, 1)) {
    const file = files[i]!;
    const got = reader.read(file.absPath);
    if (got.kind === 'error') {
      r.unreadable.push({ file: file.relPath, reason: describeFsError(got.error) });
      continue;
    }
    if (got.kind === 'tooLarge') { r.tooLarge++; continue; }
    if (got.kind === 'notRegular') { r.notRegular++; continue; }
    const decoded = decodeFileBytes(got.bytes, NODE_DECODERS, { skipWithoutTriggers: true });
    if (decoded.kind === 'binary') { r.binary++; continue; }
    r.filesScanned++;
    r.bytesScanned += got.bytes.length;
    r.encodings[decoded.encoding]++;
    if (decoded.kind === 'text') for (const f of scanText(file.relPath, decoded.text)) r.findings.push(f);
  }
  return r;
}

export interface ScanWorkerData {
  readonly role: typeof SCAN_WORKER_ROLE;
  readonly files: readonly WalkedFile[];
  readonly maxFileSize: number;
  readonly cursor: SharedArrayBuffer;
}

function startWorker(data: ScanWorkerData): Promise<FileBatchResult> {
  return new Promise((resolve, reject) => {
    // The worker runs this same bundle (dist/cli.js); main.ts sends it to runScanWorker().
    const worker = new Worker(__filename, { workerData: data });
    worker.once('message', (m: FileBatchResult) => resolve(m));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`scan worker stopped (exit code ${code})`)));
  });
}

export async function runScan(settings: ScanSettings): Promise<ScanOutcome> {
  const started = performance.now();
  const walked = walkRoots(settings.roots, settings.walk);
  const cursor = new SharedArrayBuffer(4);
  const parallel = (settings.parallel ?? os.availableParallelism() > 1) && walked.files.length >= PARALLEL_MIN_FILES;
  const helper = parallel
    ? startWorker({ role: SCAN_WORKER_ROLE, files: walked.files, maxFileSize: settings.maxFileSize, cursor }).catch(() => undefined)
    : undefined;
  const results = [scanFileBatch(walked.files, settings.maxFileSize, new Int32Array(cursor))];
  const other = await helper;
  if (other) results.push(other);
  else if (helper) {
    // The worker failed: whatever it had taken but not reported is scanned here, so no file is lost.
    results.length = 0;
    results.push(scanFileBatch(walked.files, settings.maxFileSize, new Int32Array(1)));
  }

  const stats: ScanStats = {
    filesScanned: 0,
    bytesScanned: 0,
    encodings: { 'utf-8': 0, 'utf-16le': 0, 'utf-16be': 0, latin1: 0 },
    skipped: { binary: 0, tooLarge: 0, ignored: walked.ignored, notRegular: walked.notRegular, alreadyVisited: walked.alreadyVisited },
    unreadable: [...walked.unreadable],
    durationMs: 0,
  };
  const findings: Finding[] = [];
  for (const r of results) {
    findings.push(...r.findings);
    stats.filesScanned += r.filesScanned;
    stats.bytesScanned += r.bytesScanned;
    for (const k of Object.keys(stats.encodings) as TextEncodingName[]) stats.encodings[k] += r.encodings[k];
    stats.skipped.binary += r.binary;
    stats.skipped.tooLarge += r.tooLarge;
    stats.skipped.notRegular += r.notRegular;
    stats.unreadable.push(...r.unreadable);
  }
  findings.sort(compareFindings);
  stats.unreadable.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  stats.durationMs = Math.round(performance.now() - started);
  return { findings, stats };
}

/** The worker side: scan what the shared cursor hands out, post the result, end. */
export function runScanWorker(data: ScanWorkerData, post: (result: FileBatchResult) => void): void {
  post(scanFileBatch(data.files, data.maxFileSize, new Int32Array(data.cursor)));
}
