// Steps 4 and 5 of the guided rotation, and "Copy Connection String" after Regenerate Key…: giving the new key to
// the applications. Its connection string is fetched on demand (listConnectionStrings) and goes to the clipboard
// or to a new version of a Key Vault secret — never to the screen, the log or storage.
import * as vscode from 'vscode';
import { type ArmSubscription } from '../../azure/armSubscription';
import { KeyOperationError, type AccountTarget } from '../../azure/keyOperations';
import { keyVaultAvailability, vaultUrl } from '../../azure/keyVaultSecrets';
import { isAbortError } from '../../azure/requestSignal';
import { maskSecrets } from '../../core/masking/maskSecrets';
import { validateSecretName, validateVaultName } from '../../core/remediation';
import { keyKindInfo, otherKey, ROTATION_STEP_COUNT, switchStepTitles, type KeyKind, type RotationState } from '../../core/rotation';
import { BACK } from '../../platform/flow/flowUi';
import { viewOptions, type PromptResult, type PromptStep, type StepView } from '../../platform/flow/wizard';
import { Action, type RotationServices } from './rotationServices';

/** Fetches the connection string of `keyKind` and puts it on the clipboard; it is never shown, logged or kept. */
export async function copyConnectionString(services: RotationServices, target: AccountTarget, keyKind: KeyKind): Promise<boolean> {
  const info = keyKindInfo(keyKind);
  try {
    const value = await services.deps.operations().connectionString(target, keyKind);
    await services.deps.clipboard.writeText(value);
    services.logger.info(`Copied the connection string of the ${info.label} of ${target.accountName} to the clipboard.`);
    services.ui.status(vscode.l10n.t('Copied the connection string of the {0} of {1}.', info.label, target.accountName));
    return true;
  } catch (error) {
    if (error instanceof KeyOperationError) {
      await services.reportFailure(error.failure, vscode.l10n.t('Could not copy the connection string of the {0} of {1}', info.label, target.accountName));
      return false;
    }
    throw error;
  }
}

/** What steps 4 and 5 share: the rotation, where its account is, and what was handed out so far. */
export interface HandOutContext {
  readonly state: RotationState;
  readonly target: AccountTarget;
  readonly subscription: ArmSubscription;
  copied: boolean;
  /** `vault/secret` the connection string was written to. */
  stored?: string;
}

/** Step 4/6: copy the new key's connection string or write it to Key Vault (as often as needed), then continue. */
export class HandOutStep implements PromptStep<HandOutContext> {
  readonly stepNumber = 4;

  constructor(private readonly services: RotationServices) {}

  shouldPrompt(): boolean {
    return true;
  }

  async prompt(context: HandOutContext, view: StepView): Promise<PromptResult> {
    const { ui } = this.services;
    const { state, subscription } = context;
    const other = keyKindInfo(otherKey(state));
    const vault = keyVaultAvailability(subscription.cloud, subscription.scopedCredential);
    for (;;) {
      const choice = await ui.pick({
        ...viewOptions(view),
        placeholder: vscode.l10n.t('{0}, then continue', switchStepTitles(state).distribute),
        items: [
          { label: `$(copy) ${vscode.l10n.t('Copy its connection string')}`,
            description: context.copied ? vscode.l10n.t('copied') : vscode.l10n.t('to the clipboard, to paste where your applications read it'), value: 'copy' as const },
          vault.available
            ? { label: `$(lock) ${vscode.l10n.t('Write its connection string to a Key Vault secret…')}`,
              description: context.stored ? vscode.l10n.t('written to {0}', context.stored) : vscode.l10n.t('a new secret version'), value: 'vault' as const }
            : { label: `$(lock) ${vscode.l10n.t('Write its connection string to a Key Vault secret…')}`, description: vscode.l10n.t('not available here'),
              detail: vscode.l10n.t('Not with a custom ARM endpoint (choose it to see why)'), value: 'vault' as const },
          { label: `$(arrow-right) ${vscode.l10n.t('Continue: my applications are moving to the {0}', other.label)}`, value: 'next' as const },
          { label: `$(history) ${vscode.l10n.t('Later')}`, description: vscode.l10n.t('keep the rotation on the account row'), value: 'later' as const },
        ],
      });
      if (choice === undefined || choice === BACK || choice === 'later') {
        if (choice === 'later') void ui.info(vscode.l10n.t('The rotation of {0} waits on its account row: Resume Rotation continues it.', state.accountName));
        return undefined;
      }
      if (choice === 'next') return 'answered';
      if (choice === 'copy') {
        context.copied = await copyConnectionString(this.services, context.target, otherKey(state)) || context.copied;
      } else if (!vault.available) {
        await ui.warn(vault.reason);
      } else {
        const written = await writeToKeyVault(this.services, context, vault.dnsSuffix);
        if (written) context.stored = written;
      }
    }
  }
}

/** Step 5/6: the applications use the new key now? "Not yet" goes back to step 4. */
export class ConfirmSwitchStep implements PromptStep<HandOutContext> {
  readonly stepNumber = 5;

  constructor(private readonly services: RotationServices) {}

  shouldPrompt(): boolean {
    return true;
  }

  async prompt(context: HandOutContext, view: StepView): Promise<PromptResult> {
    const other = keyKindInfo(otherKey(context.state));
    const old = keyKindInfo(context.state.inUse);
    const confirmed = await this.services.ui.pick({
      ...viewOptions(view),
      placeholder: switchStepTitles(context.state).confirm,
      items: [
        { label: `$(check) ${vscode.l10n.t('Yes: every application uses the {0} now', other.label)}`,
          description: vscode.l10n.t('regenerate the {0} next', old.label), value: 'yes' as const },
        { label: `$(arrow-left) ${vscode.l10n.t('Not yet')}`, description: vscode.l10n.t('back to handing out the new key'), value: 'no' as const },
      ],
    });
    if (confirmed === undefined) return undefined;
    return confirmed === 'yes' ? 'answered' : BACK;
  }
}

/** Asks for a vault and a secret name (with Back), then writes the new key's connection string as a new version. */
async function writeToKeyVault(services: RotationServices, context: HandOutContext, dnsSuffix: string): Promise<string | undefined> {
  const { ui } = services;
  const { state, target, subscription } = context;
  const keyKind = otherKey(state);
  const info = keyKindInfo(keyKind);
  const title = vscode.l10n.t('Rotate Keys Safely: {0}', state.accountName);
  const step = { step: 4, total: ROTATION_STEP_COUNT };
  let vault: string | undefined;
  let secretName: string | undefined;
  while (secretName === undefined) {
    if (vault === undefined) {
      const answer = await ui.input({
        title, step, canGoBack: true,
        prompt: vscode.l10n.t('The Key Vault that holds the connection string your applications read (in {0})',
          subscription.cloud.name === 'AzureCloud' ? 'Azure' : subscription.cloud.name),
        placeholder: vscode.l10n.t('for example contoso-prod-kv'), validate: (v) => validateVaultName(v.trim()),
      });
      if (answer === undefined || answer === BACK) return undefined;
      vault = answer.trim();
    }
    const answer = await ui.input({
      title, step, canGoBack: true,
      prompt: vscode.l10n.t('The secret in {0} that gets the connection string of the {1} (a new version is added)', vault, info.label),
      value: `${state.accountName}-connection-string`.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 127),
      validate: (v) => validateSecretName(v.trim()),
    });
    if (answer === undefined) return undefined;
    if (answer === BACK) {
      vault = undefined;
      continue;
    }
    secretName = answer.trim();
  }
  const url = vaultUrl(vault!, dnsSuffix);
  try {
    const written = await ui.progress(vscode.l10n.t('Writing secret {0} in {1}', secretName, vault!), async (report) => {
      report(vscode.l10n.t('Reading the connection string of the {0}…', info.label));
      const value = await services.deps.operations().connectionString(target, keyKind);
      report(vscode.l10n.t('Writing a new secret version…'));
      return services.deps.keyVault.write({ vaultUrl: url, credential: subscription.scopedCredential!, secretName, value,
        tags: { CredentialId: keyKind, ProviderAddress: state.accountId } });
    });
    services.logger.info(`Wrote the connection string of the ${info.label} of ${state.accountName} to ${written.id}.`);
    void ui.info(vscode.l10n.t('Wrote the connection string of the {0} of {1} to secret {2} in {3} (version {4}). Applications that read it pick '
      + 'it up on their next refresh or restart.', info.label, state.accountName, secretName, vault!, written.version));
    return `${vault!}/${secretName}`;
  } catch (error) {
    if (isAbortError(error)) return undefined;
    const message = error instanceof KeyOperationError ? error.failure.message : error instanceof Error ? error.message : String(error);
    services.logger.warn(`Writing to Key Vault failed: ${message}`);
    await ui.error(maskSecrets(message), Action.showLog).then((c) => c === Action.showLog && services.logger.show());
    return undefined;
  }
}
