import * as vscode from 'vscode';
import { type DiagnosticsPublisher } from './diagnosticsPublisher';

type Window = Pick<typeof vscode.window, 'activeTextEditor' | 'showInformationMessage' | 'showWarningMessage'>;
type Documents = Pick<typeof vscode.workspace, 'openTextDocument'>;
type Publisher = Pick<DiagnosticsPublisher, 'publish'>;

/**
 * "Cosmos Guard: Scan Current File": scans the active editor's document (or the file a menu passed in), publishes
 * the diagnostics and tells the user the result — the user asked, so "nothing found" is worth a message too.
 */
export class ScanCurrentFileCommand {
  constructor(
    private readonly window: Window,
    private readonly documents: Documents,
    private readonly publisher: Publisher,
  ) {}

  /** Resolves to the number of findings, or `undefined` when nothing was scanned. */
  async run(target?: unknown): Promise<number | undefined> {
    const document = target instanceof vscode.Uri
      ? await this.documents.openTextDocument(target)
      : this.window.activeTextEditor?.document;
    if (!document) {
      void this.window.showInformationMessage(vscode.l10n.t('Open a file to scan it for Cosmos DB secrets.'));
      return undefined;
    }
    const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1) || document.uri.toString(true);
    const outcome = this.publisher.publish(document);
    if (outcome.status === 'too-large') {
      void this.window.showWarningMessage(vscode.l10n.t(
        '{0} was not scanned: it has {1} characters, more than Cosmos Guard scans in the editor.', name, outcome.chars));
      return undefined;
    }
    const message = outcome.findings === 0
      ? vscode.l10n.t('No hard-coded Cosmos DB secrets found in {0}.', name)
      : outcome.findings === 1
        ? vscode.l10n.t('Found 1 hard-coded Cosmos DB secret in {0}; see the Problems panel.', name)
        : vscode.l10n.t('Found {0} hard-coded Cosmos DB secrets in {1}; see the Problems panel.', outcome.findings, name);
    void this.window.showInformationMessage(message);
    return outcome.findings;
  }
}
