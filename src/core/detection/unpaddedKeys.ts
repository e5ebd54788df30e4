import { readBase64CharBack, type DecodedChar } from './escapedChars';
import { HOST_GATE } from './hostGate';
import { unpaddedKeyEndingAt, type KeyCandidate } from './keyCandidates';
import { detectionWork } from './workCounter';

// Keys written without their `==` padding, where a driver takes the key as a password: Gremlin (the TinkerPop
// drivers' SASL authenticator), Cassandra (`PlainTextAuthProvider`, the Spark connector), MongoDB URIs. Without a
// terminator to anchor on, these are looked for only near a password position, and only in a text that names a
// Cosmos host (every one has `.azure.` or `microsoftazure.` in it) — the context a driver's password needs anyway.

/**
 * Where a password follows within WINDOW characters. One regular expression of literal alternatives (a bounded
 * amount of work per position) finds them all in one pass: a dozen `indexOf` passes over a large file cost three
 * times as much. It is re-run from the next character after each match, so that anchors overlapping one another
 * (`BasicAuthenticator(`) are all found.
 */
const PASSWORD_ANCHOR_WORDS: readonly string[] = [
  'assword', 'ASSWORD', 'asswd', 'ASSWD', 'pwd', 'Pwd', 'PWD', ' -p ',
  'redentials(', 'Authenticator(', 'AuthProvider(', 'BasicAuth', 'mongodb',
];
const PASSWORD_ANCHORS = new RegExp(PASSWORD_ANCHOR_WORDS.map((w) => w.replace(/[(]/g, '\\(')).join('|'), 'g');
const WINDOW = 400;

/** Characters that end a password value (and so may end an unpadded key). */
function endsValue(text: string, i: number): boolean {
  if (i >= text.length) return true;
  const c = text.charCodeAt(i);
  switch (c) {
    case 32: case 9: case 10: case 13: case 34: case 39: case 96: case 64 /* @ */: case 59 /* ; */: case 44 /* , */:
    case 41 /* ) */: case 93 /* ] */: case 125 /* } */: case 60 /* < */: case 62 /* > */: case 124 /* | */:
      return true;
    case 38 /* & */: return text.charCodeAt(i + 1) !== 35; // a query separator, not a character reference
    case 92 /* \ */: return /["'nrt]/.test(text[i + 1] ?? ''); // \" closing an escaped string, \n …
    default: return false;
  }
}

/** The raw characters a key written with escapes can use: base64's, and those of `%2B`, `\/`, `\u002B`, `&#43;`. */
function isKeyTextCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47
    || c === 37 /* % */ || c === 92 /* \ */ || c === 38 /* & */ || c === 35 /* # */ || c === 59 /* ; */;
}

/** Raw characters of a key: 86 logical characters, each one raw character or more (an escape). */
const KEY_TEXT = 86;

/**
 * The maximal runs of at least {@link KEY_TEXT} key-text characters, as `[start, end, start, end, …]`: every
 * unpadded key lies in one. Probes one character per window of {@link KEY_TEXT} and reads back from it only to the
 * last character not in a key, never below what an earlier probe read: each character is read at most once (linear
 * in the worst case), and ordinary text, whose spaces and punctuation come every few characters, costs a few reads
 * per window.
 */
export function keyTextRuns(text: string): number[] {
  const runs: number[] = [];
  someKeyTextRun(text.length, (i) => isKeyTextCode(text.charCodeAt(i)), (start, end) => {
    runs.push(start, end);
    return false;
  });
  return runs;
}

/**
 * The walk of {@link keyTextRuns} over `n` characters or bytes, `isKeyText(i)` telling which are key text: each
 * maximal run of at least {@link KEY_TEXT} is passed to `onRun(start, end)`, in order, until it returns true (then
 * so does this).
 */
function someKeyTextRun(n: number, isKeyText: (i: number) => boolean, onRun: (start: number, end: number) => boolean): boolean {
  let i = 0;
  let knownEnd = 0; // [i, knownEnd) are key-text characters already read
  while (i + KEY_TEXT <= n) {
    const probe = i + KEY_TEXT - 1;
    const stop = Math.max(i, knownEnd);
    let j = probe;
    while (j >= stop && isKeyText(j)) j--;
    detectionWork.steps += probe - j + 1;
    if (j >= stop) {
      // No run of KEY_TEXT holds j: the next can start after it; (j, probe] are key-text characters.
      i = j + 1;
      knownEnd = probe + 1;
      continue;
    }
    let end = probe + 1;
    while (end < n && isKeyText(end)) end++;
    detectionWork.steps += end - probe;
    if (onRun(i, end)) return true;
    i = end + 1;
    knownEnd = 0;
  }
  return false;
}

/** The longest anchor (`Authenticator(`): a match starting in a region may end this much past it. */
const LONGEST_ANCHOR = Math.max(...PASSWORD_ANCHOR_WORDS.map((w) => w.length));

/**
 * Every 86-character value that decodes to 64 bytes and ends a password position. Linear: the windows after the
 * anchors are merged and walked once, and a key is read back only from the end of a value (at most 86 logical
 * characters, which lie in the window already walked). Anchors are looked for only where a key can end within
 * WINDOW of them — before and in the runs of key text — so a text without such a run (most code) costs only the
 * probes of {@link keyTextRuns}, not a pass of the regular expression.
 */
export function findUnpaddedKeys(text: string): KeyCandidate[] {
  if (!text.includes(HOST_GATE)) return [];
  const runs = keyTextRuns(text);
  if (runs.length === 0) return [];
  const anchors: number[] = [];
  let searched = 0; // anchors starting before this offset have been collected
  for (let r = 0; r < runs.length; r += 2) {
    // A key ending in this run ends at run start + KEY_TEXT or later; its anchor is within WINDOW before that.
    const from = Math.max(searched, runs[r]! + KEY_TEXT - WINDOW);
    const to = runs[r + 1]!;
    if (from >= to) continue;
    const region = text.slice(from, Math.min(text.length, to + LONGEST_ANCHOR - 1));
    detectionWork.steps += region.length;
    PASSWORD_ANCHORS.lastIndex = 0;
    for (let m = PASSWORD_ANCHORS.exec(region); m && m.index < to - from; m = PASSWORD_ANCHORS.exec(region)) {
      anchors.push(from + m.index);
      PASSWORD_ANCHORS.lastIndex = m.index + 1;
    }
    searched = to;
  }
  if (anchors.length === 0) return [];
  const found: KeyCandidate[] = [];
  const step: DecodedChar = { ch: 0, enc: 'raw' };
  let walked = 0; // everything before this offset has been walked
  for (const a of anchors) {
    const from = Math.max(a, walked);
    const to = Math.min(text.length, a + WINDOW);
    for (let i = from + 1; i <= to; i++) {
      if (!endsValue(text, i) || readBase64CharBack(text, i, step) === 0) continue;
      const c = unpaddedKeyEndingAt(text, i);
      if (c) found.push(c);
    }
    detectionWork.steps += Math.max(0, to - from);
    walked = Math.max(walked, to + 1);
  }
  return found;
}

/**
 * The most bytes a character of a JavaScript string (a UTF-16 code unit, what WINDOW counts) takes in a file: 3 in
 * UTF-8 (a 4-byte character is two code units), 1 in Latin-1.
 */
const MAX_BYTES_PER_CODE_UNIT = 3;

/** The anchors by first byte, for the byte-level test: `ANCHORS_BY_FIRST_BYTE[b]` lists those starting with byte b. */
const ANCHORS_BY_FIRST_BYTE: (readonly Uint8Array[] | undefined)[] = [];
for (const w of PASSWORD_ANCHOR_WORDS) {
  const bytes = Uint8Array.from(w, (c) => c.charCodeAt(0));
  ANCHORS_BY_FIRST_BYTE[bytes[0]!] = [...(ANCHORS_BY_FIRST_BYTE[bytes[0]!] ?? []), bytes];
}

/** True when an anchor starts at some offset in [from, to) of `bytes`. */
function anchorStartsIn(bytes: Uint8Array, from: number, to: number): boolean {
  for (let p = from; p < to; p++) {
    const words = ANCHORS_BY_FIRST_BYTE[bytes[p]!];
    if (!words) continue;
    for (const w of words) {
      let j = 1;
      while (j < w.length && bytes[p + j] === w[j]) j++;
      if (j === w.length) return true;
    }
  }
  return false;
}

/** Key-text bytes ({@link isKeyTextCode}) as a table: 1 for key text. */
const KEY_TEXT_BYTE = Uint8Array.from({ length: 256 }, (_, b) => (isKeyTextCode(b) ? 1 : 0));

/**
 * Whether the bytes of a file (UTF-8 or Latin-1) can hold a key {@link findUnpaddedKeys} reports: false only when
 * they cannot, so that a byte-level pre-check may skip decoding a file whose only trigger is a Cosmos host (an SDK's
 * documentation names one in every other comment). Every such key lies in a run of at least {@link KEY_TEXT}
 * key-text characters, after an anchor that starts before the run ends and at most {@link WINDOW} characters before
 * the run's 86th character (the regions {@link findUnpaddedKeys} searches). Key-text characters are ASCII, one byte
 * each, and so are runs: only the characters between an anchor and its run may take more bytes than characters,
 * up to {@link MAX_BYTES_PER_CODE_UNIT} each, so the window in bytes is that many times as wide. Linear: the
 * runs are found as {@link keyTextRuns} finds them (a probe per {@link KEY_TEXT} bytes in ordinary text), and each
 * byte is a candidate anchor start at most once.
 */
export function mayHoldUnpaddedKey(bytes: Uint8Array): boolean {
  let searched = 0; // anchor starts before this offset have been looked at
  return someKeyTextRun(bytes.length, (i) => KEY_TEXT_BYTE[bytes[i]!] === 1, (start, end) => {
    const from = Math.max(searched, start + KEY_TEXT - WINDOW * MAX_BYTES_PER_CODE_UNIT);
    searched = end;
    return from < end && anchorStartsIn(bytes, from, end);
  });
}
