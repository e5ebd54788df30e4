// The local-folder scan worker (bundled on its own as dist/folderScanWorker.js): the workspace scan of a `file:`
// folder, off the extension host's thread and without a `vscode.workspace.fs` round trip per file. It reads git's
// rules and lists the folder (localFolderWalk), then scans the files with a helper thread (this same script) when
// there are enough of them, both taking files from a shared cursor and reporting straight to the extension host.
import os from 'node:os';
import path from 'node:path';
import { parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { compileGlobs } from '../../core/scan';
import {
  FOLDER_SCAN_HELPER_ROLE, FOLDER_SCAN_ROLE, scanFiles, type FolderScanJob, type FolderScanMessage, type HelperData,
} from './localFolderScan';
import { localGitRules, walkLocalFolder } from './localFolderWalk';

/** Below this many files a helper thread's start-up costs more than it saves (as in the CLI). */
const HELPER_MIN_FILES = 400;

async function runJob(job: FolderScanJob, port: MessagePort): Promise<void> {
  const post = (m: FolderScanMessage): void => parentPort!.postMessage(m);
  const cancel = new Int32Array(job.cancel);
  const git = job.respectGitignore ? await localGitRules(job.root) : undefined;
  const excluded = compileGlobs(job.excludeGlobs);
  const walk = await walkLocalFolder({
    root: job.root, excluded, git, nested: (relativePath) => localGitRules(path.join(job.root, relativePath)), stopped: () => Atomics.load(cancel, 0) !== 0,
  });
  const skip = new Set(job.skip);
  const known = new Set(job.known);
  const files = walk.files.filter((f) => !skip.has(f));
  const useHelper = job.parallel && files.length >= HELPER_MIN_FILES;
  post({
    kind: 'listed', files: walk.files.length, excluded: walk.excluded, folderLinks: walk.folderLinks, unreadable: walk.unreadable,
    knownListed: walk.files.filter((f) => known.has(f)), skipListed: walk.files.filter((f) => skip.has(f)),
    ...(walk.gitProblems.length ? { gitProblem: walk.gitProblems.join('; ') } : {}), helper: useHelper,
  });
  const cursor = new Int32Array(new SharedArrayBuffer(4));
  const posted = new Uint8Array(new SharedArrayBuffer(Math.max(files.length, 1)));
  const next = (): number => Atomics.add(cursor, 0, 1);
  let helperEnded: Promise<string | undefined> = Promise.resolve(undefined);
  if (useHelper) {
    const { role: _role, ...rest } = job;
    const data: HelperData = { role: FOLDER_SCAN_HELPER_ROLE, job: rest, files, cursor: cursor.buffer, posted: posted.buffer };
    helperEnded = new Promise((resolve) => {
      const helper = new Worker(__filename, { workerData: { ...data, port }, transferList: [port] });
      helper.once('error', (e) => resolve(e.message));
      helper.once('exit', (code) => resolve(code === 0 ? undefined : `exit code ${code}`));
    });
  } else {
    port.close();
  }
  scanFiles(job, files, next, posted, post);
  const failed = await helperEnded;
  if (failed !== undefined) {
    // The helper stopped before reporting everything it took: those files are scanned here, so none is lost.
    let i = 0;
    scanFiles(job, files, () => {
      while (i < files.length && posted[i] === 1) i++;
      return i++;
    }, posted, post);
  }
  post({ kind: 'done', ...(failed !== undefined ? { error: `the helper thread failed (${failed})` } : {}) });
}

function runHelper(data: HelperData & { readonly port: MessagePort }): void {
  const cursor = new Int32Array(data.cursor);
  scanFiles(data.job, data.files, () => Atomics.add(cursor, 0, 1), new Uint8Array(data.posted), (m) => data.port.postMessage(m));
  data.port.postMessage({ kind: 'done' } satisfies FolderScanMessage);
  data.port.close();
}

const data = workerData as (FolderScanJob & { readonly port: MessagePort }) | (HelperData & { readonly port: MessagePort }) | undefined;
if (parentPort && data?.role === FOLDER_SCAN_ROLE) {
  runJob({ ...data, parallel: data.parallel && os.availableParallelism() > 1 }, data.port).catch((error: unknown) => {
    parentPort!.postMessage({ kind: 'done', error: error instanceof Error ? error.message : String(error) } satisfies FolderScanMessage);
  });
} else if (parentPort && data?.role === FOLDER_SCAN_HELPER_ROLE) {
  runHelper(data);
}
