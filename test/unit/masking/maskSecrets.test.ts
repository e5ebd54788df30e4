import * as assert from 'node:assert/strict';
import { maskSecrets, maskValue } from '../../../src/core/masking/maskSecrets';
import { identifiableKey, legacyKey, seededRandom, userPassword } from '../../support/keyFactory';

const rnd = seededRandom(314);
const legacy = legacyKey(rnd);
const identifiable = identifiableKey(rnd);
const alphanumeric = legacyKey(rnd, { alphanumericOnly: true });
const password = userPassword(rnd, '--');
const fieldPassword = userPassword(rnd);

describe('maskSecrets', () => {
  const cases: { name: string; text: string; secret: string; keeps?: string }[] = [
    { name: 'a bare legacy key', text: `key is ${legacy} ok`, secret: legacy },
    { name: 'a bare identifiable key', text: `"${identifiable}"`, secret: identifiable },
    { name: 'a NoSQL connection string', text: `AccountEndpoint=https://a.documents.azure.com:443/;AccountKey=${legacy};`, secret: legacy,
      keeps: 'AccountEndpoint=https://a.documents.azure.com:443/;AccountKey=' },
    { name: 'AccountKey in another case', text: `accountkey = ${alphanumeric}`, secret: alphanumeric, keeps: 'accountkey = ' },
    { name: 'a URL-encoded key', text: `mongodb://acct:${encodeURIComponent(legacy)}@acct.mongo.cosmos.azure.com:10255/?ssl=true`,
      secret: encodeURIComponent(legacy), keeps: 'mongodb://acct:' },
    { name: 'a JSON-escaped key', text: `{"key":"${legacy.replace(/\//g, '\\/')}"}`, secret: legacy.replace(/\//g, '\\/') },
    { name: 'a key inside an error stack', text: `Error: bad key ${legacy}\n    at f (x.js:1:1)`, secret: legacy, keeps: 'at f (x.js:1:1)' },
    { name: 'a mongodb+srv password', text: `mongodb+srv://admin:${password}@c.mongocluster.cosmos.azure.com/?tls=true`,
      secret: password, keeps: 'mongodb+srv://admin:' },
    { name: 'a Password= field', text: `Host=h;Username=u;Password=${fieldPassword};`, secret: fieldPassword, keeps: 'Username=u;Password=' },
  ];
  for (const c of cases) {
    it(`masks ${c.name}, keeping at most the last 4 characters`, () => {
      const masked = maskSecrets(c.text);
      assert.ok(!masked.includes(c.secret), masked);
      assert.ok(!masked.includes(c.secret.slice(0, 8)), masked);
      assert.ok(masked.includes(`…${c.secret.slice(-4)}`), masked);
      if (c.keeps) assert.ok(masked.includes(c.keeps), masked);
    });
  }

  it('leaves text without secrets alone', () => {
    const text = 'Scanned src/db.js: 2 findings (cosmos-sql-connection-string) in 12 ms; endpoint https://a.documents.azure.com:443/';
    assert.equal(maskSecrets(text), text);
  });

  it('hides short values completely', () => {
    assert.equal(maskValue('abc'), '…');
    assert.equal(maskValue('abcdefgh'), '…');
    assert.equal(maskValue('abcdefghi'), '…fghi');
    assert.equal(maskSecrets('mongodb://u:pw@host'), 'mongodb://u:…@host');
  });
});
