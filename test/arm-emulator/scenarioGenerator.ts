// Builds large scenarios for the benchmark (e.g. 40 subscriptions × 5 accounts): a deterministic mix of the
// postures the demo shows — stale keys, ChaosDB-era accounts, notebook workspaces, healthy accounts.
import { seededRandom } from '../support/keyFactory';
import type { AccountSpec, ScenarioSpec, SubscriptionSpec, TenantSpec } from './scenario';

export interface GenerateOptions {
  readonly subscriptions: number;
  readonly accountsPerSubscription: number;
  readonly seed?: number;
  /** Tenants the subscriptions are spread over (default 1). */
  readonly tenants?: number;
}

const REGIONS = ['West Europe', 'North Europe', 'East US', 'West US 2', 'Southeast Asia'];

/** A GUID-shaped id from the generator (the version nibble says 4 so it looks like what Azure hands out). */
export function seededGuid(rnd: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16));
  hex[12] = '4';
  hex[16] = (8 + Math.floor(rnd() * 4)).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export function generateScenario(options: GenerateOptions): ScenarioSpec {
  const seed = options.seed ?? 4242;
  const rnd = seededRandom(seed);
  const tenants: TenantSpec[] = Array.from({ length: Math.max(1, options.tenants ?? 1) }, (_, i) => ({
    tenantId: seededGuid(rnd), displayName: `Generated Tenant ${i + 1}`, defaultDomain: `generated${i + 1}.onmicrosoft.com`,
  }));
  const subscriptions: SubscriptionSpec[] = [];
  for (let s = 0; s < options.subscriptions; s++) {
    const accounts: AccountSpec[] = [];
    for (let a = 0; a < options.accountsPerSubscription; a++) accounts.push(generatedAccount(s, a));
    subscriptions.push({
      subscriptionId: seededGuid(rnd),
      displayName: `Generated Subscription ${String(s + 1).padStart(3, '0')}`,
      tenantId: tenants[s % tenants.length]!.tenantId,
      defenderForCosmosDb: s % 2 === 0 ? 'Standard' : 'Free',
      accounts,
    });
  }
  return {
    name: `generated-${options.subscriptions}x${options.accountsPerSubscription}`,
    description: 'Generated for benchmarks',
    seed,
    tenants,
    subscriptions,
  };
}

function generatedAccount(s: number, a: number): AccountSpec {
  const n = s * 1000 + a;
  const name = `gen-s${String(s + 1).padStart(3, '0')}-a${String(a + 1).padStart(2, '0')}`;
  const base = { name, resourceGroup: `rg-gen-${String(s + 1).padStart(3, '0')}`, location: REGIONS[n % REGIONS.length]! };
  switch (n % 5) {
    case 0: // stale keys, only the primary in use
      return { ...base, createdAt: '-700d', keysGeneratedAt: '-210d',
        keysLastUsedAt: { primary: '-2h', secondary: 'never', primaryReadonly: 'never', secondaryReadonly: 'never' } };
    case 1: // ChaosDB era with a leftover notebook workspace
      return { ...base, createdAt: '2020-11-03T09:12:44Z', keysGeneratedAt: { primary: null, secondary: '-400d',
        primaryReadonly: '-400d', secondaryReadonly: '-400d' }, keyFormat: 'legacy', notebookWorkspace: 'present' };
    case 2: // healthy
      return { ...base, createdAt: '-300d', keysGeneratedAt: '-20d', privateEndpoints: [{ name: `pe-${name}`, status: 'Approved' }],
        properties: { disableLocalAuth: true, publicNetworkAccess: 'Disabled', disableKeyBasedMetadataWriteAccess: true, minimalTlsVersion: 'Tls12' } };
    case 3: // MongoDB, open to Azure datacenters
      return { ...base, kind: 'MongoDB', createdAt: '-500d', keysGeneratedAt: '-90d', notebookWorkspace: 'badRequest', keysLastUsedAt: { primary: '-1d' },
        properties: { ipRules: [{ ipAddressOrRange: '0.0.0.0' }] } };
    default: // recently rotated but publicly reachable
      return { ...base, createdAt: '-120d', keysGeneratedAt: '-10d', keysLastUsedAt: { primary: '-5d', secondary: '-5d' } };
  }
}
