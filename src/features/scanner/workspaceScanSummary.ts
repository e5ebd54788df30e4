// What a workspace scan reports (the notification, the log, SARIF notices), and how one file's outcome counts in it:
// shared by the walk over `vscode.workspace.fs` and the local-folder scan worker, so both add up the same way.
import { type ScanOutcome } from './diagnosticsPublisher';

export interface WorkspaceScanSummary {
  readonly folders: number;
  filesListed: number;
  filesScanned: number;
  bytesScanned: number;
  /** Findings not suppressed, and files holding them. */
  findings: number;
  filesWithFindings: number;
  suppressed: number;
  /** Of the findings, the key-based Cosmos clients (information, not secrets), and the files with a secret. */
  keyBasedClients: number;
  filesWithSecrets: number;
  skipped: { binary: number; tooLarge: number; excluded: number; folderLinks: number; deleted: number };
  unreadable: { file: string; reason: string }[];
  durationMs: number;
  cancelled: boolean;
}

export function emptySummary(folders: number): WorkspaceScanSummary {
  return {
    folders, filesListed: 0, filesScanned: 0, bytesScanned: 0, findings: 0, filesWithFindings: 0, suppressed: 0, keyBasedClients: 0, filesWithSecrets: 0,
    skipped: { binary: 0, tooLarge: 0, excluded: 0, folderLinks: 0, deleted: 0 }, unreadable: [], durationMs: 0, cancelled: false,
  };
}

/** Adds one file's outcome (scanned, or skipped for its size) to the summary. */
export function countOutcome(outcome: ScanOutcome, summary: WorkspaceScanSummary): void {
  if (outcome.status === 'scanned') {
    summary.findings += outcome.findings;
    summary.suppressed += outcome.suppressed;
    if (outcome.findings) summary.filesWithFindings++;
    summary.keyBasedClients += outcome.keyBasedClients;
    if (outcome.findings > outcome.keyBasedClients) summary.filesWithSecrets++;
  } else if (outcome.status === 'too-large') {
    summary.skipped.tooLarge++;
  }
}

/** Adds `part` (one folder's scan) to `summary`. */
export function addSummary(summary: WorkspaceScanSummary, part: WorkspaceScanSummary): void {
  for (const key of ['filesListed', 'filesScanned', 'bytesScanned', 'findings', 'filesWithFindings', 'suppressed', 'keyBasedClients', 'filesWithSecrets'] as const) {
    summary[key] += part[key];
  }
  for (const key of Object.keys(summary.skipped) as (keyof WorkspaceScanSummary['skipped'])[]) summary.skipped[key] += part.skipped[key];
  summary.unreadable.push(...part.unreadable);
}
