import * as vscode from 'vscode';
import { type DiagnosticsPublisher } from './diagnosticsPublisher';

type Window = Pick<typeof vscode.window, 'activeTextEditor' | 'showInformationMessage' | 'showWarningMessage'>;
type Documents = Pick<typeof vscode.workspace, 'openTextDocument'>;
type Publisher = Pick<DiagnosticsPublisher, 'publish'>;

const EXCLUDED_BY: Record<string, string> = {
  'cosmosGuard.scan.exclude': 'cosmosGuard.scan.exclude',
  'files.exclude': 'files.exclude',
  'search.exclude': 'search.exclude',
  '.gitignore': '.gitignore',
  '.git': 'being inside .git',
};

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

  /** Resolves to the number of (unsuppressed) findings, or `undefined` when nothing was scanned. */
  async run(target?: unknown): Promise<number | undefined> {
    const document = target instanceof vscode.Uri
      ? await this.documents.openTextDocument(target)
      : this.window.activeTextEditor?.document;
    if (!document) {
      void this.window.showInformationMessage(vscode.l10n.t('Open a file to scan it for Cosmos DB secrets.'));
      return undefined;
    }
    const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1) || document.uri.toString(true);
    let outcome = await this.publisher.publish(document);
    if (outcome.status === 'outdated') outcome = await this.publisher.publish(document);
    switch (outcome.status) {
      case 'too-large':
        void this.window.showWarningMessage(vscode.l10n.t(
          '{0} was not scanned: it has {1} characters, more than cosmosGuard.scan.maxFileSize allows.', name, outcome.chars));
        return undefined;
      case 'excluded':
        void this.window.showInformationMessage(vscode.l10n.t(
          '{0} is not scanned: it is excluded by {1}.', name, EXCLUDED_BY[outcome.reason] ?? outcome.reason));
        return undefined;
      case 'outdated':
      case 'binary':
        return undefined;
      case 'scanned':
        break;
    }
    const suppressed = outcome.suppressed
      ? ` ${outcome.suppressed === 1 ? vscode.l10n.t('1 more is suppressed.') : vscode.l10n.t('{0} more are suppressed.', outcome.suppressed)}` : '';
    const secrets = outcome.findings - outcome.keyBasedClients;
    const message = secrets === 0
      ? vscode.l10n.t('No hard-coded Cosmos DB secrets found in {0}.', name)
      : secrets === 1
        ? vscode.l10n.t('Found 1 hard-coded Cosmos DB secret in {0}; see the Problems panel.', name)
        : vscode.l10n.t('Found {0} hard-coded Cosmos DB secrets in {1}; see the Problems panel.', secrets, name);
    const clients = outcome.keyBasedClients === 0 ? ''
      : ` ${outcome.keyBasedClients === 1 ? vscode.l10n.t('1 Cosmos DB client authenticates with an account key (information).')
        : vscode.l10n.t('{0} Cosmos DB clients authenticate with account keys (information).', outcome.keyBasedClients)}`;
    void this.window.showInformationMessage(message + clients + suppressed);
    return outcome.findings;
  }
}
