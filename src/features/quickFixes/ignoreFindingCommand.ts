import * as vscode from 'vscode';
import {
  commentStyleFor, formatIgnoreFileEntry, formatSuppressionComment, IGNORE_FILE_HEADER, IGNORE_FILE_NAME, isCalendarDate, validateSuppressionReason,
} from '../../core/suppression';
import { appendOrCreate, ensureTrusted, openIfExists, resolveTarget, type QuickFixContext } from './quickFixSupport';

export interface IgnoreAnswers {
  readonly reason?: string;
  /** `YYYY-MM-DD`, or '' for no expiry. */
  readonly until?: string;
}

export interface IgnoreFindingResult {
  /** Where the suppression was written: the file itself (a comment) or `.cosmosguardignore`. */
  readonly writtenTo: vscode.Uri;
  readonly kind: 'comment' | 'ignoreFile';
}

/**
 * "Ignore this finding": asks for a reason (required) and an optional expiry date, then writes a suppression
 * comment in the file's comment syntax on the line above the finding — or, for files without comments (JSON),
 * an entry in `.cosmosguardignore` at the workspace folder's root, bound to the file's path and the finding's
 * fingerprint. One WorkspaceEdit either way.
 */
export class IgnoreFindingCommand {
  constructor(private readonly ctx: QuickFixContext) {}

  async run(uriArg: unknown, targetArg: unknown, answers: IgnoreAnswers = {}): Promise<IgnoreFindingResult | undefined> {
    const { ctx } = this;
    if (!ensureTrusted(ctx.workspace, ctx.window, ctx.commands)) return undefined;
    const resolved = await resolveTarget(ctx, uriArg, targetArg);
    if (!resolved) return undefined;
    const { document, finding, where } = resolved;
    const style = commentStyleFor(document.languageId, where?.relativePath ?? document.uri.path);
    if (!style && !where) {
      void ctx.window.showWarningMessage(vscode.l10n.t('This file has no comments; its suppression goes into {0}, which needs a workspace folder.', IGNORE_FILE_NAME));
      return undefined;
    }
    const today = ctx.today();
    const client = finding.kind === 'key-based-client';
    const reason = answers.reason ?? await ctx.window.showInputBox({
      title: vscode.l10n.t('Ignore This Finding (1/2)'),
      prompt: client ? vscode.l10n.t('Why may this client keep using an account key? The reason is written into the suppression.')
        : vscode.l10n.t('Why may this secret stay? The reason is written into the suppression.'),
      placeHolder: vscode.l10n.t('for example: test fixture for the local emulator'),
      ignoreFocusOut: true,
      validateInput: (v) => validateSuppressionReason(v, style),
    });
    if (reason === undefined) return undefined;
    const validDate = (v: string): string | undefined => (v.trim() === '' || (isCalendarDate(v.trim()) && v.trim() >= today)
      ? undefined : vscode.l10n.t('Enter a date as YYYY-MM-DD, today or later, or leave it empty.'));
    const until = answers.until ?? await ctx.window.showInputBox({
      title: vscode.l10n.t('Ignore This Finding (2/2)'),
      prompt: vscode.l10n.t('Report it again after this date (YYYY-MM-DD). Leave empty to ignore it until the suppression is removed.'),
      placeHolder: 'YYYY-MM-DD',
      ignoreFocusOut: true,
      validateInput: validDate,
    });
    if (until === undefined) return undefined;
    const problem = validateSuppressionReason(reason, style) ?? validDate(until);
    if (problem) throw new Error(problem);
    const expiry = until.trim() || undefined;

    const edit = new vscode.WorkspaceEdit();
    let result: IgnoreFindingResult;
    if (style) {
      const line = document.lineAt(finding.line - 1);
      const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
      const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
      edit.insert(document.uri, new vscode.Position(finding.line - 1, 0), `${indent}${formatSuppressionComment(style, finding.rule, reason, expiry)}${eol}`);
      result = { writtenTo: document.uri, kind: 'comment' };
    } else {
      const ignoreFile = vscode.Uri.joinPath(where!.folder.uri, IGNORE_FILE_NAME);
      const existing = await openIfExists(ctx.workspace, ignoreFile);
      const entry = formatIgnoreFileEntry({ path: where!.relativePath, fingerprint: finding.fingerprint, reason, ...(expiry ? { until: expiry } : {}) });
      appendOrCreate(edit, ignoreFile, existing, [entry], IGNORE_FILE_HEADER);
      result = { writtenTo: ignoreFile, kind: 'ignoreFile' };
    }
    if (!await ctx.workspace.applyEdit(edit, { isRefactoring: true })) throw new Error('VS Code did not apply the edit (the file may have changed meanwhile).');
    return result;
  }
}
