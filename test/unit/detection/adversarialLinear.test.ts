// Untrusted input never stalls detection: every pattern added for the real-world shapes (issue 10 §4) is fed an
// adversarial input of 1 MB and of 2 MB, and the work detection does (its loop steps and the lengths of the slices
// its regular expressions run on, counted by detectionWork) must grow linearly: at most 2.2× for twice the input
// (a quadratic pattern would take 4×), and at most a fixed number of steps per character. Counts, not timings: exact on any machine, however busy.
import * as assert from 'node:assert/strict';
import { scanText } from '../../../src/core/detection';
import { decodeFileBytes } from '../../../src/core/scan';
import { detectionWork } from '../../../src/core/detection/workCounter';
import { legacyKey, seededRandom } from '../../support/keyFactory';
import { quotedPrintable, wrappedBase64 } from '../../support/mailEncodings';

const MB = 1024 * 1024;
/**
 * Steps per input character allowed. Each key (88 characters at least) may read its context: the connection-string
 * segment around it (up to 1 KiB each side, unescaped), its line and the line above (400 characters each), the
 * statement around it (1.5 KiB) — about 10,000 steps, so ~120 per character when a text is nothing but keys.
 */
const MAX_STEPS_PER_CHAR = 128;

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const fill = (unit: string, n: number): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
const rnd = seededRandom(1234);
const key = legacyKey(rnd);

/** Each builds a text of about n characters. */
const adversarial: Record<string, (n: number) => string> = {
  'escaped = pairs of every kind': (n) => fill('a\\=\\= b&#61;&#x3D; c%253D%253d d\\u003d\\u003D e\\x3d\\x3d ', n),
  'a run of escaped key characters before an escaped terminator': (n) => fill('%2B&#x2F;\\u002b\\x2F\\/', n) + '&#61;&#x3d;',
  'backslash floods before u003d': (n) => fill('\\\\\\\\\\\\\\\\\\\\u003d', n),
  'character-reference floods': (n) => fill('&#&#x&#1234567;&#x3D', n),
  'character references that never close': (n) => fill('a&#x3D&#61', n),
  'percent floods': (n) => fill('%3%25%2%3D%', n),
  'one base64 run of base64 needles (longer than any wrapped value)': (n) => fill('YXp1cm6dXJl5henVy', n),
  'many wrapped values that decode to text naming .azure.': (n) => fill(`${b64(`x.azure.${'q'.repeat(120)}`)} `, n),
  'wrapped values wrapped again': (n) => fill(`${b64(b64(`h.documents.azure.com ${'k'.repeat(100)}`))}\n`, n),
  'password anchors next to near-keys in a Cosmos file': (n) => 'h.gremlin.cosmos.azure.com\n' + fill(`password: ${key.slice(0, 85)}A "pwd" -p `, n),
  'password anchors only': (n) => 'zure.\n' + fill('passwordpwdPWD -p ', n),
  'vCore hosts after percent-encoded at-signs': (n) => fill('mongodb%3A%2F%2Fu%3Ap%40a.mongocluster.cosmos.azure.', n),
  'vCore URIs joined from literals': (n) => fill('"mongodb+srv://u:" + "p" + "@a.mongocluster.cosmos.azure.com/" + ', n),
  'long literals before quoted vCore hosts': (n) => fill(`"${'x'.repeat(1500)}" + "x" + "@a.mongocluster.cosmos.azure.com" `, n),
  'vCore hosts after passwords full of %40': (n) => fill(`mongodb+srv://u:${'%40'.repeat(600)}@a.mongocluster.cosmos.azure.com/ `, n),
  'colour codes before near-keys': (n) => fill(`\x1b[38;5;124m${key.slice(0, 85)}==\\u001b[1;31m${key}x`, n),
  'vCore hosts with long labels and no userinfo': (n) => fill(`${'a'.repeat(300)}.global.mongocluster.cosmos.azure.com@`, n),
  'deep indentation, a key at the bottom': (n) => Array.from({ length: Math.ceil(n / 150) }, (_, i) => `${' '.repeat(i % 300)}"k${i}": {`).join('\n') + `\n"type": "x",\n"key": "${key}"\n`,
  'timestamped log lines, each indented deeper, a key at the bottom': (n) => 'COSMOS\n'
    + Array.from({ length: Math.ceil(n / 100) }, (_, i) => `2026-11-30T13:05:55.7454077Z ${' '.repeat(i % 150)}"k${i}": {`).join('\n') + `\n"key": "${key}"\n`,
  'a table with a huge dash row and many key rows': (n) => `COSMOS\n${'-- '.repeat(1000)}\n${fill(`${key}\t${key}\n`, n)}`,
  'many key lines in a Cosmos Terraform state': (n) => `{"type": "azurerm_cosmosdb_account",\n"attributes": {\n${fill(`  "primary_key": "${key}",\n`, n)}}}\n`,
  'key rows after an az cosmosdb command': (n) => `az cosmosdb keys list -o tsv\n${fill(`${key}\t`, n)}`,
  'percent-encoded connection strings': (n) => fill(`x?c=${encodeURIComponent(`AccountEndpoint=https://a.documents.azure.com:443/;AccountKey=${key};`)}&`, n),
  'properties-escaped connection strings': (n) => fill(`c=AccountEndpoint\\=https\\://a.documents.azure.com\\:443/;AccountKey\\=${key.replace(/=/g, '\\=')};\n`, n),
  'array parts joined with commas': (n) => fill(`"${key.slice(0, 40)}", `, n) + `"${key.slice(40)}"`,
  'parts appended to a variable, line after line': (n) => fill(`a="${key.slice(0, 2)}"\na+="${key.slice(2, 4)}"\na+='${key.slice(4, 6)}=='\n`, n),
  'appends after lines of assignments to other names': (n) => fill(`${'b=c='.repeat(45)}"${key.slice(0, 40)}"\n$a .= "${key.slice(40)}"\n`, n),
  'code kept in JSON strings, split on every line': (n) => fill(`"x = \\"${key.slice(0, 2)}\\" +",\n "  \\"${key.slice(2, 6)}==\\";\\n",\n`, n),
  'quoted-printable escapes and soft line breaks': (n) => fill('=3D=\n=3D=3=\r\n==3d=  \n=ZZ', n),
  'quoted-printable connection strings, cut by soft line breaks': (n) => fill(`${quotedPrintable(`AccountEndpoint=https://a.documents.azure.com:443/;AccountKey=${key};`)}\n`, n),
  'MongoDB URIs on lines of their own in a quoted-printable text (found raw and decoded)': (n) =>
    `a=3D1\n${fill(`mongodb://u:${encodeURIComponent(key)}@u.mongo.cosmos.azure.com:10255/?ssl=true\n`, n)}`,
  'one-character lines of base64 under a needle': (n) => fill('Q\n', n) + '6dXJl\n',
  'lines of base64 of one width, each naming .azure., in one endless block': (n) => fill(`${fill('YXp1cm6dXJl5henVy', 76)}\n`, n),
  'lines of base64 of two widths, each naming .azure.': (n) => fill(`${fill('YXp1cm6dXJl5henVy', 76)}\n${fill('6dXJl', 72)}\n`, n),
  'short wrapped blocks that decode to text naming .azure., one after another': (n) => fill(`${wrappedBase64(`h.documents.azure.com ${'k'.repeat(150)}`, 64)}\n\n`, n),
  'MIME base64 headers with no blank line after them': (n) => fill('Content-Transfer-Encoding: base64\n', n),
  'MIME base64 parts of lines that never end': (n) => fill(`Content-Transfer-Encoding: base64\n\n${fill('QUJD', 76)}\n`, n / 2) + fill('QUJD', n / 2),
  'diff markers before near-keys': (n) => fill(`+${key.slice(0, 85)}==\n-${key}+\n{+${key}-]\n`, n),
  'literals assigned to names on consecutive lines, each ending a key': (n) => fill(`const a = "${key.slice(0, 40)}";\nconst b = "${key.slice(40)}";\nc := "${key.slice(0, 86)}=="\n`, n),
  'empty strings and escaped line breaks between parts': (n) => fill(`"${key.slice(0, 3)}" "" '' \\n\\t "" `, n) + `"${key.slice(3)}"`,
};

function workFor(text: string): number {
  const before = detectionWork.steps;
  scanText('adversarial.txt', text);
  return detectionWork.steps - before;
}

describe('detection stays linear on adversarial input (operation counts)', () => {
  for (const [name, make] of Object.entries(adversarial)) {
    it(name, () => {
      const small = make(MB);
      const large = make(2 * MB);
      assert.ok(small.length >= MB, `the input is at least 1 MB (${small.length})`);
      const ws = workFor(small);
      const wl = workFor(large);
      assert.ok(wl <= 2.2 * Math.max(ws, small.length), `twice the input took ${(wl / ws).toFixed(2)}× the work (${ws} → ${wl} steps)`);
      assert.ok(wl <= MAX_STEPS_PER_CHAR * large.length, `${(wl / large.length).toFixed(1)} steps per character`);
    });
  }

  it('reading a NUL-rich or BOM-less UTF-16 file looks at the first 8 KiB only', () => {
    const nul = new Uint8Array(4 * MB).fill(0x61);
    for (let i = 0; i < nul.length; i += 97) nul[i] = 0;
    assert.equal(decodeFileBytes(nul).kind, 'binary');
    const utf16 = Buffer.from(fill('key=value\n', 2 * MB), 'utf16le');
    const d = decodeFileBytes(utf16);
    assert.equal(d.kind === 'text' ? d.encoding : d.kind, 'utf-16le');
  });
});
