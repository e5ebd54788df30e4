// The emulator's mutable world: accounts with their current keys and key metadata, and the key-regeneration
// operations in flight. Built from a validated scenario; rebuilt by reset(). Keys come from a per-account
// seeded generator so every run of a scenario serves the same keys.
import { randomUUID } from 'node:crypto';
import { identifiableKey, legacyKey, seededRandom } from '../support/keyFactory';
import { ActivityLogBook, type ActivityAccount } from './activityLogBook';
import { type Json } from './armResources';
import { connectionStringFor, type ConnectionStringEntry } from './connectionStrings';
import { buildKeylessState, type KeylessState } from './keylessState';
import {
  KEY_KINDS, resolveDate, type AccountAction, type AccountKind, type AccountSpec, type DateSpec, type KeyFormat, type KeyKind,
  type NotebookSpec, type ScenarioSpec, type SubscriptionSpec, type TenantSpec,
} from './scenario';
import { seededGuid } from './scenarioGenerator';

/** Keys regenerated before this date have no `keysMetadata` entry (Azure started recording on 2022-06-18). */
export const KEYS_METADATA_START = new Date('2022-06-18T00:00:00Z');

const DEFAULT_TENANT_ID = '00000000-0000-4000-8000-00000000c05d';

export interface AccountState {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  /** ARM resource id with the casing the scenario used. */
  readonly id: string;
  readonly kind: AccountKind;
  readonly capabilities: readonly string[];
  /** Display name ("West Europe"); `locationSlug` is the ARM short form ("westeurope"). */
  readonly location: string;
  readonly locationSlug: string;
  readonly createdAt: Date | undefined;
  readonly instanceId: string;
  readonly keyFormat: KeyFormat;
  readonly forbidden: ReadonlySet<AccountAction>;
  readonly notebook: NotebookSpec;
  readonly spec: AccountSpec;
  readonly keys: Record<KeyKind, string>;
  readonly keysMetadata: Partial<Record<KeyKind, Date>>;
  /** `approximateLastUsageTime` per key kind (preview api-version): a date, null for "no use"; absent: not reported. */
  readonly keysLastUsed: Partial<Record<KeyKind, Date | null>>;
  /** Data-plane role definitions and assignments, and the properties account updates changed. */
  readonly keyless: KeylessState;
  activeOperationId: string | undefined;
  readonly rnd: () => number;
}

export interface SubscriptionState {
  readonly spec: SubscriptionSpec;
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly accounts: readonly AccountState[];
  /** Lower-cased names of the resource groups that exist. */
  readonly resourceGroups: ReadonlySet<string>;
}

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed';

/** What a long-running operation does: regenerate a key, update the account (PATCH), create a role assignment (PUT). */
export type OperationKind = 'regenerateKey' | 'updateAccount' | 'sqlRoleAssignment';

export interface OperationState {
  readonly id: string;
  readonly subscriptionId: string;
  readonly locationSlug: string;
  readonly account: AccountState;
  readonly kind: OperationKind;
  /** The key a regeneration renews. */
  readonly keyKind?: KeyKind;
  readonly startTime: Date;
  /** Real (monotonic) start, for time-based operations: the injected clock may stand still. */
  readonly startedAtMs: number;
  readonly requiredPolls: number;
  readonly durationMs: number | undefined;
  readonly outcome: 'Succeeded' | 'Failed';
  readonly error: { readonly code: string; readonly message: string } | undefined;
  /** Applies the change when the operation succeeds. */
  readonly apply: () => void;
  /** The body of the operation's Location URL once it is done (the updated resource); none for a regeneration. */
  readonly result?: () => Json;
  polls: number;
  status: OperationStatus;
  endTime: Date | undefined;
}

export interface OperationOverrides {
  readonly outcome?: 'Succeeded' | 'Failed';
  readonly error?: { readonly code: string; readonly message: string };
  readonly polls?: number;
  readonly durationMs?: number;
}

export interface StateOptions {
  readonly now: () => Date;
  readonly lroPolls: number;
  readonly lroDurationMs: number | undefined;
}

export class EmulatorState {
  readonly tenants: readonly TenantSpec[];
  readonly subscriptions: readonly SubscriptionState[];
  readonly operations = new Map<string, OperationState>();
  /** Key operations (seeded and live) as the Activity Log serves them. */
  readonly activity = new ActivityLogBook();
  private readonly bySubscription = new Map<string, SubscriptionState>();

  /** `secrets` collects every key and connection string ever generated; it is shared across resets. */
  constructor(readonly scenario: ScenarioSpec, private readonly options: StateOptions, private readonly secrets: Set<string>) {
    const now = options.now();
    const seed = scenario.seed ?? 1;
    const defaultTenant = scenario.tenants?.[0]?.tenantId ?? DEFAULT_TENANT_ID;
    this.subscriptions = scenario.subscriptions.map((sub) => {
      const accounts = (sub.accounts ?? []).map((a) => this.buildAccount(sub, a, seed, now));
      const groups = new Set([...(sub.resourceGroups ?? []), ...accounts.map((a) => a.resourceGroup)].map((g) => g.toLowerCase()));
      const state: SubscriptionState = { spec: sub, subscriptionId: sub.subscriptionId, tenantId: sub.tenantId ?? defaultTenant, accounts,
        resourceGroups: groups };
      this.bySubscription.set(sub.subscriptionId.toLowerCase(), state);
      return state;
    });
    for (const sub of this.subscriptions) {
      for (const a of sub.accounts) {
        this.activity.seed(this.activityAccount(a), a.spec, now, seededRandom(hash32(`${seed}/activity/${a.id.toLowerCase()}`)));
      }
    }
    const tenants = [...(scenario.tenants ?? [])];
    for (const s of this.subscriptions) {
      if (!tenants.some((t) => t.tenantId.toLowerCase() === s.tenantId.toLowerCase())) {
        tenants.push({ tenantId: s.tenantId, displayName: s.tenantId });
      }
    }
    this.tenants = tenants;
  }

  now(): Date {
    return this.options.now();
  }

  subscription(id: string): SubscriptionState | undefined {
    return this.bySubscription.get(id.toLowerCase());
  }

  allAccounts(): AccountState[] {
    return this.subscriptions.flatMap((s) => s.accounts);
  }

  /** Finds an account by name, "subscriptionId/name" or full resource id (case-insensitive); throws when unknown or ambiguous. */
  findAccount(ref: string): AccountState {
    const r = ref.toLowerCase().replace(/\/+$/, '');
    const matches = this.allAccounts().filter((a) => {
      const id = a.id.toLowerCase();
      return id === r || a.name.toLowerCase() === r || `${a.subscriptionId}/${a.name}`.toLowerCase() === r;
    });
    if (matches.length === 1) return matches[0]!;
    throw new Error(matches.length ? `Account "${ref}" is ambiguous: use "subscriptionId/name"` : `No account "${ref}" in the scenario`);
  }

  /** What the Activity Log records about an account. */
  activityAccount(a: AccountState): ActivityAccount {
    return { subscriptionId: a.subscriptionId, tenantId: this.subscription(a.subscriptionId)?.tenantId ?? DEFAULT_TENANT_ID, id: a.id,
      resourceGroup: a.resourceGroup };
  }

  /** Starts a regeneration, or returns undefined when another operation holds the account's lock. */
  startRegeneration(account: AccountState, keyKind: KeyKind, overrides: OperationOverrides = {}): OperationState | undefined {
    const spec = account.spec.regenerate ?? {};
    return this.startOperation(account, 'regenerateKey', {
      polls: overrides.polls ?? spec.polls, durationMs: overrides.durationMs ?? spec.durationMs, outcome: overrides.outcome ?? spec.outcome,
      error: overrides.error ?? spec.error,
    }, {
      keyKind,
      defaultError: `Regenerating the ${keyKind} key of database account '${account.name}' failed. Please retry the operation.`,
      apply: () => {
        account.keys[keyKind] = this.newKey(account, keyKind);
        account.keysMetadata[keyKind] = this.now();
        // A new key has not been used yet (where the account reports usage at all).
        if (keyKind in account.keysLastUsed) account.keysLastUsed[keyKind] = null;
      },
    });
  }

  /**
   * Starts a long-running operation on the account (one at a time, as Azure holds an exclusive lock), or returns
   * undefined when another one holds the lock. `apply` makes the change once it succeeds.
   */
  startOperation(account: AccountState, kind: OperationKind, overrides: OperationOverrides,
    what: { readonly keyKind?: KeyKind; readonly defaultError: string; readonly apply: () => void; readonly result?: () => Json }): OperationState | undefined {
    this.settleAccount(account);
    if (account.activeOperationId !== undefined) return undefined;
    const durationMs = overrides.durationMs ?? this.options.lroDurationMs;
    const outcome = overrides.outcome ?? 'Succeeded';
    const op: OperationState = {
      // Random, not seeded: unique across resets, so a poller restored against a reset emulator gets a 404.
      id: randomUUID(),
      subscriptionId: account.subscriptionId,
      locationSlug: account.locationSlug,
      account,
      kind,
      ...(what.keyKind ? { keyKind: what.keyKind } : {}),
      startTime: this.now(),
      startedAtMs: performance.now(),
      requiredPolls: overrides.polls ?? (durationMs !== undefined ? 0 : this.options.lroPolls),
      durationMs,
      outcome,
      error: outcome === 'Failed' ? overrides.error ?? { code: 'InternalServerError', message: what.defaultError } : undefined,
      apply: what.apply,
      ...(what.result ? { result: what.result } : {}),
      polls: 0,
      status: 'InProgress',
      endTime: undefined,
    };
    this.operations.set(op.id, op);
    account.activeOperationId = op.id;
    return op;
  }

  /** Counts one status poll and moves the operation to its terminal state when its polls or time are used up. */
  pollOperation(op: OperationState): void {
    if (op.status !== 'InProgress') return;
    op.polls++;
    this.settle(op, true);
  }

  /** Completes time-based operations whose time is up (called on any request that touches the account). */
  settleAccount(account: AccountState): void {
    const op = account.activeOperationId ? this.operations.get(account.activeOperationId) : undefined;
    if (op) this.settle(op, false);
  }

  private settle(op: OperationState, polled: boolean): void {
    if (op.status !== 'InProgress') return;
    const timeUp = op.durationMs !== undefined && performance.now() - op.startedAtMs >= op.durationMs;
    const pollsUp = op.polls > op.requiredPolls;
    const done = op.durationMs !== undefined ? timeUp && (op.requiredPolls === 0 || pollsUp) : polled && pollsUp;
    if (!done) return;
    op.status = op.outcome;
    op.endTime = this.now();
    if (op.outcome === 'Succeeded') op.apply();
    this.activity.finish(op.id, op.outcome, op.endTime);
    op.account.activeOperationId = undefined;
  }

  /** A regeneration finished by someone else just now (the portal, a pipeline, another window): new key, new time. */
  regenerateNow(account: AccountState, keyKind: KeyKind): void {
    account.keys[keyKind] = this.newKey(account, keyKind);
    account.keysMetadata[keyKind] = this.now();
  }

  connectionStrings(account: AccountState): ConnectionStringEntry[] {
    return KEY_KINDS.map((k) => connectionStringFor(account, k, account.keys[k]));
  }

  private buildAccount(sub: SubscriptionSpec, spec: AccountSpec, seed: number, now: Date): AccountState {
    const rnd = seededRandom(hash32(`${seed}/${sub.subscriptionId.toLowerCase()}/${spec.name.toLowerCase()}`));
    const kind = spec.kind ?? 'GlobalDocumentDB';
    const capabilities = [...(spec.capabilities ?? [])];
    if (kind === 'MongoDB' && !capabilities.includes('EnableMongo')) capabilities.unshift('EnableMongo');
    const location = spec.location ?? 'West Europe';
    const createdAt = spec.createdAt ? resolveDate(spec.createdAt, now) : undefined;
    const account: AccountState = {
      subscriptionId: sub.subscriptionId,
      resourceGroup: spec.resourceGroup,
      name: spec.name,
      id: `/subscriptions/${sub.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.DocumentDB/databaseAccounts/${spec.name}`,
      kind,
      capabilities,
      location,
      locationSlug: location.toLowerCase().replace(/\s+/g, ''),
      createdAt,
      instanceId: seededGuid(rnd),
      keyFormat: spec.keyFormat ?? this.scenario.keyFormat ?? 'identifiable',
      forbidden: new Set(spec.forbiddenActions ?? []),
      notebook: spec.notebookWorkspace ?? 'absent',
      spec,
      keys: { primary: '', secondary: '', primaryReadonly: '', secondaryReadonly: '' },
      keysMetadata: {},
      keysLastUsed: {},
      keyless: buildKeylessState(spec, seededRandom(hash32(`${seed}/keyless/${sub.subscriptionId.toLowerCase()}/${spec.name.toLowerCase()}`))),
      activeOperationId: undefined,
      rnd,
    };
    for (const k of KEY_KINDS) {
      account.keys[k] = this.newKey(account, k);
      const when = keyGenerationTime(spec, k, createdAt, now);
      if (when) account.keysMetadata[k] = when;
      const used = spec.keysLastUsedAt?.[k];
      if (used !== undefined) account.keysLastUsed[k] = used === 'never' ? null : resolveDate(used, now);
    }
    return account;
  }

  private newKey(account: AccountState, kind: KeyKind): string {
    const readOnly = kind === 'primaryReadonly' || kind === 'secondaryReadonly';
    const key = account.keyFormat === 'legacy' ? legacyKey(account.rnd) : identifiableKey(account.rnd, readOnly ? 'MastRO00' : 'MastRW00');
    this.secrets.add(key);
    this.secrets.add(encodeURIComponent(key));
    this.secrets.add(connectionStringFor(account, kind, key).connectionString);
    return key;
  }
}

function keyGenerationTime(spec: AccountSpec, kind: KeyKind, createdAt: Date | undefined, now: Date): Date | undefined {
  const given = spec.keysGeneratedAt;
  let value: DateSpec | null | undefined;
  if (given === null || typeof given === 'string') value = given;
  else if (given && kind in given) value = given[kind];
  if (value === null) return undefined;
  if (value !== undefined) return resolveDate(value, now);
  return createdAt && createdAt >= KEYS_METADATA_START ? createdAt : undefined;
}

/** FNV-1a, to derive a per-account seed from the scenario seed and the account's identity. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export { isMongo, type ConnectionStringEntry } from './connectionStrings';
