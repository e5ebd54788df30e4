// The audit behind `cosmos-guard posture`: subscriptions (given, or all the credential can list), accounts through
// the same discovery the extension uses, and the core's posture rules. Everything readable is kept; whatever could
// not be read becomes an error entry, so the report is complete or says exactly what is missing.
import { discoverAccounts, type SubscriptionDiscovery } from '../azure/accountDiscovery';
import { readAccountEvidence } from '../azure/accountEvidence';
import { type ArmCloud } from '../azure/armCloud';
import { ArmDirectory } from '../azure/armDirectory';
import { describeArmFailure } from '../azure/armFailure';
import { type ArmSubscription, type SubscriptionRef } from '../azure/armSubscription';
import { CosmosClientFactory } from '../azure/cosmosClientFactory';
import { DEFAULT_MAX_CONCURRENT_REQUESTS, RequestLimiter } from '../azure/requestLimiter';
import { isAbortError } from '../azure/requestSignal';
import {
  DEFAULT_KEY_READ_DAYS, evaluatePosture, uncheckedRules, type AccountSnapshot, type PostureFinding, type UncheckedRule,
} from '../core/posture';
import { cliCredential } from './cliCredential';

export interface PostureRunOptions {
  readonly cloud: ArmCloud;
  /** Subscription ids to audit, lower-case; empty: every subscription the credential can list. */
  readonly subscriptionIds: readonly string[];
  readonly maxKeyAgeDays: number;
  readonly env: NodeJS.ProcessEnv;
  readonly userAgentPrefix: string;
  readonly maxConcurrentRequests?: number;
  readonly signal?: AbortSignal;
  /** The clock the findings are judged against. */
  readonly now?: number;
  /**
   * Also read, per account, the diagnostic settings and the Activity Log's key reads of the last
   * `DEFAULT_KEY_READ_DAYS` days (two more requests per account), for `no-diagnostic-logs` and `keys-read-recently`.
   */
  readonly deep?: boolean;
}

export interface AuditedAccount {
  readonly subscription: SubscriptionRef;
  readonly snapshot: AccountSnapshot;
  readonly findings: readonly PostureFinding[];
  /** Enabled rules whose evidence could not be read (never a pass). */
  readonly unchecked: readonly UncheckedRule[];
}

export interface PostureError {
  /** `null` when the subscription list itself could not be read. */
  readonly subscriptionId: string | null;
  readonly code: string;
  readonly message: string;
}

export interface PostureOutcome {
  /** The clock the findings were judged against. */
  readonly now: number;
  readonly subscriptions: readonly SubscriptionRef[];
  readonly accounts: readonly AuditedAccount[];
  readonly errors: readonly PostureError[];
  readonly credentialSource: string;
  readonly requestCount: number;
  readonly durationMs: number;
}

function errorsOf(result: SubscriptionDiscovery): PostureError[] {
  const subscriptionId = result.subscription.subscriptionId;
  if (result.status === 'failed') return [{ subscriptionId, code: result.failure.code, message: result.failure.message }];
  return [
    ...result.unreadable.map((u) => ({ subscriptionId, code: 'UnreadableAccount', message: `Could not read account ${u.name}: ${u.reason}` })),
    ...result.accounts.filter((a) => a.notebookFailure).map((a) => ({
      subscriptionId, code: a.notebookFailure!.code,
      message: `${a.notebookFailure!.message} Its notebook-workspace finding is unknown.`,
    })),
  ];
}

export async function runPosture(options: PostureRunOptions): Promise<PostureOutcome> {
  const started = Date.now();
  const now = options.now ?? Date.now();
  const { credential, source } = await cliCredential(options.env);
  const factory = new CosmosClientFactory({ userAgentPrefix: options.userAgentPrefix });
  const errors: PostureError[] = [];
  const directory = new ArmDirectory(options.cloud, credential, factory);

  // Names come from the subscription list; with --subscription, a failed list only costs the names.
  let listed: Awaited<ReturnType<ArmDirectory['listSubscriptions']>> | undefined;
  try {
    listed = await directory.listSubscriptions(options.signal);
  } catch (error) {
    if (options.signal?.aborted && isAbortError(error)) throw error;
    if (options.subscriptionIds.length === 0) {
      const failure = describeArmFailure(error, { kind: 'listSubscriptions', endpoint: options.cloud.resourceManagerEndpoint });
      errors.push({ subscriptionId: null, code: failure.code, message: failure.message });
    }
  }
  const byId = new Map((listed ?? []).map((s) => [s.subscriptionId.toLowerCase(), s]));
  const ids = options.subscriptionIds.length ? options.subscriptionIds : (listed ?? []).map((s) => s.subscriptionId.toLowerCase());
  const subscriptions: ArmSubscription[] = ids.map((id) => {
    const s = byId.get(id);
    return { subscriptionId: s?.subscriptionId ?? id, name: s?.displayName ?? id, tenantId: s?.tenantId ?? '', cloud: options.cloud, credential };
  });

  const result = await discoverAccounts(subscriptions, {
    clientFactory: factory, signal: options.signal,
    ...(options.maxConcurrentRequests ? { maxConcurrentRequests: options.maxConcurrentRequests } : {}),
  });
  const accounts: AuditedAccount[] = [];
  // Each account's deep read sends its two requests (diagnostic settings, Activity Log) at once: half the slots.
  const limiter = new RequestLimiter(Math.max(1, Math.floor((options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS) / 2)));
  const deepen = async (snapshot: AccountSnapshot): Promise<AccountSnapshot> => {
    if (!options.deep) return snapshot;
    const target = { subscriptionId: snapshot.subscriptionId, resourceGroup: snapshot.resourceGroup, accountName: snapshot.name, accountId: snapshot.id,
      cloud: options.cloud, credential };
    const evidence = await limiter.run(() => readAccountEvidence(factory, target, { keyAccessDays: DEFAULT_KEY_READ_DAYS, diagnosticSettings: true },
      { now, ...(options.signal ? { signal: options.signal } : {}) }), options.signal ? { signal: options.signal } : {});
    return { ...snapshot, ...evidence };
  };
  const found: { subscription: SubscriptionRef; snapshot: AccountSnapshot }[] = [];
  for (const r of result.subscriptions) {
    errors.push(...errorsOf(r));
    if (r.status !== 'ok') continue;
    const sorted = [...r.accounts].sort((a, b) => a.snapshot.name.localeCompare(b.snapshot.name));
    found.push(...sorted.map((a) => ({ subscription: r.subscription, snapshot: a.snapshot })));
  }
  // Every account at once, under the one cap on requests in flight.
  const snapshots = await Promise.all(found.map((a) => deepen(a.snapshot)));
  const postureOptions = { now, maxKeyAgeDays: options.maxKeyAgeDays };
  snapshots.forEach((snapshot, i) => {
    accounts.push({ subscription: found[i]!.subscription, snapshot, findings: evaluatePosture(snapshot, postureOptions),
      unchecked: uncheckedRules(snapshot, postureOptions) });
  });
  return {
    now, subscriptions: result.subscriptions.map((r) => r.subscription), accounts, errors, credentialSource: source,
    requestCount: factory.requestCount, durationMs: Date.now() - started,
  };
}
