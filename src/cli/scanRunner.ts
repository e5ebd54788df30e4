// Runs a scan over the file system: walk, read, decode, detect. Collects findings (sorted) and the statistics
// the reports show. Nothing here is fatal per file: unreadable files are listed with a reason.
//
// Large scans use a second thread (scanHelper.ts: `cosmos-guard scan` starts it at launch, other callers once the
// walk has listed enough files); when the walk is done it and the main thread (it is sent the files in a message)
// take files from a shared atomic cursor, so neither waits for the other's slow files.
import os from 'node:os';
import { type Finding } from '../core/detection';
import { compareFindings, decodeFileBytes, type FileScanOptions, scanFileText, scanTriggersFor, type TextEncodingName } from '../core/scan';
import { applySuppressions, entriesForPath, SUPPRESSION_TOKEN, type IgnoreFileEntry, type WithSuppression } from '../core/suppression';
import { NODE_TEXT_DECODERS } from '../shared/nodeTextDecoders';
import { FileReader } from '../shared/fileReader';
import { searchBuffer } from '../shared/triggerPairSearch';
import { adoptEarlyHelper, helperScript, startHelper } from './scanHelper';
import { walkRoots, type SkippedLink, type WalkedFile, type WalkOptions, type WalkResult, type WalkRoot } from './fileWalker';
import { describeFsError, errorCode } from '../shared/fsErrors';

/** Below this many files a worker's start-up (~25 ms) costs more than it saves. */
const PARALLEL_MIN_FILES = 400;

export interface ScanSettings {
  readonly roots: readonly WalkRoot[];
  readonly walk: WalkOptions;
  readonly maxFileSize: number;
  /** Use a worker thread for large scans (default: when the machine has more than one CPU). */
  readonly parallel?: boolean;
  /** Inline comments and `.cosmosguardignore` entries (paths relative to the base folder) hide findings. */
  readonly suppressions?: SuppressionSettings;
  /** The script the worker thread runs (default: dist/cli-scan-worker.js, see helperScript()). */
  readonly workerScript?: string;
  /** Which optional rules run (`--disable-rule`). */
  readonly scanOptions?: FileScanOptions;
}

export interface SuppressionSettings {
  readonly entries: readonly IgnoreFileEntry[];
  /** `YYYY-MM-DD`: suppressions `until` an earlier date no longer apply. */
  readonly today: string;
}

/** Where a finding from `scan --git` was committed: the full commit id and its author date (ISO 8601). */
export interface GitOrigin {
  readonly commit: string;
  readonly authorDate: string;
}

/** A finding, with `suppression` set when a comment or `.cosmosguardignore` entry hides it; from history, with its commit. */
export type ScannedFinding = WithSuppression<Finding> & Partial<GitOrigin>;

/** A suppression comment that is invalid or expired (it hides nothing). */
export interface SuppressionWarning {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
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
  skipped: { binary: number; tooLarge: number; ignored: number; notRegular: number; alreadyVisited: number; symlinks: number };
  unreadable: UnreadableFile[];
  durationMs: number;
  /** `scan --git`: commits read. */
  commits?: number;
}

export interface ScanOutcome {
  /** Every finding, suppressed ones included (they carry `suppression`). */
  readonly findings: ScannedFinding[];
  readonly stats: ScanStats;
  readonly suppressionWarnings: SuppressionWarning[];
  /** Symbolic links not followed because they lead outside the scanned folders or nowhere (warnings). */
  readonly skippedLinks: readonly SkippedLink[];
  /** Repositories whose index could not be read (warnings: `.gitignore` then hid tracked files too). */
  readonly gitProblems: readonly string[];
  /** Failures that make the scan incomplete or untrustworthy beyond unreadable files (exit code 2). */
  readonly errors: readonly string[];
}

/** What one thread found in the files it took. */
export interface FileBatchResult {
  readonly findings: ScannedFinding[];
  readonly suppressionWarnings: SuppressionWarning[];
  filesScanned: number;
  bytesScanned: number;
  readonly encodings: Record<TextEncodingName, number>;
  binary: number;
  tooLarge: number;
  notRegular: number;
  readonly unreadable: UnreadableFile[];
}

export function emptyBatch(): FileBatchResult {
  return {
    findings: [], suppressionWarnings: [], filesScanned: 0, bytesScanned: 0, encodings: { 'utf-8': 0, 'utf-16le': 0, 'utf-16be': 0, latin1: 0 },
    binary: 0, tooLarge: 0, notRegular: 0, unreadable: [],
  };
}

/**
 * Decodes and scans one file's bytes (from disk, or a blob from git) as `relPath`, applying suppressions, and
 * adds what it found to `r`. Returns the index in `r.findings` where this file's findings start.
 */
export function scanBytes(relPath: string, bytes: Uint8Array, r: FileBatchResult, suppressions?: SuppressionSettings,
  scanOptions: FileScanOptions = {}): number {
  const first = r.findings.length;
  const decoded = decodeFileBytes(bytes, NODE_TEXT_DECODERS, { skipWithoutTriggers: true, triggers: scanTriggersFor(relPath, scanOptions) });
  if (decoded.kind === 'binary') {
    r.binary++;
    return first;
  }
  r.filesScanned++;
  r.bytesScanned += bytes.length;
  r.encodings[decoded.encoding]++;
  if (decoded.kind !== 'text') return first;
  const found = scanFileText(relPath, decoded.text, scanOptions);
  if (!suppressions || (found.length === 0 && !decoded.text.includes(SUPPRESSION_TOKEN))) {
    for (const f of found) r.findings.push(f);
    return first;
  }
  const out = applySuppressions(found, { text: decoded.text, entries: entriesForPath(suppressions.entries, relPath), today: suppressions.today });
  for (const f of out.findings) r.findings.push(f);
  for (const p of out.problems) r.suppressionWarnings.push({ file: relPath, line: p.line, column: p.column, message: p.message });
  return first;
}

/** Scans files, taking the next index from `cursor[0]` (shared between threads) until none are left. */
export function scanFileBatch(files: readonly WalkedFile[], maxFileSize: number, cursor: Int32Array, suppressions?: SuppressionSettings,
  scanOptions: FileScanOptions = {}): FileBatchResult {
  const r = emptyBatch();
  // Read into the pre-check's search memory (where it has one), so that the bytes are searched where they land.
  const reader = new FileReader(maxFileSize, searchBuffer);
  for (let i = Atomics.add(cursor, 0, 1); i < files.length; i = Atomics.add(cursor, 0, 1)) {
    const file = files[i]!;
    const got = reader.read(file.absPath);
    if (got.kind === 'error') {
      // The walk listed it (never a symbolic link: those are resolved there), so a missing file is one deleted since.
      r.unreadable.push({ file: file.relPath, reason: describeFsError(got.error, errorCode(got.error) === 'ENOENT' ? 'deleted while scanning' : undefined) });
      continue;
    }
    if (got.kind === 'tooLarge') { r.tooLarge++; continue; }
    if (got.kind === 'notRegular') { r.notRegular++; continue; }
    scanBytes(file.relPath, got.bytes, r, suppressions, scanOptions);
  }
  return r;
}

/** What the helper thread is sent once the walk is done. */
export interface ScanWorkerData {
  readonly files: readonly WalkedFile[];
  readonly maxFileSize: number;
  readonly cursor: SharedArrayBuffer;
  readonly suppressions?: SuppressionSettings;
  readonly scanOptions?: FileScanOptions;
}

export async function runScan(settings: ScanSettings): Promise<ScanOutcome> {
  const started = performance.now();
  // A large scan's helper thread starts at launch (the CLI) or as soon as the walk has listed enough files, so that
  // its start-up (Node and the bundle, ~50 ms of CPU) overlaps the walk instead of following it.
  const wantParallel = settings.parallel ?? os.availableParallelism() > 1;
  // `cosmos-guard scan` started one at launch (scanHelper.ts); a scan with its own worker script does not use it.
  const early = adoptEarlyHelper();
  let helper = wantParallel && !settings.workerScript ? early : undefined;
  if (early && !helper) void early.worker.terminate();
  const onFile = wantParallel && !helper
    ? (count: number): void => { if (count === PARALLEL_MIN_FILES) helper = startHelper(settings.workerScript ?? helperScript()); }
    : undefined;
  let walked: WalkResult;
  try {
    walked = await walkRoots(settings.roots, onFile ? { ...settings.walk, onFile } : settings.walk);
  } catch (e) {
    void helper?.worker.terminate();
    throw e;
  }
  if (helper && walked.files.length < PARALLEL_MIN_FILES) {
    void helper.worker.terminate(); // too few files to share: its start-up would cost more than it saves
    helper = undefined;
  }
  const cursor = new SharedArrayBuffer(4);
  const errors: string[] = [];
  const work = helper
    ? (() => {
      const data: ScanWorkerData = { files: walked.files, maxFileSize: settings.maxFileSize, cursor,
        ...(settings.suppressions ? { suppressions: settings.suppressions } : {}), ...(settings.scanOptions ? { scanOptions: settings.scanOptions } : {}) };
      helper.worker.postMessage(data);
      return helper.result.catch((e: unknown) => {
        errors.push(`the scan worker failed (${e instanceof Error ? e.message : String(e)}); its files were scanned again on the main thread`);
        return undefined;
      });
    })()
    : undefined;
  const results = [scanFileBatch(walked.files, settings.maxFileSize, new Int32Array(cursor), settings.suppressions, settings.scanOptions)];
  const other = await work;
  if (other) results.push(other);
  else if (work) {
    // The worker failed: whatever it had taken but not reported is scanned here, so no file is lost — and the
    // failure is still an error (exit code 2), never a silent success.
    results.length = 0;
    results.push(scanFileBatch(walked.files, settings.maxFileSize, new Int32Array(1), settings.suppressions, settings.scanOptions));
  }
  const outcome = mergeBatches(results, {
    ignored: walked.ignored, notRegular: walked.notRegular, alreadyVisited: walked.alreadyVisited, symlinks: walked.symlinks, unreadable: walked.unreadable,
  });
  outcome.stats.durationMs = Math.round(performance.now() - started);
  return { ...outcome, skippedLinks: walked.skippedLinks, gitProblems: walked.gitProblems, errors };
}

/** Adds up what the threads (or the blob reader) found, with what was skipped before reading; sorted. */
export function mergeBatches(results: readonly FileBatchResult[], before: {
  ignored: number; notRegular: number; alreadyVisited: number; symlinks: number; unreadable: readonly UnreadableFile[];
}): { findings: ScannedFinding[]; stats: ScanStats; suppressionWarnings: SuppressionWarning[] } {
  const stats: ScanStats = {
    filesScanned: 0,
    bytesScanned: 0,
    encodings: { 'utf-8': 0, 'utf-16le': 0, 'utf-16be': 0, latin1: 0 },
    skipped: { binary: 0, tooLarge: 0, ignored: before.ignored, notRegular: before.notRegular, alreadyVisited: before.alreadyVisited, symlinks: before.symlinks },
    unreadable: [...before.unreadable],
    durationMs: 0,
  };
  const findings: ScannedFinding[] = [];
  const suppressionWarnings: SuppressionWarning[] = [];
  for (const r of results) {
    for (const f of r.findings) findings.push(f);
    for (const w of r.suppressionWarnings) suppressionWarnings.push(w);
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
  suppressionWarnings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { findings, stats, suppressionWarnings };
}

/** The worker side: scan what the shared cursor hands out, post the result, end. */
export function runScanWorker(data: ScanWorkerData, post: (result: FileBatchResult) => void): void {
  post(scanFileBatch(data.files, data.maxFileSize, new Int32Array(data.cursor), data.suppressions, data.scanOptions));
}
