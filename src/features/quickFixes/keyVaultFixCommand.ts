import * as vscode from 'vscode';
import { keyVaultReference, planKeyVaultFix, validateSecretName, validateVaultName } from '../../core/remediation';
import { addTextEdits, ensureTrusted, resolveTarget, type QuickFixContext } from './quickFixSupport';

/** Answers for the prompts (tests and other callers); the user is asked for whatever is missing. */
export interface KeyVaultAnswers {
  readonly vault?: string;
  readonly secretName?: string;
}

export interface KeyVaultFixResult {
  readonly reference: string;
}

/**
 * "Replace with a Key Vault reference" in App Service / Functions settings: asks for the vault and the secret's
 * name (validated by Azure's naming rules), puts `@Microsoft.KeyVault(SecretUri=…)` in place of the setting's value
 * and tells the user to create that secret. The value is never written anywhere but the clipboard, on request.
 */
export class KeyVaultFixCommand {
  constructor(private readonly ctx: QuickFixContext) {}

  async run(uriArg: unknown, targetArg: unknown, answers: KeyVaultAnswers = {}): Promise<KeyVaultFixResult | undefined> {
    const { ctx } = this;
    if (!ensureTrusted(ctx.workspace, ctx.window, ctx.commands)) return undefined;
    const resolved = await resolveTarget(ctx, uriArg, targetArg);
    if (!resolved) return undefined;
    const { document, finding, where } = resolved;
    const text = document.getText();
    const plan = planKeyVaultFix({ path: where?.relativePath ?? document.uri.path, text, finding });
    if (!plan) {
      void ctx.window.showWarningMessage(vscode.l10n.t('Cosmos Guard can put a Key Vault reference only in place of a whole setting value in app settings.'));
      return undefined;
    }
    const vault = answers.vault ?? await ctx.window.showInputBox({
      title: vscode.l10n.t('Replace with Key Vault Reference (1/2)'),
      prompt: vscode.l10n.t('The Key Vault that holds (or will hold) the secret'),
      placeHolder: vscode.l10n.t('for example contoso-prod-kv'),
      ignoreFocusOut: true,
      validateInput: (v) => validateVaultName(v.trim()),
    });
    if (vault === undefined) return undefined;
    const secretName = answers.secretName ?? await ctx.window.showInputBox({
      title: vscode.l10n.t('Replace with Key Vault Reference (2/2)'),
      prompt: vscode.l10n.t('The name of the secret in {0}', vault.trim()),
      value: plan.suggestedSecretName,
      ignoreFocusOut: true,
      validateInput: (v) => validateSecretName(v.trim()),
    });
    if (secretName === undefined) return undefined;
    const problem = validateVaultName(vault.trim()) ?? validateSecretName(secretName.trim());
    if (problem) throw new Error(problem);

    const reference = keyVaultReference(vault.trim(), secretName.trim(), plan.dnsSuffix);
    const change = plan.edit(reference);
    const previous = text.slice(change.start, change.end);
    const edit = new vscode.WorkspaceEdit();
    addTextEdits(edit, document, [change]);
    if (!await ctx.workspace.applyEdit(edit, { isRefactoring: true })) throw new Error('VS Code did not apply the edit (the file may have changed meanwhile).');

    const copy = vscode.l10n.t('Copy Secret Value');
    void ctx.window.showInformationMessage(vscode.l10n.t(
      'The setting now references secret "{0}" in Key Vault "{1}". Create that secret with the value you replaced, grant the app\'s identity "Key Vault Secrets User" on the vault, then regenerate the Cosmos DB key.',
      secretName.trim(), vault.trim()), copy).then((choice) => {
      if (choice !== copy) return;
      let value = previous;
      try {
        value = JSON.parse(`"${previous}"`) as string; // the JSON string's value, unescaped
      } catch { /* not valid JSON escapes: copy as written */ }
      void ctx.clipboard.writeText(value);
    });
    return { reference };
  }
}
