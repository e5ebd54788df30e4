// Turns key authentication off (`disableLocalAuth` and `disableKeyBasedMetadataWriteAccess` true) or back on (both
// false) with a PATCH of the account (`databaseAccounts.update`, long-running) over @azure/arm-cosmosdb 17. The account
// is read again right before sending: nothing is sent when it is already in the target state, or when keys are to go
// off on an account that is not API for NoSQL (the setting is NoSQL-only). A refusal by the service — such as
// Microsoft's key-usage check, which blocks turning keys off while a key was used in the last 12 hours — becomes a
// plain-words error that keeps the service's reason. Reading, sending and following each have a time limit.
import { keylessSupport } from '../core/keyless';
import { type AccountSnapshot } from '../core/posture';
import { readAccount } from './accountReader';
import { type ArmOperation } from './armFailure';
import { type CosmosClientFactory } from './cosmosClientFactory';
import { serviceRefusal, type KeylessTarget } from './dataPlaneRoles';
import { keylessCall, KeylessOperationError } from './keylessOperationError';

export interface LocalAuthTimeLimits {
  readonly readAccountMs: number;
  /** Until Azure accepted the PATCH. */
  readonly sendMs: number;
  /** Following the update until it ended (an account update can take minutes). */
  readonly waitMs: number;
}

export const DEFAULT_LOCAL_AUTH_TIME_LIMITS: LocalAuthTimeLimits = Object.freeze({ readAccountMs: 30_000, sendMs: 60_000, waitMs: 1_200_000 });

export type LocalAuthProgress = 'checking' | 'sending' | 'waiting' | 'done';

export interface LocalAuthOutcome {
  /** `unchanged`: the account was in the target state already; nothing was sent. */
  readonly outcome: 'changed' | 'unchanged';
  /** The account as read after the change (or before, when unchanged). */
  readonly account: AccountSnapshot;
}

interface PollerLikeish {
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  submitted(): Promise<void>;
}

export class LocalAuthSwitch {
  constructor(private readonly factory: CosmosClientFactory,
    private readonly options: { readonly pollIntervalMs?: number; readonly timeLimits?: Partial<LocalAuthTimeLimits> } = {}) {}

  private limit(kind: keyof LocalAuthTimeLimits): number {
    return this.options.timeLimits?.[kind] ?? DEFAULT_LOCAL_AUTH_TIME_LIMITS[kind];
  }

  private timed<T>(kind: keyof LocalAuthTimeLimits, op: ArmOperation, target: KeylessTarget, signal: AbortSignal | undefined,
    call: (signal: AbortSignal) => Promise<T>, timeoutNote = ''): Promise<T> {
    return keylessCall(this.limit(kind), op, target.cloud.resourceManagerEndpoint, signal, call, timeoutNote);
  }

  /** The account as it is now (its API, `disableLocalAuth`, key usage). Throws a KeylessOperationError. */
  async readAccount(target: KeylessTarget, signal?: AbortSignal): Promise<AccountSnapshot> {
    return this.timed('readAccountMs', { kind: 'readAccount', accountName: target.accountName }, target, signal, (s) => readAccount({
      json: this.factory.armJson(target), endpoint: target.cloud.resourceManagerEndpoint, previewApi: this.factory.previewApi, signal: s }, target));
  }

  /**
   * `disable` true: turns key authentication off; false: back on. Resolves when Azure finished the update, with the
   * account read again. Throws a KeylessOperationError: `notNoSql` (nothing sent), `serviceRefused` (Azure's 400, its
   * reason kept), `arm` (403 naming Microsoft.DocumentDB/databaseAccounts/write, 409, timeout, a failed operation).
   */
  async setLocalAuth(target: KeylessTarget, disable: boolean,
    options: {
      readonly signal?: AbortSignal;
      readonly onProgress?: (step: LocalAuthProgress) => void;
      /** The account as re-read right before sending (its key usage, for a last warning); not called when nothing is sent for its API. */
      readonly onChecked?: (account: AccountSnapshot) => void;
    } = {}): Promise<LocalAuthOutcome> {
    const change = disable ? 'turn key authentication off' : 'turn key authentication back on';
    const op: ArmOperation = { kind: 'updateAccount', accountName: target.accountName, change };
    options.onProgress?.('checking');
    const before = await this.readAccount(target, options.signal);
    // Only turning keys off is NoSQL-only: the way back stays open for any account that has them off.
    const support = keylessSupport(before);
    if (disable && !support.supported) {
      throw new KeylessOperationError('notNoSql', { kind: 'other', code: 'NotNoSqlAccount', message: `Cosmos Guard does not ${change} for ${target.accountName}. `
        + support.reason });
    }
    options.onChecked?.(before);
    if ((before.disableLocalAuth === true) === disable && (before.disableKeyBasedMetadataWriteAccess === true) === disable) {
      options.onProgress?.('done');
      return { outcome: 'unchanged', account: before };
    }

    const client = this.factory.create(target);
    options.onProgress?.('sending');
    // Wrapped: a poller is a thenable, and returning it from an async function would wait for the whole operation.
    const { poller } = await this.refusals(change, target, () => this.timed('sendMs', op, target, options.signal, async () => {
      const created = client.databaseAccounts.update(target.resourceGroup, target.accountName,
        { disableLocalAuth: disable, disableKeyBasedMetadataWriteAccess: disable },
        { updateIntervalInMs: this.options.pollIntervalMs ?? 2000 }) as unknown as PollerLikeish;
      await created.submitted();
      return { poller: created };
    }, 'It may have reached Azure: read the account again before trying again.'));
    options.onProgress?.('waiting');
    await this.refusals(change, target, () => this.timed('waitMs', op, target, options.signal, (s) => poller.pollUntilDone({ abortSignal: s }),
      'The update goes on in Azure: refresh the account later to see whether key authentication changed.'));
    const after = await this.readAccount(target, options.signal);
    options.onProgress?.('done');
    return { outcome: 'changed', account: after };
  }

  private async refusals<T>(change: string, target: KeylessTarget, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof KeylessOperationError && error.failure.statusCode === 400) throw serviceRefusal(error, `Azure refused to ${change} for ${target.accountName}`);
      throw error;
    }
  }
}
