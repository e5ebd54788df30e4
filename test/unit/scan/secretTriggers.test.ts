import assert from 'node:assert/strict';
import { scanText } from '../../../src/core/detection';
import { mayContainSecretBytes } from '../../../src/core/scan';
import { identifiableKey, legacyKey, seededRandom, userPassword } from '../../support/keyFactory';
import { quotedPrintable, wrappedBase64 } from '../../support/mailEncodings';

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
      quotedPrintable(`${identifiableKey(rnd)} AccountEndpoint=https://a.documents.azure.com:443/;AccountKey=${legacy};`),
      quotedPrintable(`mongodb://a:${encodeURIComponent(legacy)}@a.mongo.cosmos.azure.com:10255/?ssl=true`),
      wrappedBase64(`Hi,\nAccountEndpoint=https://a.documents.azure.com:443/;AccountKey=${legacy};\n`),
      `Content-Transfer-Encoding: base64\n\n${wrappedBase64(`Hi,\nAccountEndpoint=https://a.documents.azure.com:443/;AccountKey=${legacy};\n`, 60)}`,
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

  it('skips a file whose only trigger is a Cosmos host unless a vCore password or a key without padding can be there', () => {
    // An SDK's models: hosts in comments, identifiers longer than a key, no password anchor near them.
    const docs = `/** The endpoint, e.g. https://<accountName>.documents.azure.com:443/ */\n`
      + `export interface Components1Jq1T4ISchemasManagedserviceidentityProperties${'Userassignedidentities'.repeat(3)} {}\n`;
    assert.equal(scanText('models.d.ts', docs).length, 0);
    assert.equal(mayContainSecretBytes(Buffer.from(docs)), false);
    // A key without its padding after a password anchor, as far from it as detection reaches, with three-byte
    // characters (one UTF-16 code unit each) in between: the byte window must be three times the character window.
    const key = legacyKey(seededRandom(12)).slice(0, 86);
    const reach = 400 - ('assword: '.length + 86);
    for (const gap of ['', ' ', '€', 'é', '🔑']) {
      const text = `host = g.gremlin.cosmos.azure.com\npassword: ${gap ? gap.repeat(reach / gap.length) : ''}${key}\n`;
      assert.equal(scanText('graph.yaml', text).length, 1, `gap of ${JSON.stringify(gap)}`);
      assert.equal(mayContainSecretBytes(Buffer.from(text)), true, `gap of ${JSON.stringify(gap)}`);
    }
    // A vCore host counts at once: its password has no length to look for.
    assert.equal(mayContainSecretBytes(Buffer.from(`${docs}mongodb+srv://u:p@c.mongocluster.cosmos.azure.com/`)), true);
  });

  it('agrees with detection on texts whose only trigger is a Cosmos host (fuzz)', () => {
    const rnd = seededRandom(401);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const hosts = ['g.gremlin.cosmos.azure.com', 'c.cassandra.cosmos.azure.us', 'a.documents.azure.com', 'x.mongo.cosmos.azure.cn',
      'c.mongocluster.cosmos.azure.com', 'a.documents.microsoftazure.de'];
    const anchors = ['password: ', 'PASSWORD=', '-pwd ', ' -p ', 'PlainTextAuthProvider(u, ', 'mongodb://u:', 'passwd=', 'pass: '];
    const fillers = [' ', '\n', '€', 'é', '🔑', 'text', '.', '-', '_', 'x'.repeat(30), '"'];
    let found = 0;
    let skipped = 0;
    for (let n = 0; n < 3000; n++) {
      let text = `# ${pick(hosts)}\n`;
      for (let part = 0; part < 6; part++) {
        const r = rnd();
        if (r < 0.25) text += pick(anchors);
        else if (r < 0.55) text += legacyKey(rnd).slice(0, pick([84, 85, 86, 86, 86, 87, 88])).replace(/[+/]/g, 'A');
        else for (let i = Math.floor(rnd() * 40); i > 0; i--) text += pick(fillers);
      }
      if (/==|%3|\\|&#|PQo=|6dXJl|5henVy|YXp1cm/.test(text)) continue; // only the host is a trigger
      const bytes = Buffer.from(text);
      if (scanText('f.yaml', text).length > 0) {
        found++;
        assert.equal(mayContainSecretBytes(bytes), true, text);
      } else if (!mayContainSecretBytes(bytes)) skipped++;
    }
    assert.ok(found > 100 && skipped > 100, `${found} found, ${skipped} skipped without decoding`);
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
