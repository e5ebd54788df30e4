import type * as vscode from 'vscode';
import { isKeyBasedClientFinding } from '../../core/clients';
import { type FileScanOptions } from '../../core/scan';
import { type Logger } from '../../platform/logger';
import { localToday } from '../../shared/localToday';
import { type FileScan, type FindingsStore, type ScannedFinding } from './findingsStore';
import { type IgnoreFileSource } from './ignoreFileSource';
import { type ScanEngine } from './scanEngine';
import { type ExclusionReason, type ScanExclusions } from './scanExclusions';

/** The part of a `TextDocument` the publisher reads. */
export interface ScannableDocument {
  readonly uri: vscode.Uri;
  readonly version: number;
  getText(): string;
}

export type ScanOutcome =
  /** `findings` counts every unsuppressed finding, `keyBasedClients` those of them that are key-based clients (information, not secrets). */
  | { readonly status: 'scanned'; readonly findings: number; readonly suppressed: number; readonly keyBasedClients: number }
  | { readonly status: 'too-large'; readonly chars: number }
  | { readonly status: 'excluded'; readonly reason: ExclusionReason }
  /** Only from {@link DiagnosticsPublisher.publishBytes}: the bytes are not text. */
  | { readonly status: 'binary' }
  /** The document changed while it was being scanned; a newer scan follows. */
  | { readonly status: 'outdated' };

export interface FileLocation {
  readonly folder: vscode.WorkspaceFolder;
  /** POSIX path relative to the folder. */
  readonly relativePath: string;
}

export interface PublisherDependencies {
  readonly store: FindingsStore;
  readonly engine: Pick<ScanEngine, 'scanWithSuppressions' | 'scanBytes'>;
  readonly exclusions: Pick<ScanExclusions, 'exclusionOf'>;
  readonly ignoreFiles: Pick<IgnoreFileSource, 'entriesFor'>;
  readonly workspace: Pick<typeof vscode.workspace, 'getWorkspaceFolder'>;
  readonly options: () => FileScanOptions;
  /** Documents longer than this are not scanned (the `cosmosGuard.scan.maxFileSize` setting). */
  readonly maxChars: () => number;
  readonly logger: Logger;
  /** `YYYY-MM-DD`, for suppressions' expiry; the local date unless a test passes one. */
  readonly today?: () => string;
}

/** How many of a file's findings are key-based clients that no suppression hides. */
export function activeClients(findings: readonly ScannedFinding[]): number {
  return findings.filter((f) => !f.suppression && isKeyBasedClientFinding(f)).length;
}

/**
 * Scans one file with the core, applies its suppressions (inline comments and `.cosmosguardignore`) and puts
 * the result into the findings store, which turns it into diagnostics. Used by live scanning, Scan Current File,
 * the workspace scan and the file watcher alike, so a file gets the same result whichever way it is scanned.
 */
export class DiagnosticsPublisher {
  private readonly today: () => string;

  constructor(private readonly deps: PublisherDependencies) {
    this.today = deps.today ?? (() => localToday());
  }

  /** The file's workspace folder and relative path, when it is in one. */
  locate(uri: vscode.Uri): FileLocation | undefined {
    const folder = this.deps.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const relativePath = uri.path.slice(folder.uri.path.length).replace(/^\/+/, '');
    return relativePath === '' ? undefined : { folder, relativePath };
  }

  /** Scans an open document (unless excluded from scanning) and publishes the result. */
  async publish(document: ScannableDocument): Promise<ScanOutcome> {
    const where = this.locate(document.uri);
    if (where) {
      const reason = await this.deps.exclusions.exclusionOf(where.folder, where.relativePath);
      if (reason) {
        this.deps.store.delete(document.uri);
        return { status: 'excluded', reason };
      }
    }
    const version = document.version;
    return this.publishText(document.uri, () => document.getText(), { origin: 'document', version, where, isOutdated: () => document.version !== version });
  }

  /**
   * Scans `text` for `uri` (the caller has checked exclusions) and publishes the result. The text is read after
   * the suppression entries are loaded, so what is scanned is what the document holds at that moment.
   */
  async publishText(uri: vscode.Uri, text: string | (() => string), context: {
    readonly origin: FileScan['origin'];
    readonly version?: number;
    readonly where?: FileLocation | undefined;
    readonly isOutdated?: () => boolean;
  }): Promise<ScanOutcome> {
    const where = context.where ?? this.locate(uri);
    const entries = where ? await this.deps.ignoreFiles.entriesFor(where.folder, where.relativePath) : [];
    const content = typeof text === 'string' ? text : text();
    if (content.length > this.deps.maxChars()) {
      this.deps.store.delete(uri);
      this.deps.logger.info(`Skipped ${uri.toString(true)}: ${content.length} characters (cosmosGuard.scan.maxFileSize is ${this.deps.maxChars()}).`);
      return { status: 'too-large', chars: content.length };
    }
    const out = await this.deps.engine.scanWithSuppressions(where?.relativePath ?? uri.path, content, this.deps.options(), { entries, today: this.today() },
      context.origin === 'document' ? uri.toString() : undefined);
    if (context.isOutdated?.()) return { status: 'outdated' };
    this.deps.store.set({
      uri, findings: out.findings, problems: out.problems, origin: context.origin,
      ...(context.version !== undefined ? { version: context.version } : {}),
      ...(where ? { folder: where.folder, relativePath: where.relativePath } : {}),
    });
    return { status: 'scanned', findings: out.findings.length - out.suppressed, suppressed: out.suppressed, keyBasedClients: activeClients(out.findings) };
  }

  /**
   * Decodes, scans and publishes a file's bytes in the scan worker (for large files: the bytes are transferred
   * to it, the caller must not use them afterwards).
   */
  async publishBytes(uri: vscode.Uri, bytes: Uint8Array, where: FileLocation | undefined): Promise<ScanOutcome> {
    const entries = where ? await this.deps.ignoreFiles.entriesFor(where.folder, where.relativePath) : [];
    const result = await this.deps.engine.scanBytes(where?.relativePath ?? uri.path, bytes, this.deps.options(), { entries, today: this.today() });
    if (result.kind === 'binary') {
      this.deps.store.delete(uri);
      return { status: 'binary' };
    }
    this.deps.store.set({
      uri, findings: result.findings, problems: result.problems, origin: 'disk',
      ...(where ? { folder: where.folder, relativePath: where.relativePath } : {}),
    });
    return { status: 'scanned', findings: result.findings.length - result.suppressed, suppressed: result.suppressed, keyBasedClients: activeClients(result.findings) };
  }

  clear(uri: vscode.Uri): void {
    this.deps.store.delete(uri);
  }

  clearAll(): void {
    this.deps.store.clear();
  }
}
