import * as vscode from 'vscode';
import { CommandId } from '../../platform/commandIds';

/** A status-bar item shown only while a workspace scan runs: progress, and a click stops the scan. */
export class ScanStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor(window: Pick<typeof vscode.window, 'createStatusBarItem'>) {
    this.item = window.createStatusBarItem('cosmosGuard.scanStatus', vscode.StatusBarAlignment.Left, 0);
    this.item.name = vscode.l10n.t('Cosmos Guard Workspace Scan');
    this.item.command = { command: CommandId.stopScan, title: vscode.l10n.t('Stop Scan') };
    this.item.tooltip = vscode.l10n.t('Cosmos Guard is scanning the workspace for Cosmos DB secrets. Click to stop.');
  }

  show(done: number, total: number | undefined): void {
    this.item.text = total === undefined
      ? `$(sync~spin) ${vscode.l10n.t('Cosmos Guard: listing files…')}`
      : `$(sync~spin) ${vscode.l10n.t('Cosmos Guard: {0}/{1} files', done.toLocaleString('en-US'), total.toLocaleString('en-US'))}`;
    this.item.show();
  }

  hide(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
