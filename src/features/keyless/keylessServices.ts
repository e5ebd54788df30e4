// What every part of the switch to Microsoft Entra ID uses: its dependencies (passed in by keylessFeature.ts), the
// account's target, the Azure layer's role and local-auth operations (built with the poll interval and time limits in
// force), putting an account read again back into the view, and telling the user about a failure once, with Show Log.
import * as vscode from 'vscode';
import { type CosmosClientFactory } from '../../azure/cosmosClientFactory';
import { DataPlaneRoles } from '../../azure/dataPlaneRoles';
import { KeylessOperationError } from '../../azure/keylessOperationError';
import { type KeylessTarget } from '../../azure/dataPlaneRoles';
import { LocalAuthSwitch } from '../../azure/localAuthSwitch';
import { isAbortError } from '../../azure/requestSignal';
import { maskSecrets } from '../../core/masking/maskSecrets';
import { parseAccountId, type AccountSnapshot } from '../../core/posture';
import { type FlowUi } from '../../platform/flow/flowUi';
import { type Logger } from '../../platform/logger';
import { type RotationAccounts } from '../rotation/rotationServices';
import { type AccountsModel } from '../accounts/accountsModel';
import { type KeyBasedClientSource } from './keyBasedClientSites';

/** The accounts view as the switch uses it. */
export interface KeylessAccounts extends RotationAccounts {
  readonly model: RotationAccounts['model'] & Pick<AccountsModel, 'evidence' | 'forgetEvidence'>;
}

export interface KeylessDeps {
  readonly accounts: KeylessAccounts;
  readonly clientFactory: CosmosClientFactory;
  readonly clients: KeyBasedClientSource;
  readonly ui: () => FlowUi;
  readonly logger: Logger;
  /** Opens a file at a position (1-based line and column), as a click on a problem does. */
  readonly open: (uri: vscode.Uri, line: number, column: number) => Promise<void>;
  /** Poll interval of long-running operations (tests make it short). */
  readonly pollIntervalMs: () => number | undefined;
  readonly clock?: () => number;
}

/** Notification buttons, localised when used. */
export const KeylessAction = {
  get showLog() { return vscode.l10n.t('Show Log'); },
  get switchToEntraId() { return vscode.l10n.t('Switch to Microsoft Entra ID…'); },
};

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class KeylessServices {
  readonly clock: () => number;

  constructor(readonly deps: KeylessDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  get ui(): FlowUi {
    return this.deps.ui();
  }

  get logger(): Logger {
    return this.deps.logger;
  }

  /** The account as the view holds it now. */
  snapshot(accountId: string): AccountSnapshot | undefined {
    return this.deps.accounts.model.account(accountId)?.account.snapshot;
  }

  async target(snapshot: Pick<AccountSnapshot, 'id' | 'subscriptionId'>): Promise<KeylessTarget> {
    const subscription = await this.deps.accounts.resolveSubscription(snapshot.subscriptionId);
    const { resourceGroup, accountName } = parseAccountId(snapshot.id);
    return { subscriptionId: subscription.subscriptionId, cloud: subscription.cloud, credential: subscription.credential, resourceGroup, accountName,
      accountId: snapshot.id };
  }

  roles(): DataPlaneRoles {
    const pollIntervalMs = this.deps.pollIntervalMs();
    return new DataPlaneRoles(this.deps.clientFactory, pollIntervalMs !== undefined ? { pollIntervalMs } : {});
  }

  localAuth(): LocalAuthSwitch {
    const pollIntervalMs = this.deps.pollIntervalMs();
    return new LocalAuthSwitch(this.deps.clientFactory, pollIntervalMs !== undefined ? { pollIntervalMs } : {});
  }

  /** The account as Azure returned it after a change: its row, tooltip, findings and the view's badge follow. */
  showAccount(snapshot: AccountSnapshot): void {
    this.deps.accounts.model.updateAccount(snapshot);
  }

  /** The role assignments changed: the Data Access row reads them again when it is next shown open. */
  forgetRoles(accountId: string): void {
    this.deps.accounts.model.forgetEvidence(accountId, 'roleAssignments');
  }

  /**
   * Tells the user an operation did not happen, in plain words: the service's own reason for a refusal, the failure
   * for anything else. Cancellation stays silent.
   */
  /**
   * `sent`: the request may have reached Azure (the progress passed "sending"). Cancelling then only stops following
   * the operation, which goes on in Azure: that is said, never passed over in silence.
   */
  async reportFailure(error: unknown, what: string, sent = false): Promise<void> {
    if (isAbortError(error)) {
      if (sent) {
        this.logger.info(`${what}: stopped following it after it was sent; the operation may go on in Azure.`);
        void this.ui.info(vscode.l10n.t('Stopped following it: the request was sent, and Azure may still complete it. Refresh the account to see its state.'));
      }
      return;
    }
    const reason = error instanceof KeylessOperationError ? error.failure.message : maskSecrets(describeError(error));
    this.logger.warn(`${what}: ${reason}`);
    if (!(error instanceof KeylessOperationError)) this.logger.error(what, error);
    const choice = await this.ui.error(`${what}. ${reason}`, KeylessAction.showLog);
    if (choice === KeylessAction.showLog) this.logger.show();
  }
}
