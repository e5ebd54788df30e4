import * as assert from 'node:assert/strict';
import { extractSecret, scanText } from '../../../src/core/detection';
import { identifiableKey, legacyKey, seededRandom, userPassword } from '../../support/keyFactory';
import { assertLinearTime } from '../adversarial/growth';

const rnd = seededRandom(99);

describe('findings', () => {
  const key = legacyKey(rnd);
  const text = `line one\n  const c = "AccountEndpoint=https://a.documents.azure.com:443/;AccountKey=${key};";\n`;
  const [f] = scanText('src/db.js', text);

  it('carry 1-based positions covering exactly the secret', () => {
    assert.ok(f);
    assert.equal(f.file, 'src/db.js');
    assert.equal(f.line, 2);
    const lineText = text.split('\n')[1]!;
    assert.equal(f.column, lineText.indexOf(key) + 1);
    assert.equal(f.endLine, 2);
    assert.equal(f.endColumn, f.column + key.length);
    assert.equal(text.slice(f.startOffset, f.endOffset), key);
  });

  it('name the kind and rule, never the secret', () => {
    assert.ok(f);
    assert.equal(f.kind, 'sql-connection-string');
    assert.equal(f.rule, 'cosmos-sql-connection-string');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /NoSQL/);
    assert.match(f.message, /a\.documents\.azure\.com/);
    const serialised = JSON.stringify(f);
    assert.ok(!serialised.includes(key.slice(0, 20)), 'finding must not contain the key');
    assert.ok(!serialised.includes(key.slice(40, 60)), 'finding must not contain the key');
    assert.equal(f.hint, key.slice(-4));
  });

  it('have fingerprints that are stable, position-independent and distinct per secret', () => {
    assert.ok(f);
    const moved = scanText('other.js', `\n\n\n${text}`)[0]!;
    assert.equal(moved.fingerprint, f.fingerprint);
    assert.match(f.fingerprint, /^[0-9a-f]{32}$/);
    const other = scanText('src/db.js', text.replace(key, legacyKey(rnd)))[0]!;
    assert.notEqual(other.fingerprint, f.fingerprint);
  });

  it('let adapters re-read the decoded secret (for quick-fixes), from any encoding', () => {
    assert.ok(f);
    assert.equal(extractSecret(text, f), key);
    const k2 = legacyKey(rnd);
    const url = `U = "mongodb://a:${encodeURIComponent(k2)}@a.mongo.cosmos.azure.com:10255/?ssl=true"`;
    const g = scanText('u.py', url)[0]!;
    assert.equal(g.encoding, encodeURIComponent(k2) === k2 ? 'raw' : 'url');
    assert.equal(extractSecret(url, g), k2);
    const password = userPassword(rnd, '!');
    const vcore = `mongodb+srv://admin:${password}@c.mongocluster.cosmos.azure.com/`;
    const v = scanText('r.md', vcore)[0]!;
    assert.equal(extractSecret(vcore, v), password);
    assert.ok(!v.message.includes(password.slice(0, 8)));
  });

  it('report the first fragment line of a concatenated key and cover all fragments', () => {
    const k = legacyKey(rnd);
    const src = `const cosmosKey = "${k.slice(0, 40)}" +\n  "${k.slice(40)}";\n`;
    const [g] = scanText('a.ts', src);
    assert.ok(g);
    assert.deepEqual([g.line, g.endLine, g.encoding], [1, 2, 'concatenated']);
    assert.equal(extractSecret(src, g), k);
  });

  it('are sorted by position and one per secret', () => {
    const a = identifiableKey(rnd), b = legacyKey(rnd);
    const found = scanText('x.env', `B=${a}\nCOSMOS_KEY=${b}\nA=${a}\n`);
    assert.deepEqual(found.map((x) => x.line), [1, 2, 3]);
    assert.equal(found[0]!.fingerprint, found[2]!.fingerprint);
  });
});

describe('robustness', () => {
  it('returns nothing quickly for text without candidates and handles empty input', () => {
    assert.deepEqual(scanText('e', ''), []);
    assert.deepEqual(scanText('e', 'if (a == b) { return c === d; }'.repeat(1000)), []);
  });

  it('finds a key in a 10 MB single-line minified file', () => {
    const k = legacyKey(rnd);
    const filler = 'var a=function(b){return b==null?0:b.length};'.repeat(230_000);
    const text = `${filler}var cfg={cosmosKey:"${k}"};${filler}`;
    const found = scanText('bundle.min.js', text);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.line, 1);
    assert.equal(text.slice(found[0]!.startOffset, found[0]!.endOffset), k);
  });

  // Guards against catastrophic backtracking: work must grow linearly with input (see adversarial/growth.ts).
  const adversarial: Record<string, (n: number) => string> = {
    'long base64 run': (n) => 'A'.repeat(n) + '==',
    'many == terminators': (n) => 'aB3=='.repeat(n / 5),
    'many near-keys': (n) => (legacyKey(seededRandom(5)).slice(1) + ' ').repeat(n / 88),
    'many distinct keys in a Cosmos-free file': (n) => Array.from({ length: n / 100 }, () => `k=${legacyKey(rnd)}`).join('\n'),
    'concatenation chains': (n) => '"a" + '.repeat(n / 6) + '"b=="',
    'url escapes': (n) => '%2F'.repeat(n / 3) + '%3D%3D',
    'mongodb+srv userinfo without end': (n) => ('mongodb+srv://u:' + 'p'.repeat(50)).repeat(n / 66) + '@x.mongocluster.cosmos.azure.com',
    'vcore host marks': (n) => 'a.mongocluster.cosmos.azure.'.repeat(n / 28),
    'deeply indented lines': (n) => Array.from({ length: n / 200 }, (_, i) => ' '.repeat(i % 150) + 'k: v').join('\n') + `\n key: ${legacyKey(rnd)}`,
  };
  for (const [name, make] of Object.entries(adversarial)) {
    it(`stays linear on adversarial input: ${name}`, () => assertLinearTime(make, (text) => scanText('adv.txt', text)));
  }
});
