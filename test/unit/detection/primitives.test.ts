import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { base64Needles, decodeBase64 } from '../../../src/core/detection/base64';
import { identifiableKeySeed, IDENTIFIABLE_SEEDS } from '../../../src/core/detection/identifiableKey';
import { marvin32, marvin64 } from '../../../src/core/detection/marvin32';
import { sha256Hex } from '../../../src/core/hashing/sha256';
import { identifiableKey, legacyKey, seededRandom } from '../../support/keyFactory';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex64 = ([lo, hi]: [number, number]): string => hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');

describe('Marvin32', () => {
  // SymCrypt vectors quoted in microsoft/security-utilities MarvinTests.cs.
  it('matches the published 64-bit vectors', () => {
    assert.equal(hex64(marvin64(enc('abc'), 0xcd0893b7, 0xd53cd9ce)), '22c74339492769bf');
    assert.equal(hex64(marvin64(enc('abcdefghijklmnopqrstuvwxyz'), 0xeffff000, 0x0ddddeee)), 'a128eb7e7260aca2');
  });
  it('folds the 64-bit state to 32 bits', () => {
    assert.equal(marvin32(enc('abc'), 0xcd0893b7, 0xd53cd9ce), (0x22c74339 ^ 0x492769bf) >>> 0);
  });
  it('handles every tail length', () => {
    const seen = new Set<number>();
    for (let n = 0; n <= 9; n++) seen.add(marvin32(enc('x'.repeat(n)), 1, 2));
    assert.equal(seen.size, 10);
  });
});

describe('SHA-256', () => {
  it('agrees with node:crypto on empty, short and multi-block inputs', () => {
    for (const s of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'ü'.repeat(300)]) {
      assert.equal(sha256Hex(s), createHash('sha256').update(s, 'utf8').digest('hex'), JSON.stringify(s.slice(0, 10)));
    }
  });
});

describe('base64', () => {
  it('decodes with and without padding and rejects foreign characters', () => {
    assert.deepEqual([...decodeBase64('QUJD')!], [65, 66, 67]);
    assert.deepEqual([...decodeBase64('QQ==')!], [65]);
    assert.equal(decodeBase64('QU-D'), undefined);
  });
});

describe('identifiable keys', () => {
  const rnd = seededRandom(11);
  for (const seed of Object.keys(IDENTIFIABLE_SEEDS)) {
    it(`validates the checksum for seed ${seed}`, () => {
      assert.equal(identifiableKeySeed(identifiableKey(rnd, seed)), seed);
    });
  }
  it('rejects a key whose checksum is wrong', () => {
    assert.equal(identifiableKeySeed(identifiableKey(rnd, 'MastRW00', { breakChecksum: true })), undefined);
  });
  it('rejects legacy keys and malformed values', () => {
    assert.equal(identifiableKeySeed(legacyKey(rnd)), undefined);
    assert.equal(identifiableKeySeed('short'), undefined);
  });
});

describe('base64 needles', () => {
  it('find an ASCII literal inside base64 at every byte offset', () => {
    const needles = base64Needles('.documents.azure.');
    for (const prefix of ['https://a', 'https://ab', 'https://abc']) {
      const encoded = Buffer.from(`${prefix}.documents.azure.com:443/`).toString('base64');
      assert.ok(needles.some((n) => encoded.includes(n)), prefix);
    }
    assert.ok(!needles.some((n) => Buffer.from('https://a.table.core.windows.net/').toString('base64').includes(n)));
  });
});
