// Scenario files: validation with precise messages, relative dates, the generator, and the demo's promises
// (stale keys, a ChaosDB-era account with a notebook, a healthy account, …) checked on the served JSON.
import * as assert from 'node:assert/strict';
import { accountResource } from '../../arm-emulator/armResources';
import { EmulatorState, KEYS_METADATA_START } from '../../arm-emulator/emulatorState';
import { builtInScenarioNames, loadScenario, parseScenario, resolveDate, type ScenarioSpec } from '../../arm-emulator/scenario';
import { generateScenario } from '../../arm-emulator/scenarioGenerator';

const DAY = 86_400_000;
const NOW = new Date('2026-05-01T12:00:00Z');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type AccountJson = {
  name: string;
  kind: string;
  systemData?: { createdAt?: string };
  properties: {
    keysMetadata: Record<string, { generationTime: string } | undefined>;
    disableLocalAuth: boolean;
    publicNetworkAccess: string;
    minimalTlsVersion: string;
    disableKeyBasedMetadataWriteAccess: boolean;
    ipRules: { ipAddressOrRange: string }[];
    privateEndpointConnections: { properties: { privateLinkServiceConnectionState: { status: string } } }[];
  };
};

function servedAccounts(scenario: ScenarioSpec, now = NOW): { json: AccountJson; notebook: unknown; tenantId: string }[] {
  const state = new EmulatorState(scenario, { now: () => now, lroPolls: 0, lroDurationMs: undefined }, new Set());
  return state.subscriptions.flatMap((s) => s.accounts.map((a) => ({ json: accountResource(a) as AccountJson, notebook: a.notebook, tenantId: s.tenantId })));
}

function ageDays(iso: string | undefined, now = NOW): number | undefined {
  return iso === undefined ? undefined : (now.getTime() - Date.parse(iso)) / DAY;
}

const KEY_NAMES = ['primaryMasterKey', 'secondaryMasterKey', 'primaryReadonlyMasterKey', 'secondaryReadonlyMasterKey'];

describe('ARM emulator scenarios', () => {
  describe('dates', () => {
    const cases: [string, string][] = [
      ['now', '2026-05-01T12:00:00.000Z'],
      ['-200d', '2025-10-13T12:00:00.000Z'],
      ['+3h', '2026-05-01T15:00:00.000Z'],
      ['-30m', '2026-05-01T11:30:00.000Z'],
      ['-2w', '2026-04-17T12:00:00.000Z'],
      ['-1y', '2025-05-01T12:00:00.000Z'],
      ['2020-06-15T08:30:00Z', '2020-06-15T08:30:00.000Z'],
    ];
    for (const [spec, expected] of cases) {
      it(`resolves "${spec}"`, () => assert.equal(resolveDate(spec, NOW).toISOString(), expected));
    }
    it('rejects anything else', () => {
      for (const bad of ['yesterday', '-200', '200d', '2020-13-45', '']) assert.throws(() => resolveDate(bad, NOW), /is not a date/);
    });
  });

  describe('validation', () => {
    const sub = { subscriptionId: '1f3e5a7c-9b2d-4c6e-8f10-0a2b4c6d8e01', displayName: 's' };
    const cases: [string, unknown, RegExp][] = [
      ['a misspelt field, with its path', { subscriptions: [{ ...sub, accounts: [{ name: 'a', resourceGroup: 'rg', keysGeneratdAt: '-1d' }] }] },
        /subscriptions\[0\]\.accounts\[0\]\.keysGeneratdAt is not a known field/],
      ['a subscription id that is not a GUID', { subscriptions: [{ ...sub, subscriptionId: 'prod' }] }, /subscriptions\[0\]\.subscriptionId must be a GUID/],
      ['a bad relative date', { subscriptions: [{ ...sub, accounts: [{ name: 'a', resourceGroup: 'rg', createdAt: '-3 days' }] }] },
        /accounts\[0\]\.createdAt "-3 days" is not a date/],
      ['an unknown key kind', { subscriptions: [{ ...sub, accounts: [{ name: 'a', resourceGroup: 'rg', keysGeneratedAt: { tertiary: '-1d' } }] }] },
        /keysGeneratedAt\.tertiary is not a known field/],
      ['an unknown notebook state', { subscriptions: [{ ...sub, accounts: [{ name: 'a', resourceGroup: 'rg', notebookWorkspace: 'maybe' }] }] },
        /notebookWorkspace must be one of present, absent, badRequest/],
      ['an unknown forbidden action', { subscriptions: [{ ...sub, accounts: [{ name: 'a', resourceGroup: 'rg', forbiddenActions: ['delete'] }] }] },
        /forbiddenActions\[0\] must be one of read, listKeys/],
      ['a duplicate account', { subscriptions: [{ ...sub, accounts: [{ name: 'a', resourceGroup: 'rg' }, { name: 'A', resourceGroup: 'rg2' }] }] },
        /account A appears twice/],
      ['a bad last-use date', { subscriptions: [{ ...sub, accounts: [{ name: 'a', resourceGroup: 'rg', keysLastUsedAt: { primary: 'lately' } }] }] },
        /accounts\[0\]\.keysLastUsedAt\.primary "lately" is not a date/],
      ['an unknown key operation in the Activity Log', { subscriptions: [{ ...sub, accounts: [{ name: 'a', resourceGroup: 'rg',
        keyAccess: [{ at: '-1d', operation: 'deleteKeys', caller: 'x' }] }] }] }, /keyAccess\[0\]\.operation must be one of listKeys, readonlykeys/],
      ['an unknown diagnostic destination', { subscriptions: [{ ...sub, accounts: [{ name: 'a', resourceGroup: 'rg',
        diagnosticSettings: [{ name: 'd', destination: 'printer' }] }] }] }, /diagnosticSettings\[0\]\.destination must be one of logAnalytics/],
      ['an unknown Defender plan', { subscriptions: [{ ...sub, defenderForCosmosDb: 'Premium' }] }, /defenderForCosmosDb must be one of Standard, Free/],
      ['a missing subscriptions array', {}, /subscriptions must be an array/],
      ['a non-object', 42, /the root must be an object/],
    ];
    for (const [name, json, message] of cases) {
      it(`reports ${name}`, () => assert.throws(() => parseScenario(json, 'test'), message));
    }

    it('names the file of an unknown scenario', () => {
      assert.throws(() => loadScenario('no-such-scenario'), /Unknown scenario "no-such-scenario": not one of demo, empty, paging, forbidden, bench/);
    });
  });

  it('loads every built-in scenario', () => {
    for (const name of builtInScenarioNames()) {
      const s = loadScenario(name);
      assert.ok(s.subscriptions.length > 0, name);
      for (const sub of s.subscriptions) assert.match(sub.subscriptionId, GUID);
    }
  });

  it('defaults key generation times from createdAt, missing before 2022-06-18', () => {
    const accounts = servedAccounts({ subscriptions: [{ subscriptionId: '1f3e5a7c-9b2d-4c6e-8f10-0a2b4c6d8e01', displayName: 's', accounts: [
      { name: 'new', resourceGroup: 'rg', createdAt: '2023-01-02T00:00:00Z' },
      { name: 'old', resourceGroup: 'rg', createdAt: '2021-01-02T00:00:00Z' },
      { name: 'mixed', resourceGroup: 'rg', createdAt: '2023-01-02T00:00:00Z', keysGeneratedAt: { secondary: null, primary: '-10d' } },
    ] }] });
    const [fresh, old, mixed] = accounts.map((a) => a.json.properties.keysMetadata);
    assert.equal(fresh?.secondaryReadonlyMasterKey?.generationTime, '2023-01-02T00:00:00Z');
    assert.deepEqual(old, {});
    assert.equal(ageDays(mixed?.primaryMasterKey?.generationTime), 10);
    assert.equal(mixed?.secondaryMasterKey, undefined);
    assert.equal(mixed?.primaryReadonlyMasterKey?.generationTime, '2023-01-02T00:00:00Z');
    assert.ok(KEYS_METADATA_START.toISOString().startsWith('2022-06-18'));
  });

  describe('demo (what npm start shows)', () => {
    const accounts = servedAccounts(loadScenario('demo'));
    const byName = new Map(accounts.map((a) => [a.json.name, a]));

    it('spans two subscriptions in one tenant and a second tenant', () => {
      const demo = loadScenario('demo');
      const tenantsOfSubs = demo.subscriptions.map((s) => s.tenantId);
      assert.equal(tenantsOfSubs[0], tenantsOfSubs[1]);
      assert.equal(new Set(tenantsOfSubs).size, 2);
    });

    it('has contoso-orders with all four keys older than 200 days', () => {
      const km = byName.get('contoso-orders')?.json.properties.keysMetadata;
      for (const k of KEY_NAMES) assert.ok((ageDays(km?.[k]?.generationTime) ?? 0) > 200, k);
    });

    it('has contoso-legacy created before ChaosDB (2021-08-26) with no primary key generation time and a notebook workspace', () => {
      const legacy = byName.get('contoso-legacy');
      assert.ok(Date.parse(legacy?.json.systemData?.createdAt ?? '') < Date.parse('2021-08-26T00:00:00Z'));
      assert.equal(legacy?.json.properties.keysMetadata.primaryMasterKey, undefined);
      assert.equal(legacy?.notebook, 'present');
    });

    it('has a healthy contoso-catalog', () => {
      const p = byName.get('contoso-catalog')?.json.properties;
      for (const k of KEY_NAMES) assert.ok((ageDays(p?.keysMetadata[k]?.generationTime) ?? 999) < 60, k);
      assert.equal(p?.disableLocalAuth, true);
      assert.equal(p.publicNetworkAccess, 'Disabled');
      assert.equal(p.minimalTlsVersion, 'Tls12');
      assert.equal(p.disableKeyBasedMetadataWriteAccess, true);
      assert.deepEqual(p.privateEndpointConnections.map((c) => c.properties.privateLinkServiceConnectionState.status), ['Approved']);
    });

    it('has a MongoDB account, an account open to 0.0.0.0 and one with a pending private endpoint', () => {
      assert.ok(accounts.some((a) => a.json.kind === 'MongoDB'));
      assert.ok(accounts.some((a) => a.json.properties.ipRules.some((r) => r.ipAddressOrRange === '0.0.0.0')));
      assert.ok(accounts.some((a) => a.json.properties.privateEndpointConnections
        .some((c) => c.properties.privateLinkServiceConnectionState.status === 'Pending')));
    });

    it('never ages: key ages are the same whatever the date', () => {
      const later = new Date('2031-01-01T00:00:00Z');
      const agedLater = servedAccounts(loadScenario('demo'), later).find((a) => a.json.name === 'contoso-orders');
      assert.equal(ageDays(agedLater?.json.properties.keysMetadata.primaryMasterKey?.generationTime, later), 230);
    });
  });

  describe('generator', () => {
    it('builds N subscriptions × M accounts with unique names and GUIDs, the same every time', () => {
      const s = generateScenario({ subscriptions: 40, accountsPerSubscription: 5 });
      assert.equal(s.subscriptions.length, 40);
      const names = s.subscriptions.flatMap((sub) => (sub.accounts ?? []).map((a) => a.name));
      assert.equal(names.length, 200);
      assert.equal(new Set(names).size, 200);
      for (const sub of s.subscriptions) assert.match(sub.subscriptionId, GUID);
      assert.deepEqual(generateScenario({ subscriptions: 40, accountsPerSubscription: 5 }), s);
      assert.notDeepEqual(generateScenario({ subscriptions: 40, accountsPerSubscription: 5, seed: 7 }).subscriptions[0], s.subscriptions[0]);
    });

    it('mixes postures so the benchmark exercises every rule', () => {
      const accounts = servedAccounts(generateScenario({ subscriptions: 2, accountsPerSubscription: 5 }));
      assert.ok(accounts.some((a) => a.notebook === 'present'));
      assert.ok(accounts.some((a) => a.json.kind === 'MongoDB'));
      assert.ok(accounts.some((a) => a.json.properties.disableLocalAuth));
      assert.ok(accounts.some((a) => a.json.properties.keysMetadata.primaryMasterKey === undefined));
    });

    it('is reachable from a scenario file ({"generate": …}) and as the built-in "bench" (40 × 5)', () => {
      const fromJson = parseScenario({ generate: { subscriptions: 3, accountsPerSubscription: 2, tenants: 2 } });
      assert.equal(fromJson.subscriptions.length, 3);
      assert.equal(new Set(fromJson.subscriptions.map((s) => s.tenantId)).size, 2);
      const bench = loadScenario('bench');
      assert.equal(bench.subscriptions.length, 40);
      assert.ok(bench.subscriptions.every((s) => s.accounts?.length === 5));
    });
  });
});
