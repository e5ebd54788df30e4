// What every part of key rotation uses: its dependencies (passed in by keyRotationFeature.ts), the one watcher of
// running regenerations, and the small Azure chores around them — the account's target, reading it again after a
// regeneration, and telling the user about a failure once, with Show Log.
import * as vscode from 'vscode';
import { type ArmFailure } from '../../azure/armFailure';
import { type ArmSubscription } from '../../azure/armSubscription';
import { type AccountTarget, type KeyOperations } from '../../azure/keyOperations';
import { type KeyVaultSecretWriter } from '../../azure/keyVaultSecrets';
import { maskSecrets } from '../../core/masking/maskSecrets';
import { parseAccountId, parseTimestamp, type AccountSnapshot } from '../../core/posture';
import { generationTime, type AccountRef, type KeyKind, type PendingOperation } from '../../core/rotation';
import { type FlowUi } from '../../platform/flow/flowUi';
import { type Logger } from '../../platform/logger';
import { type AccountsModel } from '../accounts/accountsModel';
import { RegenerationWatcher } from './regenerationWatcher';
import { type RotationStore } from './rotationStore';

/** The accounts view as key rotation uses it. */
export interface RotationAccounts {
  readonly model: Pick<AccountsModel, 'account' | 'subscriptions' | 'updateAccount' | 'allAccounts'>;
  ensureLoaded(): Promise<void>;
  resolveSubscription(subscriptionId: string, signal?: AbortSignal): Promise<ArmSubscription>;
}

/** The rotation settings, read when they are needed (they can change while a flow runs). */
export interface RotationSettings {
  /** `cosmosGuard.rotation.pairCooldownMinutes`: 0 turns the pair rule off. */
  readonly pairCooldownMinutes: number;
}

export interface KeyRotationDeps {
  readonly accounts: RotationAccounts;
  readonly operations: () => KeyOperations;
  readonly keyVault: KeyVaultSecretWriter;
  readonly store: RotationStore;
  readonly ui: () => FlowUi;
  readonly clipboard: Pick<vscode.Clipboard, 'writeText'>;
  readonly logger: Logger;
  readonly settings: () => RotationSettings;
  readonly clock?: () => number;
}

/** Notification buttons, localised when used (the l10n bundle is not loaded yet when this module is). */
export const Action = {
  get showLog() { return vscode.l10n.t('Show Log'); },
  get copyConnectionString() { return vscode.l10n.t('Copy Connection String'); },
  get resume() { return vscode.l10n.t('Resume Rotation'); },
  get abandon() { return vscode.l10n.t('Abandon Rotation…'); },
  get rotateSafely() { return vscode.l10n.t('Rotate Keys Safely…'); },
  get continueRotation() { return vscode.l10n.t('Continue Rotation'); },
};

/** The account's target: its subscription's cloud and credential, its resource group and name. */
export async function resolveTarget(accounts: Pick<RotationAccounts, 'resolveSubscription'>, ref: AccountRef): Promise<AccountTarget> {
  const subscription = await accounts.resolveSubscription(ref.subscriptionId);
  const { resourceGroup, accountName } = parseAccountId(ref.accountId);
  return { subscriptionId: subscription.subscriptionId, cloud: subscription.cloud, credential: subscription.credential, resourceGroup, accountName };
}

export function refOf(snapshot: Pick<AccountSnapshot, 'id' | 'name' | 'subscriptionId'>): AccountRef {
  return { accountId: snapshot.id, accountName: snapshot.name, subscriptionId: snapshot.subscriptionId };
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class RotationServices implements vscode.Disposable {
  readonly watcher: RegenerationWatcher;
  readonly clock: () => number;

  constructor(readonly deps: KeyRotationDeps) {
    this.clock = deps.clock ?? Date.now;
    this.watcher = new RegenerationWatcher(deps.ui, deps.logger, this.clock);
  }

  get ui(): FlowUi {
    return this.deps.ui();
  }

  get store(): RotationStore {
    return this.deps.store;
  }

  get logger(): Logger {
    return this.deps.logger;
  }

  now(): string {
    return new Date(this.clock()).toISOString();
  }

  dispose(): void {
    this.watcher.dispose();
  }

  target(ref: AccountRef): Promise<AccountTarget> {
    return resolveTarget(this.deps.accounts, ref);
  }

  /** The account as the view holds it now (what the user is shown). */
  snapshot(accountId: string): AccountSnapshot | undefined {
    return this.deps.accounts.model.account(accountId)?.account.snapshot;
  }

  /** Reads the account again, so its row, tooltip and the view's badge show the new key ages. */
  async refreshAccount(target: AccountTarget): Promise<AccountSnapshot | undefined> {
    try {
      const snapshot = await this.deps.operations().readAccount(target);
      this.deps.accounts.model.updateAccount(snapshot);
      return snapshot;
    } catch (error) {
      this.logger.warn(`Could not read ${target.accountName} again after the regeneration: ${describe(error)}`);
      return undefined;
    }
  }

  /** After Azure forgot an operation (or it could not be followed): was the key regenerated after it started? */
  async regeneratedSince(target: AccountTarget, keyKind: KeyKind, operation: PendingOperation): Promise<boolean> {
    const snapshot = await this.refreshAccount(target);
    if (!snapshot) return false;
    const generated = parseTimestamp(generationTime(snapshot.keysMetadata, keyKind));
    const started = parseTimestamp(operation.startedAt);
    // Azure's clock and ours differ by a little: a minute of slack.
    return generated !== undefined && started !== undefined && generated >= started - 60_000;
  }

  async reportFailure(failure: ArmFailure, what: string): Promise<void> {
    this.logger.warn(`${what}: ${failure.message}`);
    const choice = await this.ui.error(`${what}. ${failure.message}`, Action.showLog);
    if (choice === Action.showLog) this.logger.show();
  }

  report(error: unknown, doing: string): void {
    this.logger.error(`Failed ${doing}`, error);
    void this.ui.error(vscode.l10n.t('Cosmos Guard failed {0}: {1}', doing, maskSecrets(describe(error))), Action.showLog)
      .then((c) => { if (c === Action.showLog) this.logger.show(); });
  }
}
