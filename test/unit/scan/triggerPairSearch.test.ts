// The pre-check's one-pass search (src/shared/triggerPairSearch.ts): the WebAssembly module is valid, never misses
// a fingerprint, and the pre-check through it gives exactly the answer of the per-trigger search, on fuzzed text,
// on the real-world shapes and on the bytes around the module's 32-byte rounds.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanText } from '../../../src/core/detection';
import {
  decodeFileBytes, fingerprintPair, fingerprintSearchOf, mayContainSecretAtFingerprints, mayContainSecretBytes, SCAN_TRIGGERS, SECRET_TRIGGERS, TRIGGER_FINGERPRINTS,
  type FingerprintSearch,
} from '../../../src/core/scan';
import { FileReader } from '../../../src/shared/fileReader';
import { NODE_TEXT_DECODERS } from '../../../src/shared/nodeTextDecoders';
import { assembledModuleForTest, bucketsFor, MAX_SEARCH_BYTES, searchBuffer, wasmFingerprintSearch, wasmMayContainSecret } from '../../../src/shared/triggerPairSearch';
import { legacyKey, seededRandom } from '../../support/keyFactory';
import { SHAPE_CLASSES } from '../detection/shapes/allShapes';
import { keyMaker, SHAPES_SEED } from '../detection/shapes/shapeCase';

const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
const nativeIndexOf = (b: Uint8Array, n: string, from: number): number => Buffer.from(b.buffer, b.byteOffset, b.byteLength).indexOf(n, from, 'latin1');

function positions(search: FingerprintSearch): number[] {
  const out: number[] = [];
  for (let c = search(0); c !== -1; c = search(c + 1)) out.push(c);
  return out;
}

/** The three pre-checks agree on `bytes` (for both trigger lists a file can have). */
function assertSameVerdict(bytes: Uint8Array, label: string): void {
  for (const triggers of [SCAN_TRIGGERS, SECRET_TRIGGERS]) {
    const expected = mayContainSecretBytes(bytes, nativeIndexOf, triggers);
    assert.equal(mayContainSecretAtFingerprints(bytes, fingerprintSearchOf(bytes), triggers), expected, `${label} (plain search)`);
    assert.equal(wasmMayContainSecret(bytes, triggers), expected, `${label} (WebAssembly)`);
  }
}

describe('the pre-check\'s one-pass search (WebAssembly SIMD)', () => {
  it('assembles a valid module, and every fingerprint lies inside its trigger and ends in a byte of 16 or more', () => {
    assert.ok(wasm.validate(assembledModuleForTest()));
    assert.equal(TRIGGER_FINGERPRINTS.length, SCAN_TRIGGERS.length);
    for (const f of TRIGGER_FINGERPRINTS) {
      assert.ok(f.offset >= 0 && f.offset + 2 <= f.needle.length, f.needle);
      assert.ok((fingerprintPair(f) & 0xff) >= 16, f.needle);
    }
    const pairs = TRIGGER_FINGERPRINTS.map(fingerprintPair);
    const buckets = bucketsFor(pairs);
    assert.ok(buckets.length <= 8);
    assert.deepEqual([...new Set(buckets.flat())].sort(), [...new Set(pairs)].sort(), 'every fingerprint has a bucket');
  });

  it('never misses a fingerprint, at any length and offset (fuzz)', () => {
    const rnd = seededRandom(31);
    const alphabet = Buffer.from(`${TRIGGER_FINGERPRINTS.map((f) => f.needle).join('')}\n "'x\u0000\u00ff`, 'latin1');
    for (let n = 0; n < 4000; n++) {
      const length = Math.floor(rnd() * 140);
      const bytes = Buffer.alloc(length);
      for (let i = 0; i < length; i++) bytes[i] = alphabet[Math.floor(rnd() * alphabet.length)]!;
      const exact = positions(fingerprintSearchOf(bytes));
      const found = new Set(positions(wasmFingerprintSearch(bytes)!));
      for (const p of exact) assert.ok(found.has(p), `missed ${p} in ${JSON.stringify(bytes.toString('latin1'))}`);
      for (const p of found) assert.ok(p >= 0 && p + 1 < length, `out of range: ${p} of ${length}`);
    }
  });

  it('finds a trigger on each side of every 32-byte round, and none in the zeros after the data', () => {
    for (const f of TRIGGER_FINGERPRINTS) {
      for (const at of [0, 1, 15, 16, 30, 31, 32, 33, 62, 63, 64, 95, 96]) {
        const bytes = Buffer.alloc(at + f.needle.length + 1, 'q');
        bytes.write(f.needle, at, 'latin1');
        assert.ok(positions(wasmFingerprintSearch(bytes)!).includes(at + f.offset), `${f.needle} at ${at}`);
        // Cut just after the fingerprint's first byte: the pair is incomplete, and stale memory must not complete it.
        const cut = bytes.subarray(0, at + f.offset + 1);
        assert.ok(!positions(wasmFingerprintSearch(cut)!).includes(at + f.offset), `${f.needle} cut at ${at}`);
      }
    }
  });

  it('gives the per-trigger search\'s answer on near-key text, real-world shapes and random bytes', () => {
    const rnd = seededRandom(9);
    const alphabet = `ABCab01+/=="\\'%3D \n:;&#`;
    for (let n = 0; n < 2000; n++) {
      const key = legacyKey(rnd);
      let noise = '';
      for (let i = 0; i < 12; i++) noise += alphabet[Math.floor(rnd() * alphabet.length)];
      const text = `COSMOS_KEY=${key.slice(0, Math.floor(rnd() * 88))}${noise}${key.slice(Math.floor(rnd() * 88))}`;
      const bytes = Buffer.from(text, 'latin1');
      assertSameVerdict(bytes, text);
      if (scanText('f.env', text).length > 0) assert.equal(wasmMayContainSecret(bytes, SECRET_TRIGGERS), true, text);
    }
    // Texts whose only trigger is a Cosmos host: decoded only for a vCore host or a key without padding.
    const unpadded = legacyKey(rnd).slice(0, 86);
    for (const text of [
      `// https://a.documents.azure.com:443/\n${'LongIdentifier'.repeat(8)}\n`,
      `host: g.gremlin.cosmos.azure.com\npassword: ${unpadded}\n`,
      `host: g.gremlin.cosmos.azure.com\n${'x'.repeat(2000)}password: ${unpadded}\n`,
      `host: g.gremlin.cosmos.azure.com\npassword: ${'€'.repeat(300)} ${unpadded}\n`,
      'mongodb+srv://u:p@c.mongocluster.cosmos.azure.com/',
    ]) assertSameVerdict(Buffer.from(text), text.slice(0, 40));
    for (const cls of SHAPE_CLASSES) {
      for (const c of cls.build(keyMaker(SHAPES_SEED))) {
        if (typeof c.content === 'string') assertSameVerdict(Buffer.from(c.content, 'utf8'), `${cls.name}: ${c.name}`);
      }
    }
    for (let n = 0; n < 200; n++) {
      const bytes = Buffer.alloc(Math.floor(rnd() * 3000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rnd() * 256);
      assertSameVerdict(bytes, `random bytes #${n}`);
    }
  });

  it('is what the Node decoders use, and reads files into its memory exactly as into a buffer of their own', () => {
    assert.equal(NODE_TEXT_DECODERS.mayContainSecret, wasmMayContainSecret);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-pairs-'));
    try {
      const rnd = seededRandom(4);
      const sizes = [0, 1, 31, 65_535, 65_536, 65_537, 300_000, 1_200_000];
      const contents = sizes.map((size) => {
        const b = Buffer.alloc(size);
        for (let i = 0; i < size; i++) b[i] = 32 + Math.floor(rnd() * 90);
        return b;
      });
      contents.forEach((b, i) => fs.writeFileSync(path.join(dir, `f${i}`), b));
      const own = new FileReader(2_000_000);
      const shared = new FileReader(2_000_000, searchBuffer);
      // Large files first, then small ones: the shared memory has grown, and must still give each file alone.
      for (const i of [7, 6, 0, 5, 1, 4, 2, 3, 7]) {
        const a = own.read(path.join(dir, `f${i}`));
        const b = shared.read(path.join(dir, `f${i}`));
        assert.equal(a.kind, 'read');
        assert.equal(b.kind, 'read');
        if (a.kind === 'read' && b.kind === 'read') {
          assert.ok(b.bytes.equals(contents[i]!), `file of ${sizes[i]} bytes`);
          assert.ok(a.bytes.equals(b.bytes));
          assertSameVerdict(b.bytes, `file of ${sizes[i]} bytes, in the search's memory`);
        }
      }
      assert.equal(new FileReader(100_000, searchBuffer).read(path.join(dir, 'f6')).kind, 'tooLarge');
      // Over the search's cap, a file is read into the reader's own buffer and pre-checked per trigger, alike.
      const huge = Buffer.alloc(MAX_SEARCH_BYTES + 1000, 'a');
      huge.write(`k="${legacyKey(rnd)}"`, MAX_SEARCH_BYTES - 50, 'latin1');
      fs.writeFileSync(path.join(dir, 'huge.txt'), huge);
      const bigReader = new FileReader(2 * MAX_SEARCH_BYTES, searchBuffer);
      const hugeRead = bigReader.read(path.join(dir, 'huge.txt'));
      assert.equal(hugeRead.kind, 'read');
      if (hugeRead.kind === 'read') {
        assert.ok(hugeRead.bytes.equals(huge));
        assert.equal(wasmMayContainSecret(hugeRead.bytes, SCAN_TRIGGERS), undefined, 'over the cap: the caller falls back');
        assert.equal(decodeFileBytes(hugeRead.bytes, NODE_TEXT_DECODERS, { skipWithoutTriggers: true }).kind, 'text');
        assert.ok(searchBuffer(1)!.length <= MAX_SEARCH_BYTES + 64 * 1024, 'the search memory did not grow past its cap');
      }
      // A file with a byte-order mark is searched after the mark, where it lies: its bytes must not move.
      const text = `AccountEndpoint=https://a.documents.azure.com:443/;AccountKey=${legacyKey(rnd)};\n`;
      fs.writeFileSync(path.join(dir, 'bom.env'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
      const read = shared.read(path.join(dir, 'bom.env'));
      assert.equal(read.kind, 'read');
      if (read.kind === 'read') {
        const decoded = decodeFileBytes(read.bytes, NODE_TEXT_DECODERS, { skipWithoutTriggers: true, triggers: SCAN_TRIGGERS });
        assert.deepEqual(decoded, { kind: 'text', text, encoding: 'utf-8' });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
