// The local-folder scan's worker side: what the extension host sends (a job), what comes back (messages), and the
// scanning of files taken from a cursor shared between the worker and its helper thread. Reads with synchronous
// system calls into one reused buffer, as the CLI does; decodes, detects and applies suppressions exactly as the
// extension host does (src/shared/suppressedScan). No `vscode` here: this runs in worker threads.
import { type Finding } from '../../core/detection';
import { type FileScanOptions } from '../../core/scan';
import { entriesForPath, type IgnoreFileEntry, type SuppressionProblem, type WithSuppression } from '../../core/suppression';
import { FileReader } from '../../shared/fileReader';
import { searchBuffer } from '../../shared/triggerPairSearch';
import { describeFsError, errorCode } from '../../shared/fsErrors';
import { scanSuppressedBytes } from '../../shared/suppressedScan';

export const FOLDER_SCAN_ROLE = 'cosmos-guard/folder-scan';
export const FOLDER_SCAN_HELPER_ROLE = 'cosmos-guard/folder-scan-helper';

/** One workspace folder's scan, as the extension host describes it. */
export interface FolderScanJob {
  readonly role: typeof FOLDER_SCAN_ROLE;
  /** The folder's absolute path. */
  readonly root: string;
  /** `cosmosGuard.scan.exclude`, `files.exclude` and `search.exclude` as they apply to the folder (trust included). */
  readonly excludeGlobs: readonly string[];
  readonly respectGitignore: boolean;
  readonly maxFileSize: number;
  readonly options: FileScanOptions;
  /** The folder's `.cosmosguardignore` entries, paths relative to the folder. */
  readonly entries: readonly IgnoreFileEntry[];
  readonly today: string;
  /** Files the findings store holds results for: the worker says when they no longer have any. */
  readonly known: readonly string[];
  /** Files with unsaved changes in an editor: listed but not read (the host scans their text). */
  readonly skip: readonly string[];
  /** `[0]` becomes 1 when the user stops the scan. */
  readonly cancel: SharedArrayBuffer;
  /** Whether a second thread may share the scanning (more than one CPU). */
  readonly parallel: boolean;
  /**
   * For host tests of stopping: after scanning `at` (and reporting it) every scanning thread waits, on `[0]` of
   * `state`, until the scan is stopped — so a test stops a scan that is certainly still running.
   */
  readonly hold?: { readonly at: string; readonly state: SharedArrayBuffer };
}

export interface FileResult {
  readonly relativePath: string;
  readonly findings: WithSuppression<Finding>[];
  readonly problems: SuppressionProblem[];
  readonly suppressed: number;
}

export interface UnreadableEntry {
  readonly file: string;
  readonly reason: string;
}

/** What the scanning threads report, a batch of files at a time. */
export interface BatchCounts {
  /** Files taken (whatever became of them). */
  files: number;
  scanned: number;
  bytes: number;
  binary: number;
  tooLarge: number;
  deleted: number;
  readonly unreadable: UnreadableEntry[];
  /** Files with findings or suppression problems. */
  readonly results: FileResult[];
  /** Known files that now have no findings (scanned clean, skipped or gone). */
  readonly cleared: string[];
}

export type FolderScanMessage =
  | {
    readonly kind: 'listed'; readonly files: number; readonly excluded: number; readonly folderLinks: number; readonly unreadable: UnreadableEntry[];
    /** Known files met by the walk, and skipped (unsaved) ones. */
    readonly knownListed: string[]; readonly skipListed: string[];
    /** Repositories nested in the folder whose index could not be read, with why (the folder's own is ScanExclusions'). */
    readonly gitProblem?: string;
    /** Whether a helper thread reports on the job's port too (it ends with its own `done`). */
    readonly helper: boolean;
  }
  | ({ readonly kind: 'batch' } & BatchCounts)
  | { readonly kind: 'done'; readonly error?: string };

/** The data a helper thread starts with: the job, the listed files and the shared state. */
export interface HelperData {
  readonly role: typeof FOLDER_SCAN_HELPER_ROLE;
  readonly job: Omit<FolderScanJob, 'role'>;
  readonly files: readonly string[];
  /** `[0]`: the next file's index, shared by both threads. */
  readonly cursor: SharedArrayBuffer;
  /** One byte per file: 1 once its result has been posted (so a failed helper's unposted files are scanned again). */
  readonly posted: SharedArrayBuffer;
}

/** Reports at least this often, so that diagnostics and progress appear while the scan runs. */
const BATCH_MS = 40;
const BATCH_FILES = 256;

function emptyCounts(): BatchCounts {
  return { files: 0, scanned: 0, bytes: 0, binary: 0, tooLarge: 0, deleted: 0, unreadable: [], results: [], cleared: [] };
}

/** Scans the files `next()` hands out, posting batches; stops when none are left or the job is cancelled. */
export function scanFiles(job: Omit<FolderScanJob, 'role'>, files: readonly string[], next: () => number, posted: Uint8Array,
  post: (message: FolderScanMessage) => void): void {
  const cancel = new Int32Array(job.cancel);
  const known = new Set(job.known);
  const reader = new FileReader(job.maxFileSize, searchBuffer);
  let batch = emptyCounts();
  let indices: number[] = [];
  let since = performance.now();
  const flush = (): void => {
    post({ kind: 'batch', ...batch });
    for (const i of indices) posted[i] = 1;
    batch = emptyCounts();
    indices = [];
    since = performance.now();
  };
  const hold = job.hold && { at: job.hold.at, state: new Int32Array(job.hold.state) };
  const wait = (): void => {
    flush();
    Atomics.wait(hold!.state, 0, 1);
  };
  for (let i = next(); i < files.length && Atomics.load(cancel, 0) === 0; i = next()) {
    if (hold && Atomics.load(hold.state, 0) === 1) wait();
    const relativePath = files[i]!;
    indices.push(i);
    batch.files++;
    if (!scanOne(job, relativePath, reader, batch) && known.has(relativePath)) batch.cleared.push(relativePath);
    if (hold && relativePath === hold.at) {
      Atomics.store(hold.state, 0, 1);
      wait();
    }
    if (batch.files >= BATCH_FILES || performance.now() - since >= BATCH_MS) flush();
  }
  flush();
}

/** Reads and scans one file into `batch`; true when it has findings or suppression problems. */
function scanOne(job: Omit<FolderScanJob, 'role'>, relativePath: string, reader: FileReader, batch: BatchCounts): boolean {
  const got = reader.read(`${job.root}/${relativePath}`);
  if (got.kind === 'tooLarge') {
    batch.tooLarge++;
    return false;
  }
  if (got.kind === 'notRegular') {
    batch.unreadable.push({ file: relativePath, reason: 'not a regular file' });
    return false;
  }
  if (got.kind === 'error') {
    const code = errorCode(got.error);
    if (code === 'ENOENT') batch.deleted++;
    else batch.unreadable.push({ file: relativePath, reason: code === 'EACCES' || code === 'EPERM' ? 'permission denied' : describeFsError(got.error) });
    return false;
  }
  const scanned = scanSuppressedBytes(relativePath, got.bytes, job.options, { entries: entriesForPath(job.entries, relativePath), today: job.today });
  if (scanned.kind === 'binary') {
    batch.binary++;
    return false;
  }
  batch.scanned++;
  batch.bytes += got.bytes.length;
  if (scanned.findings.length === 0 && scanned.problems.length === 0) return false;
  batch.results.push({ relativePath, findings: scanned.findings, problems: scanned.problems, suppressed: scanned.suppressed });
  return true;
}
