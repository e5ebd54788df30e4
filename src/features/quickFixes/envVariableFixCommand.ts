import * as vscode from 'vscode';
import { chooseVariableName, formatDotenvLine, isIgnoredByGitignore, parseDotenv, planEnvVariableFix } from '../../core/remediation';
import { addTextEdits, appendOrCreate, ensureTrusted, openIfExists, resolveTarget, type QuickFixContext } from './quickFixSupport';

export interface EnvVariableFixResult {
  /** The variable the code now reads (a free name: never one holding a different value). */
  readonly name: string;
  readonly envFile: vscode.Uri;
  /** The variable was appended to `.env` (false: it already held this value). */
  readonly addedToEnv: boolean;
  readonly createdEnv: boolean;
  readonly addedToGitignore: boolean;
}

/**
 * "Replace with an environment variable": the literal (or just the secret) becomes the language's environment
 * read, the value moves into `.env` at the workspace folder's root (created if missing) and `.env` is added to
 * `.gitignore` unless git ignores it already — all in one WorkspaceEdit, so one undo restores everything.
 */
export class EnvVariableFixCommand {
  constructor(private readonly ctx: QuickFixContext) {}

  async run(uriArg: unknown, targetArg: unknown): Promise<EnvVariableFixResult | undefined> {
    const { ctx } = this;
    if (!ensureTrusted(ctx.workspace, ctx.window, ctx.commands)) return undefined;
    const resolved = await resolveTarget(ctx, uriArg, targetArg);
    if (!resolved) return undefined;
    const { document, finding, where } = resolved;
    if (!where) {
      void ctx.window.showWarningMessage(vscode.l10n.t('Open a folder first: the secret moves into the .env file at the workspace folder\'s root.'));
      return undefined;
    }
    const plan = planEnvVariableFix({ languageId: document.languageId, path: where.relativePath, text: document.getText(), finding });
    if (!plan) {
      void ctx.window.showWarningMessage(vscode.l10n.t('Cosmos Guard cannot replace this secret with an environment variable here.'));
      return undefined;
    }
    const envFile = vscode.Uri.joinPath(where.folder.uri, '.env');
    const envDocument = await openIfExists(ctx.workspace, envFile);
    const { name, defined } = chooseVariableName(plan.suggestedName, plan.value, parseDotenv(envDocument?.getText() ?? ''));

    const edit = new vscode.WorkspaceEdit();
    addTextEdits(edit, document, plan.edits(name));
    if (!defined) appendOrCreate(edit, envFile, envDocument, [formatDotenvLine(name, plan.value)]);
    const gitignoreFile = vscode.Uri.joinPath(where.folder.uri, '.gitignore');
    const gitignore = await openIfExists(ctx.workspace, gitignoreFile);
    const ignored = isIgnoredByGitignore(gitignore?.getText(), '.env') || (await ctx.exclusions.exclusionOf(where.folder, '.env')) === '.gitignore';
    if (!ignored) appendOrCreate(edit, gitignoreFile, gitignore, ['.env']);
    if (!await ctx.workspace.applyEdit(edit, { isRefactoring: true })) throw new Error('VS Code did not apply the edit (the files may have changed meanwhile).');

    if (plan.target === 'github-secret') {
      void ctx.window.showInformationMessage(vscode.l10n.t(
        'The workflow now reads the repository secret {0}. Create it with the value now in .env (for example: gh secret set {0} < value, or gh secret set -f .env), then regenerate the Cosmos DB key.', name));
    }
    return { name, envFile, addedToEnv: !defined, createdEnv: !envDocument && !defined, addedToGitignore: !ignored };
  }
}
