// Finds every Cosmos DB account in a set of subscriptions, with what posture needs to know about each: one account
// list per subscription (all pages; the list carries the full account, so there is no GET per account; read with the
// api-version that reports key usage where the endpoint serves it, see accountReader.ts), the subscription's Defender
// for Azure Cosmos DB plan (one GET, only for subscriptions that have accounts) and, only where
// `shouldLookUpNotebookWorkspace` says it can matter (NoSQL accounts created before the notebook feature was switched
// off in August 2021), one `notebookWorkspaces.listByDatabaseAccount`. Never listKeys: key ages and last use come
// from keysMetadata. Diagnostic settings and the Activity Log are read on demand only (accountEvidence.ts).
//
// Subscriptions run in parallel under one cap on ARM operations in flight (RequestLimiter). A subscription that
// fails (403, 5xx, timeout) becomes a failed entry with a precise reason; the others carry on. Each operation has
// its own time limit; cancelling the caller's signal aborts everything in flight, next pages included.
import type { CosmosDBManagementClient } from '@azure/arm-cosmosdb';
import {
  notebookStateFromError, notebookStateFromList, shouldLookUpNotebookWorkspace, type AccountSnapshot, type DefenderPlanEvidence,
} from '../core/posture';
import { snapshotFromArmJson } from './accountMapping';
import { listAccounts } from './accountReader';
import { describeArmFailure, unreadableEvidence, type ArmFailure, type ArmOperation } from './armFailure';
import { type ArmJsonClient } from './armJsonClient';
import { subscriptionRef, type ArmSubscription, type SubscriptionRef } from './armSubscription';
import { type CosmosClientFactory } from './cosmosClientFactory';
import { defenderPlanFromFailure, readDefenderPricingTier } from './defenderPlan';
import { DEFAULT_MAX_CONCURRENT_REQUESTS, RequestLimiter } from './requestLimiter';
import { OperationCancelledError, withinTimeLimit, withRequestSignal } from './requestSignal';

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
  /** Read each subscription's Defender plan (default true); `false` lists accounts only (scan --verify). */
  readonly readDefenderPlans?: boolean;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function nameOf(raw: unknown): { name: string; id?: string } {
  const r = typeof raw === 'object' && raw !== null ? raw as { name?: unknown; id?: unknown } : {};
  return { name: typeof r.name === 'string' && r.name ? r.name : '(no name)', ...(typeof r.id === 'string' && r.id ? { id: r.id } : {}) };
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
        const signal = withinTimeLimit(userSignal, timeoutMs);
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

  /** Defender for Azure Cosmos DB is a per-subscription plan: one GET, after the list, only when there are accounts. */
  const readDefenderPlan = async (json: ArmJsonClient, endpoint: string, subscriptionId: string): Promise<DefenderPlanEvidence> => {
    const op: ArmOperation = { kind: 'readDefenderPlan', subscriptionId };
    const outcome = await operation(op, endpoint, true, (signal) => readDefenderPricingTier(json, subscriptionId, signal));
    if ('value' in outcome) return { status: 'read', pricingTier: outcome.value };
    return defenderPlanFromFailure(outcome.failure) ?? unreadableEvidence(outcome.failure, op);
  };

  const discoverOne = async (subscription: ArmSubscription): Promise<SubscriptionDiscovery> => {
    const ref = subscriptionRef(subscription);
    const client = options.clientFactory.create(subscription);
    const json = options.clientFactory.armJson(subscription);
    const endpoint = subscription.cloud.resourceManagerEndpoint;
    const context = { json, endpoint, previewApi: options.clientFactory.previewApi };
    const listed = await operation({ kind: 'listAccounts', subscriptionId: subscription.subscriptionId }, endpoint, false,
      (signal) => listAccounts({ ...context, signal }, subscription.subscriptionId));
    if ('failure' in listed) return { status: 'failed', subscription: ref, failure: listed.failure };
    const unreadable: UnreadableAccount[] = [];
    const snapshots: AccountSnapshot[] = [];
    for (const raw of listed.value.items) {
      try {
        snapshots.push(snapshotFromArmJson(raw, listed.value.keyUsageReported));
      } catch (error) {
        unreadable.push({ ...nameOf(raw), reason: error instanceof Error ? error.message : String(error) });
      }
    }
    const defender = snapshots.length > 0 && options.readDefenderPlans !== false
      ? readDefenderPlan(json, endpoint, subscription.subscriptionId) : undefined;
    const looked = await Promise.all(snapshots.map((s) => lookUpNotebook(client, endpoint, s)));
    const defenderPlan = await defender;
    const accounts = defenderPlan ? looked.map((a) => ({ ...a, snapshot: { ...a.snapshot, defenderPlan } })) : looked;
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
