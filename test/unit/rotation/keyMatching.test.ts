import * as assert from 'node:assert/strict';
import {
  accountHosts, accountsForHost, connectionStringKeyKind, constantTimeEqual, isKeyKind, keyDigest, KEY_KINDS, keyKindInfo, keysOfPair, matchKey,
  normaliseHost, parseKeyKind, pickConnectionString,
} from '../../../src/core/rotation';
import { identifiableKey, legacyKey, seededRandom } from '../../support/keyFactory';

describe('key kinds', () => {
  it('pairs each key with its partner and names what breaks', () => {
    assert.deepEqual(KEY_KINDS.map((k) => [k, keyKindInfo(k).partner, keyKindInfo(k).pair]), [
      ['primary', 'secondary', 'readWrite'], ['secondary', 'primary', 'readWrite'],
      ['primaryReadonly', 'secondaryReadonly', 'readOnly'], ['secondaryReadonly', 'primaryReadonly', 'readOnly'],
    ]);
    assert.deepEqual(keysOfPair('readOnly'), ['primaryReadonly', 'secondaryReadonly']);
    assert.match(keyKindInfo('primary').whatBreaks, /fails with 401 Unauthorized until it is given the new key/);
    assert.match(keyKindInfo('secondaryReadonly').whatBreaks, /Read-write clients are not affected/);
    assert.deepEqual(KEY_KINDS.map((k) => keyKindInfo(k).keyName),
      ['primaryMasterKey', 'secondaryMasterKey', 'primaryReadonlyMasterKey', 'secondaryReadonlyMasterKey']);
  });

  it('reads key kinds as typed on a command line', () => {
    const cases: [string, string | undefined][] = [
      ['primary', 'primary'], ['Secondary', 'secondary'], ['primaryReadonly', 'primaryReadonly'], ['primary-readonly', 'primaryReadonly'],
      ['SECONDARY_READ_ONLY', 'secondaryReadonly'], ['tertiary', undefined], ['', undefined], ['readonly', undefined],
    ];
    for (const [text, want] of cases) assert.equal(parseKeyKind(text), want, text);
    assert.equal(isKeyKind('primary'), true);
    assert.equal(isKeyKind('Primary'), false);
  });
});

describe('which key leaked: comparison', () => {
  const rnd = seededRandom(4711);
  const keys = { primary: identifiableKey(rnd), secondary: identifiableKey(rnd), primaryReadonly: identifiableKey(rnd, 'MastRO00'),
    secondaryReadonly: legacyKey(rnd) };

  it('names the matching key, or none', () => {
    for (const kind of KEY_KINDS) assert.equal(matchKey(keys[kind], keys), kind);
    assert.equal(matchKey(legacyKey(rnd), keys), undefined);
    assert.equal(matchKey('', keys), undefined);
    assert.equal(matchKey(keys.primary, { secondary: keys.secondary }), undefined, 'only returned keys count');
    assert.equal(matchKey(keys.primaryReadonly, { primaryReadonly: keys.primaryReadonly }), 'primaryReadonly', 'read-only keys alone (readonlykeys)');
  });

  it('compares digests in constant time, of any length', () => {
    const a = keyDigest(keys.primary);
    assert.equal(a.length, 32);
    assert.equal(constantTimeEqual(a, keyDigest(keys.primary)), true);
    assert.equal(constantTimeEqual(a, keyDigest(keys.secondary)), false);
    const flipped = a.slice();
    flipped[31] = flipped[31]! ^ 1;
    assert.equal(constantTimeEqual(a, flipped), false, 'one bit differs');
    assert.equal(constantTimeEqual(a, a.subarray(0, 31)), false, 'lengths differ');
    assert.equal(constantTimeEqual(new Uint8Array(0), new Uint8Array(0)), true);
  });
});

describe('which key leaked: hosts', () => {
  const orders = { name: 'contoso-orders', documentEndpoint: 'https://contoso-orders.documents.azure.com:443/', location: 'West Europe' };
  const gov = { name: 'fed', documentEndpoint: 'https://fed.documents.azure.us:443/', location: 'USGov Virginia' };
  const westeurope = { name: 'contoso-orders-westeurope', documentEndpoint: 'https://contoso-orders-westeurope.documents.azure.com:443/' };

  it('normalises hosts from URLs, ports and case', () => {
    assert.equal(normaliseHost('HTTPS://Contoso.Documents.Azure.com:443/'), 'contoso.documents.azure.com');
    assert.equal(normaliseHost('contoso.mongo.cosmos.azure.com:10255'), 'contoso.mongo.cosmos.azure.com');
  });

  it('derives every API host in the account\'s cloud', () => {
    assert.deepEqual(accountHosts(orders).sort(), ['contoso-orders.cassandra.cosmos.azure.com', 'contoso-orders.cassandra.cosmosdb.azure.com',
      'contoso-orders.documents.azure.com', 'contoso-orders.gremlin.cosmos.azure.com', 'contoso-orders.gremlin.cosmosdb.azure.com',
      'contoso-orders.mongo.cosmos.azure.com', 'contoso-orders.sqlx.cosmos.azure.com', 'contoso-orders.table.cosmos.azure.com',
      'contoso-orders.table.cosmosdb.azure.com']);
    assert.ok(accountHosts(gov).includes('fed.mongo.cosmos.azure.us'));
    assert.ok(accountHosts({ name: 'x' }).includes('x.documents.azure.com'), 'no endpoint: the public cloud');
  });

  it('matches finding hosts to accounts, regional endpoints only when nothing matches directly', () => {
    const accounts = [orders, gov, westeurope];
    const names = (host: string) => accountsForHost(host, accounts).map((a) => a.name);
    assert.deepEqual(names('contoso-orders.documents.azure.com'), ['contoso-orders']);
    assert.deepEqual(names('CONTOSO-ORDERS.mongo.cosmos.azure.com'), ['contoso-orders']);
    assert.deepEqual(names('fed.table.cosmos.azure.us'), ['fed']);
    assert.deepEqual(names('fed.table.cosmos.azure.com'), [], 'another cloud');
    assert.deepEqual(names('contoso-orders-westeurope.documents.azure.com'), ['contoso-orders-westeurope'], 'an account by that name wins');
    assert.deepEqual(accountsForHost('contoso-orders-westeurope.documents.azure.com', [orders]).map((a) => a.name), ['contoso-orders'],
      'else the regional endpoint of contoso-orders');
    assert.deepEqual(accountsForHost('contoso-orders-eastus.documents.azure.com', [orders]), [], 'a region the account is not in');
    assert.deepEqual(names('localhost'), []);
    assert.deepEqual(names(''), []);
  });
});

describe('connection string for a key', () => {
  const entries = [
    { connectionString: 'gw-primary', description: 'Primary SQL Dedicated Gateway', keyKind: 'Primary', type: 'SqlDedicatedGateway' },
    { connectionString: 'sql-primary', description: 'Primary SQL Connection String', keyKind: 'Primary', type: 'Sql' },
    { connectionString: 'sql-secondary-ro', description: 'Secondary Read-Only SQL Connection String', keyKind: 'SecondaryReadonly', type: 'Sql' },
  ];
  const mongo = [
    { connectionString: 'm-primary', description: 'Primary MongoDB Connection String' },
    { connectionString: 'm-primary-ro', description: 'Primary Read-Only MongoDB Connection String' },
    { connectionString: 'm-secondary', description: 'Secondary MongoDB Connection String' },
  ];

  it('prefers the main API over the dedicated gateway', () => {
    assert.equal(pickConnectionString(entries, 'primary')?.connectionString, 'sql-primary');
    assert.equal(pickConnectionString(entries, 'secondaryReadonly')?.connectionString, 'sql-secondary-ro');
    assert.equal(pickConnectionString(entries, 'secondary'), undefined);
  });

  it('reads MongoDB entries by their description', () => {
    assert.equal(pickConnectionString(mongo, 'primary')?.connectionString, 'm-primary');
    assert.equal(pickConnectionString(mongo, 'primaryReadonly')?.connectionString, 'm-primary-ro');
    assert.equal(pickConnectionString(mongo, 'secondary')?.connectionString, 'm-secondary');
    assert.equal(connectionStringKeyKind({ description: 'Something else' }), undefined);
  });
});
