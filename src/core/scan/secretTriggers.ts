// A byte-level pre-check that lets a scanner skip decoding files that cannot hold a Cosmos secret: about two
// thirds of the bytes of a typical node_modules tree, and UTF-8 decoding is the costliest step of a scan.
// The triggers are detection's own (ASCII), and an ASCII string occurs in UTF-8 or Latin-1 text exactly when
// its bytes occur in the file, so testing the raw bytes is exact.
import { SECRET_TRIGGERS } from '../detection';

export { SECRET_TRIGGERS };

const TRIGGER_BYTES = SECRET_TRIGGERS.map((t) => Uint8Array.from(t, (c) => c.charCodeAt(0)));

function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  const first = needle[0]!;
  const last = hay.length - needle.length;
  for (let i = hay.indexOf(first); i !== -1 && i <= last; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/**
 * False only when decoding `bytes` (UTF-8 or Latin-1; not UTF-16) cannot give text in which detection finds
 * anything. `includes` lets a host pass a faster native search (Node's `Buffer.includes`).
 */
export function mayContainSecretBytes(bytes: Uint8Array, includes?: (bytes: Uint8Array, needle: string) => boolean): boolean {
  if (includes) return SECRET_TRIGGERS.some((t) => includes(bytes, t));
  return TRIGGER_BYTES.some((t) => indexOfBytes(bytes, t) !== -1);
}
