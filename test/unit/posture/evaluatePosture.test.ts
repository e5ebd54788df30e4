// The engine as a whole: options and their validation, ordering, rule metadata and summaries.
import * as assert from 'node:assert/strict';
import {
  DEFAULT_MAX_KEY_AGE_DAYS, evaluatePosture, POSTURE_RULES, postureRuleById, resolvePostureOptions, RULE_IDS, SEVERITIES, summarise,
  type AccountSnapshot, type PostureOptions, type PostureRuleId,
} from '../../../src/core/posture';
import { CLEAN, NOW, account } from './postureTestKit';

/** Fails every rule: an old NoSQL account, keys never regenerated, wide open, with a notebook workspace. */
const WORST: AccountSnapshot = account({
  createdAt: undefined,
  keysMetadata: {},
  disableLocalAuth: undefined,
  publicNetworkAccess: undefined,
  ipRules: ['0.0.0.0'],
  privateEndpointStatuses: ['Pending'],
  disableKeyBasedMetadataWriteAccess: undefined,
  minimalTlsVersion: 'Tls',
  keyVaultKeyUri: undefined,
  notebookWorkspace: 'present',
  keysLastUsed: { primaryMasterKey: null, secondaryMasterKey: null, primaryReadonlyMasterKey: null, secondaryReadonlyMasterKey: null },
  defenderPlan: { status: 'read', pricingTier: 'Free' },
  diagnosticSettings: { status: 'read', settings: [] },
  keyAccess: { status: 'read', since: new Date(NOW - 90 * 86_400_000).toISOString(), truncated: false, signedIn: { kind: 'user', upn: 'me@contoso.com' },
    events: [{ time: new Date(NOW - 86_400_000).toISOString(), operation: 'listKeys', caller: 'eve@contoso.com', callerKind: 'user', status: 'Succeeded' }] },
});
// open-network needs no IP rules at all, so check it on a variant of WORST.
const WORST_OPEN: AccountSnapshot = { ...WORST, ipRules: [] };
const allOn = Object.fromEntries(RULE_IDS.map((id) => [id, true])) as Record<PostureRuleId, boolean>;

describe('evaluatePosture', () => {
  it('finds nothing on a clean account', () => assert.deepEqual(evaluatePosture(CLEAN, { now: NOW, rules: allOn }), []));

  it('reports every default rule on the worst account, worst first, then in rule order', () => {
    assert.deepEqual(evaluatePosture(WORST, { now: NOW }).map((f) => [f.rule, f.severity]), [
      ['stale-keys', 'high'],
      ['chaosdb-primary-key', 'high'],
      ['notebook-workspace', 'high'],
      ['local-auth-enabled', 'high'],
      ['azure-datacenters-allowed', 'medium'],
      ['tls-below-1-2', 'medium'],
      ['keys-read-recently', 'medium'],
      ['no-private-endpoint', 'medium'],
      ['no-diagnostic-logs', 'medium'],
      ['public-network-access', 'low'],
      ['metadata-write-by-key', 'low'],
      ['unused-key', 'low'],
      ['defender-off', 'low'],
    ]);
    assert.deepEqual(evaluatePosture(WORST_OPEN, { now: NOW, rules: allOn }).map((f) => f.rule), [
      'stale-keys', 'chaosdb-primary-key', 'notebook-workspace', 'local-auth-enabled', 'open-network',
      'tls-below-1-2', 'keys-read-recently', 'no-private-endpoint', 'no-diagnostic-logs', 'public-network-access', 'metadata-write-by-key',
      'unused-key', 'defender-off', 'no-customer-managed-key',
    ]);
  });

  it('fills each finding from its rule: title, docs link, remediation, one-line message', () => {
    for (const f of [...evaluatePosture(WORST, { now: NOW, rules: allOn }), ...evaluatePosture(WORST_OPEN, { now: NOW, rules: allOn })]) {
      const rule = postureRuleById(f.rule);
      assert.equal(f.title, rule.title);
      assert.equal(f.docsUrl, `https://github.com/cosmos-guard/cosmos-guard#posture-${f.rule}`);
      assert.equal(f.remediation, rule.remediation);
      assert.match(f.message, /^[A-Z].*\.$/);
      assert.doesNotMatch(f.message, /[\r\n]/);
    }
  });

  for (const id of RULE_IDS) {
    it(`turning off ${id} removes exactly its finding`, () => {
      const target = id === 'open-network' ? WORST_OPEN : WORST;
      const before = evaluatePosture(target, { now: NOW, rules: allOn }).map((f) => f.rule);
      const after = evaluatePosture(target, { now: NOW, rules: { ...allOn, [id]: false } }).map((f) => f.rule);
      assert.ok(before.includes(id), `${id} fires on the test account`);
      assert.deepEqual(after, before.filter((r) => r !== id));
    });
  }

  it('gives the same result for a Date and epoch milliseconds', () => {
    assert.deepEqual(evaluatePosture(WORST, { now: new Date(NOW) }), evaluatePosture(WORST, { now: NOW }));
  });

  it('does not change its input', () => {
    const copy = structuredClone(WORST);
    evaluatePosture(WORST, { now: NOW, rules: allOn });
    assert.deepEqual(WORST, copy);
  });
});

describe('posture options', () => {
  it('defaults: 60 days, every rule on except no-customer-managed-key', () => {
    const r = resolvePostureOptions({ now: NOW });
    assert.equal(DEFAULT_MAX_KEY_AGE_DAYS, 60);
    assert.equal(r.maxKeyAgeDays, 60);
    assert.equal(r.nowMs, NOW);
    assert.deepEqual(Object.entries(r.enabled).filter(([, on]) => !on).map(([id]) => id), ['no-customer-managed-key']);
  });
  it('an undefined override keeps the default', () => {
    assert.equal(resolvePostureOptions({ now: NOW, rules: { 'stale-keys': undefined } }).enabled['stale-keys'], true);
  });
  it('accepts maxKeyAgeDays 1', () => assert.equal(resolvePostureOptions({ now: NOW, maxKeyAgeDays: 1 }).maxKeyAgeDays, 1));

  const invalid: readonly [string, PostureOptions, RegExp][] = [
    ['maxKeyAgeDays 0', { now: NOW, maxKeyAgeDays: 0 }, /maxKeyAgeDays must be a whole number of days, 1 or more; got 0/],
    ['maxKeyAgeDays -5', { now: NOW, maxKeyAgeDays: -5 }, /got -5/],
    ['maxKeyAgeDays 1.5', { now: NOW, maxKeyAgeDays: 1.5 }, /got 1.5/],
    ['maxKeyAgeDays NaN', { now: NOW, maxKeyAgeDays: NaN }, /got NaN/],
    ['maxKeyAgeDays Infinity', { now: NOW, maxKeyAgeDays: Infinity }, /got Infinity/],
    ['maxKeyAgeDays as a string', { now: NOW, maxKeyAgeDays: '60' as unknown as number }, /got 60/],
    ['an invalid Date', { now: new Date('not a date') }, /"now" must be a valid Date/],
    ['NaN as now', { now: NaN }, /"now" must be a valid Date/],
    ['an unknown rule id', { now: NOW, rules: { 'stale-key': false } as unknown as PostureOptions['rules'] },
      /unknown rule "stale-key". Known rules: stale-keys, chaosdb-primary-key, .*no-customer-managed-key, unused-key, .*defender-off\./],
    ['a non-boolean rule value', { now: NOW, rules: { 'open-network': 'off' } as unknown as PostureOptions['rules'] }, /rules\["open-network"\] must be true or false; got off/],
  ];
  for (const [name, options, message] of invalid) {
    it(`rejects ${name}`, () => {
      assert.throws(() => evaluatePosture(CLEAN, options), (e: unknown) => e instanceof RangeError && message.test(e.message));
    });
  }
});

describe('posture rule metadata', () => {
  it('lists every rule once, in RULE_IDS order', () => {
    assert.deepEqual(POSTURE_RULES.map((r) => r.id), [...RULE_IDS]);
    assert.equal(new Set(RULE_IDS).size, RULE_IDS.length);
    assert.equal(RULE_IDS.length, 15);
  });

  it('keeps the default severities and enablement of the issue\'s table', () => {
    assert.deepEqual(Object.fromEntries(POSTURE_RULES.map((r) => [r.id, [r.defaultSeverity, r.defaultEnabled]])), {
      'stale-keys': ['medium', true],
      'chaosdb-primary-key': ['high', true],
      'notebook-workspace': ['medium', true],
      'local-auth-enabled': ['high', true],
      'open-network': ['high', true],
      'azure-datacenters-allowed': ['medium', true],
      'public-network-access': ['low', true],
      'metadata-write-by-key': ['low', true],
      'tls-below-1-2': ['medium', true],
      'no-customer-managed-key': ['info', false],
      'unused-key': ['low', true],
      'keys-read-recently': ['medium', true],
      'no-private-endpoint': ['medium', true],
      'no-diagnostic-logs': ['medium', true],
      'defender-off': ['low', true],
    });
  });

  it('cites the Azure Policy definitions the rules mirror', () => {
    assert.deepEqual(Object.fromEntries(POSTURE_RULES.filter((r) => r.azurePolicy).map((r) => [r.id, r.azurePolicy!.definitionId])), {
      'stale-keys': '9d83ccb1-f313-46ce-9d39-a198bfdb51a0',
      'local-auth-enabled': '5450f5bd-9c72-4390-a9c4-a7aba4edfdd2',
      'open-network': '862e97cf-49fc-4a5c-9de4-40d4e2e7c8eb',
      'azure-datacenters-allowed': '12339a85-a25c-4f17-9f82-4766f13f5c4c',
      'public-network-access': '797b37f7-06b8-444c-b1ad-fc62867f335a',
      'metadata-write-by-key': '4750c32b-89c0-46af-bfcb-2e4541a818d5',
      'no-customer-managed-key': '1f905d99-2ab7-462c-a6b0-f709acca6c8f',
      'no-private-endpoint': '58440f8a-10c5-4151-bdce-dfbaad4a20b7',
      'defender-off': 'adbe85b5-83e6-4350-ab58-bf3a4f736e5e',
    });
    for (const r of POSTURE_RULES) {
      if (!r.azurePolicy) continue;
      assert.match(r.azurePolicy.url, /^https:\/\/github\.com\/Azure\/azure-policy\/blob\/master\/built-in-policies\/policyDefinitions\/(Cosmos%20DB\/Cosmos_|Security%20Center\/MDC_)\w+\.json$/);
      assert.ok(r.azurePolicy.displayName.length > 10);
    }
  });

  it('gives every rule a title, description, docs link, reference and concrete remediation', () => {
    for (const r of POSTURE_RULES) {
      assert.match(r.title, /^([A-Z0-9][\w.-]*|to)( ([A-Z0-9][\w.-]*|to))*$/, `${r.id} title is Title Case`);
      assert.match(r.description, /^[A-Z].*\.$/, r.id);
      assert.equal(r.docsUrl, `https://github.com/cosmos-guard/cosmos-guard#posture-${r.id}`);
      assert.match(r.referenceUrl ?? '', /^https:\/\/(learn\.microsoft\.com|msrc\.microsoft\.com)\//, r.id);
      assert.ok(r.remediation.length > 60, r.id);
      assert.ok(SEVERITIES.includes(r.defaultSeverity));
    }
    assert.match(postureRuleById('stale-keys').remediation, /Cosmos Guard: Rotate Keys Safely…/);
    assert.match(postureRuleById('local-auth-enabled').remediation, /Microsoft Entra.*disableLocalAuth=true/);
  });

  it('looks rules up by id', () => {
    assert.equal(postureRuleById('open-network').id, 'open-network');
    assert.equal(postureRuleById('nope'), undefined);
  });
});

describe('summarise', () => {
  it('no findings: no worst severity, zero counts', () => {
    assert.deepEqual(summarise([]), { worst: undefined, counts: { high: 0, medium: 0, low: 0, info: 0 }, total: 0 });
  });
  it('counts by severity and picks the worst', () => {
    assert.deepEqual(summarise(evaluatePosture(WORST, { now: NOW })), { worst: 'high', counts: { high: 4, medium: 5, low: 4, info: 0 }, total: 13 });
    assert.deepEqual(summarise([{ severity: 'info' }, { severity: 'low' }, { severity: 'info' }]),
      { worst: 'low', counts: { high: 0, medium: 0, low: 1, info: 2 }, total: 3 });
  });
});
