import * as vscode from 'vscode';
import { type Finding } from '../../core/detection';
import { type SuppressionProblem, type WithSuppression } from '../../core/suppression';
import { type FindingSeverity } from '../../platform/configSnapshot';
import { findingToDiagnostic, suppressionProblemToDiagnostic } from './findingToDiagnostic';

export type ScannedFinding = WithSuppression<Finding>;

/** What one scan of one file found. */
export interface FileScan {
  readonly uri: vscode.Uri;
  /** Every finding, suppressed ones included (they carry `suppression` and get no diagnostic). */
  readonly findings: readonly ScannedFinding[];
  readonly problems: readonly SuppressionProblem[];
  /** The text came from an open document (at `version`) or from the file on disk. */
  readonly origin: 'document' | 'disk';
  readonly version?: number;
  /** The workspace folder holding the file and the path relative to it (POSIX), when it is in one. */
  readonly folder?: vscode.WorkspaceFolder;
  readonly relativePath?: string;
}

/**
 * The findings of every scanned file, and their diagnostics: the one place that writes the Cosmos Guard
 * diagnostic collection. A file's scan replaces its previous one whole.
 */
export class FindingsStore implements vscode.Disposable {
  private readonly scans = new Map<string, FileScan>();
  private readonly changed = new vscode.EventEmitter<void>();
  private pendingChange: ReturnType<typeof setTimeout> | undefined;

  /** Fires (coalesced, after the burst) when files were added, replaced or removed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly collection: vscode.DiagnosticCollection, private readonly severity: () => FindingSeverity) {}

  set(scan: FileScan): void {
    const key = scan.uri.toString();
    if (scan.findings.length === 0 && scan.problems.length === 0) {
      this.delete(scan.uri);
      return;
    }
    this.scans.set(key, scan);
    this.collection.set(scan.uri, this.render(scan));
    this.fire();
  }

  get(uri: vscode.Uri): FileScan | undefined {
    return this.scans.get(uri.toString());
  }

  has(uri: vscode.Uri): boolean {
    return this.scans.has(uri.toString());
  }

  delete(uri: vscode.Uri): void {
    if (!this.scans.delete(uri.toString())) return;
    this.collection.delete(uri);
    this.fire();
  }

  /** Removes `uri` and, when it is a folder, everything under it. Returns how many files were removed. */
  deleteUnder(uri: vscode.Uri): number {
    const key = uri.toString();
    const prefix = key.endsWith('/') ? key : `${key}/`;
    let removed = 0;
    for (const [k, scan] of [...this.scans]) {
      if (k !== key && !k.startsWith(prefix)) continue;
      this.scans.delete(k);
      this.collection.delete(scan.uri);
      removed++;
    }
    if (removed) this.fire();
    return removed;
  }

  clear(): void {
    this.scans.clear();
    this.collection.clear();
    this.fire();
  }

  all(): FileScan[] {
    return [...this.scans.values()];
  }

  get size(): number {
    return this.scans.size;
  }

  /** Findings that are not suppressed, over all files. */
  get activeFindingCount(): number {
    let n = 0;
    for (const scan of this.scans.values()) for (const f of scan.findings) if (!f.suppression) n++;
    return n;
  }

  /** Re-creates every diagnostic (after the severity setting changed). */
  rerender(): void {
    for (const scan of this.scans.values()) this.collection.set(scan.uri, this.render(scan));
  }

  dispose(): void {
    clearTimeout(this.pendingChange);
    this.changed.dispose();
  }

  private render(scan: FileScan): vscode.Diagnostic[] {
    const severity = this.severity();
    return [
      ...scan.findings.filter((f) => !f.suppression).map((f) => findingToDiagnostic(f, severity)),
      ...scan.problems.map(suppressionProblemToDiagnostic),
    ];
  }

  private fire(): void {
    if (this.pendingChange) return;
    this.pendingChange = setTimeout(() => {
      this.pendingChange = undefined;
      this.changed.fire();
    }, 50);
  }
}
