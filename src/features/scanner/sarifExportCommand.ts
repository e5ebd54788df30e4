import * as vscode from 'vscode';
import { buildSarifLog, serializeSarif, type SarifFinding } from '../../core/sarif';
import { type FindingsStore } from './findingsStore';
import { type WorkspaceScanner } from './workspaceScanner';

type Window = Pick<typeof vscode.window, 'showSaveDialog' | 'showInformationMessage' | 'showTextDocument'>;
type Workspace = Pick<typeof vscode.workspace, 'workspaceFolders' | 'fs'>;

/**
 * "Export Findings as SARIF…": writes the current findings of workspace files (suppressed ones included, with
 * `suppressions`) through the core's SARIF builder — the CLI's — so the file equals `cosmos-guard scan --format
 * sarif` for the same files. Paths are relative to the workspace folder (prefixed with its name in multi-root
 * workspaces); files outside the workspace (untitled documents) are not exported.
 */
export class SarifExportCommand {
  constructor(
    private readonly store: FindingsStore,
    private readonly scanner: Pick<WorkspaceScanner, 'lastNotices' | 'displayPath'>,
    private readonly window: Window,
    private readonly workspace: Workspace,
    private readonly toolVersion: string,
  ) {}

  /** The SARIF text for the current findings. */
  render(): { text: string; findings: number; suppressed: number } {
    const findings: SarifFinding[] = [];
    for (const scan of this.store.all()) {
      if (!scan.folder || scan.relativePath === undefined) continue;
      const file = this.scanner.displayPath({ folder: scan.folder, relativePath: scan.relativePath });
      for (const f of scan.findings) findings.push({ ...f, file });
    }
    const text = serializeSarif(buildSarifLog(findings, { toolVersion: this.toolVersion, notices: this.scanner.lastNotices }));
    return { text, findings: findings.length, suppressed: findings.filter((f) => f.suppression).length };
  }

  /** Writes to `target`, or asks where. Resolves to the file written, or undefined when the user cancelled. */
  async run(target?: unknown): Promise<vscode.Uri | undefined> {
    let uri = target instanceof vscode.Uri ? target : undefined;
    if (!uri) {
      const folder = this.workspace.workspaceFolders?.[0];
      uri = await this.window.showSaveDialog({
        title: vscode.l10n.t('Export Cosmos Guard Findings as SARIF'),
        saveLabel: vscode.l10n.t('Export'),
        filters: { [vscode.l10n.t('SARIF log')]: ['sarif', 'json'] },
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder.uri, 'cosmos-guard.sarif') } : {}),
      });
      if (!uri) return undefined;
    }
    const { text, findings, suppressed } = this.render();
    await this.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    if (!(target instanceof vscode.Uri)) {
      const open = vscode.l10n.t('Open');
      const message = vscode.l10n.t('Exported {0} findings ({1} suppressed) to {2}.', findings, suppressed, uri.path.slice(uri.path.lastIndexOf('/') + 1));
      void this.window.showInformationMessage(message, open).then((choice) => (choice === open ? this.window.showTextDocument(uri) : undefined));
    }
    return uri;
  }
}
