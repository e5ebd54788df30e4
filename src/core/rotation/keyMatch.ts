// "Which key leaked?": is a key found in a file one of an account's current keys, and which one. Both sides are
// hashed (SHA-256) and the digests compared in constant time, against every key of the account without stopping
// early, so the time taken says nothing about how much of a key matched or which key it was. Callers pass keys
// in, drop them right after, and never keep the result of anything but the comparison.
import { sha256, utf8 } from '../hashing/sha256';
import { KEY_KINDS, type KeyKind } from './keyKinds';

/** SHA-256 of a key's text (the base64 string as Azure serves it). */
export function keyDigest(key: string): Uint8Array {
  return sha256(utf8(key));
}

/** Constant-time equality of two byte arrays of the same length (digests); different lengths are unequal. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

/** An account's current keys as `listKeys` (or `readonlykeys`) returned them; missing keys were not returned. */
export type AccountKeys = Readonly<Partial<Record<KeyKind, string>>>;

/**
 * The kind of the account key equal to `candidate`, or undefined. Every key returned is compared, whatever
 * matched before. A candidate that is not a plausible key (empty) matches nothing.
 */
export function matchKey(candidate: string, keys: AccountKeys): KeyKind | undefined {
  if (candidate === '') return undefined;
  const digest = keyDigest(candidate);
  let found: KeyKind | undefined;
  for (const kind of KEY_KINDS) {
    const key = keys[kind];
    if (key === undefined || key === '') continue;
    if (constantTimeEqual(digest, keyDigest(key)) && found === undefined) found = kind;
  }
  return found;
}
