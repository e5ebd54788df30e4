import * as vscode from 'vscode';
import { chooseVariableName, formatDotenvLine, isIgnoredByGitignore, parseDotenv, planEnvVariableFix } from '../../core/remediation';
import { untrackFile } from './gitUntrack';
import { addTextEdits, appendOrCreate, ensureTrusted, openIfExists, resolveTarget, type QuickFixContext } from './quickFixSupport';

/** Answers for the prompts (tests and other callers); the user is asked for whatever is missing. */
export interface EnvVariableAnswers {
  /** When `.env` is already tracked by git: stop tracking it (`git rm --cached`), or keep it tracked. */
  readonly trackedEnv?: 'untrack' | 'keep';
}

export interface EnvVariableFixResult {
  /** The variable the code now reads (a free name: never one holding a different value). */
  readonly name: string;
  readonly envFile: vscode.Uri;
  /** The variable was appended to `.env` (false: it already held this value). */
  readonly addedToEnv: boolean;
  readonly createdEnv: boolean;
  readonly addedToGitignore: boolean;
  /** `.env` was tracked by git and no longer is (`git rm --cached`). */
  readonly untracked: boolean;
  /** `.env` is tracked by git and stays so, at the user's choice: the secret will be committed with it. */
  readonly stillTracked: boolean;
}

/**
 * "Replace with an environment variable": the literal (or just the secret) becomes the language's environment
 * read, the value moves into `.env` at the workspace folder's root (created if missing) and `.env` is added to
 * `.gitignore` unless git ignores it already — all in one WorkspaceEdit, so one undo restores everything.
 * When git already tracks `.env`, `.gitignore` would not stop the secret from being committed with it: the user is
 * told so and offered to untrack it first (`git rm --cached .env`), or to go on knowingly.
 */
export class EnvVariableFixCommand {
  constructor(private readonly ctx: QuickFixContext, private readonly untrack: (folderPath: string, relativePath: string) => Promise<void> = untrackFile) {}

  async run(uriArg: unknown, targetArg: unknown, answers: EnvVariableAnswers = {}): Promise<EnvVariableFixResult | undefined> {
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
    const tracked = await this.askAboutTrackedEnv(where.folder, answers);
    if (tracked === undefined) return undefined;
    const envDocument = await openIfExists(ctx.workspace, envFile);
    const { name, defined } = chooseVariableName(plan.suggestedName, plan.value, parseDotenv(envDocument?.getText() ?? ''));

    const edit = new vscode.WorkspaceEdit();
    addTextEdits(edit, document, plan.edits(name));
    if (!defined) appendOrCreate(edit, envFile, envDocument, [formatDotenvLine(name, plan.value)]);
    const gitignoreFile = vscode.Uri.joinPath(where.folder.uri, '.gitignore');
    const gitignore = await openIfExists(ctx.workspace, gitignoreFile);
    const ignored = isIgnoredByGitignore(gitignore?.getText(), '.env') || await ctx.exclusions.isGitIgnored(where.folder, '.env');
    if (!ignored) appendOrCreate(edit, gitignoreFile, gitignore, ['.env']);
    if (!await ctx.workspace.applyEdit(edit, { isRefactoring: true })) throw new Error('VS Code did not apply the edit (the files may have changed meanwhile).');

    if (plan.target === 'github-secret') {
      void ctx.window.showInformationMessage(vscode.l10n.t(
        'The workflow now reads the repository secret {0}. Create it with the value now in .env (for example: gh secret set {0} < value, or gh secret set -f .env), then regenerate the Cosmos DB key.', name));
    }
    if (tracked === 'untrack') {
      void ctx.window.showInformationMessage(vscode.l10n.t(
        'Git no longer tracks .env; commit that change. Its earlier versions stay in the repository\'s history: regenerate the Cosmos DB key.'));
    } else if (tracked === 'keep') {
      void ctx.window.showWarningMessage(vscode.l10n.t('.env is still tracked by git: the secret will be committed with it unless you untrack it (git rm --cached .env).'));
    }
    return { name, envFile, addedToEnv: !defined, createdEnv: !envDocument && !defined, addedToGitignore: !ignored, untracked: tracked === 'untrack', stillTracked: tracked === 'keep' };
  }

  /**
   * `'untracked'` when `.env` is not tracked; otherwise the user's choice, carried out: `'untrack'` (done before any
   * edit, so a failure changes nothing), `'keep'`; undefined when the user cancels.
   */
  private async askAboutTrackedEnv(folder: vscode.WorkspaceFolder, answers: EnvVariableAnswers): Promise<'untracked' | 'untrack' | 'keep' | undefined> {
    const { ctx } = this;
    if (!await ctx.exclusions.isTracked(folder, '.env')) return 'untracked';
    const untrack = vscode.l10n.t('Untrack .env and Move the Secret');
    const keep = vscode.l10n.t('Move the Secret, Keep .env Tracked');
    const choice = answers.trackedEnv ?? await ctx.window.showWarningMessage(
      vscode.l10n.t('.env is tracked by git, so the secret would be committed with it; adding .env to .gitignore does not change that.'),
      { modal: true, detail: vscode.l10n.t('Untracking runs "git rm --cached .env": the file stays on disk and git stops tracking it. Its earlier versions stay in history, so regenerate the key as well.') },
      untrack, keep,
    ).then((c) => (c === untrack ? 'untrack' : c === keep ? 'keep' : undefined));
    if (choice !== 'untrack') return choice;
    if (folder.uri.scheme !== 'file') {
      void ctx.window.showWarningMessage(vscode.l10n.t('Cosmos Guard cannot run git in this workspace. Run "git rm --cached .env" in a terminal, then apply the fix again.'));
      return undefined;
    }
    try {
      await this.untrack(folder.uri.fsPath, '.env');
    } catch (e) {
      void ctx.window.showErrorMessage(vscode.l10n.t('Could not untrack .env; nothing was changed: {0}', e instanceof Error ? e.message : String(e)));
      return undefined;
    }
    return 'untrack';
  }
}
