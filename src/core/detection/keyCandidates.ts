import { isBase64Code, decodeBase64ToLatin1 } from './base64';
import { equalsWidthAt, EQUALS_NEEDLES, readBase64CharBack, type DecodedChar } from './escapedChars';
import { type SecretEncoding } from './finding';
import { detectionWork } from './workCounter';

/** An 88-character key-shaped value found in the text, decoded from whatever encoding it was written in. */
export interface KeyCandidate {
  /** The decoded key: 86 base64 characters and `==`. */
  readonly key: string;
  /** Offsets of the encoded value in the text, [start, end). */
  readonly start: number;
  readonly end: number;
  readonly encoding: SecretEncoding;
}

const KEY_BODY = 86;
/** Longest run of base64 that may still be a wrapped key (88 bytes + optional newline → 120 chars). */
const WRAPPED_LENGTH = 120;
const MAX_CONCAT_GAP = 200;
/** Backslashes that may precede an escaped `=` (`\\u003d` in JSON inside JSON). */
const MAX_NESTED_ESCAPES = 7;

const QUOTES = new Set([34, 39, 96]); // " ' `

/**
 * When a backwards walk stops at the start of a part of the value (`p`), finds the end of the part before it, or
 * returns -1. A quoted part may follow a quoted literal across concatenation (`"…" + "…"`, also `&`, `.`, `..`,
 * `||`, VB's `_`, adjacent literals as in Python and C, the commas of array parts that are joined:
 * `["…", "…"].join("")`, `strings.Join`) or, across a line break, also an unquoted part. An unquoted part that starts
 * its line may follow the end of the line before it: a YAML folded or literal scalar, a list of parts (`- …`), a
 * wrapped paste, a string continued with a `\` at the end of the line.
 */
function previousPartEnd(text: string, p: number): number {
  let i = p - 1;
  const quoted = i >= 0 && QUOTES.has(text.charCodeAt(i));
  if (quoted) {
    i--;
    // String prefixes that sit between the operator and the quote: f"…", r'…', b"…", @"…", $"…".
    for (let n = 0; n < 2 && i >= 0 && /[rRfFbBuU@$]/.test(text[i]!); n++) i--;
  }
  const limit = Math.max(0, p - MAX_CONCAT_GAP);
  let newline = false, operator = false;
  for (; i >= limit; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) { newline = true; continue; }
    if (c === 32 || c === 9 || c === 13) continue;
    if (c === 45 /* - */ && text.charCodeAt(i + 1) === 32) continue; // a YAML list item's marker
    if (c === 92 /* \ */ && (text.charCodeAt(i + 1) === 10 || text.charCodeAt(i + 1) === 13)) continue; // line continuation
    // An operator character right after a base64 character is not an operator: it ends an unquoted part (`- abc+`
    // in YAML). After anything else — a literal's quote, a space, another operator (`"…" +`, `'…' .`, `||`) — it is.
    if (quoted && (c === 44 /* , */ || c === 43 /* + */ || c === 38 /* & */ || c === 46 /* . */ || c === 124 /* | */ || c === 95 /* _ */)
      && !isBase64Code(text.charCodeAt(i - 1))) {
      operator = true;
      continue;
    }
    break;
  }
  detectionWork.steps += p - i;
  if (i < limit) return -1;
  if (QUOTES.has(text.charCodeAt(i))) return quoted || newline ? i : -1;
  return newline && !operator ? i + 1 : -1;
}

/** Start and width of the pair of `=` (raw or escaped) at a needle found at `pos`, or undefined. */
function terminatorAt(text: string, pos: number, unit?: DecodedChar): [number, number] | undefined {
  // A backslash-escaped `=` may carry more backslashes of nested escaping before the needle.
  let p = pos;
  while (p > 0 && pos - p < MAX_NESTED_ESCAPES && text.charCodeAt(p - 1) === 92) p--;
  if (p > 0 && text.charCodeAt(p) === 37 && text.charCodeAt(p - 1) === 37) p--; // %%3D
  const w1 = equalsWidthAt(text, p, unit);
  if (w1 === 0) return undefined;
  const w2 = equalsWidthAt(text, p + w1);
  return w2 === 0 ? undefined : [p, w1 + w2];
}

/**
 * The first checks of reading a key back from a terminator at [termPos, termPos + termLength): the terminator is
 * not followed by more base64 or another `=`, and follows a base64 character (raw or escaped).
 */
function canEndKey(text: string, termPos: number, termLength: number, padded: boolean): boolean {
  const after = termPos + termLength;
  const afterCode = after < text.length ? text.charCodeAt(after) : -1;
  if (afterCode === 95 /* _ */ || (afterCode >= 0 && isBase64Code(afterCode) && (!padded || (afterCode !== 43 && afterCode !== 47)))) return false;
  if (afterCode >= 0 && equalsWidthAt(text, after) > 0) return false;
  return readBase64CharBack(text, termPos, { ch: 0, enc: 'raw' }) > 0; // `a == b`, `x===y`: the common case, rejected at once
}

/**
 * True when the needle (one of EQUALS_NEEDLES) found at `pos` could end a key. The byte-level pre-check asks this
 * on a small window of bytes around each occurrence, so that it agrees with detection by construction.
 */
export function isKeyTerminatorAt(text: string, pos: number): boolean {
  const t = terminatorAt(text, pos);
  return t !== undefined && canEndKey(text, t[0], t[1], true);
}

/** Finds every key-shaped value (raw or encoded), in text order. */
export function findKeyCandidates(text: string): KeyCandidate[] {
  const found: KeyCandidate[] = [];
  const seenEnds = new Set<number>();
  const unit: DecodedChar = { ch: 0, enc: 'raw' };
  for (const needle of EQUALS_NEEDLES) {
    const raw = needle === '==';
    for (let pos = text.indexOf(needle); pos !== -1; pos = text.indexOf(needle, pos + 1)) {
      detectionWork.steps++;
      // The raw `==` of code (`a == b`, `x===y`): rejected on the characters around it, before anything else.
      if (raw && (!isBase64Code(text.charCodeAt(pos - 1)) && text.charCodeAt(pos - 1) !== 59 || text.charCodeAt(pos + 2) === 61)) continue;
      const t = terminatorAt(text, pos, unit);
      if (!t || seenEnds.has(t[0] + t[1])) continue;
      const c = keyEndingAt(text, t[0], t[1], unit.enc);
      if (c) { found.push(c); seenEnds.add(c.end); }
    }
  }
  // Base64-wrapped keys whose decoded value ended with a newline (`echo key | base64`) end in `PQo=`.
  for (let pos = text.indexOf('PQo='); pos !== -1; pos = text.indexOf('PQo=', pos + 1)) {
    const c = wrappedKeyEndingAt(text, pos + 4);
    if (c && !seenEnds.has(c.end)) { found.push(c); seenEnds.add(c.end); }
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * A key whose `==` padding was dropped (drivers that take the key as a password accept it): the 86 characters
 * ending at `end`, when they decode to exactly 64 bytes. The key returned carries its padding again, so that it
 * compares, hashes and fingerprints as the padded key does.
 */
export function unpaddedKeyEndingAt(text: string, end: number): KeyCandidate | undefined {
  const c = keyEndingAt(text, end, 0, 'raw', false);
  if (!c) return undefined;
  // 64 bytes use 2 bits of the 86th character: its low 4 bits are zero (A, Q, g or w).
  const last = c.key.charCodeAt(85);
  if (last !== 65 && last !== 81 && last !== 103 && last !== 119) return undefined;
  return { ...c, encoding: 'unpadded' };
}

function keyEndingAt(text: string, termPos: number, termLength: number, termEncoding: SecretEncoding, padded = true): KeyCandidate | undefined {
  if (!canEndKey(text, termPos, termLength, padded)) return undefined;
  const after = termPos + termLength;
  const step: DecodedChar = { ch: 0, enc: 'raw' };

  const chars: number[] = [];
  let encoding: SecretEncoding = termEncoding;
  let p = termPos;
  let concatenated = false;
  while (chars.length < KEY_BODY) {
    const w = readBase64CharBack(text, p, step);
    if (w === 0) {
      if (padded && chars.length > 0 && p > 0) {
        const prev = previousPartEnd(text, p);
        if (prev > 0 && readBase64CharBack(text, prev, step) !== 0) {
          p = prev;
          concatenated = true;
          continue;
        }
      }
      return undefined;
    }
    chars.push(step.ch);
    if (step.enc !== 'raw' && encoding === 'raw') encoding = step.enc;
    p -= w;
  }
  // The value must start at a boundary: a longer base64 run is something else (or a wrapped key).
  const before = p > 0 ? text.charCodeAt(p - 1) : -1;
  if (before >= 0 && (readBase64CharBack(text, p, step) !== 0 || before === 95 /* _ */ || before === 45 /* - */)) {
    if (padded && termEncoding === 'raw' && !concatenated) return wrappedKeyEndingAt(text, after);
    return undefined;
  }
  chars.reverse();
  const key = String.fromCharCode(...chars) + '==';
  return { key, start: p, end: after, encoding: concatenated ? 'concatenated' : encoding };
}

/** A key that was base64-encoded as a whole (Kubernetes `Secret.data`): a 120-character run ending at `end`. */
function wrappedKeyEndingAt(text: string, end: number): KeyCandidate | undefined {
  detectionWork.steps += WRAPPED_LENGTH;
  const start = end - WRAPPED_LENGTH;
  if (start < 0) return undefined;
  const before = start > 0 ? text.charCodeAt(start - 1) : -1;
  if (before >= 0 && (isBase64Code(before) || before === 95 || before === 45)) return undefined;
  const run = text.slice(start, end);
  let padding = 0;
  while (padding < 2 && run.charCodeAt(run.length - 1 - padding) === 61) padding++;
  for (let i = 0; i < run.length - padding; i++) if (!isBase64Code(run.charCodeAt(i))) return undefined;
  const decoded = decodeBase64ToLatin1(run);
  if (decoded === undefined) return undefined;
  const key = decoded.replace(/\r?\n$/, '');
  if (key.length !== 88 || !key.endsWith('==')) return undefined;
  for (let i = 0; i < KEY_BODY; i++) if (!isBase64Code(key.charCodeAt(i))) return undefined;
  return { key, start, end, encoding: 'base64' };
}
