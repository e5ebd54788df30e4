// Turning key authentication off or back on: the PATCH of the account (disableLocalAuth and
// disableKeyBasedMetadataWriteAccess), long-running, in a cancellable progress notification. The Azure layer reads the
// account again right before sending; this shows its outcome — the account read back into the view (its finding
// gone or back, the badge following), already in that state, or the service's refusal in plain words.
import * as vscode from 'vscode';
import { type KeylessTarget } from '../../azure/dataPlaneRoles';
import { type LocalAuthOutcome } from '../../azure/localAuthSwitch';
import { type KeylessServices } from './keylessServices';
import { progressText } from './keylessText';

export async function changeLocalAuth(services: KeylessServices, target: KeylessTarget, disable: boolean): Promise<LocalAuthOutcome | undefined> {
  const name = target.accountName;
  services.logger.info(`${disable ? 'Turning key authentication off' : 'Turning key authentication back on'} for ${name} (${target.accountId}), confirmed.`);
  let sent = false;
  try {
    const outcome = await services.ui.progress(disable ? vscode.l10n.t('Turning key authentication off for {0}…', name)
      : vscode.l10n.t('Turning key authentication back on for {0}…', name), async (report, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        return await services.localAuth().setLocalAuth(target, disable, { signal: controller.signal, onProgress: (step) => {
          if (step === 'sending') sent = true;
          report(progressText(step));
        } });
      } finally {
        subscription.dispose();
      }
    });
    services.showAccount(outcome.account);
    services.logger.info(`Key authentication of ${name} is ${disable ? 'off' : 'on'}${outcome.outcome === 'unchanged' ? ' (it was already; nothing sent)' : ''}.`);
    const text = disable
      ? outcome.outcome === 'changed'
        ? vscode.l10n.t('Key authentication is off for {0}: it accepts Microsoft Entra ID tokens only. Turn Key Authentication Back On… reverses it.', name)
        : vscode.l10n.t('Key authentication was off for {0} already: nothing was sent.', name)
      : outcome.outcome === 'changed'
        ? vscode.l10n.t('Key authentication is on again for {0}: its keys work.', name)
        : vscode.l10n.t('Key authentication was on for {0} already: nothing was sent.', name);
    void services.ui.info(text);
    return outcome;
  } catch (error) {
    await services.reportFailure(error, disable ? vscode.l10n.t('Key authentication of {0} was not turned off', name)
      : vscode.l10n.t('Key authentication of {0} was not turned back on', name), sent);
    return undefined;
  }
}
