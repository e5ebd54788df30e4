import type * as vscode from 'vscode';
import { type Finding, type ScanOptions } from '../../core/detection';
import { type Logger } from '../../platform/logger';
import { findingToDiagnostic } from './findingToDiagnostic';

/** The core's `scanText`, injected so tests can pass a fake. */
export type ScanFunction = (file: string, text: string, options: ScanOptions) => Finding[];

/** The part of a `TextDocument` the publisher reads. */
export interface ScannableDocument {
  readonly uri: vscode.Uri;
  getText(): string;
}

export type ScanOutcome =
  | { readonly status: 'scanned'; readonly findings: number }
  | { readonly status: 'too-large'; readonly chars: number };

/** Documents longer than this are not scanned: a generated or minified file that size would stall the editor. */
export const MAX_SCAN_CHARS = 5_000_000;

/** Scans one document with the core and replaces that document's Cosmos Guard diagnostics with the result. */
export class DiagnosticsPublisher {
  constructor(
    private readonly collection: vscode.DiagnosticCollection,
    private readonly scan: ScanFunction,
    private readonly options: () => ScanOptions,
    private readonly logger: Logger,
  ) {}

  publish(document: ScannableDocument): ScanOutcome {
    const text = document.getText();
    if (text.length > MAX_SCAN_CHARS) {
      this.collection.delete(document.uri);
      this.logger.info(`Skipped ${document.uri.toString(true)}: ${text.length} characters (limit ${MAX_SCAN_CHARS}).`);
      return { status: 'too-large', chars: text.length };
    }
    const findings = this.scan(document.uri.path, text, this.options());
    this.collection.set(document.uri, findings.map(findingToDiagnostic));
    return { status: 'scanned', findings: findings.length };
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  clearAll(): void {
    this.collection.clear();
  }
}
