// What the new encodings mean for the rest of the extension: the secret can be read back decoded (for "which
// account uses this key?" and scan --verify), and a quick-fix never moves a value whose text is not the key.
import * as assert from 'node:assert/strict';
import { extractSecret, scanText } from '../../../src/core/detection';
import { planEnvVariableFix } from '../../../src/core/remediation';
import { legacyKey, seededRandom } from '../../support/keyFactory';
import { quotedPrintable, wrappedBase64 } from '../../support/mailEncodings';

const rnd = seededRandom(Math.floor(Math.random() * 2 ** 31));
const withSymbols = (): string => {
  for (;;) {
    const k = legacyKey(rnd);
    if (/[+/]/.test(k.slice(0, 86)) && /\d.*\d/.test(k)) return k;
  }
};
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('findings in the new encodings', () => {
  const key = withSymbols();
  const host = 'shop.documents.azure.com';
  const cases: [string, string, string][] = [
    ['escaped', 'app.properties', `cosmos.key=${key.replace(/=/g, '\\=')}\ncosmos.endpoint=https\\://${host}/\n`],
    ['escaped', 'App.config', `<add key="CosmosKey" value="${key.replace(/[=+/]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`)}" />\n`],
    ['url', 'link.txt', `https://x.example/?cosmosKey=${encodeURIComponent(key).replace(/%3D/g, '%3d')}\n`],
    ['base64', 'secret.yaml', `data:\n  conn: ${b64(`AccountEndpoint=https://${host}:443/;AccountKey=${key};`)}\n`],
    ['base64', 'secret.yaml', `data:\n  env: ${b64(`A=1\nCOSMOS_KEY=${legacyKey(rnd)}\nCOSMOS_SECONDARY_KEY=${key}\nHOST=${host}\n`)}\n`],
    ['unpadded', 'graph.yaml', `hosts: [g.gremlin.cosmos.azure.com]\nusername: /dbs/d/colls/c\npassword: ${key.slice(0, 86)}\n`],
    ['quoted-printable', 'handover.eml', `Content-Transfer-Encoding: quoted-printable\n\n${quotedPrintable(`Connection string: AccountEndpoint=https://${host}:443/;AccountKey=${key};`)}\n`],
    ['quoted-printable', 'reviews.eml', `${quotedPrintable(`<p>mongodb://shop:${encodeURIComponent(key)}@shop.mongo.cosmos.azure.com:10255/?ssl=true</p>`)}\n`],
    ['base64', 'attachment.eml', `Content-Transfer-Encoding: base64\n\n${wrappedBase64(`{\n  "Cosmos": {\n    "Endpoint": "https://${host}:443/",\n    "Other": "${legacyKey(rnd)}",\n    "Key": "${key}"\n  }\n}\n`)}\n`],
  ];
  for (const [encoding, file, text] of cases) {
    it(`reads back the key of a finding written ${encoding} (${file})`, () => {
      const found = scanText(file, text).filter((f) => f.encoding === encoding);
      assert.ok(found.length > 0, 'found');
      assert.ok(found.some((f) => extractSecret(text, f) === key), 'one of them reads back as the key');
      for (const f of found) assert.equal(extractSecret(text, f)?.length, 88);
    });
  }

  it('offers no environment-variable fix for a key in quoted-printable (its text is not the key)', () => {
    const text = quotedPrintable(`COSMOS_KEY=${key}`);
    const [f] = scanText('.env', text);
    assert.equal(f?.encoding, 'quoted-printable');
    assert.equal(planEnvVariableFix({ languageId: 'dotenv', path: '.env', text, finding: f }), undefined);
  });

  it('offers no environment-variable fix for a serializer-escaped key (its text is not the key)', () => {
    const text = `cosmos.key=${key.replace(/=/g, '\\=')}\n`;
    const [f] = scanText('application.properties', text);
    assert.ok(f);
    assert.equal(planEnvVariableFix({ languageId: 'properties', path: 'application.properties', text, finding: f }), undefined);
    const raw = `cosmos.key=${key}\n`;
    assert.ok(planEnvVariableFix({ languageId: 'properties', path: 'application.properties', text: raw, finding: scanText('application.properties', raw)[0]! }));
  });
});
