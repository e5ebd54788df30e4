// Where the workspace constructs a Cosmos DB client with a key or connection string: the findings of the scanner rule
// `cosmos-key-based-client` in the findings store (suppressed ones left out), as the switch's Code step lists them.
import type * as vscode from 'vscode';
import { type FileScan } from '../scanner/findingsStore';

export const KEY_BASED_CLIENT_RULE = 'cosmos-key-based-client';

/** One key-based client construction. Positions are 1-based, as the scanner reports them. */
export interface KeyBasedClientSite {
  readonly uri: vscode.Uri;
  /** Relative to its workspace folder (POSIX), or the file's path when it is in none. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The finding's message (names the SDK and where the key comes from; never a key). */
  readonly message: string;
}

/** What the Code step reads: the findings so far, whether they cover the whole workspace, and how to scan it. */
export interface KeyBasedClientSource {
  /** Every scanned file's findings (open documents, or the workspace after a scan). */
  scans(): readonly FileScan[];
  /** True after a workspace scan (until findings are cleared): the findings then cover every file, not only open ones. */
  readonly workspaceScanned: boolean;
  /** Runs Scan Workspace for Cosmos Secrets (its own progress and summary). */
  scanWorkspace(): Promise<unknown>;
}

/** The key-based clients among `scans`, by path then position. */
export function keyBasedClientSites(scans: readonly FileScan[]): KeyBasedClientSite[] {
  const sites: KeyBasedClientSite[] = [];
  for (const scan of scans) {
    for (const f of scan.findings) {
      if (f.rule !== KEY_BASED_CLIENT_RULE || f.suppression) continue;
      sites.push({ uri: scan.uri, path: scan.relativePath ?? scan.uri.path, line: f.line, column: f.column, endLine: f.endLine,
        endColumn: f.endColumn, message: f.message });
    }
  }
  return sites.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column);
}
