// Detection and its context analysis read every file in the repository: their cost must stay linear in the text
// whatever it holds. Shapes that once cost more than their length (or look as if they could) are checked here.
import { scanText } from '../../../src/core/detection';
import { estimateScanMicros, mayContainSecretBytes } from '../../../src/core/scan';
import { identifiableKey, legacyKey, seededRandom } from '../../support/keyFactory';
import { assertLinearTime, repeatTo } from './growth';

const rnd = seededRandom(31337);
const keys = Array.from({ length: 100 }, () => legacyKey(rnd));
const idKeys = Array.from({ length: 20 }, () => identifiableKey(rnd));
const scan = (text: string) => scanText('hostile.txt', text);

describe('adversarial text for context analysis (1 MiB and more)', () => {
  const shapes: [string, (size: number) => string][] = [
    ['a line indented by a quarter of the text, then keys on it', (size) => ' '.repeat(size / 4) + repeatTo((3 * size) / 4, (i) => `${keys[i % 100]!} `)],
    ['keys deep inside indented blocks', (size) => repeatTo(size, (i) => `${' '.repeat(i % 60)}v${i}:\n${' '.repeat((i % 60) + 1)}${keys[i % 100]!}\n`)],
    ['keys after long runs of spaces and =', (size) => repeatTo(size, (i) => `${' '.repeat(390)}=${keys[i % 100]!}\n`)],
    ['keys in long segments without quotes', (size) => repeatTo(size, (i) => `x${'a;'.repeat(400)}AccountKey=${keys[i % 100]!}`)],
    ['keys under TOML sections and comments', (size) => repeatTo(size, (i) => (i % 50 ? `# storage hash ${i}\n${keys[i % 100]!}\n` : '[cosmos]\n'))],
    ['a Cosmos file full of keys and hosts', (size) => `CosmosClient\n${repeatTo(size, (i) => `h${i}.documents.azure.com ${keys[i % 100]!}\n`)}`],
    ['T-SQL secrets in one statement that never ends', (size) => `CREATE CREDENTIAL [c]\n${repeatTo(size, (i) => `WITH IDENTITY = 'x', SECRET = N'${keys[i % 100]!}',\n`)}`],
    ['identifiers of AES words before keys', (size) => repeatTo(size, (i) => `${'AesaesAES_'.repeat(30)}Key = "${keys[i % 100]!}"\n`)],
  ];
  for (const [name, build] of shapes) it(`analyses ${name} in linear time`, () => assertLinearTime(build, scan));

  // Markdown documents: every key looks up the headings above it, so headings, fences and setext underlines
  // everywhere, nested deep and never closed, must still cost one pass.
  const markdownShapes: [string, (size: number) => string][] = [
    ['headings of every level between keys', (size) => repeatTo(size, (i) => `${'#'.repeat((i % 6) + 1)} part ${i}\n${keys[i % 100]!}\n`)],
    ['setext underlines under every line', (size) => repeatTo(size, (i) => `${keys[i % 100]!}\n${i % 2 ? '===' : '---'}\n`)],
    ['fences opened and never closed', (size) => `\`\`\`\n${repeatTo(size, (i) => `# h\n${keys[i % 100]!}\n~~~\n`)}`],
    ['one heading, then a megabyte of keys below it', (size) => `# cosmos\n${repeatTo(size, (i) => `${keys[i % 100]!}\n`)}`],
  ];
  for (const [name, build] of markdownShapes) it(`analyses a Markdown document with ${name} in linear time`, () => assertLinearTime(build, (text) => scanText('hostile.md', text)));
});

describe('adversarial text for detection (1 MiB and more)', () => {
  const shapes: [string, (i: number) => string][] = [
    ['`==` only', () => '=='],
    ['`==` after key characters', () => 'a=='],
    ['base64-wrapped terminators (`PQo=`)', () => 'PQo='],
    ['URL-encoded terminators', () => 'A%3D%3D'],
    ['JSON-escaped terminators', () => 'A\\u003D\\u003D'],
    ['one base64 run', () => 'A'],
    ['key-shaped values on one line', (i) => `${keys[i % 100]!} `],
    ['identifiable keys on one line', (i) => `${idKeys[i % 20]!},`],
    ['string concatenation everywhere', () => '"aB" + '],
    ['concatenated keys', (i) => `${keys[i % 100]!.match(/.{1,4}/g)!.map((p) => `"${p}"`).join(' + ')};\n`],
    ['vCore host names without passwords', () => '@h.mongocluster.cosmos.azure.'],
    ['vCore userinfo far from its host', (i) => (i % 100 ? 'x' : 'mongodb+srv://u:p@h.mongocluster.cosmos.azure.com\n')],
    ['NUL and non-ASCII noise with keys', (i) => `\u0000é${keys[i % 100]!}\u2028`],
    // A host named, so the unpadded-key detector runs: runs of key text just short of a key, and keys without
    // padding after password anchors everywhere.
    ['runs of 85 key characters (a Cosmos host named)', (i) => (i === 0 ? 'g.gremlin.cosmos.azure.com\n' : `${'a'.repeat(85)}.`)],
    ['unpadded keys after passwords everywhere', (i) => (i === 0 ? 'g.gremlin.cosmos.azure.com\n' : `password: "${keys[i % 100]!.slice(0, 86)}"\n`)],
  ];
  for (const [name, unit] of shapes) it(`scans ${name} in linear time`, () => assertLinearTime((size) => repeatTo(size, unit), scan));

  it('estimates the cost of a megabyte in linear time', () => {
    assertLinearTime((size) => repeatTo(size, (i) => `${keys[i % 100]!}==\n`), (text) => estimateScanMicros(text));
  });
});

// The reader's pre-check reads every byte of every file. A file whose only trigger is a Cosmos host is decoded only
// when a vCore host or a key without padding can be in it: those tests must stay linear too.
describe('adversarial bytes for the pre-check (1 MiB and more)', () => {
  const host = 'g.gremlin.cosmos.azure.com\n';
  const shapes: [string, (i: number) => string][] = [
    ['runs of key text with no password anchor, each with a window to search', (i) => (i === 0 ? host : `${'a'.repeat(86)}.`)],
    ['anchors\' first letters everywhere (`Pw`, `PW`, `ass`)', (i) => (i === 0 ? host : `${'PwPWass'.repeat(13)}.`)],
    ['Cosmos hosts that are almost vCore hosts', () => '.mongocluster.cosmos_azure.'],
    ['one run of key text a megabyte long', (i) => (i === 0 ? host : 'a')],
  ];
  for (const [name, unit] of shapes) {
    it(`checks ${name} in linear time`, () => assertLinearTime((size) => Buffer.from(repeatTo(size, unit), 'latin1'), (bytes) => mayContainSecretBytes(bytes)));
  }
});
