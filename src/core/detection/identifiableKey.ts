import { decodeBase64 } from './base64';
import { marvin32 } from './marvin32';

// Identifiable Cosmos DB keys (Microsoft Security Utilities SEC101/160): 64 bytes = 57 random bytes, the
// signature `ACDb` (bytes 57–59), and a little-endian Marvin32 checksum of bytes 0–59 (bytes 60–63) computed
// with one of seven seeds. Each seed is an 8-character ASCII tag read as a big-endian 64-bit number.
export const IDENTIFIABLE_SEEDS: Readonly<Record<string, string>> = {
  MastRW00: 'master read-write',
  MastRO00: 'master read-only',
  SysAll00: 'system (all)',
  SystRW00: 'system read-write',
  SystRO00: 'system read-only',
  Resour00: 'resource',
  Encryp00: 'encryption',
};

function seedWords(tag: string): [number, number] {
  let high = 0, low = 0;
  for (let i = 0; i < 4; i++) high = ((high << 8) | tag.charCodeAt(i)) >>> 0;
  for (let i = 4; i < 8; i++) low = ((low << 8) | tag.charCodeAt(i)) >>> 0;
  return [low, high];
}

const SEEDS = Object.keys(IDENTIFIABLE_SEEDS).map((tag) => ({ tag, words: seedWords(tag) }));

/** True when the 88-char key carries the identifiable-key signature at the right place (checksum unchecked). */
export function hasIdentifiableSignature(key: string): boolean {
  if (key.length !== 88 || key.slice(76, 80) !== 'ACDb' || !key.endsWith('==')) return false;
  const last = key.charCodeAt(85);
  return last === 65 /* A */ || last === 81 /* Q */ || last === 103 /* g */ || last === 119 /* w */;
}

/** The seed tag whose checksum matches (e.g. `MastRW00`), or undefined when the checksum is invalid. */
export function identifiableKeySeed(key: string): string | undefined {
  if (!hasIdentifiableSignature(key)) return undefined;
  const bytes = decodeBase64(key);
  if (!bytes || bytes.length !== 64) return undefined;
  const expected = (bytes[60]! | (bytes[61]! << 8) | (bytes[62]! << 16) | (bytes[63]! << 24)) >>> 0;
  const body = bytes.subarray(0, 60);
  for (const { tag, words } of SEEDS) {
    if (marvin32(body, words[0], words[1]) === expected) return tag;
  }
  return undefined;
}
