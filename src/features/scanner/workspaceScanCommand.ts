import * as vscode from 'vscode';
import { ContextKey } from '../../platform/contextKeys';
import { type Logger } from '../../platform/logger';
import { type ScanStatusBar } from './scanStatusBar';
import { type WorkspaceScanner, type WorkspaceScanSummary } from './workspaceScanner';

type Window = Pick<typeof vscode.window, 'withProgress' | 'showInformationMessage'>;
type Commands = Pick<typeof vscode.commands, 'executeCommand'>;

/** How often progress is reported (the notification and the status-bar item). */
const PROGRESS_INTERVAL_MS = 100;

const count = (n: number): string => n.toLocaleString('en-US');

/** What a summary says was skipped, for the log and the notification: "2 binary files, 1 file over the size limit". */
export function describeSkipped(summary: WorkspaceScanSummary): string[] {
  const s = summary.skipped;
  const unreadable = summary.unreadable.length;
  return [
    s.binary === 1 ? vscode.l10n.t('1 binary file') : s.binary ? vscode.l10n.t('{0} binary files', count(s.binary)) : '',
    s.tooLarge === 1 ? vscode.l10n.t('1 file over cosmosGuard.scan.maxFileSize')
      : s.tooLarge ? vscode.l10n.t('{0} files over cosmosGuard.scan.maxFileSize', count(s.tooLarge)) : '',
    s.deleted === 1 ? vscode.l10n.t('1 file deleted during the scan') : s.deleted ? vscode.l10n.t('{0} files deleted during the scan', count(s.deleted)) : '',
    s.folderLinks === 1 ? vscode.l10n.t('1 linked folder') : s.folderLinks ? vscode.l10n.t('{0} linked folders', count(s.folderLinks)) : '',
    unreadable === 1 ? vscode.l10n.t('1 unreadable file') : unreadable ? vscode.l10n.t('{0} unreadable files', count(unreadable)) : '',
  ].filter(Boolean);
}

/**
 * "Scan Workspace for Cosmos Secrets" and "Stop Scan": runs the workspace scan with a cancellable progress
 * notification (counting files), a status-bar item and the `cosmosGuard.scanRunning` context key, then tells the
 * user — only when the scan was started by the user and found something — with a "Show Problems" action.
 */
export class WorkspaceScanCommand implements vscode.Disposable {
  private running: vscode.CancellationTokenSource | undefined;

  constructor(
    private readonly scanner: Pick<WorkspaceScanner, 'scanWorkspace'>,
    private readonly statusBar: ScanStatusBar,
    private readonly window: Window,
    private readonly commands: Commands,
    private readonly logger: Logger,
  ) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Resolves to the summary, or undefined when a scan was already running. `silent`: no notification at the end. */
  async run(options: { silent?: boolean } = {}): Promise<WorkspaceScanSummary | undefined> {
    if (this.running) {
      void this.window.showInformationMessage(vscode.l10n.t('A Cosmos Guard workspace scan is already running.'), vscode.l10n.t('Stop Scan'))
        .then((choice) => (choice ? this.stop() : undefined));
      return undefined;
    }
    const cts = new vscode.CancellationTokenSource();
    this.running = cts;
    await this.commands.executeCommand('setContext', ContextKey.scanRunning, true);
    this.statusBar.show(0, undefined);
    try {
      const summary = await this.window.withProgress({
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Cosmos Guard: scanning the workspace for Cosmos DB secrets'),
        cancellable: true,
      }, async (progress, progressToken) => {
        const cancel = progressToken.onCancellationRequested(() => cts.cancel());
        let last = 0;
        let reported = 0;
        try {
          return await this.scanner.scanWorkspace(cts.token, (done, total) => {
            const now = performance.now();
            if (now - last < PROGRESS_INTERVAL_MS && done !== total) return;
            last = now;
            this.statusBar.show(done, total);
            if (total === undefined) {
              progress.report({ message: vscode.l10n.t('listing files…') });
            } else {
              const percent = total ? (done / total) * 100 : 100;
              progress.report({ message: vscode.l10n.t('{0} of {1} files', done.toLocaleString('en-US'), total.toLocaleString('en-US')), increment: percent - reported });
              reported = percent;
            }
          });
        } finally {
          cancel.dispose();
        }
      });
      this.report(summary, options.silent ?? false);
      return summary;
    } finally {
      cts.dispose();
      this.running = undefined;
      this.statusBar.hide();
      await this.commands.executeCommand('setContext', ContextKey.scanRunning, false);
    }
  }

  stop(): boolean {
    if (!this.running) return false;
    this.running.cancel();
    return true;
  }

  dispose(): void {
    this.running?.cancel();
  }

  private report(summary: WorkspaceScanSummary, silent: boolean): void {
    const skipped = describeSkipped(summary);
    this.logger.info(`Workspace scan ${summary.cancelled ? 'stopped' : 'finished'} in ${summary.durationMs} ms: ` +
      `${summary.findings} findings in ${summary.filesWithFindings} files (${summary.keyBasedClients} key-based clients, ${summary.suppressed} suppressed); ` +
      `scanned ${summary.filesScanned} of ${summary.filesListed} files, ${summary.skipped.excluded} excluded` +
      `${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}.`);
    for (const u of summary.unreadable) this.logger.warn(`Could not scan ${u.file}: ${u.reason}.`);
    if (silent || summary.cancelled || summary.findings === 0) return;
    const secrets = summary.findings - summary.keyBasedClients;
    const clients = summary.keyBasedClients;
    const found = [
      secrets === 1 ? vscode.l10n.t('Cosmos Guard found 1 hard-coded Cosmos DB secret.')
        : secrets > 1 && summary.filesWithSecrets === 1 ? vscode.l10n.t('Cosmos Guard found {0} hard-coded Cosmos DB secrets in 1 file.', secrets)
          : secrets > 1 ? vscode.l10n.t('Cosmos Guard found {0} hard-coded Cosmos DB secrets in {1} files.', secrets, summary.filesWithSecrets) : '',
      clients === 1 ? vscode.l10n.t('1 Cosmos DB client authenticates with an account key (information).')
        : clients > 1 ? vscode.l10n.t('{0} Cosmos DB clients authenticate with account keys (information).', clients) : '',
    ].filter(Boolean).join(' ');
    const note = skipped.length ? ` ${vscode.l10n.t('Not scanned: {0}.', skipped.join(', '))}` : '';
    const showProblems = vscode.l10n.t('Show Problems');
    const showLog = vscode.l10n.t('Show Log');
    const actions = summary.unreadable.length ? [showProblems, showLog] : [showProblems];
    void this.window.showInformationMessage(found + note, ...actions).then((choice) => {
      if (choice === showProblems) void this.commands.executeCommand('workbench.actions.view.problems');
      else if (choice === showLog) this.logger.show();
    });
  }
}
