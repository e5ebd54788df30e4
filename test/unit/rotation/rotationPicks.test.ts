// The pickers' items as plain data (accounts by subscription, keys with age and what breaks), and the plain-words
// failures of key operations that core-lro reports as bare Errors.
import * as assert from 'node:assert/strict';
import { describeArmFailure, parseFailedOperation } from '../../../src/azure/armFailure';
import { AccountsModel } from '../../../src/features/accounts/accountsModel';
import { accountPickEntries, evidenceOfKeyInUse, keyInUseEntries, keyPickEntries, keysNamedBy } from '../../../src/features/rotation/rotationPicks';
import { customCloud } from '../../../src/azure/armCloud';
import { type AccountSnapshot } from '../../../src/core/posture';

const NOW = Date.parse('2026-05-01T00:00:00Z');
const SUB = '1f3e5a7c-9b2d-4c6e-8f10-0a2b4c6d8e01';

function snapshot(name: string, keysMetadata: AccountSnapshot['keysMetadata'], extra: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/${name}`, name, subscriptionId: SUB,
    resourceGroup: 'rg', location: 'West Europe', kind: 'GlobalDocumentDB', capabilities: [], keysMetadata, ipRules: [], virtualNetworkRuleCount: 0,
    privateEndpointStatuses: [], notebookWorkspace: 'not-checked', disableLocalAuth: true, publicNetworkAccess: 'Disabled',
    disableKeyBasedMetadataWriteAccess: true, minimalTlsVersion: 'Tls12', ...extra,
  };
}

function model(accounts: AccountSnapshot[]): AccountsModel {
  const m = new AccountsModel({ maxKeyAgeDays: 60 }, () => NOW);
  const ref = { subscriptionId: SUB, name: 'Contoso Production', tenantId: 't', tenantName: 'Contoso', cloud: customCloud('https://localhost:1') };
  m.setListing([ref], []);
  m.setSubscriptionResult({ status: 'ok', subscription: ref, accounts: accounts.map((s) => ({ snapshot: s })), unreadable: [] });
  return m;
}

describe('rotation pickers', () => {
  const fresh = snapshot('fresh', { primaryMasterKey: '2026-04-21T00:00:00Z', secondaryMasterKey: '2026-04-30T00:00:00Z',
    primaryReadonlyMasterKey: '2026-04-01T00:00:00Z', secondaryReadonlyMasterKey: '2026-04-01T00:00:00Z' });
  const stale = snapshot('stale', { secondaryMasterKey: '2025-01-01T00:00:00Z', primaryReadonlyMasterKey: '2026-04-30T00:00:00Z',
    secondaryReadonlyMasterKey: '2026-04-30T00:00:00Z' }, { createdAt: '2020-01-01T00:00:00Z' });

  it('groups accounts under one separator per subscription, with the worst finding and the oldest key', () => {
    const m = model([fresh, stale]);
    const entries = accountPickEntries(m.subscriptions, NOW, (a) => a.snapshot.name, (a) => (a.snapshot.name === 'stale' ? 'rotation 4/6' : undefined));
    assert.deepEqual(entries, [
      { separator: 'Contoso Production (Contoso)' },
      { label: '$(database) fresh', description: 'No issues · oldest key regenerated 30 days ago', detail: 'West Europe · resource group rg', value: 'fresh' },
      { label: '$(database) stale', description: 'rotation 4/6 · High: ChaosDB-Era Primary Key · a key last regenerated before 2022-06-18',
        detail: 'West Europe · resource group rg', value: 'stale' },
    ]);
    assert.deepEqual(accountPickEntries(m.subscriptions, NOW, () => undefined), [], 'no separator without accounts');
  });

  it('lists the four keys with their age (stale marked) and what breaks', () => {
    const m = model([stale]);
    const account = m.allAccounts()[0]!;
    assert.deepEqual(keyPickEntries(account, NOW).map((e) => 'label' in e && [e.label, e.description]), [
      ['$(key) Primary read-write key', 'last regenerated before 2022-06-18 (stale)'],
      ['$(key) Secondary read-write key', 'regenerated 485 days ago (stale)'],
      ['$(key) Primary read-only key', 'regenerated 1 day ago'],
      ['$(key) Secondary read-only key', 'regenerated 1 day ago'],
    ]);
    assert.ok(keyPickEntries(account, NOW).every((e) => 'detail' in e && /^Breaks: /.test(e.detail ?? '')));
    const inUse = keyInUseEntries(account, NOW).map((e) => ('detail' in e ? e.detail : undefined));
    assert.equal(inUse[2], 'Regenerates the secondary read-only key first, then, once your apps use it, the primary read-only key.');
    const findings = account.findings;
    assert.deepEqual(keysNamedBy(findings.find((f) => f.rule === 'chaosdb-primary-key')), ['primary']);
    assert.deepEqual(keysNamedBy(findings.find((f) => f.rule === 'stale-keys')), ['primary', 'secondary']);
    assert.deepEqual(keysNamedBy(undefined), []);
  });
});

describe('failures of key operations in plain words', () => {
  it('reads core-lro\'s failed-operation errors', () => {
    assert.deepEqual(parseFailedOperation(new Error('The long-running operation has failed. KeyRegenerationFailed. Regeneration failed in West Europe.')),
      { code: 'KeyRegenerationFailed', message: 'Regeneration failed in West Europe' });
    assert.deepEqual(parseFailedOperation(new Error('The long-running operation has failed')), { code: 'Failed', message: 'no reason was given' });
    assert.deepEqual(parseFailedOperation(new Error('Operation was canceled')), { code: 'Canceled', message: 'Azure canceled the operation.' });
    assert.equal(parseFailedOperation(Object.assign(new Error('The long-running operation has failed'), { statusCode: 500 })), undefined);
    assert.equal(parseFailedOperation(new Error('socket hang up')), undefined);
  });

  it('names each key operation\'s permission on 403, and quotes Azure where the SDK keeps its message', () => {
    const forbidden = Object.assign(new Error('The client … does not have authorization'), { name: 'RestError', statusCode: 403, code: 'AuthorizationFailed' });
    const cases: [Parameters<typeof describeArmFailure>[1], RegExp][] = [
      [{ kind: 'listKeys', accountName: 'a' }, /^Missing permission Microsoft\.DocumentDB\/databaseAccounts\/listKeys\/action to read the keys of a \(403 AuthorizationFailed\)\. Ask for a role that includes it on the account, such as DocumentDB Account Contributor\.$/],
      [{ kind: 'readOnlyKeys', accountName: 'a' }, /readonlykeys\/action to read the read-only keys of a .*Cosmos DB Account Reader\.$/],
      [{ kind: 'readAccount', accountName: 'a' }, /databaseAccounts\/read to read the account a .*Reader or Cosmos DB Account Reader role/],
    ];
    for (const [op, message] of cases) assert.match(describeArmFailure(forbidden, op).message, message);
    const badRequest = Object.assign(new Error('Invalid keyKind \'x\'.'), { name: 'RestError', statusCode: 400, code: 'BadRequest' });
    assert.equal(describeArmFailure(badRequest, { kind: 'regenerateKey', accountName: 'a', keyLabel: 'primary read-write key' }).message,
      'Azure Resource Manager refused to regenerate the primary read-write key of a (400 BadRequest). Azure said: Invalid keyKind \'x\'.');
    assert.equal(describeArmFailure(badRequest, { kind: 'listAccounts', subscriptionId: 's' }).message,
      'Azure Resource Manager refused to list the Cosmos DB accounts of subscription s (400 BadRequest).', 'paged operations keep their old wording');
  });

  it('adds Azure\'s key-usage evidence to each key, and names the key in use only when the evidence is unambiguous', () => {
    const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString();
    const keys = { primaryMasterKey: '2026-04-21T00:00:00Z', secondaryMasterKey: '2026-04-21T00:00:00Z', primaryReadonlyMasterKey: '2026-04-21T00:00:00Z',
      secondaryReadonlyMasterKey: '2026-04-21T00:00:00Z' };
    const evidence = (used: AccountSnapshot['keysLastUsed']) => model([snapshot('a', keys, used === undefined ? {} : { keysLastUsed: used })]).allAccounts()[0]!;
    const clear = evidence({ primaryMasterKey: hoursAgo(3), secondaryMasterKey: null, primaryReadonlyMasterKey: hoursAgo(24 * 45), secondaryReadonlyMasterKey: null });
    assert.deepEqual(keyPickEntries(clear, NOW).map((e) => 'label' in e && e.description), ['regenerated 10 days ago · last used about 3 h ago',
      'regenerated 10 days ago · no use reported', 'regenerated 10 days ago · not used in the last 45 days', 'regenerated 10 days ago · no use reported']);
    assert.equal(evidenceOfKeyInUse(clear, NOW)?.keyKind, 'primary');
    // Readers on a read-only key beside the applications' read-write key: the read-write pair decides.
    const readers = evidence({ primaryMasterKey: null, secondaryMasterKey: hoursAgo(2), primaryReadonlyMasterKey: hoursAgo(1), secondaryReadonlyMasterKey: null });
    assert.equal(evidenceOfKeyInUse(readers, NOW)?.keyKind, 'secondary');
    // Both read-write keys in use: no guess.
    const both = evidence({ primaryMasterKey: hoursAgo(6), secondaryMasterKey: hoursAgo(1), primaryReadonlyMasterKey: null, secondaryReadonlyMasterKey: null });
    assert.equal(evidenceOfKeyInUse(both, NOW), undefined);
    // Not reported: no evidence, and no usage shown at all.
    const unknown = evidence(undefined);
    assert.equal(evidenceOfKeyInUse(unknown, NOW), undefined);
    assert.deepEqual(keyPickEntries(unknown, NOW).map((e) => 'label' in e && e.description), Array(4).fill('regenerated 10 days ago'));
  });
});
