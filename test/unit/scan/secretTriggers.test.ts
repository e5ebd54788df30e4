import assert from 'node:assert/strict';
import { scanText } from '../../../src/core/detection';
import { mayContainSecretBytes } from '../../../src/core/scan';
import { identifiableKey, legacyKey, seededRandom, userPassword } from '../../support/keyFactory';

describe('mayContainSecretBytes (the reader\'s pre-check)', () => {
  it('accepts every text in which detection finds something, in every encoding it reads', () => {
    const rnd = seededRandom(77);
    const legacy = legacyKey(rnd);
    const samples = [
      `AccountEndpoint=https://a.documents.azure.com:443/;AccountKey=${legacy};`,
      `mongodb://a:${encodeURIComponent(legacy)}@a.mongo.cosmos.azure.com:10255/?ssl=true`,
      `{"key": "${legacy.replace(/\//g, '\\/')}", "host": "a.documents.azure.com"}`,
      `cosmos_key: ${Buffer.from(`${legacy}\n`).toString('base64')}`,
      `const k = "${identifiableKey(rnd)}";`,
      `mongodb+srv://admin:${userPassword(rnd)}@cluster.mongocluster.cosmos.azure.com/?tls=true`,
    ];
    for (const s of samples) {
      assert.ok(scanText('f', s).length > 0, `detection finds ${s.slice(0, 24)}…`);
      assert.equal(mayContainSecretBytes(Buffer.from(s)), true, s.slice(0, 24));
      assert.equal(mayContainSecretBytes(Buffer.from(s), (b, n, from) => Buffer.from(b).indexOf(n, from)), true);
    }
  });

  it('rejects text without any trigger', () => {
    assert.equal(mayContainSecretBytes(Buffer.from('const x = a === b ? 1 : 2;'.replace(/===/g, '!'))), false);
    assert.equal(mayContainSecretBytes(new Uint8Array(0)), false);
  });

  it('ignores the == of code but keeps every == that can end a key', () => {
    for (const code of ['if (a == b) return;', 'x===y', 'a ==b', 'a==="b"', '== at start']) {
      assert.equal(mayContainSecretBytes(Buffer.from(code)), false, code);
    }
    for (const text of ['"abc" + "d=="', 'k: "ab/=="', 'x\\/==']) {
      assert.equal(mayContainSecretBytes(Buffer.from(text)), true, text);
    }
  });

  it('agrees with detection on keys joined from parts, escaped and quoted in random ways (fuzz)', () => {
    const rnd = seededRandom(23);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const joiners = ['" + "', '", "', '"\n  "', '\n  ', '\n- ', ' ', "' . '", '"&"', '" _\n "', '""', '\\\n', '"+"', ', '];
    const escapes: Record<string, readonly string[]> = { '+': ['%2B', '\\u002B', '\\x2B', '&#43;', '%252B', '+'], '/': ['%2F', '\\/', '/', '\\u002F'] };
    const contexts = ['k = "', "k = '", 'K=', 'key: ', '  - ', '"key": "', 'x = f"', '(', ''];
    let found = 0;
    for (let n = 0; n < 4000; n++) {
      const key = legacyKey(rnd);
      const cuts = Array.from({ length: Math.floor(rnd() * 3) }, () => 1 + Math.floor(rnd() * 86)).sort((a, b) => a - b);
      let body = '';
      let last = 0;
      for (const cut of [...cuts, 88]) {
        if (last) body += pick(joiners);
        body += [...key.slice(last, cut)].map((c) => (escapes[c] && rnd() < 0.3 ? pick(escapes[c]) : c)).join('');
        last = cut;
      }
      const text = `${pick(contexts)}${body}${pick(['"', "'", '', ';', ')', '\n'])}`;
      if (scanText('f.env', `# https://a.documents.azure.com:443/\n${text}\n`).length === 0) continue;
      found++;
      assert.equal(mayContainSecretBytes(Buffer.from(text, 'latin1')), true, text);
    }
    assert.ok(found > 1000, `detection found ${found} of the fuzzed keys`);
  });

  it('agrees with detection on random near-key text (fuzz)', () => {
    const rnd = seededRandom(5);
    const alphabet = `ABCab01+/=="\\'%3D \n:;`;
    for (let n = 0; n < 3000; n++) {
      const key = legacyKey(rnd);
      let noise = '';
      for (let i = 0; i < 12; i++) noise += alphabet[Math.floor(rnd() * alphabet.length)];
      const text = `COSMOS_KEY=${key.slice(0, Math.floor(rnd() * 88))}${noise}${key.slice(Math.floor(rnd() * 88))}`;
      if (scanText('f.env', text).length > 0) assert.equal(mayContainSecretBytes(Buffer.from(text, 'latin1')), true, text);
    }
  });
});
