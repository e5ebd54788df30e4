// A byte-level pre-check that lets a scanner skip decoding files that cannot hold a finding: most of the
// bytes of a typical source tree, and decoding plus detection are the costliest steps of a scan.
// The triggers are detection's own and the key-based-client rule's (ASCII), and an ASCII string occurs in UTF-8 or
// Latin-1 text exactly when its bytes occur in the file, so testing the raw bytes is exact.
import { CLIENT_TRIGGERS, clientLanguageOf } from '../clients';
import { SECRET_TRIGGERS } from '../detection';
import { type FileScanOptions } from './scanFileText';

export { SECRET_TRIGGERS };

/** Every trigger of a file scan ({@link scanFileText}): a file holding none of them has no finding. */
export const SCAN_TRIGGERS: readonly string[] = [...SECRET_TRIGGERS, ...CLIENT_TRIGGERS];

/**
 * The triggers that matter for the file at `path`: the client rule's only for the languages it reads (and while it
 * is on). Searching every byte of a tree for `CosmosClient` cost the benchmark's scan a quarter more CPU; most of a
 * tree is JSON, declaration files and other languages the rule never reads.
 */
export function scanTriggersFor(path: string, options: FileScanOptions = {}): readonly string[] {
  return options.keyBasedClients !== false && clientLanguageOf(path) ? SCAN_TRIGGERS : SECRET_TRIGGERS;
}

/** A native byte search a host may supply (Node's `Buffer#indexOf`); -1 when absent. */
export type ByteIndexOf = (bytes: Uint8Array, needle: string, from: number) => number;

const EQ = 61; // '='

function isBase64Byte(b: number | undefined): boolean {
  return b !== undefined && ((b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b === 43 || b === 47);
}

function jsIndexOf(hay: Uint8Array, needle: string, from: number): number {
  const first = needle.charCodeAt(0);
  const last = hay.length - needle.length;
  for (let i = hay.indexOf(first, from); i !== -1 && i <= last; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle.charCodeAt(j)) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/**
 * True when some `==` could end a key: detection only considers a raw `==` that follows a base64 character and
 * is not followed by another `=` (see `keyEndingAt` in ../detection/keyCandidates.ts). That rules out the `==`
 * of code (`a == b`, `x===y`), which is most of them.
 */
function hasKeyTerminator(bytes: Uint8Array, indexOf: ByteIndexOf): boolean {
  for (let i = indexOf(bytes, '==', 0); i !== -1; i = indexOf(bytes, '==', i + 1)) {
    if (isBase64Byte(bytes[i - 1]) && bytes[i + 2] !== EQ) return true;
  }
  return false;
}

/**
 * False only when decoding `bytes` (UTF-8 or Latin-1; not UTF-16) cannot give text in which a file scan finds
 * anything (with `triggers` from {@link scanTriggersFor}: a scan of that file). `indexOf` lets a host pass a faster
 * native search.
 */
export function mayContainSecretBytes(bytes: Uint8Array, indexOf: ByteIndexOf = jsIndexOf, triggers: readonly string[] = SCAN_TRIGGERS): boolean {
  for (const t of triggers) {
    if (t === '==' ? hasKeyTerminator(bytes, indexOf) : indexOf(bytes, t, 0) !== -1) return true;
  }
  return false;
}
