// A byte-level pre-check that lets a scanner skip decoding files that cannot hold a finding: most of the
// bytes of a typical source tree, and decoding plus detection are the costliest steps of a scan.
// The triggers are detection's own and the key-based-client rule's (ASCII), and an ASCII string occurs in UTF-8 or
// Latin-1 text exactly when its bytes occur in the file, so testing the raw bytes is exact.
import { CLIENT_TRIGGERS, clientLanguageOf } from '../clients';
import { EQUALS_NEEDLES, HOST_GATE, isKeyTerminatorAt, isVcoreHostAt, mayHoldUnpaddedKey, SECRET_TRIGGERS } from '../detection';
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

/** Bytes around a trigger that decide whether it can end a key (the widest escapes of `=` and of a key character). */
const WINDOW_BEFORE = 16;
const WINDOW_AFTER = 32;

/** Triggers that are the start of an `=` (detection reads a pair of them after a base64 character). */
const TERMINATOR_TRIGGERS = new Set(EQUALS_NEEDLES);

const EQ = 61, UNDERSCORE = 95, PLUS = 43, SLASH = 47;

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
 * True when the occurrence of the terminator trigger `needle` at `i` could end a key: detection only considers a pair
 * of `=` (raw or escaped) that follows a base64 character and is not followed by another `=` (see `keyEndingAt` in
 * ../detection/keyCandidates.ts). That rules out the `==` of code (`a == b`, `x===y`), the `%3A` of URLs and the
 * `&#39;` of HTML, which is most of them. The same function decides, on the bytes around the occurrence.
 */
function occurrenceEndsKey(bytes: Uint8Array, i: number, needle: string): boolean {
  // Cheap first: the byte before the `=` (and any backslashes of its escape) must end a key character — a base64
  // character, or the `;` of a character reference.
  let p = i;
  while (p > 0 && i - p < 7 && bytes[p - 1] === 92) p--;
  if (p > 0 && bytes[p] === 37 && bytes[p - 1] === 37) p--; // %%3D
  if (!isBase64Byte(bytes[p - 1]) && bytes[p - 1] !== 59) return false;
  // The `==` of minified code (`a==b`, `x===y`) is followed by more code; a key's is not.
  if (needle === '==') {
    const after = bytes[i + 2];
    if (after === EQ || after === UNDERSCORE || (isBase64Byte(after) && after !== PLUS && after !== SLASH)) return false;
  }
  const from = Math.max(0, i - WINDOW_BEFORE);
  const window = String.fromCharCode(...bytes.subarray(from, Math.min(bytes.length, i + WINDOW_AFTER)));
  return isKeyTerminatorAt(window, i - from);
}

/** True when some occurrence of a terminator trigger could end a key ({@link occurrenceEndsKey}). */
function hasKeyTerminator(bytes: Uint8Array, needle: string, indexOf: ByteIndexOf): boolean {
  // After `===` (or a longer run of `=`), every `==` up to the run's end follows an `=`: none can end a key, so the
  // search resumes after them (a third fewer native calls on minified code).
  const raw = needle === '==';
  for (let i = indexOf(bytes, needle, 0); i !== -1; i = indexOf(bytes, needle, raw && bytes[i + 2] === EQ ? i + 3 : i + 1)) {
    if (occurrenceEndsKey(bytes, i, needle)) return true;
  }
  return false;
}

/**
 * False only when decoding `bytes` (UTF-8 or Latin-1; not UTF-16) cannot give text in which a file scan finds
 * anything (with `triggers` from {@link scanTriggersFor}: a scan of that file). `indexOf` lets a host pass a faster
 * native search.
 *
 * The Cosmos host gate ({@link HOST_GATE}) is a trigger for two rules only: vCore passwords, looked for in a vCore
 * host, and keys without their padding, looked for near a password anchor. Most files that hold it only name a
 * Cosmos host (an SDK's documentation does in every other comment: the benchmark tree's largest such files are
 * 0.3–0.7 MB), so a file whose only trigger it is counts only when one of its occurrences is a vCore host or when
 * {@link mayHoldUnpaddedKey} says a key without padding can be there. Both tests are exact on the bytes.
 */
export function mayContainSecretBytes(bytes: Uint8Array, indexOf: ByteIndexOf = jsIndexOf, triggers: readonly string[] = SCAN_TRIGGERS): boolean {
  let gate = false;
  for (const trigger of triggers) {
    if (trigger === HOST_GATE) {
      for (let i = indexOf(bytes, trigger, 0); i !== -1; i = indexOf(bytes, trigger, i + 1)) {
        if (isVcoreHostAt(bytes, i)) return true;
        gate = true;
      }
    } else if (TERMINATOR_TRIGGERS.has(trigger) ? hasKeyTerminator(bytes, trigger, indexOf) : indexOf(bytes, trigger, 0) !== -1) return true;
  }
  return gate && mayHoldUnpaddedKey(bytes);
}

// One pass for every trigger. Searching a dozen needles one after the other reads every byte a dozen times (each
// native search runs at memory speed, but the tree's bytes are read twelve times); a host with a fast pair search
// (WebAssembly SIMD, ../../shared/triggerPairSearch.ts) finds in one read the places where a trigger can be, from
// two adjacent bytes of it — its fingerprint — and the code below checks each place exactly.

/** A trigger and where its two-byte fingerprint sits in it. */
export interface TriggerFingerprint {
  readonly needle: string;
  /** Offset of the fingerprint's first byte in the needle. */
  readonly offset: number;
}

/**
 * Where each trigger's fingerprint sits when it is not its first two bytes: two bytes that are rare in code, so that
 * few places need checking (counted on bench/scan.mjs's tree: `\u` occurs 216,826 times, the `03` of `\u003`
 * 9,598; the `Co` of `CosmosClient` 249,653 times, its `sm` 13,229; the `Tr` of `Transfer-Encoding: base64` 59,830
 * times, its `e6` 2,552).
 */
const FINGERPRINT_OFFSETS: Readonly<Record<string, number>> = { '\\u003': 3, '\\x3': 1, 'PQo=': 1, '6dXJl': 1, '5henVy': 4, 'YXp1cm': 2, CosmosClient: 2,
  'Transfer-Encoding: base64': 22 };

/** The fingerprint of each trigger (a unit test checks that every trigger has one, inside it). */
export const TRIGGER_FINGERPRINTS: readonly TriggerFingerprint[] = SCAN_TRIGGERS.map((needle) => ({ needle, offset: FINGERPRINT_OFFSETS[needle] ?? 0 }));

/** The fingerprint's two bytes as one number: `b0 << 8 | b1`. */
export const fingerprintPair = (f: TriggerFingerprint): number => (f.needle.charCodeAt(f.offset) << 8) | f.needle.charCodeAt(f.offset + 1);

/** The fingerprints by pair: `PAIR_GROUP[pair]` is 1 + the index in `GROUPS` of those with that pair, 0 for none. */
const GROUPS: TriggerFingerprint[][] = [];
const PAIR_GROUP = new Uint8Array(65536);
for (const f of TRIGGER_FINGERPRINTS) {
  const pair = fingerprintPair(f);
  if (PAIR_GROUP[pair] === 0) PAIR_GROUP[pair] = GROUPS.push([]);
  GROUPS[PAIR_GROUP[pair]! - 1]!.push(f);
}

/**
 * The next position at or after `from` where a fingerprint may start (`bytes[p]`, `bytes[p + 1]`), or -1. It may
 * return places that are not fingerprints (a host's search is allowed to be coarse); it must not skip one.
 */
export type FingerprintSearch = (from: number) => number;

/** A plain search for {@link FingerprintSearch}: exact, one byte at a time (for hosts without a faster one). */
export function fingerprintSearchOf(bytes: Uint8Array): FingerprintSearch {
  return (from) => {
    for (let p = from; p + 1 < bytes.length; p++) {
      if (PAIR_GROUP[(bytes[p]! << 8) | bytes[p + 1]!] !== 0) return p;
    }
    return -1;
  };
}

const ALL_TRIGGERS: ReadonlySet<string> = new Set(SCAN_TRIGGERS);
const SECRET_TRIGGER_SET: ReadonlySet<string> = new Set(SECRET_TRIGGERS);
/** The two lists {@link scanTriggersFor} gives, without building a set per file; any other list, as a set. */
const triggerSet = (triggers: readonly string[]): ReadonlySet<string> =>
  triggers === SCAN_TRIGGERS ? ALL_TRIGGERS : triggers === SECRET_TRIGGERS ? SECRET_TRIGGER_SET : new Set(triggers);

/**
 * {@link mayContainSecretBytes} from fingerprint places: the same answer for the same `triggers`, with every trigger
 * looked for in one pass of `search` over the bytes.
 */
export function mayContainSecretAtFingerprints(bytes: Uint8Array, search: FingerprintSearch, triggers: readonly string[] = SCAN_TRIGGERS): boolean {
  const wanted = triggerSet(triggers);
  let gate = false;
  for (let c = search(0); c !== -1; c = search(c + 1)) {
    const group = PAIR_GROUP[(bytes[c]! << 8) | bytes[c + 1]!]!;
    if (group === 0) continue;
    const fingerprints = GROUPS[group - 1]!;
    for (let k = 0; k < fingerprints.length; k++) {
      const f = fingerprints[k]!;
      const at = c - f.offset;
      if (at < 0 || !wanted.has(f.needle) || !matchesAt(bytes, at, f.needle)) continue;
      if (f.needle === HOST_GATE) {
        if (isVcoreHostAt(bytes, at)) return true;
        gate = true;
      } else if (!TERMINATOR_TRIGGERS.has(f.needle) || occurrenceEndsKey(bytes, at, f.needle)) return true;
    }
  }
  return gate && mayHoldUnpaddedKey(bytes);
}

function matchesAt(bytes: Uint8Array, at: number, needle: string): boolean {
  if (at + needle.length > bytes.length) return false;
  for (let j = 0; j < needle.length; j++) if (bytes[at + j] !== needle.charCodeAt(j)) return false;
  return true;
}
