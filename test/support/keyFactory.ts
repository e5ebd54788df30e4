// Synthetic Cosmos DB keys for tests and fixtures: random bytes from a seeded generator, so fixtures are
// reproducible and no real key ever enters the repository.
import { marvin32 } from '../../src/core/detection/marvin32';

/** mulberry32: a small deterministic PRNG (not for secrets; these keys are test data). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(n: number, rnd: () => number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rnd() * 256);
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** A legacy-format key: 64 random bytes as 88 base64 characters. */
export function legacyKey(rnd: () => number, opts: { alphanumericOnly?: boolean } = {}): string {
  for (;;) {
    const key = toBase64(randomBytes(64, rnd));
    if (key.slice(76, 80) === 'ACDb') continue;
    if (opts.alphanumericOnly && /[+/]/.test(key.slice(0, 86))) continue;
    return key;
  }
}

function seedWords(tag: string): [number, number] {
  const b = Buffer.from(tag, 'ascii');
  return [b.readUInt32BE(4), b.readUInt32BE(0)];
}

/** An identifiable-format key with a valid Marvin32 checksum for the given seed tag (default master read-write). */
export function identifiableKey(rnd: () => number, seedTag = 'MastRW00', opts: { breakChecksum?: boolean } = {}): string {
  const bytes = new Uint8Array(64);
  bytes.set(randomBytes(57, rnd));
  bytes.set(Buffer.from('ACDb', 'base64'), 57);
  const [lo, hi] = seedWords(seedTag);
  let sum = marvin32(bytes.subarray(0, 60), lo, hi);
  if (opts.breakChecksum) sum = (sum ^ 0x5a5a5a5a) >>> 0;
  bytes[60] = sum & 0xff; bytes[61] = (sum >>> 8) & 0xff; bytes[62] = (sum >>> 16) & 0xff; bytes[63] = (sum >>> 24) & 0xff;
  return toBase64(bytes);
}

/**
 * A password as a person would choose it for a MongoDB vCore cluster: 12 random letters and digits, with each of
 * `specials` (e.g. `'#!'`) mixed in at a random place. Tests build connection strings from these at run time, so no
 * password-bearing connection string is committed.
 */
export function userPassword(rnd: () => number, specials = ''): string {
  const pick = (set: string): string => set[Math.floor(rnd() * set.length)]!;
  const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const lower = 'abcdefghijklmnopqrstuvwxyz';
  const digits = '0123456789';
  const chars = [pick(upper), pick(lower), pick(digits), ...Array.from({ length: 9 }, () => pick(upper + lower + digits))];
  for (const c of specials) chars.splice(1 + Math.floor(rnd() * (chars.length - 1)), 0, c);
  return chars.join('');
}
