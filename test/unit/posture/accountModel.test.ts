// The snapshot helpers: API detection, resource ids, timestamps and key ages.
import * as assert from 'node:assert/strict';
import {
  apiOf, InvalidAccountIdError, keyAges, parseAccountId, resourceGroupOf, type AccountSnapshot, type CosmosApi,
} from '../../../src/core/posture';
import { parseTimestamp } from '../../../src/core/posture/timestamps';
import { DAY, NOW, daysAgo } from './postureTestKit';

describe('apiOf', () => {
  const cases: readonly [string, Pick<AccountSnapshot, 'kind' | 'capabilities'>, CosmosApi][] = [
    ['GlobalDocumentDB, no capabilities', { kind: 'GlobalDocumentDB', capabilities: [] }, 'nosql'],
    ['GlobalDocumentDB, serverless', { kind: 'GlobalDocumentDB', capabilities: ['EnableServerless'] }, 'nosql'],
    ['MongoDB kind with EnableMongo', { kind: 'MongoDB', capabilities: ['EnableMongo'] }, 'mongodb'],
    ['MongoDB kind without capabilities (3.2)', { kind: 'MongoDB', capabilities: [] }, 'mongodb'],
    ['Parse kind', { kind: 'Parse', capabilities: [] }, 'mongodb'],
    ['EnableCassandra', { kind: 'GlobalDocumentDB', capabilities: ['EnableCassandra'] }, 'cassandra'],
    ['EnableTable', { kind: 'GlobalDocumentDB', capabilities: ['EnableTable', 'EnableServerless'] }, 'table'],
    ['EnableGremlin', { kind: 'GlobalDocumentDB', capabilities: ['EnableServerless', 'EnableGremlin'] }, 'gremlin'],
    ['capability case ignored', { kind: 'GlobalDocumentDB', capabilities: ['ENABLEGREMLIN'] }, 'gremlin'],
    ['kind case ignored', { kind: 'mongodb' as AccountSnapshot['kind'], capabilities: [] }, 'mongodb'],
    ['look-alike capability is not an API', { kind: 'GlobalDocumentDB', capabilities: ['EnableMongo16MBDocumentSupport'] }, 'nosql'],
  ];
  for (const [name, snapshot, api] of cases) it(`${name} → ${api}`, () => assert.equal(apiOf(snapshot), api));
});

describe('parseAccountId', () => {
  const id = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/RG-Orders/providers/Microsoft.DocumentDB/databaseAccounts/orders-eu';
  const parts = { subscriptionId: '00000000-1111-2222-3333-444444444444', resourceGroup: 'RG-Orders', accountName: 'orders-eu' };

  it('splits a canonical id, keeping the variable parts\' case', () => assert.deepEqual(parseAccountId(id), parts));
  it('ignores the case of the fixed segments', () => {
    assert.deepEqual(parseAccountId(id.replace('resourceGroups', 'RESOURCEGROUPS').replace('Microsoft.DocumentDB', 'microsoft.documentdb')
      .replace('databaseAccounts', 'DatabaseAccounts').replace('subscriptions', 'Subscriptions')), parts);
  });
  it('tolerates surrounding whitespace and a trailing slash', () => assert.deepEqual(parseAccountId(`  ${id}/\n`), parts));
  it('accepts the ARM examples\' non-GUID subscription', () => {
    assert.deepEqual(parseAccountId('/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.DocumentDB/databaseAccounts/ddb1'),
      { subscriptionId: 'subid', resourceGroup: 'rg1', accountName: 'ddb1' });
  });

  const bad: readonly [string, string, RegExp][] = [
    ['empty', '   ', /it is empty/],
    ['no leading slash', id.slice(1), /must start with "\/subscriptions\/"/],
    ['a child resource', `${id}/notebookWorkspaces/default`, /names a resource inside an account/],
    ['too short', '/subscriptions/s/resourceGroups/rg', /has 4 of the 8 path segments/],
    ['another provider', id.replace('Microsoft.DocumentDB', 'Microsoft.Storage'), /expected "Microsoft.DocumentDB" where it has "Microsoft.Storage"/],
    ['another resource type', id.replace('databaseAccounts', 'mongoClusters'), /expected "databaseAccounts" where it has "mongoClusters"/],
    ['an empty resource group', id.replace('RG-Orders', ''), /the resource group is empty/],
    ['an account name with a space', id.replace('orders-eu', 'orders eu'), /the account name contains a space/],
    ['a URL instead of an id', 'https://orders-eu.documents.azure.com:443/', /must start with/],
  ];
  for (const [name, input, reason] of bad) {
    it(`rejects ${name} with a clear error`, () => {
      assert.throws(() => parseAccountId(input), (e: unknown) => {
        assert.ok(e instanceof InvalidAccountIdError);
        assert.match(e.message, reason);
        assert.match(e.message, /Expected \/subscriptions\/<subscription-id>\/resourceGroups\/<resource-group>\/providers\/Microsoft\.DocumentDB\/databaseAccounts\/<account-name>\./);
        assert.equal(e.input, input);
        return true;
      });
    });
  }
  it('shortens a very long input in the message', () => {
    assert.throws(() => parseAccountId(`x${'a'.repeat(5000)}`), (e: unknown) => e instanceof Error && e.message.length < 500);
  });
});

describe('resourceGroupOf', () => {
  it('reads the group of an account id', () => {
    assert.equal(resourceGroupOf('/subscriptions/s/resourceGroups/rg-1/providers/Microsoft.DocumentDB/databaseAccounts/a'), 'rg-1');
  });
  it('reads the group of a child resource id, any case', () => {
    assert.equal(resourceGroupOf('/subscriptions/subId/resourcegroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/account1/privateEndpointConnections/pe1'), 'rg');
  });
  it('is undefined when the id names no group', () => {
    assert.equal(resourceGroupOf('/subscriptions/s/providers/Microsoft.DocumentDB/databaseAccounts'), undefined);
    assert.equal(resourceGroupOf('/subscriptions/s/resourceGroups/'), undefined);
    assert.equal(resourceGroupOf(''), undefined);
  });
});

describe('parseTimestamp', () => {
  const cases: readonly [string | undefined, number | undefined][] = [
    ['2022-02-25T20:30:11Z', Date.UTC(2022, 1, 25, 20, 30, 11)],
    ['2022-02-25T20:30:11.1234567Z', Date.UTC(2022, 1, 25, 20, 30, 11, 123)],
    ['2022-02-25T22:30:11+02:00', Date.UTC(2022, 1, 25, 20, 30, 11)],
    ['2022-02-25T15:30:11-0500', Date.UTC(2022, 1, 25, 20, 30, 11)],
    ['2022-02-25T20:30:11', Date.UTC(2022, 1, 25, 20, 30, 11)],
    ['2022-02-25', Date.UTC(2022, 1, 25)],
    [' 2022-02-25T20:30Z ', Date.UTC(2022, 1, 25, 20, 30)],
    [undefined, undefined],
    ['', undefined],
    ['yesterday', undefined],
    ['2021-02-30T00:00:00Z', undefined],
    ['2022-13-01T00:00:00Z', undefined],
    ['1645821011000', undefined],
  ];
  for (const [input, want] of cases) it(`${JSON.stringify(input)} → ${String(want)}`, () => assert.equal(parseTimestamp(input), want));
});

describe('keyAges', () => {
  const snapshot = { keysMetadata: { primaryMasterKey: daysAgo(412), secondaryMasterKey: daysAgo(59.99), secondaryReadonlyMasterKey: 'garbage' } };

  it('gives every key in portal order, with regenerate key kinds and labels', () => {
    assert.deepEqual(keyAges(snapshot, NOW).map((k) => [k.key, k.keyKind, k.label]), [
      ['primaryMasterKey', 'primary', 'primary'],
      ['secondaryMasterKey', 'secondary', 'secondary'],
      ['primaryReadonlyMasterKey', 'primaryReadonly', 'primary read-only'],
      ['secondaryReadonlyMasterKey', 'secondaryReadonly', 'secondary read-only'],
    ]);
  });
  it('rounds ages down to whole days; missing or unparseable means undefined', () => {
    const ages = keyAges(snapshot, NOW);
    assert.deepEqual(ages.map((k) => k.ageDays), [412, 59, undefined, undefined]);
    assert.deepEqual(ages.map((k) => k.generatedAt), [daysAgo(412), daysAgo(59.99), undefined, undefined]);
  });
  it('accepts a Date or epoch milliseconds alike', () => assert.deepEqual(keyAges(snapshot, new Date(NOW)), keyAges(snapshot, NOW)));
  it('never gives a negative age', () => {
    assert.equal(keyAges({ keysMetadata: { primaryMasterKey: new Date(NOW + 3 * DAY).toISOString() } }, NOW)[0]!.ageDays, 0);
  });
  it('rejects an invalid clock', () => assert.throws(() => keyAges(snapshot, new Date('nope')), RangeError));
});
