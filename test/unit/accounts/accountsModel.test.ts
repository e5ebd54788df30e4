// The accounts view's model: states behind the welcome views, the badge count, the at-risk filter, progressive
// results, keeping old results during a refresh, and re-evaluation when settings change (no network).
import * as assert from 'node:assert/strict';
import { type SubscriptionDiscovery } from '../../../src/azure/accountDiscovery';
import { AZURE_PUBLIC_CLOUD } from '../../../src/azure/armCloud';
import { type SubscriptionRef } from '../../../src/azure/armSubscription';
import { accountTooltip, escapeMarkdown, findingTooltip, subscriptionTooltip } from '../../../src/features/accounts/accountTooltip';
import { AccountsModel, isAtRisk } from '../../../src/features/accounts/accountsModel';
import { account, daysAgo, NOW } from '../posture/postureTestKit';

const sub = (n: number): SubscriptionRef => ({
  subscriptionId: `0000000${n}-0000-4000-8000-000000000000`, name: `Sub ${n}`, tenantId: 'tenant', tenantName: 'Contoso', cloud: AZURE_PUBLIC_CLOUD,
});
const idIn = (s: SubscriptionRef, name: string) => `/subscriptions/${s.subscriptionId}/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/${name}`;

/** A stale-key account with key auth on (high), a clean one, and one with only TLS 1.0 (medium). */
function discovered(s: SubscriptionRef): SubscriptionDiscovery {
  const base = { subscriptionId: s.subscriptionId, resourceGroup: 'rg' };
  return {
    status: 'ok', subscription: s, unreadable: [],
    accounts: [
      { snapshot: account({ ...base, id: idIn(s, 'stale'), name: 'stale', disableLocalAuth: false,
        keysMetadata: { primaryMasterKey: daysAgo(200), secondaryMasterKey: daysAgo(200), primaryReadonlyMasterKey: daysAgo(200), secondaryReadonlyMasterKey: daysAgo(200) } }) },
      { snapshot: account({ ...base, id: idIn(s, 'clean'), name: 'clean' }) },
      { snapshot: account({ ...base, id: idIn(s, 'old-tls'), name: 'old-tls', minimalTlsVersion: 'Tls' }) },
    ],
  };
}

describe('accounts model', () => {
  const model = () => new AccountsModel({}, () => NOW);

  it('idle until loaded, loading while the first load runs, then signed out', () => {
    const m = model();
    assert.equal(m.state(), 'idle');
    m.beginLoading();
    assert.equal(m.state(), 'loading');
    m.setSignedOut();
    assert.equal(m.state(), 'loading', 'no welcome view flashes while still loading');
    m.endLoading();
    assert.equal(m.state(), 'signedOut');
  });

  it('no subscriptions, no accounts, error', () => {
    const m = model();
    m.setListing([], []);
    assert.equal(m.state(), 'noSubscriptions');
    m.setListing([sub(1)], []);
    assert.equal(m.state(), 'ready', 'loading subscriptions show as rows');
    m.setSubscriptionResult({ status: 'ok', subscription: sub(1), accounts: [], unreadable: [] });
    assert.equal(m.state(), 'noAccounts');
    m.setListing([], [{ tenantId: 't2', displayName: 'Fabrikam' }]);
    assert.equal(m.state(), 'ready', 'a directory that needs a sign-in is a row');
    m.setError('Could not list subscriptions');
    assert.equal(m.state(), 'error');
    assert.equal(m.errorMessage, 'Could not list subscriptions');
  });

  it('evaluates posture, counts high-severity accounts for the badge, and filters at-risk accounts', () => {
    const m = model();
    m.setListing([sub(1), sub(2)], []);
    m.setSubscriptionResult(discovered(sub(1)));
    m.setSubscriptionResult({ status: 'failed', subscription: sub(2), failure: { kind: 'forbidden', code: 'AuthorizationFailed', statusCode: 403, message: 'no' } });
    const accounts = m.allAccounts();
    assert.deepEqual(accounts.map((a) => [a.snapshot.name, a.summary.worst]), [['stale', 'high'], ['clean', undefined], ['old-tls', 'medium']]);
    assert.deepEqual(accounts.map(isAtRisk), [true, false, true]);
    assert.equal(m.highSeverityAccountCount(), 1);
    m.setFilterAtRisk(true);
    const visible = m.visibleSubscriptions();
    assert.equal(visible.length, 2, 'the failed subscription stays visible: it may hold at-risk accounts');
    assert.deepEqual(visible[0]?.status === 'ok' ? visible[0].accounts.map((a) => a.snapshot.name) : [], ['stale', 'old-tls']);
    assert.equal(m.highSeverityAccountCount(), 1, 'the badge ignores the filter');
  });

  it('says so when the filter leaves nothing', () => {
    const m = model();
    m.setListing([sub(1)], []);
    m.setSubscriptionResult({ status: 'ok', subscription: sub(1), unreadable: [], accounts: [{ snapshot: account({ subscriptionId: sub(1).subscriptionId }) }] });
    m.setFilterAtRisk(true);
    assert.equal(m.state(), 'noAtRiskAccounts');
    m.setFilterAtRisk(false);
    assert.equal(m.state(), 'ready');
  });

  it('re-evaluates cached snapshots when settings change: a rule turned off, a longer key age', () => {
    const m = model();
    let changes = 0;
    m.onDidChange(() => changes++);
    m.setListing([sub(1)], []);
    m.setSubscriptionResult(discovered(sub(1)));
    m.setPostureOptions({ rules: { 'tls-below-1-2': false } });
    assert.deepEqual(m.allAccounts().map((a) => a.summary.worst), ['high', undefined, undefined]);
    m.setPostureOptions({ maxKeyAgeDays: 365 });
    assert.equal(m.allAccounts()[0]!.findings.some((f) => f.rule === 'stale-keys'), false);
    assert.ok(changes >= 4);
  });

  it('keeps a subscription\'s last result during a refresh, and drops results for subscriptions no longer listed', () => {
    const m = model();
    m.setListing([sub(1)], []);
    m.setSubscriptionResult(discovered(sub(1)));
    m.setListing([sub(1), sub(2)], []);
    assert.deepEqual(m.subscriptions.map((s) => s.status), ['ok', 'loading']);
    m.setListing([sub(2)], []);
    m.setSubscriptionResult(discovered(sub(1)));
    assert.deepEqual(m.subscriptions.map((s) => [s.ref.name, s.status]), [['Sub 2', 'loading']], 'a late result of an old listing is ignored');
  });
});

describe('accounts model: evidence read on demand', () => {
  const s1 = sub(1);
  const loaded = () => {
    const m = new AccountsModel({}, () => NOW);
    m.setListing([s1], []);
    m.setSubscriptionResult(discovered(s1));
    return m;
  };
  const clean = (m: AccountsModel) => m.allAccounts().find((a) => a.snapshot.name === 'clean')!;

  it('marks a part as being read, then evaluates the rules with it (a finding appears, or "could not be checked")', () => {
    const m = loaded();
    const generation = m.beginEvidence(idIn(s1, 'clean'), 'diagnosticSettings');
    assert.deepEqual(clean(m).loading, ['diagnosticSettings']);
    m.setEvidence(idIn(s1, 'CLEAN'), generation, { diagnosticSettings: { status: 'read', settings: [] } }, 'diagnosticSettings');
    assert.deepEqual(clean(m).loading, []);
    assert.deepEqual(clean(m).findings.map((f) => f.rule), ['no-diagnostic-logs']);
    const g2 = m.beginEvidence(idIn(s1, 'clean'), 'keyAccess');
    m.setEvidence(idIn(s1, 'clean'), g2, { keyAccess: { status: 'unreadable', message: 'm', missingPermission: 'Microsoft.Insights/eventtypes/values/read' } }, 'keyAccess');
    assert.deepEqual(clean(m).unchecked.map((u) => [u.rule, u.reason]), [['keys-read-recently', 'missing permission Microsoft.Insights/eventtypes/values/read']]);
    assert.equal(clean(m).snapshot.diagnosticSettings?.status, 'read', 'parts accumulate');
  });

  it('drops evidence at the next listing (a refresh), and a late answer for the old listing is ignored', () => {
    const m = loaded();
    const generation = m.beginEvidence(idIn(s1, 'clean'), 'diagnosticSettings');
    m.setListing([s1], []);
    m.setEvidence(idIn(s1, 'clean'), generation, { diagnosticSettings: { status: 'read', settings: [] } }, 'diagnosticSettings');
    assert.equal(m.evidence(idIn(s1, 'clean')), undefined);
    assert.deepEqual(clean(m).findings, []);
  });
});

describe('accounts view tooltips', () => {
  const m = new AccountsModel({}, () => NOW);
  m.setListing([sub(1)], []);
  m.setSubscriptionResult(discovered(sub(1)));
  const [stale, clean] = m.allAccounts();

  it('lists every finding and each key\'s age, never key material', () => {
    const text = accountTooltip(stale!, sub(1), NOW);
    assert.match(text, /^\$\(database\) \*\*stale\*\* — Azure Cosmos DB for NoSQL/);
    assert.match(text, /\$\(error\) \*\*Stale Account Keys\*\* \(high\): Keys not rotated in 60\+ days/);
    assert.match(text, /\| primary \| \d{4}-\d{2}-\d{2} \| 200 days \|/);
    assert.match(text, /\| secondary read-only \| \d{4}-\d{2}-\d{2} \| 200 days \|/);
    assert.equal(text.split('\n').filter((l) => /^- \$\((error|warning|info|circle-outline)\)/.test(l)).length, stale!.findings.length);
    assert.match(accountTooltip(clean!, sub(1), NOW), /\$\(pass\) No findings\./);
  });

  it('says each key\'s last use as Azure reports it, and lists what could not be checked (never as passed)', () => {
    const usage = new AccountsModel({}, () => NOW);
    usage.setListing([sub(1)], []);
    const s1 = sub(1);
    usage.setSubscriptionResult({ status: 'ok', subscription: s1, unreadable: [], accounts: [{ snapshot: account({
      subscriptionId: s1.subscriptionId, resourceGroup: 'rg', id: idIn(s1, 'used'), name: 'used', disableLocalAuth: false,
      keysMetadata: { primaryMasterKey: daysAgo(100), secondaryMasterKey: daysAgo(100), primaryReadonlyMasterKey: daysAgo(100), secondaryReadonlyMasterKey: daysAgo(100) },
      keysLastUsed: { primaryMasterKey: new Date(NOW - 3 * 3_600_000).toISOString(), secondaryMasterKey: null, primaryReadonlyMasterKey: daysAgo(45) },
      defenderPlan: { status: 'unreadable', message: 'm', missingPermission: 'Microsoft.Security/pricings/read' },
      diagnosticSettings: { status: 'read', settings: [{ name: 'to-logs', workspaceId: '/w', logs: [{ category: 'DataPlaneRequests', enabled: true }] }] } }) }] });
    const [used] = usage.allAccounts();
    const text = accountTooltip(used!, s1, NOW);
    assert.match(text, /\| primary \| \d{4}-\d{2}-\d{2} \| 100 days \| last used about 3 h ago \|/);
    assert.match(text, /\| secondary \| \d{4}-\d{2}-\d{2} \| 100 days \| no use reported \|/);
    assert.match(text, /\| primary read-only \| \d{4}-\d{2}-\d{2} \| 100 days \| not used in the last 45 days \|/);
    assert.match(text, /\| secondary read-only \| \d{4}-\d{2}-\d{2} \| 100 days \| usage not reported \|/);
    assert.match(text, /\*\*Could not be checked\*\* \(not a pass\):\n\n- \$\(question\) Defender Plan Off: missing permission Microsoft\.Security\/pricings\/read/);
    assert.match(text, /Data-plane request logs: sent \(to-logs\) to Log Analytics/);
    const unused = used!.findings.find((f) => f.rule === 'unused-key')!;
    assert.match(findingTooltip(unused, { snapshot: used!.snapshot, now: NOW }), /\| Key \| Last regenerated \| Age \| Last used \|/);
    assert.doesNotMatch(findingTooltip(unused), /Last used \|/, 'without the account, no table');
  });

  it('shows a missing generation time as "before 2022-06-18"', () => {
    const legacy = { ...clean!, snapshot: { ...clean!.snapshot, keysMetadata: {} } };
    assert.match(accountTooltip(legacy, sub(1), NOW), /\| primary \| before 2022-06-18 \| unknown \|/);
  });

  it('links the rule documentation from a finding and escapes Markdown from Azure', () => {
    const text = findingTooltip(stale!.findings[0]!);
    assert.match(text, /\[Rule documentation\]\(https:\/\/github\.com\/cosmos-guard\/cosmos-guard#posture-stale-keys\)/);
    assert.equal(escapeMarkdown('a*b_[c]'), 'a\\*b\\_\\[c\\]');
    assert.match(subscriptionTooltip({ ...sub(1), name: 'Dev *test*' }, { kind: 'forbidden', code: 'AuthorizationFailed', message: 'Missing x', requestId: 'r-1' }),
      /Dev \\\*test\\\*[\s\S]*\$\(error\) Missing x[\s\S]*Request id `r-1`/);
  });
});
