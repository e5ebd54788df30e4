// The key operations of one Cosmos DB account, over @azure/arm-cosmosdb 17: regenerate a key (a long-running
// operation whose poller state survives a window reload), read the current keys (only for "which key leaked?"),
// the connection string of one key (only when the user asks to copy or store it) and the account itself. Keys and
// connection strings are returned to the caller and never logged, kept or put into errors here. Every call has a
// time limit (retries included) and says so when it expires; following a regeneration has none — it can take
// hours — but each of its polls is an ARM request, which the client factory bounds.
import { restorePoller, type CosmosDBManagementClient } from '@azure/arm-cosmosdb';
import { type AccountSnapshot } from '../core/posture';
import { keyKindInfo, pickConnectionString, type AccountKeys, type KeyKind } from '../core/rotation';
import { readAccount } from './accountReader';
import { describeArmFailure, type ArmFailure, type ArmOperation } from './armFailure';
import { type ClientTarget, type CosmosClientFactory } from './cosmosClientFactory';
import { isAbortError, runWithinTimeLimit } from './requestSignal';

/** core-lro's default; Azure's Retry-After on a status answer replaces it. */
export const DEFAULT_POLL_INTERVAL_MS = 2000;

/** One account, with what a client for its subscription needs. */
export interface AccountTarget extends ClientTarget {
  readonly resourceGroup: string;
  readonly accountName: string;
}

/** A key operation failed; `failure` says why in plain words (masked), with the status and code. */
export class KeyOperationError extends Error {
  override readonly name = 'KeyOperationError';
  constructor(readonly failure: ArmFailure) {
    super(failure.message);
  }
}

/** The poller's status as core-lro reports it on each poll. */
export type RegenerationStatus = 'notStarted' | 'running' | 'succeeded' | 'failed' | 'canceled';

/** A regeneration Azure accepted. `wait` follows it until it ends; aborting stops following, not the operation. */
export interface RegenerationHandle {
  /** `poller.serialize()` right after Azure accepted it: what a restored poller resumes from. No key material. */
  readonly pollerState: string;
  /**
   * Resolves when the key was regenerated. Rejects with a {@link KeyOperationError} when Azure says it failed (or
   * the operation is unknown), or with an AbortError when `signal` fires (the operation goes on in Azure).
   */
  wait(signal?: AbortSignal, onStatus?: (status: RegenerationStatus) => void): Promise<void>;
}

/** Thrown for a stored poller state that cannot be trusted (URLs off the cloud's Resource Manager host) or read. */
export class UntrustedPollerStateError extends Error {
  override readonly name = 'UntrustedPollerStateError';
}

interface PollerLikeish {
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<void>;
  onProgress(callback: (state: { status: RegenerationStatus }) => void): () => void;
  serialize(): Promise<string>;
  submitted(): Promise<void>;
}

/** URLs a poller may call: the cloud's Resource Manager host or a regional host under it (`westus.management.azure.com`). */
function checkPollerState(serialized: string, endpoint: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(serialized);
  } catch {
    throw new UntrustedPollerStateError('The stored operation state is not JSON.');
  }
  const config = (parsed as { state?: { config?: Record<string, unknown> } } | null)?.state?.config ?? {};
  const armHost = new URL(endpoint).host.toLowerCase();
  for (const field of ['operationLocation', 'resourceLocation', 'initialRequestUrl'] as const) {
    const value = config[field];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') throw new UntrustedPollerStateError(`The stored operation's ${field} is not a URL.`);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new UntrustedPollerStateError(`The stored operation's ${field} is not a URL.`);
    }
    const host = url.host.toLowerCase();
    // A token must only ever go where the Resource Manager endpoint is: never follow a stored URL elsewhere.
    if (url.protocol !== 'https:' || (host !== armHost && !host.endsWith(`.${armHost}`))) {
      throw new UntrustedPollerStateError(`The stored operation points at ${url.origin}, not at ${endpoint}; it is not followed.`);
    }
  }
}

/** Time limits of the key operations, in milliseconds, retries included. */
export interface KeyOperationTimeLimits {
  /** Until Azure accepted a regeneration (its 202). */
  readonly regenerateKeyMs: number;
  /** Reading the account (before a regeneration is sent, after it is done). */
  readonly readAccountMs: number;
  /** listKeys / readonlykeys, for "which key leaked?". */
  readonly listKeysMs: number;
  readonly listConnectionStringsMs: number;
}

export const DEFAULT_KEY_OPERATION_TIME_LIMITS: KeyOperationTimeLimits = Object.freeze({
  regenerateKeyMs: 60_000, readAccountMs: 30_000, listKeysMs: 30_000, listConnectionStringsMs: 30_000,
});

export interface KeyOperationsOptions {
  /** Delay between status polls when Azure sends no Retry-After (default {@link DEFAULT_POLL_INTERVAL_MS}). */
  readonly pollIntervalMs?: number;
  readonly timeLimits?: Partial<KeyOperationTimeLimits>;
}

export class KeyOperations {
  constructor(private readonly factory: CosmosClientFactory, private readonly options: KeyOperationsOptions = {}) {}

  private client(target: AccountTarget): CosmosDBManagementClient {
    return this.factory.create(target);
  }

  private get interval(): number {
    return this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  }

  private limit(kind: keyof KeyOperationTimeLimits): number {
    return this.options.timeLimits?.[kind] ?? DEFAULT_KEY_OPERATION_TIME_LIMITS[kind];
  }

  /**
   * An AbortError is the caller's cancellation only when the caller's signal fired; any other one is a time limit
   * (ours, or the per-request limit of the client factory) and becomes a failure that says so.
   */
  private fail(error: unknown, op: ArmOperation, target: AccountTarget, signal?: AbortSignal, timeoutMs?: number): never {
    if (error instanceof KeyOperationError) throw error;
    if (isAbortError(error) && signal?.aborted) throw error;
    throw new KeyOperationError(describeArmFailure(error, op, { endpoint: target.cloud.resourceManagerEndpoint, ...(timeoutMs ? { timeoutMs } : {}) }));
  }

  /** Runs one call under its time limit; every request it makes (next pages too) carries the combined signal. */
  private async timed<T>(kind: keyof KeyOperationTimeLimits, op: ArmOperation, target: AccountTarget, signal: AbortSignal | undefined,
    call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ms = this.limit(kind);
    try {
      return await runWithinTimeLimit(signal, ms, call);
    } catch (error) {
      this.fail(error, op, target, signal, ms);
    }
  }

  /**
   * Asks Azure to regenerate `keyKind` and resolves once Azure accepted it (202), with the handle to follow it.
   * Rejects with a {@link KeyOperationError} when Azure refuses (403 naming the permission, 409 while another
   * operation runs, …); nothing was started then.
   */
  async startRegeneration(target: AccountTarget, keyKind: KeyKind, signal?: AbortSignal): Promise<RegenerationHandle> {
    const op: ArmOperation = { kind: 'regenerateKey', accountName: target.accountName, keyLabel: keyKindInfo(keyKind).label };
    const client = this.client(target);
    // No abortSignal in the options: the SDK would use it for every later poll too, and the time limit is for the
    // request only. The signal reaches the request (sent as the poller is created) through withRequestSignal.
    // (Wrapped: a poller is a thenable, and returning it from an async function would wait for the whole operation.)
    const { poller } = await this.timed('regenerateKeyMs', op, target, signal, async () => {
      const created = client.databaseAccounts.regenerateKey(target.resourceGroup, target.accountName, { keyKind },
        { updateIntervalInMs: this.interval }) as unknown as PollerLikeish;
      await created.submitted();
      return { poller: created };
    });
    const pollerState = await poller.serialize();
    return this.handle(poller, target, keyKind, pollerState);
  }

  /** Follows a regeneration from its stored poller state (after a window reload), on a new client. */
  resumeRegeneration(target: AccountTarget, keyKind: KeyKind, pollerState: string): RegenerationHandle {
    checkPollerState(pollerState, target.cloud.resourceManagerEndpoint);
    const client = this.client(target);
    const poller = restorePoller(client, pollerState, client.databaseAccounts.regenerateKey,
      { updateIntervalInMs: this.interval }) as unknown as PollerLikeish;
    return this.handle(poller, target, keyKind, pollerState);
  }

  private handle(poller: PollerLikeish, target: AccountTarget, keyKind: KeyKind, pollerState: string): RegenerationHandle {
    const op: ArmOperation = { kind: 'watchRegeneration', accountName: target.accountName, keyLabel: keyKindInfo(keyKind).label };
    return {
      pollerState,
      wait: async (signal, onStatus) => {
        const unsubscribe = onStatus ? poller.onProgress((s) => onStatus(s.status)) : undefined;
        try {
          await poller.pollUntilDone(signal ? { abortSignal: signal } : {});
        } catch (error) {
          this.fail(error, op, target, signal);
        } finally {
          unsubscribe?.();
        }
      },
    };
  }

  /**
   * The account as it is now (after a regeneration: its new `keysMetadata`), with each key's last use where Azure
   * reports it (the preview api-version; see accountReader.ts).
   */
  async readAccount(target: AccountTarget, signal?: AbortSignal): Promise<AccountSnapshot> {
    const previewApi = this.factory.previewApi;
    return this.timed('readAccountMs', { kind: 'readAccount', accountName: target.accountName }, target, signal,
      (s) => readAccount({ json: this.factory.armJson(target), endpoint: target.cloud.resourceManagerEndpoint, previewApi, signal: s }, target));
  }

  /**
   * The account's current keys, to compare with a leaked one. A caller without `listKeys` (403) but with
   * `readonlykeys` (Cosmos DB Account Reader) gets the two read-only keys and `readOnlyOnly: true`.
   */
  async currentKeys(target: AccountTarget, signal?: AbortSignal): Promise<{ readonly keys: AccountKeys; readonly readOnlyOnly: boolean }> {
    const client = this.client(target);
    const listKeys: ArmOperation = { kind: 'listKeys', accountName: target.accountName };
    const forbidden = (error: unknown): boolean => error instanceof KeyOperationError && error.failure.statusCode === 403;
    try {
      const k = await this.timed('listKeysMs', listKeys, target, signal,
        (s) => client.databaseAccounts.listKeys(target.resourceGroup, target.accountName, { abortSignal: s }));
      return { keys: { primary: k.primaryMasterKey, secondary: k.secondaryMasterKey, primaryReadonly: k.primaryReadonlyMasterKey,
        secondaryReadonly: k.secondaryReadonlyMasterKey }, readOnlyOnly: false };
    } catch (error) {
      if (!forbidden(error)) throw error;
    }
    try {
      const k = await this.timed('listKeysMs', { kind: 'readOnlyKeys', accountName: target.accountName }, target, signal,
        (s) => client.databaseAccounts.listReadOnlyKeys(target.resourceGroup, target.accountName, { abortSignal: s }));
      return { keys: { primaryReadonly: k.primaryReadonlyMasterKey, secondaryReadonly: k.secondaryReadonlyMasterKey }, readOnlyOnly: true };
    } catch (error) {
      // Neither: name the permission that would have answered the question fully.
      if (error instanceof KeyOperationError && forbidden(error)) {
        const { code, requestId } = error.failure;
        throw new KeyOperationError({ ...describeArmFailure({ statusCode: 403, code }, listKeys), ...(requestId ? { requestId } : {}) });
      }
      throw error;
    }
  }

  /** The connection string built with `keyKind` (the account's main API), fetched on demand; never cached. */
  async connectionString(target: AccountTarget, keyKind: KeyKind, signal?: AbortSignal): Promise<string> {
    const op: ArmOperation = { kind: 'listConnectionStrings', accountName: target.accountName, keyLabel: keyKindInfo(keyKind).label };
    const entries = (await this.timed('listConnectionStringsMs', op, target, signal,
      (s) => this.client(target).databaseAccounts.listConnectionStrings(target.resourceGroup, target.accountName, { abortSignal: s })))
      .connectionStrings ?? [];
    const entry = pickConnectionString(entries, keyKind);
    if (!entry?.connectionString) {
      throw new KeyOperationError({ kind: 'other', code: 'NoConnectionString',
        message: `Azure returned no connection string for the ${keyKindInfo(keyKind).label} of ${target.accountName}.` });
    }
    return entry.connectionString;
  }
}
