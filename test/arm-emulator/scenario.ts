// Scenario files: which tenants, subscriptions and Cosmos DB accounts the ARM emulator serves. Plain JSON,
// validated here with messages that name the offending field; dates may be relative to the emulator's clock
// ("-200d") so the demo never ages. The format is described in README.md next to this file.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import benchScenario from './scenarios/bench.json';
import demoScenario from './scenarios/demo.json';
import emptyScenario from './scenarios/empty.json';
import forbiddenScenario from './scenarios/forbidden.json';
import keylessScenario from './scenarios/keyless.json';
import pagingScenario from './scenarios/paging.json';
import {
  ACCOUNT_EVIDENCE_FIELDS, parseAccountEvidence, parseSubscriptionEvidence, SUBSCRIPTION_EVIDENCE_FIELDS, type AccountEvidenceSpec,
  type SubscriptionEvidenceSpec,
} from './scenarioEvidence';
import { generateScenario, type GenerateOptions } from './scenarioGenerator';
import { checkRoleReferences, KEYLESS_ACCOUNT_FIELDS, parseKeylessAccount, type KeylessAccountSpec } from './scenarioKeyless';
import { Validator, type DateSpec } from './scenarioValidator';

export const KEY_KINDS = ['primary', 'secondary', 'primaryReadonly', 'secondaryReadonly'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/** Account-level actions a scenario can deny (403 AuthorizationFailed), as for a least-privilege user. */
export const ACCOUNT_ACTIONS = ['read', 'listKeys', 'readonlykeys', 'listConnectionStrings', 'regenerateKey', 'write', 'sqlRoleDefinitions/read',
  'sqlRoleAssignments/read', 'sqlRoleAssignments/write'] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

export type AccountKind = 'GlobalDocumentDB' | 'MongoDB' | 'Parse';
export type KeyFormat = 'legacy' | 'identifiable';
export type PrivateEndpointStatus = 'Approved' | 'Pending' | 'Rejected' | 'Disconnected';

export { resolveDate, Validator, type DateSpec } from './scenarioValidator';

export interface ErrorSpec {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/**
 * Notebook workspace of an account: `present` (status Online), `absent` (404 / empty list), `badRequest`
 * (400, as Azure may answer for non-NoSQL accounts), `{ status }` for another workspace status, or `{ error }`.
 */
export type NotebookSpec = 'present' | 'absent' | 'badRequest' | { readonly status: string } | { readonly error: ErrorSpec };

export interface RegenerateSpec {
  /** InProgress answers before the terminal state (default: the emulator's `lroPolls`). */
  readonly polls?: number;
  /** When set, the operation runs for this long in real time instead of counting polls. */
  readonly durationMs?: number;
  readonly outcome?: 'Succeeded' | 'Failed';
  readonly error?: { readonly code: string; readonly message: string };
}

export interface AccountSpec extends AccountEvidenceSpec, KeylessAccountSpec {
  readonly name: string;
  readonly resourceGroup: string;
  /** Display name as ARM returns it ("West Europe"). */
  readonly location?: string;
  readonly kind?: AccountKind;
  /** `systemData.createdAt`; null or omitted: no systemData (as on some old accounts). */
  readonly createdAt?: DateSpec | null;
  /**
   * `keysMetadata.*.generationTime`: one date for all four keys, or per key kind. null = missing (last regenerated
   * before 2022-06-18). A kind left out defaults to createdAt when that is on or after 2022-06-18, else missing.
   */
  readonly keysGeneratedAt?: DateSpec | null | Partial<Record<KeyKind, DateSpec | null>>;
  readonly keyFormat?: KeyFormat;
  readonly tags?: Readonly<Record<string, string>>;
  /** Capability names, e.g. EnableServerless; MongoDB accounts get EnableMongo automatically. */
  readonly capabilities?: readonly string[];
  readonly privateEndpoints?: readonly { readonly name: string; readonly status: PrivateEndpointStatus }[];
  readonly notebookWorkspace?: NotebookSpec;
  readonly forbiddenActions?: readonly AccountAction[];
  readonly regenerate?: RegenerateSpec;
  readonly identity?: Readonly<Record<string, unknown>>;
  /** Raw ARM `properties` merged over the defaults (disableLocalAuth, publicNetworkAccess, ipRules, …). */
  readonly properties?: Readonly<Record<string, unknown>>;
}

export interface SubscriptionSpec extends SubscriptionEvidenceSpec {
  readonly subscriptionId: string;
  readonly displayName: string;
  readonly tenantId?: string;
  readonly state?: 'Enabled' | 'Disabled' | 'Warned' | 'PastDue' | 'Deleted';
  /** Every Microsoft.DocumentDB call in this subscription answers 403 AuthorizationFailed. */
  readonly forbidden?: boolean;
  /** Resource groups without accounts (accounts' groups exist implicitly). */
  readonly resourceGroups?: readonly string[];
  readonly accounts?: readonly AccountSpec[];
}

export interface TenantSpec {
  readonly tenantId: string;
  readonly displayName: string;
  readonly defaultDomain?: string;
}

export interface ScenarioSpec {
  readonly name?: string;
  readonly description?: string;
  /** Seeds key generation, so keys are identical on every run of the same scenario. */
  readonly seed?: number;
  /** Accounts and subscriptions per page (nextLink paging); the emulator option overrides it. */
  readonly pageSize?: number;
  readonly keyFormat?: KeyFormat;
  /** The caller named in 403 messages. */
  readonly principal?: { readonly clientId: string; readonly objectId: string };
  readonly tenants?: readonly TenantSpec[];
  readonly subscriptions: readonly SubscriptionSpec[];
}

/** A scenario file may ask for a generated scenario instead of listing accounts (used by the benchmark). */
export interface GeneratedScenarioSpec {
  readonly name?: string;
  readonly generate: GenerateOptions;
}

export type ScenarioSource = ScenarioSpec | GeneratedScenarioSpec | string | (() => ScenarioSpec);

const BUILT_IN: Readonly<Record<string, unknown>> = {
  demo: demoScenario, empty: emptyScenario, paging: pagingScenario, forbidden: forbiddenScenario, bench: benchScenario, keyless: keylessScenario,
};

export function builtInScenarioNames(): string[] {
  return Object.keys(BUILT_IN);
}

/**
 * Resolves a scenario given as an object, a function, the name of a file in `scenarios/` ("demo"), or a path to
 * a JSON file, and validates it.
 */
export function loadScenario(source: ScenarioSource): ScenarioSpec {
  if (typeof source === 'function') return parseScenario(source(), 'scenario function');
  if (typeof source !== 'string') return parseScenario(source, 'scenario object');
  const builtIn = BUILT_IN[source];
  if (builtIn !== undefined) return parseScenario(builtIn, `scenario "${source}"`);
  const file = path.resolve(source);
  if (!existsSync(file)) {
    throw new Error(`Unknown scenario "${source}": not one of ${builtInScenarioNames().join(', ')} and not a JSON file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Scenario file ${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseScenario(json, file);
}

/** Validates untrusted JSON as a scenario (or expands a `generate` request) and returns it typed. */
export function parseScenario(json: unknown, where = 'scenario'): ScenarioSpec {
  const v = new Validator(where);
  const root = v.object(json, '');
  if ('generate' in root) {
    v.only(root, '', ['name', 'generate']);
    const g = v.object(root.generate, 'generate');
    v.only(g, 'generate', ['subscriptions', 'accountsPerSubscription', 'seed', 'tenants']);
    return generateScenario({
      subscriptions: v.int(g.subscriptions, 'generate.subscriptions', 0),
      accountsPerSubscription: v.int(g.accountsPerSubscription, 'generate.accountsPerSubscription', 0),
      seed: v.optional(g.seed, (x) => v.int(x, 'generate.seed')),
      tenants: v.optional(g.tenants, (x) => v.int(x, 'generate.tenants', 1)),
    });
  }
  v.only(root, '', ['$schema', 'name', 'description', 'seed', 'pageSize', 'keyFormat', 'principal', 'tenants', 'subscriptions']);
  const scenario: ScenarioSpec = {
    name: v.optional(root.name, (x) => v.string(x, 'name')),
    description: v.optional(root.description, (x) => v.string(x, 'description')),
    seed: v.optional(root.seed, (x) => v.int(x, 'seed')),
    pageSize: v.optional(root.pageSize, (x) => v.int(x, 'pageSize', 1)),
    keyFormat: v.optional(root.keyFormat, (x) => v.oneOf(x, 'keyFormat', ['legacy', 'identifiable'] as const)),
    principal: v.optional(root.principal, (x) => {
      const p = v.object(x, 'principal');
      v.only(p, 'principal', ['clientId', 'objectId']);
      return { clientId: v.string(p.clientId, 'principal.clientId'), objectId: v.string(p.objectId, 'principal.objectId') };
    }),
    tenants: v.optional(root.tenants, (x) => v.array(x, 'tenants').map((t, i) => parseTenant(v, t, `tenants[${i}]`))),
    subscriptions: v.array(root.subscriptions, 'subscriptions').map((s, i) => parseSubscription(v, s, `subscriptions[${i}]`)),
  };
  checkUnique(scenario, where);
  return scenario;
}

function parseTenant(v: Validator, json: unknown, at: string): TenantSpec {
  const t = v.object(json, at);
  v.only(t, at, ['tenantId', 'displayName', 'defaultDomain']);
  return {
    tenantId: v.guid(t.tenantId, `${at}.tenantId`),
    displayName: v.string(t.displayName, `${at}.displayName`),
    defaultDomain: v.optional(t.defaultDomain, (x) => v.string(x, `${at}.defaultDomain`)),
  };
}

function parseSubscription(v: Validator, json: unknown, at: string): SubscriptionSpec {
  const s = v.object(json, at);
  v.only(s, at, ['subscriptionId', 'displayName', 'tenantId', 'state', 'forbidden', 'resourceGroups', 'accounts', ...SUBSCRIPTION_EVIDENCE_FIELDS]);
  return {
    ...parseSubscriptionEvidence(v, s, at),
    subscriptionId: v.guid(s.subscriptionId, `${at}.subscriptionId`),
    displayName: v.string(s.displayName, `${at}.displayName`),
    tenantId: v.optional(s.tenantId, (x) => v.guid(x, `${at}.tenantId`)),
    state: v.optional(s.state, (x) => v.oneOf(x, `${at}.state`, ['Enabled', 'Disabled', 'Warned', 'PastDue', 'Deleted'] as const)),
    forbidden: v.optional(s.forbidden, (x) => v.boolean(x, `${at}.forbidden`)),
    resourceGroups: v.optional(s.resourceGroups, (x) => v.array(x, `${at}.resourceGroups`).map((g, i) => v.string(g, `${at}.resourceGroups[${i}]`))),
    accounts: v.optional(s.accounts, (x) => v.array(x, `${at}.accounts`).map((a, i) => parseAccount(v, a, `${at}.accounts[${i}]`))),
  };
}

function parseAccount(v: Validator, json: unknown, at: string): AccountSpec {
  const a = v.object(json, at);
  v.only(a, at, ['name', 'resourceGroup', 'location', 'kind', 'createdAt', 'keysGeneratedAt', 'keyFormat', 'tags', 'capabilities',
    'privateEndpoints', 'notebookWorkspace', 'forbiddenActions', 'regenerate', 'identity', 'properties', ...ACCOUNT_EVIDENCE_FIELDS,
    ...KEYLESS_ACCOUNT_FIELDS]);
  const dateOrNull = (x: unknown, p: string): DateSpec | null => (x === null ? null : v.date(x, p));
  const keyless = parseKeylessAccount(v, a, at);
  checkRoleReferences(v, keyless, at);
  return {
    ...parseAccountEvidence(v, a, at),
    ...keyless,
    name: v.string(a.name, `${at}.name`),
    resourceGroup: v.string(a.resourceGroup, `${at}.resourceGroup`),
    location: v.optional(a.location, (x) => v.string(x, `${at}.location`)),
    kind: v.optional(a.kind, (x) => v.oneOf(x, `${at}.kind`, ['GlobalDocumentDB', 'MongoDB', 'Parse'] as const)),
    createdAt: v.optional(a.createdAt, (x) => dateOrNull(x, `${at}.createdAt`)),
    keysGeneratedAt: v.optional(a.keysGeneratedAt, (x) => {
      if (x === null || typeof x === 'string') return dateOrNull(x, `${at}.keysGeneratedAt`);
      const o = v.object(x, `${at}.keysGeneratedAt`);
      v.only(o, `${at}.keysGeneratedAt`, KEY_KINDS);
      const out: Partial<Record<KeyKind, DateSpec | null>> = {};
      for (const k of KEY_KINDS) if (k in o) out[k] = dateOrNull(o[k], `${at}.keysGeneratedAt.${k}`);
      return out;
    }),
    keyFormat: v.optional(a.keyFormat, (x) => v.oneOf(x, `${at}.keyFormat`, ['legacy', 'identifiable'] as const)),
    tags: v.optional(a.tags, (x) => {
      const o = v.object(x, `${at}.tags`);
      return Object.fromEntries(Object.entries(o).map(([k, t]) => [k, v.string(t, `${at}.tags.${k}`)]));
    }),
    capabilities: v.optional(a.capabilities, (x) => v.array(x, `${at}.capabilities`).map((c, i) => v.string(c, `${at}.capabilities[${i}]`))),
    privateEndpoints: v.optional(a.privateEndpoints, (x) => v.array(x, `${at}.privateEndpoints`).map((pe, i) => {
      const p = v.object(pe, `${at}.privateEndpoints[${i}]`);
      v.only(p, `${at}.privateEndpoints[${i}]`, ['name', 'status']);
      return {
        name: v.string(p.name, `${at}.privateEndpoints[${i}].name`),
        status: v.oneOf(p.status, `${at}.privateEndpoints[${i}].status`, ['Approved', 'Pending', 'Rejected', 'Disconnected'] as const),
      };
    })),
    notebookWorkspace: v.optional(a.notebookWorkspace, (x) => parseNotebook(v, x, `${at}.notebookWorkspace`)),
    forbiddenActions: v.optional(a.forbiddenActions, (x) => v.array(x, `${at}.forbiddenActions`)
      .map((f, i) => v.oneOf(f, `${at}.forbiddenActions[${i}]`, ACCOUNT_ACTIONS))),
    regenerate: v.optional(a.regenerate, (x) => {
      const r = v.object(x, `${at}.regenerate`);
      v.only(r, `${at}.regenerate`, ['polls', 'durationMs', 'outcome', 'error']);
      return {
        polls: v.optional(r.polls, (y) => v.int(y, `${at}.regenerate.polls`, 0)),
        durationMs: v.optional(r.durationMs, (y) => v.int(y, `${at}.regenerate.durationMs`, 0)),
        outcome: v.optional(r.outcome, (y) => v.oneOf(y, `${at}.regenerate.outcome`, ['Succeeded', 'Failed'] as const)),
        error: v.optional(r.error, (y) => {
          const e = v.object(y, `${at}.regenerate.error`);
          return { code: v.string(e.code, `${at}.regenerate.error.code`), message: v.string(e.message, `${at}.regenerate.error.message`) };
        }),
      };
    }),
    identity: v.optional(a.identity, (x) => v.object(x, `${at}.identity`)),
    properties: v.optional(a.properties, (x) => v.object(x, `${at}.properties`)),
  };
}

function parseNotebook(v: Validator, x: unknown, at: string): NotebookSpec {
  if (typeof x === 'string') return v.oneOf(x, at, ['present', 'absent', 'badRequest'] as const);
  const o = v.object(x, at);
  if ('error' in o) {
    v.only(o, at, ['error']);
    const e = v.object(o.error, `${at}.error`);
    return { error: { status: v.int(e.status, `${at}.error.status`, 400), code: v.string(e.code, `${at}.error.code`),
      message: v.string(e.message, `${at}.error.message`) } };
  }
  v.only(o, at, ['status']);
  return { status: v.string(o.status, `${at}.status`) };
}

function checkUnique(s: ScenarioSpec, where: string): void {
  const subs = new Set<string>();
  for (const sub of s.subscriptions) {
    const id = sub.subscriptionId.toLowerCase();
    if (subs.has(id)) throw new Error(`${where}: subscription ${sub.subscriptionId} is listed twice`);
    subs.add(id);
    const names = new Set<string>();
    for (const a of sub.accounts ?? []) {
      // Account names are global in Azure (they are DNS names); within one subscription at least, keep them unique.
      const n = a.name.toLowerCase();
      if (names.has(n)) throw new Error(`${where}: account ${a.name} appears twice in subscription ${sub.subscriptionId}`);
      names.add(n);
    }
  }
}
