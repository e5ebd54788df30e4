// Shared by the posture tests: a fixed clock, an account that passes every rule, and a one-rule evaluator.
import * as assert from 'node:assert/strict';
import {
  evaluatePosture, type AccountSnapshot, type PostureFinding, type PostureOptions, type PostureRuleId,
} from '../../../src/core/posture';

/** 2026-01-15T12:00:00Z: every test judges ages against this instant, never the real clock. */
export const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
export const DAY = 86_400_000;

/** The ISO instant `days` days (may be fractional) before NOW. */
export function daysAgo(days: number): string {
  return new Date(NOW - Math.round(days * DAY)).toISOString();
}

/** A NoSQL account created after ChaosDB that passes every rule, including the opt-in CMK one. */
export const CLEAN: AccountSnapshot = {
  id: '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-orders/providers/Microsoft.DocumentDB/databaseAccounts/orders',
  name: 'orders',
  subscriptionId: '00000000-1111-2222-3333-444444444444',
  resourceGroup: 'rg-orders',
  location: 'westeurope',
  kind: 'GlobalDocumentDB',
  capabilities: [],
  createdAt: '2023-05-01T09:00:00Z',
  documentEndpoint: 'https://orders.documents.azure.com:443/',
  keysMetadata: {
    primaryMasterKey: daysAgo(10),
    secondaryMasterKey: daysAgo(10),
    primaryReadonlyMasterKey: daysAgo(10),
    secondaryReadonlyMasterKey: daysAgo(10),
  },
  disableLocalAuth: true,
  publicNetworkAccess: 'Disabled',
  ipRules: [],
  isVirtualNetworkFilterEnabled: false,
  virtualNetworkRuleCount: 0,
  privateEndpointStatuses: ['Approved'],
  disableKeyBasedMetadataWriteAccess: true,
  minimalTlsVersion: 'Tls12',
  keyVaultKeyUri: 'https://kv-orders.vault.azure.net/keys/cosmos',
  notebookWorkspace: 'not-checked',
};

/** CLEAN with some fields replaced (an explicit `undefined` removes a field). */
export function account(overrides: Partial<AccountSnapshot> = {}): AccountSnapshot {
  const merged: Record<string, unknown> = { ...CLEAN, ...overrides };
  for (const [k, v] of Object.entries(overrides)) if (v === undefined) delete merged[k];
  return merged as unknown as AccountSnapshot;
}

/** Account types by API, for tables. */
export const MONGO: Partial<AccountSnapshot> = { kind: 'MongoDB', capabilities: ['EnableMongo'] };
export const MONGO_32: Partial<AccountSnapshot> = { kind: 'MongoDB', capabilities: [] };
export const CASSANDRA: Partial<AccountSnapshot> = { capabilities: ['EnableCassandra'] };
export const TABLE: Partial<AccountSnapshot> = { capabilities: ['EnableTable'] };
export const GREMLIN: Partial<AccountSnapshot> = { capabilities: ['EnableGremlin'] };

/** The finding of `rule` for the account (the rule is switched on unless `options.rules` says otherwise). */
export function findingFor(rule: PostureRuleId, overrides: Partial<AccountSnapshot> = {}, options: Partial<PostureOptions> = {}): PostureFinding | undefined {
  const findings = evaluatePosture(account(overrides), { now: NOW, rules: { [rule]: true }, ...options });
  return findings.find((f) => f.rule === rule);
}

export interface RuleCase {
  readonly name: string;
  readonly account?: Partial<AccountSnapshot>;
  readonly options?: Partial<PostureOptions>;
  /** Expected severity, or `undefined` for "no finding". */
  readonly severity: PostureFinding['severity'] | undefined;
  /** The exact message, or a pattern it must match. */
  readonly message?: string | RegExp;
  /** Fields of `detail` to compare (deep equality, field by field). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** One `it` per case. */
export function ruleTable(rule: PostureRuleId, cases: readonly RuleCase[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const f = findingFor(rule, c.account, c.options);
      assert.equal(f?.severity, c.severity, f ? f.message : 'no finding');
      if (!f) return;
      assert.equal(f.rule, rule);
      if (typeof c.message === 'string') assert.equal(f.message, c.message);
      else if (c.message) assert.match(f.message, c.message);
      assert.doesNotMatch(f.message, /[\r\n]/, 'messages are one line');
      const detail = f.detail as unknown as Record<string, unknown>;
      for (const [key, want] of Object.entries(c.detail ?? {})) assert.deepEqual(detail[key], want, `detail.${key}`);
    });
  }
}
