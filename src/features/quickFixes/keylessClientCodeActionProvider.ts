import * as vscode from 'vscode';
import { isKeyBasedClientFinding, KEY_BASED_CLIENT_RULE } from '../../core/clients';
import { CommandId } from '../../platform/commandIds';
import { type DiagnosticsPublisher } from '../scanner/diagnosticsPublisher';
import { DIAGNOSTIC_SOURCE, findingRange } from '../scanner/findingToDiagnostic';
import { type FindingsStore } from '../scanner/findingsStore';
import { diagnosticRule, findingsMatchDocument, isQuickFixRequest, quickFixAction } from './codeActionRequest';
import { targetOf } from './findingTarget';
import { UNTRUSTED_REASON } from './quickFixSupport';

/**
 * Quick-fixes for `cosmos-key-based-client` findings: **Use Microsoft Entra ID (DefaultAzureCredential)** where the
 * core found a safe rewrite (never preferred, so no "auto fix" applies it; never on save or in "fix all"), then the
 * "ignore" fixes. Three at most. Disabled, with the reason, in Restricted Mode: they change files.
 */
export class KeylessClientCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly store: Pick<FindingsStore, 'get'>,
    private readonly publisher: Pick<DiagnosticsPublisher, 'locate'>,
    private readonly workspace: { readonly isTrusted: boolean },
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!isQuickFixRequest(context)) return []; // never on save, never "fix all"
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && diagnosticRule(d) === KEY_BASED_CLIENT_RULE.id);
    if (!ours.length) return [];
    const secretsToo = context.diagnostics.some((d) => d.source === DIAGNOSTIC_SOURCE && diagnosticRule(d) !== KEY_BASED_CLIENT_RULE.id);
    const scan = this.store.get(document.uri);
    if (!scan) return [];
    // The rewrite is offered only while the findings describe this very text (their offsets are then right).
    const current = findingsMatchDocument(scan, document);
    const where = this.publisher.locate(document.uri);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const finding = scan.findings.find((f) => !f.suppression && isKeyBasedClientFinding(f) && findingRange(f).isEqual(diagnostic.range));
      if (!finding || !isKeyBasedClientFinding(finding)) continue;
      const args = [document.uri, targetOf(finding)];
      const action = (title: string, command: string, commandArgs: unknown[] = args): vscode.CodeAction => quickFixAction(title, command, commandArgs, diagnostic);
      if (current && finding.client.rewrite !== null) actions.push(action(vscode.l10n.t('Use Microsoft Entra ID (DefaultAzureCredential)'), CommandId.useEntraIdCredential));
      actions.push(action(vscode.l10n.t('Ignore this key-based client…'), CommandId.ignoreFinding));
      // A secret inside the construction gets the leak fixes, its own "Ignore this file or folder…" among them.
      if (where && !secretsToo) actions.push(action(vscode.l10n.t('Ignore this file or folder…'), CommandId.ignorePath, [document.uri]));
    }
    if (!this.workspace.isTrusted) for (const action of actions) action.disabled = { reason: UNTRUSTED_REASON() };
    return actions;
  }
}
