import * as assert from 'node:assert/strict';
import { maskSecrets, maskValue } from '../../../src/core/masking/maskSecrets';
import { safeExcerpt } from '../../../src/core/masking/safeExcerpt';
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

  // The regular expressions maskSecrets used before its scans were rewritten to be linear: the rewrite must mask
  // exactly what they masked.
  function regexMask(text: string): string {
    const KEY_RUN = /(?:[A-Za-z0-9+]|\\?\/|%2[BbFf]){86}(?:==|%3[Dd]%3[Dd]|\\u003[Dd]\\u003[Dd])/g;
    const KEY_FIELD = /\b(AccountKey|SharedAccessKey|Password|Pwd)(\s*=\s*)([^;"'`\s]+)/gi;
    const URI_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:@/\s"'`]*:)([^@\s"'`]+)@/gi;
    return text.replace(KEY_FIELD, (_m, f: string, e: string, v: string) => `${f}${e}${maskValue(v)}`)
      .replace(URI_PASSWORD, (_m, prefix: string, pw: string) => `${prefix}${maskValue(pw)}@`)
      .replace(KEY_RUN, (k) => maskValue(k));
  }

  it('masks what the former regular expressions masked, on 30,000 random texts', () => {
    const rnd = seededRandom(2718);
    const atoms = ['A', 'b', '9', '+', '/', '\\/', '%2B', '%2f', '2', 'B', '==', '=', '%3D%3d', '%3D', '\\u003D\\u003d', '\\u003D', '%',
      '\\', ':', '@', ' ', '"', '\t', 'a://', '://', 'x:', 'mongodb+srv://', '_', '.', '-', 'Password=', 'AccountKey ='];
    let keyRuns = 0;
    const differences: string[] = [];
    for (let n = 0; n < 30000; n++) {
      let text = '';
      const length = Math.floor(rnd() * 140);
      for (let i = 0; i < length; i++) text += rnd() < 0.6 ? 'Ab9+xYz'[Math.floor(rnd() * 7)] : atoms[Math.floor(rnd() * atoms.length)];
      const expected = regexMask(text);
      if (expected.length < text.length - 60) keyRuns++;
      if (maskSecrets(text) !== expected) differences.push(JSON.stringify(text));
    }
    assert.deepEqual(differences.slice(0, 3), []);
    assert.ok(keyRuns > 1000, `only ${keyRuns} key runs masked: the comparison proves little`);
  });
});

describe('safeExcerpt', () => {
  it('masks before it cuts, so a key at the cut is never half shown', () => {
    const key = legacyKey(seededRandom(11));
    const excerpt = safeExcerpt(`${'x'.repeat(30)}${key}`);
    assert.ok(!excerpt.includes(key.slice(0, 8)), excerpt);
    assert.ok(excerpt.length <= 40, excerpt);
  });

  it('escapes control, bidirectional and invisible characters', () => {
    assert.equal(safeExcerpt('a\u001b[31mred\u0007'), 'a\\x1b[31mred\\x07');
    assert.equal(safeExcerpt('x\u202eevil\u200b\r\n'), 'x\\u202eevil\\u200b\\x0d\\x0a');
    assert.equal(safeExcerpt('emoji \ud83d\ude00 ok'), 'emoji \ud83d\ude00 ok');
    assert.equal(safeExcerpt('lone \ud83d'), 'lone \\ud83d');
  });

  it('is at most the given length, with an ellipsis when cut', () => {
    assert.equal(safeExcerpt('short'), 'short');
    const long = safeExcerpt('y'.repeat(1_000_000));
    assert.equal(long.length, 40);
    assert.ok(long.endsWith('…'));
    assert.equal(safeExcerpt('\u0000'.repeat(100), 12).length, 12);
  });
});
