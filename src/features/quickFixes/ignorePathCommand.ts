import * as vscode from 'vscode';
import { SETTINGS_SECTION, SettingKey } from '../../platform/settingKeys';
import { ensureTrusted, type QuickFixContext } from './quickFixSupport';

export interface IgnorePathResult {
  readonly glob: string;
}

/** The globs offered for a file: the file itself, then each folder above it (`src/**`). */
export function globChoices(relativePath: string): { glob: string; isFile: boolean }[] {
  const parts = relativePath.split('/');
  const choices = [{ glob: relativePath, isFile: true }];
  for (let i = parts.length - 1; i >= 1; i--) choices.push({ glob: `${parts.slice(0, i).join('/')}/**`, isFile: false });
  return choices;
}

/**
 * "Ignore this file or folder": appends a glob to `cosmosGuard.scan.exclude` (workspace settings), after which
 * the file's findings go away, and offers to open the setting.
 */
export class IgnorePathCommand {
  constructor(private readonly ctx: QuickFixContext) {}

  async run(uriArg: unknown, answers: { glob?: string } = {}): Promise<IgnorePathResult | undefined> {
    const { ctx } = this;
    if (!ensureTrusted(ctx.workspace, ctx.window, ctx.commands)) return undefined;
    if (!(uriArg instanceof vscode.Uri)) throw new Error('This quick-fix needs a file; run it from the light bulb.');
    const where = ctx.publisher.locate(uriArg);
    if (!where) {
      void ctx.window.showWarningMessage(vscode.l10n.t('Only files in a workspace folder can be excluded from scanning.'));
      return undefined;
    }
    let glob = answers.glob;
    if (glob === undefined) {
      const picked = await ctx.window.showQuickPick(globChoices(where.relativePath).map((c) => ({
        label: c.glob,
        description: c.isFile ? vscode.l10n.t('this file') : vscode.l10n.t('everything in {0}', c.glob.slice(0, -3)),
        glob: c.glob,
      })), { title: vscode.l10n.t('Ignore This File or Folder'), placeHolder: vscode.l10n.t('Cosmos Guard will no longer scan…') });
      if (!picked) return undefined;
      glob = picked.glob;
    }
    const config = ctx.workspace.getConfiguration(SETTINGS_SECTION);
    const current = config.inspect<string[]>(SettingKey.exclude)?.workspaceValue ?? [];
    if (!current.includes(glob)) await config.update(SettingKey.exclude, [...current, glob], vscode.ConfigurationTarget.Workspace);
    const open = vscode.l10n.t('Open Setting');
    void ctx.window.showInformationMessage(vscode.l10n.t('Cosmos Guard no longer scans {0}.', glob), open).then((choice) => {
      if (choice === open) void ctx.commands.executeCommand('workbench.action.openWorkspaceSettings', { query: `${SETTINGS_SECTION}.${SettingKey.exclude}` });
    });
    return { glob };
  }
}
