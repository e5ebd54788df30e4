import * as vscode from 'vscode';
import { ruleById, type Finding } from '../../core/detection';
import { planEnvVariableFix, planKeyVaultFix } from '../../core/remediation';
import { CommandId } from '../../platform/commandIds';
import { type DiagnosticsPublisher } from '../scanner/diagnosticsPublisher';
import { DIAGNOSTIC_SOURCE, findingRange } from '../scanner/findingToDiagnostic';
import { type FindingsStore } from '../scanner/findingsStore';
import { diagnosticRule, findingsMatchDocument, isQuickFixRequest, quickFixAction } from './codeActionRequest';
import { targetOf } from './findingTarget';
import { UNTRUSTED_REASON } from './quickFixSupport';

/** At most this many quick-fixes per finding (house style). */
export const MAX_FIXES = 4;

/**
 * Offers, for each Cosmos Guard finding, at most four quick-fixes: replace with an environment variable (where
 * the file's language or format can read one), replace with a Key Vault reference (app settings), check which
 * account uses the key (account keys only), ignore this finding, ignore this file or folder — the last dropped
 * when that would make five. A replacement is the preferred fix; an "ignore" never is. Nothing here edits: each
 * fix is a command, which re-finds the secret and applies one WorkspaceEdit. In Restricted Mode the fixes that
 * change files are shown disabled, with the reason (checking which account uses a key changes nothing).
 */
export class LeakCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly store: Pick<FindingsStore, 'get'>,
    private readonly publisher: Pick<DiagnosticsPublisher, 'locate'>,
    private readonly workspace: { readonly isTrusted: boolean },
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!isQuickFixRequest(context)) return [];
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && ruleById(diagnosticRule(d) ?? '') !== undefined);
    if (!ours.length) return [];
    const scan = this.store.get(document.uri);
    if (!scan) return [];
    const current = findingsMatchDocument(scan, document);
    const where = this.publisher.locate(document.uri);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const rule = diagnosticRule(diagnostic);
      const finding = scan.findings.find((f) => !f.suppression && f.rule === rule && findingRange(f).isEqual(diagnostic.range));
      if (!finding) continue;
      actions.push(...this.fixesFor(document, finding, diagnostic, current, where?.relativePath));
    }
    if (!this.workspace.isTrusted) {
      for (const action of actions) if (action.command?.command !== CommandId.checkWhichAccount) action.disabled = { reason: UNTRUSTED_REASON() };
    }
    return actions;
  }

  private fixesFor(document: vscode.TextDocument, finding: Finding, diagnostic: vscode.Diagnostic, current: boolean, relativePath: string | undefined): vscode.CodeAction[] {
    const target = targetOf(finding);
    const args = [document.uri, target];
    const action = (title: string, command: string, commandArgs: unknown[] = args): vscode.CodeAction => quickFixAction(title, command, commandArgs, diagnostic);
    const actions: vscode.CodeAction[] = [];
    if (current) {
      const text = document.getText();
      const path = relativePath ?? document.uri.path;
      const env = relativePath !== undefined ? planEnvVariableFix({ languageId: document.languageId, path, text, finding }) : undefined;
      if (env) {
        actions.push(action(env.target === 'github-secret'
          ? vscode.l10n.t('Replace with GitHub Actions secret {0}', env.suggestedName)
          : vscode.l10n.t('Replace with environment variable {0}', env.suggestedName), CommandId.replaceWithEnvVariable));
      }
      if (planKeyVaultFix({ path, text, finding })) actions.push(action(vscode.l10n.t('Replace with Key Vault reference…'), CommandId.replaceWithKeyVaultReference));
      if (actions[0]) actions[0].isPreferred = true;
    }
    // vCore passwords are not account keys, and the emulator's key belongs to no account.
    if (finding.kind !== 'mongo-vcore-password' && finding.rule !== 'cosmos-emulator-key') {
      actions.push(action(vscode.l10n.t('Check which account uses this key…'), CommandId.checkWhichAccount));
    }
    actions.push(action(vscode.l10n.t('Ignore this finding…'), CommandId.ignoreFinding));
    if (relativePath !== undefined && actions.length < MAX_FIXES) {
      actions.push(action(vscode.l10n.t('Ignore this file or folder…'), CommandId.ignorePath, [document.uri]));
    }
    return actions;
  }
}
