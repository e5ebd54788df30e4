// Finds every Cosmos DB account in a set of subscriptions, with what posture needs to know about each: one
// `databaseAccounts.list` per subscription (all pages; the list carries the full account, so there is no GET per
// account) and, only where `shouldLookUpNotebookWorkspace` says it can matter (NoSQL accounts created before the
// notebook feature was switched off in August 2021), one `notebookWorkspaces.listByDatabaseAccount`.
// Never listKeys: key ages come from keysMetadata.
//
// Subscriptions run in parallel under one cap on ARM operations in flight (RequestLimiter). A subscription that
// fails (403, 5xx, timeout) becomes a failed entry with a precise reason; the others carry on. Each operation has
// its own time limit; cancelling the caller's signal aborts everything in flight, next pages included.
import type { CosmosDBManagementClient, DatabaseAccountGetResults } from '@azure/arm-cosmosdb';
import {
  notebookStateFromError, notebookStateFromList, shouldLookUpNotebookWorkspace, type AccountSnapshot,
} from '../core/posture';
import { toAccountSnapshot } from './accountMapping';
import { describeArmFailure, type ArmFailure, type ArmOperation } from './armFailure';
import { subscriptionRef, type ArmSubscription, type SubscriptionRef } from './armSubscription';
import { type CosmosClientFactory } from './cosmosClientFactory';
import { DEFAULT_MAX_CONCURRENT_REQUESTS, RequestLimiter } from './requestLimiter';
import { OperationCancelledError, withRequestSignal } from './requestSignal';

/** The default time limit of one ARM operation (a list with all its pages, or one look-up), retries included. */
export const DEFAULT_OPERATION_TIMEOUT_MS = 60_000;

export interface DiscoveredAccount {
  readonly snapshot: AccountSnapshot;
  /** Why the notebook workspace is `unknown`, when a look-up failed with something other than 404/400. */
  readonly notebookFailure?: ArmFailure;
}

/** An account the list returned but that could not be read into a snapshot. */
export interface UnreadableAccount {
  readonly name: string;
  readonly id?: string;
  readonly reason: string;
}

export type SubscriptionDiscovery =
  | {
    readonly status: 'ok';
    readonly subscription: SubscriptionRef;
    /** In the order ARM listed them. */
    readonly accounts: readonly DiscoveredAccount[];
    readonly unreadable: readonly UnreadableAccount[];
  }
  | { readonly status: 'failed'; readonly subscription: SubscriptionRef; readonly failure: ArmFailure };

export interface DiscoveryResult {
  /** One entry per subscription, in the order given. */
  readonly subscriptions: readonly SubscriptionDiscovery[];
  readonly durationMs: number;
}

export interface DiscoveryOptions {
  readonly clientFactory: CosmosClientFactory;
  readonly maxConcurrentRequests?: number;
  readonly operationTimeoutMs?: number;
  /** Cancels the whole discovery: it then rejects with an AbortError. */
  readonly signal?: AbortSignal;
  /** Called as each subscription finishes, in completion order (for progressive display). */
  readonly onSubscription?: (result: SubscriptionDiscovery) => void;
  /** Look up notebook workspaces where they can matter (default true); `false` lists accounts only (scan --verify). */
  readonly lookUpNotebooks?: boolean;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Audits the subscriptions. Rejects only when `options.signal` is aborted. */
export async function discoverAccounts(subscriptions: readonly ArmSubscription[], options: DiscoveryOptions): Promise<DiscoveryResult> {
  const started = Date.now();
  const limiter = new RequestLimiter(options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS);
  const timeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
  const userSignal = options.signal;

  /** Runs one ARM operation under the cap, with its own time limit; failures come back described. */
  const operation = async <T>(op: ArmOperation, endpoint: string, urgent: boolean,
    call: (signal: AbortSignal) => Promise<T>): Promise<{ value: T } | { failure: ArmFailure }> => {
    try {
      const value = await limiter.run(() => {
        const signal = userSignal ? AbortSignal.any([userSignal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
        return withRequestSignal(signal, () => call(signal));
      }, { urgent, signal: userSignal });
      return { value };
    } catch (error) {
      // The caller cancelled: stop everything. An abort we did not ask for is this operation's time limit.
      if (userSignal?.aborted) throw new OperationCancelledError();
      return { failure: describeArmFailure(error, op, { timeoutMs, endpoint }) };
    }
  };

  const lookUpNotebook = async (client: CosmosDBManagementClient, endpoint: string, snapshot: AccountSnapshot): Promise<DiscoveredAccount> => {
    if (options.lookUpNotebooks === false || !shouldLookUpNotebookWorkspace(snapshot)) return { snapshot };
    const op: ArmOperation = { kind: 'notebookLookup', subscriptionId: snapshot.subscriptionId, accountName: snapshot.name };
    const outcome = await operation(op, endpoint, true,
      (signal) => collect(client.notebookWorkspaces.listByDatabaseAccount(snapshot.resourceGroup, snapshot.name, { abortSignal: signal })));
    if ('value' in outcome) return { snapshot: { ...snapshot, notebookWorkspace: notebookStateFromList(outcome.value.length) } };
    const state = notebookStateFromError(outcome.failure.statusCode);
    return { snapshot: { ...snapshot, notebookWorkspace: state }, ...(state === 'unknown' ? { notebookFailure: outcome.failure } : {}) };
  };

  const discoverOne = async (subscription: ArmSubscription): Promise<SubscriptionDiscovery> => {
    const ref = subscriptionRef(subscription);
    const client = options.clientFactory.create(subscription);
    const endpoint = subscription.cloud.resourceManagerEndpoint;
    const listed = await operation({ kind: 'listAccounts', subscriptionId: subscription.subscriptionId }, endpoint, false,
      (signal) => collect<DatabaseAccountGetResults>(client.databaseAccounts.list({ abortSignal: signal })));
    if ('failure' in listed) return { status: 'failed', subscription: ref, failure: listed.failure };
    const unreadable: UnreadableAccount[] = [];
    const snapshots: AccountSnapshot[] = [];
    for (const account of listed.value) {
      try {
        snapshots.push(toAccountSnapshot(account));
      } catch (error) {
        unreadable.push({ name: account.name ?? '(no name)', ...(account.id ? { id: account.id } : {}),
          reason: error instanceof Error ? error.message : String(error) });
      }
    }
    const accounts = await Promise.all(snapshots.map((s) => lookUpNotebook(client, endpoint, s)));
    return { status: 'ok', subscription: ref, accounts, unreadable };
  };

  if (userSignal?.aborted) throw new OperationCancelledError();
  const results = await Promise.all(subscriptions.map(async (s) => {
    const result = await discoverOne(s);
    options.onSubscription?.(result);
    return result;
  }));
  if (userSignal?.aborted) throw new OperationCancelledError();
  return { subscriptions: results, durationMs: Date.now() - started };
}
