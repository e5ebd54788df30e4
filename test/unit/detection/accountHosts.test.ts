// "Which account uses this key?" and `scan --verify` match a finding's host to an account: every host name the
// detector recognises must lead back to its account.
import * as assert from 'node:assert/strict';
import { scanText } from '../../../src/core/detection';
import { isCosmosHost } from '../../../src/core/detection/cosmosHosts';
import { accountsForHost, normaliseHost } from '../../../src/core/rotation';
import { legacyKey, seededRandom } from '../../support/keyFactory';

describe('account host names', () => {
  const pub = { name: 'orders', documentEndpoint: 'https://orders.documents.azure.com:443/', location: 'West Europe' };
  const gov = { name: 'fed', documentEndpoint: 'https://fed.documents.azure.us:443/', location: 'USGov Virginia' };
  const cn = { name: 'east', documentEndpoint: 'https://east.documents.azure.cn:443/', location: 'China North 3' };
  const accounts = [pub, gov, cn];
  const names = (host: string): string[] => accountsForHost(host, accounts).map((a) => a.name);

  const table: [string, string[]][] = [
    ['orders.table.cosmosdb.azure.com', ['orders']],
    ['orders.cassandra.cosmosdb.azure.com', ['orders']],
    ['orders.gremlin.cosmosdb.azure.com:443', ['orders']],
    ['wss://orders.gremlin.cosmos.azure.com:443/', ['orders']],
    ['orders.sqlx.cosmos.azure.com', ['orders']],
    ['orders.privatelink.documents.azure.com', ['orders']],
    ['orders.privatelink.mongo.cosmos.azure.com', ['orders']],
    ['orders-westeurope.documents.azure.com', ['orders']],
    ['fed.table.cosmosdb.azure.us', ['fed']],
    ['fed.gremlin.cosmos.azure.us', ['fed']],
    ['east.cassandra.cosmos.azure.cn', ['east']],
    ['orders.table.cosmosdb.azure.us', []],
    ['orders.table.core.windows.net', []],
    ['orders.documents.azure.com.example.org', []],
  ];
  for (const [host, expected] of table) {
    it(`${host} → ${expected.join(', ') || 'no account'}`, () => assert.deepEqual(names(host), expected));
  }

  it('drops the private-link label when normalising', () => {
    assert.equal(normaliseHost('https://Orders.PrivateLink.Documents.Azure.com:443/'), 'orders.documents.azure.com');
  });

  it('recognises every one of those hosts in detection, and reports it with the finding', () => {
    const rnd = seededRandom(41);
    for (const [host, expected] of table) {
      const bare = host.replace(/^\w+:\/\//, '').replace(/[:/].*$/, '');
      assert.equal(isCosmosHost(bare), expected.length > 0 || /\.cosmosdb\.azure\.us$/.test(bare), bare);
      if (!expected.length) continue;
      const [f] = scanText('.env', `ENDPOINT=https://${bare}:443/\nKEY=${legacyKey(rnd)}\n`);
      assert.ok(f, `a key next to ${bare}`);
      assert.deepEqual(accountsForHost(f.host ?? '', accounts).map((a) => a.name), expected, `finding host for ${bare}`);
    }
  });
});
