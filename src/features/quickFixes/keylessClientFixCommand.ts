import * as vscode from 'vscode';
import { findKeyBasedClients, type KeylessRewrite } from '../../core/clients';
import { type IdentityPackageCheck } from './identityPackageCheck';
import { isFindingTarget, locateFinding } from './findingTarget';
import { addTextEdits, ensureTrusted, type QuickFixContext } from './quickFixSupport';

export interface KeylessFixResult {
  /** What the credential became, e.g. `aadCredentials: new DefaultAzureCredential()`. */
  readonly replacement: string;
  /** The Azure Identity package the code now needs. */
  readonly identityPackage: string;
  /** Whether the nearest manifest already lists it. */
  readonly dependency: 'present' | 'absent' | 'unknown';
  /** What the notification said to add, when the project may not have the package. */
  readonly advice?: string;
}

/** The README section the notification's "Learn More" opens. */
const LEARN_MORE = vscode.Uri.parse('https://github.com/cosmos-guard/cosmos-guard#in-the-code');

/**
 * "Use Microsoft Entra ID (DefaultAzureCredential)": rewrites a key-based Cosmos DB client construction to a token
 * credential — the core computes the edits (the construction and the import) from the document as it is now —
 * applies them as one WorkspaceEdit, and says which package to add when the project does not list it. It never
 * installs anything, and refuses (changing nothing) when the core finds no safe rewrite.
 */
export class KeylessClientFixCommand {
  constructor(private readonly ctx: QuickFixContext, private readonly packages: IdentityPackageCheck) {}

  async run(uriArg: unknown, targetArg: unknown): Promise<KeylessFixResult | undefined> {
    const { ctx } = this;
    if (!ensureTrusted(ctx.workspace, ctx.window, ctx.commands)) return undefined;
    if (!(uriArg instanceof vscode.Uri) || !isFindingTarget(targetArg)) throw new Error('This quick-fix needs a file and a finding; run it from the light bulb.');
    const document = await ctx.workspace.openTextDocument(uriArg);
    const where = ctx.publisher.locate(uriArg);
    const path = where?.relativePath ?? uriArg.path;
    const finding = await locateFinding(document, path, targetArg, ctx.engine, ctx.options());
    const client = finding && findKeyBasedClients(path, document.getText()).find((c) => c.start === finding.startOffset && c.end === finding.endOffset);
    if (!client) {
      void ctx.window.showWarningMessage(vscode.l10n.t('The Cosmos DB client is no longer where the quick-fix expected it; nothing was changed.'));
      return undefined;
    }
    if (!client.rewrite) {
      void ctx.window.showWarningMessage(vscode.l10n.t('Cosmos Guard cannot rewrite this client safely: {0}. Nothing was changed.', client.noRewriteReason ?? ''));
      return undefined;
    }
    const edit = new vscode.WorkspaceEdit();
    addTextEdits(edit, document, client.rewrite.edits);
    if (!await ctx.workspace.applyEdit(edit, { isRefactoring: true })) throw new Error('VS Code did not apply the edit (the file may have changed meanwhile).');

    const status = await this.packages.status(uriArg, where?.folder.uri, client.rewrite.identityPackage);
    this.notify(client.rewrite, status.dependency, status.advice);
    return {
      replacement: client.rewrite.replacement, identityPackage: client.rewrite.identityPackage.name, dependency: status.dependency,
      ...(status.dependency !== 'present' ? { advice: status.advice.message } : {}),
    };
  }

  private notify(rewrite: KeylessRewrite, dependency: KeylessFixResult['dependency'], advice: { message: string; command?: string }): void {
    const { ctx } = this;
    const role = vscode.l10n.t('Before it runs without keys, give the app\'s identity a Cosmos DB data-plane role (for example Cosmos DB Built-in Data Contributor); the key keeps working until key authentication is turned off.');
    const message = dependency === 'present'
      ? vscode.l10n.t('The Cosmos DB client now uses Microsoft Entra ID ({0}). {1}', rewrite.identityPackage.name, role)
      : dependency === 'absent'
        ? vscode.l10n.t('The Cosmos DB client now uses Microsoft Entra ID. {0}. {1}', advice.message, role)
        : vscode.l10n.t('The Cosmos DB client now uses Microsoft Entra ID. If the project does not have {0} yet — {1}. {2}', rewrite.identityPackage.name, advice.message, role);
    const copy = vscode.l10n.t('Copy Command');
    const learn = vscode.l10n.t('Learn More');
    const actions = dependency !== 'present' && advice.command ? [copy, learn] : [learn];
    void ctx.window.showInformationMessage(message, ...actions).then((choice) => {
      if (choice === copy && advice.command) void ctx.clipboard.writeText(advice.command);
      if (choice === learn) void ctx.commands.executeCommand('vscode.open', LEARN_MORE);
    });
  }
}
