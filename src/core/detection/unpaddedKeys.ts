import { readBase64CharBack, type DecodedChar } from './escapedChars';
import { unpaddedKeyEndingAt, type KeyCandidate } from './keyCandidates';
import { detectionWork } from './workCounter';

// Keys written without their `==` padding, where a driver takes the key as a password: Gremlin (the TinkerPop
// drivers' SASL authenticator), Cassandra (`PlainTextAuthProvider`, the Spark connector), MongoDB URIs. Without a
// terminator to anchor on, these are looked for only near a password position, and only in a text that names a
// Cosmos host (every one has `.azure.` or `microsoftazure.` in it) — the context a driver's password needs anyway.

/** One of these is in every text where an unpadded key is looked for (the byte-level pre-check uses them too). */
export const UNPADDED_GATES: readonly string[] = ['zure.'];

/**
 * Where a password follows within WINDOW characters. One regular expression of literal alternatives (a bounded
 * amount of work per position) finds them all in one pass: a dozen `indexOf` passes over a large file cost three
 * times as much. It is re-run from the next character after each match, so that anchors overlapping one another
 * (`BasicAuthenticator(`) are all found.
 */
const PASSWORD_ANCHORS = /assword|ASSWORD|asswd|ASSWD|pwd|Pwd|PWD| -p |redentials\(|Authenticator\(|AuthProvider\(|BasicAuth|mongodb/g;
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
  const n = text.length;
  let i = 0;
  let knownEnd = 0; // [i, knownEnd) are key-text characters already read
  while (i + KEY_TEXT <= n) {
    const probe = i + KEY_TEXT - 1;
    const stop = Math.max(i, knownEnd);
    let j = probe;
    while (j >= stop && isKeyTextCode(text.charCodeAt(j))) j--;
    detectionWork.steps += probe - j + 1;
    if (j >= stop) {
      // No run of KEY_TEXT holds j: the next can start after it; (j, probe] are key-text characters.
      i = j + 1;
      knownEnd = probe + 1;
      continue;
    }
    let end = probe + 1;
    while (end < n && isKeyTextCode(text.charCodeAt(end))) end++;
    detectionWork.steps += end - probe;
    runs.push(i, end);
    i = end + 1;
    knownEnd = 0;
  }
  return runs;
}

/** The longest anchor (`Authenticator(`): a match starting in a region may end this much past it. */
const LONGEST_ANCHOR = 14;

/**
 * Every 86-character value that decodes to 64 bytes and ends a password position. Linear: the windows after the
 * anchors are merged and walked once, and a key is read back only from the end of a value (at most 86 logical
 * characters, which lie in the window already walked). Anchors are looked for only where a key can end within
 * WINDOW of them — before and in the runs of key text — so a text without such a run (most code) costs only the
 * probes of {@link keyTextRuns}, not a pass of the regular expression.
 */
export function findUnpaddedKeys(text: string): KeyCandidate[] {
  if (!UNPADDED_GATES.some((g) => text.includes(g))) return [];
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
