import * as vscode from 'vscode';
import { type Finding } from '../../core/detection';
import { type FileScanOptions } from '../../core/scan';
import { type TextEdit } from '../../core/remediation';
import { type DiagnosticsPublisher, type FileLocation } from '../scanner/diagnosticsPublisher';
import { type ScanEngine } from '../scanner/scanEngine';
import { type ScanExclusions } from '../scanner/scanExclusions';
import { isFindingTarget, locateFinding } from './findingTarget';

type Window = Pick<typeof vscode.window, 'showWarningMessage'>;
type Commands = Pick<typeof vscode.commands, 'executeCommand'>;

/**
 * Quick-fixes write files, so Restricted Mode turns them off: says so (with a way to trust the workspace) and
 * returns false when the workspace is not trusted.
 */
export function ensureTrusted(workspace: { readonly isTrusted: boolean }, window: Window, commands: Commands): boolean {
  if (workspace.isTrusted) return true;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  void window.showWarningMessage(
    vscode.l10n.t('Cosmos Guard quick-fixes change files, so they are off in Restricted Mode. Trust this workspace to use them.'), manage)
    .then((choice) => (choice === manage ? commands.executeCommand('workbench.trust.manage') : undefined));
  return false;
}

/** The reason shown on quick-fixes offered (disabled) in Restricted Mode. */
export const UNTRUSTED_REASON = (): string => vscode.l10n.t('Trust this workspace to apply Cosmos Guard quick-fixes: they change files.');

/** Offset edits of the core as document edits in a WorkspaceEdit. */
export function addTextEdits(edit: vscode.WorkspaceEdit, document: vscode.TextDocument, edits: readonly TextEdit[]): void {
  for (const e of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.text);
}

/** An existing text file as VS Code holds it (unsaved changes included), or undefined when there is none. */
export async function openIfExists(workspace: Pick<typeof vscode.workspace, 'openTextDocument' | 'fs'>, uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  try {
    await workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
  return workspace.openTextDocument(uri);
}

/** Adds `lines` at the end of `document`, or creates `uri` holding `header` and `lines` when there is no document. */
export function appendOrCreate(edit: vscode.WorkspaceEdit, uri: vscode.Uri, document: vscode.TextDocument | undefined, lines: readonly string[],
  header = ''): void {
  if (!document) {
    edit.createFile(uri, { ignoreIfExists: false, contents: new TextEncoder().encode(header + lines.map((l) => `${l}\n`).join('')) });
    return;
  }
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const text = document.getText();
  const separator = text.length > 0 && !text.endsWith('\n') ? eol : '';
  edit.insert(uri, document.positionAt(text.length), separator + lines.map((l) => l + eol).join(''));
}

/** What the quick-fix commands use, injected so tests can replace the prompts. */
export interface QuickFixContext {
  readonly workspace: Pick<typeof vscode.workspace, 'isTrusted' | 'openTextDocument' | 'fs' | 'applyEdit' | 'getConfiguration' | 'workspaceFolders'>;
  readonly window: Pick<typeof vscode.window, 'showInputBox' | 'showQuickPick' | 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage'>;
  readonly commands: Pick<typeof vscode.commands, 'executeCommand'>;
  readonly clipboard: Pick<vscode.Clipboard, 'writeText'>;
  readonly engine: Pick<ScanEngine, 'scan'>;
  readonly publisher: Pick<DiagnosticsPublisher, 'locate'>;
  readonly exclusions: Pick<ScanExclusions, 'exclusionOf' | 'isGitIgnored' | 'isTracked'>;
  readonly options: () => FileScanOptions;
  readonly today: () => string;
}

/** Opens the document a quick-fix targets and finds its finding again, or tells the user why it cannot. */
export async function resolveTarget(ctx: QuickFixContext, uriArg: unknown, targetArg: unknown): Promise<{
  document: vscode.TextDocument; finding: Finding; where: FileLocation | undefined;
} | undefined> {
  if (!(uriArg instanceof vscode.Uri) || !isFindingTarget(targetArg)) throw new Error('This quick-fix needs a file and a finding; run it from the light bulb.');
  const document = await ctx.workspace.openTextDocument(uriArg);
  const where = ctx.publisher.locate(uriArg);
  const finding = await locateFinding(document, where?.relativePath ?? uriArg.path, targetArg, ctx.engine, ctx.options());
  if (!finding) {
    void ctx.window.showWarningMessage(vscode.l10n.t('The secret is no longer where the quick-fix expected it; nothing was changed.'));
    return undefined;
  }
  return { document, finding, where };
}
