// Step 4/4 of the switch: what the evidence says now, then a modal that states it ("primary key last used about 2 h
// ago") and what fails (every client still using a key gets 401 "Local Authorization is disabled"). The change itself
// is the flow's execute step (switchFlow.ts), sent only after this confirmation.
import * as vscode from 'vscode';
import { keylessReadiness, type DataAccessEvidence } from '../../core/keyless';
import { BACK } from '../../platform/flow/flowUi';
import { viewOptions, type PromptResult, type PromptStep, type StepView } from '../../platform/flow/wizard';
import { type KeylessServices } from './keylessServices';
import { evidenceText, keysOffConsequenceText, verdictText } from './keylessText';
import { type SwitchContext } from './switchContext';

export class KeysOffStep implements PromptStep<SwitchContext> {
  readonly stepNumber = 4;

  constructor(private readonly services: KeylessServices) {}

  shouldPrompt(): boolean {
    return true;
  }

  async prompt(context: SwitchContext, view: StepView): Promise<PromptResult> {
    const now = this.services.clock();
    // The account as the view holds it now (key usage moves on), with the role assignments as last read.
    const snapshot = this.services.snapshot(context.account.id) ?? context.account;
    const evidence = context.evidence;
    const dataAccess: DataAccessEvidence | undefined = evidence?.dataAccess
      ? { ...evidence.dataAccess, ...(context.roles ? { roleAssignments: context.roles } : {}) } : undefined;
    const readiness = keylessReadiness({ snapshot, now, ...(evidence?.keyAccess ? { keyAccess: evidence.keyAccess } : {}),
      ...(dataAccess ? { dataAccess } : {}) });
    const go = await this.services.ui.pick({
      ...viewOptions(view), placeholder: verdictText(readiness, now),
      items: [{ label: `$(lock) ${vscode.l10n.t('Turn Key Authentication Off…')}`, description: vscode.l10n.t('asks for confirmation first'),
        detail: vscode.l10n.t('Sets disableLocalAuth and disableKeyBasedMetadataWriteAccess on {0}.', context.account.name), value: 'go' as const }],
    });
    if (go === undefined || go === BACK) return go;
    const granted = context.granted.length ? `\n\n${vscode.l10n.t('Role assignments added in this run: {0}.', context.granted.length)}` : '';
    const confirmed = await this.services.ui.confirm({
      message: vscode.l10n.t('Turn key authentication off for {0}?', context.account.name),
      detail: `${evidenceText(readiness, now)}${granted}\n\n${keysOffConsequenceText(context.account.name)}`,
      confirm: vscode.l10n.t('Turn Keys Off'),
    });
    if (!confirmed) {
      this.services.logger.info(`Switch to Microsoft Entra ID: turning keys off for ${context.account.name} was cancelled at the confirmation; nothing sent.`);
      return undefined;
    }
    context.confirmed = readiness;
    return 'answered';
  }
}
