import { isBase64Code, decodeBase64ToLatin1 } from './base64';
import { type SecretEncoding } from './finding';

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

interface Terminator { readonly literal: string; readonly encoding: SecretEncoding; readonly caseInsensitive: boolean }
const TERMINATORS: readonly Terminator[] = [
  { literal: '==', encoding: 'raw', caseInsensitive: false },
  { literal: '%3D%3D', encoding: 'url', caseInsensitive: true },
  { literal: '\\u003D\\u003D', encoding: 'json-escaped', caseInsensitive: true },
];

/** `readBack` width meaning "no base64 character here". */
const STOP = 0;

/**
 * Reads one logical base64 character that ends at `end` (exclusive), decoding the escapes keys are written
 * with: `\/` (JSON), `%2B` `%2F` (URLs), `\u002B` `\u002F` (JSON unicode escapes). Returns the width in text
 * characters (0 when `end` is not preceded by a base64 character) and sets `out.ch`.
 */
function readBack(text: string, end: number, out: { ch: number; enc: SecretEncoding }): number {
  if (end <= 0) return STOP;
  const c = text.charCodeAt(end - 1);
  if (isBase64Code(c)) {
    // `\n`, `\t`, … before a value: the letter belongs to the escape, not to the key.
    if (end >= 2 && text.charCodeAt(end - 2) === 92 /* \ */ && c !== 47 /* / */) {
      if (c === 110 || c === 114 || c === 116 || c === 98 || c === 102 || c === 118 || c === 48) return STOP;
    }
    if (c === 47 && end >= 2 && text.charCodeAt(end - 2) === 92) { out.ch = 47; out.enc = 'json-escaped'; return 2; }
    // `%2B`: the `B` would otherwise read as a key character.
    if (end >= 3 && text.charCodeAt(end - 3) === 37 /* % */ && text.charCodeAt(end - 2) === 50 /* 2 */) {
      const u = c | 0x20;
      if (u === 98 /* b */) { out.ch = 43; out.enc = 'url'; return 3; }
      if (u === 102 /* f */) { out.ch = 47; out.enc = 'url'; return 3; }
    }
    if (end >= 6 && text.charCodeAt(end - 6) === 92 && (text.charCodeAt(end - 5) | 0x20) === 117 /* u */ &&
        text.startsWith('002', end - 4)) {
      const u = c | 0x20;
      if (u === 98) { out.ch = 43; out.enc = 'json-escaped'; return 6; }
      if (u === 102) { out.ch = 47; out.enc = 'json-escaped'; return 6; }
    }
    out.ch = c;
    out.enc = 'raw';
    return 1;
  }
  return STOP;
}

const QUOTES = new Set([34, 39, 96]); // " ' `

/**
 * When a backwards walk stops at the opening quote of a literal, looks for `"…" + "…"`-style concatenation
 * (also `&`, `.`, `..`, `||`, `_` and `\` line continuations, and adjacent literals as in Python and C) and
 * returns the end offset of the previous literal's content, or -1.
 */
function previousFragmentEnd(text: string, quotePos: number): number {
  let i = quotePos - 1;
  // String prefixes that sit between the operator and the quote: f"…", r'…', b"…", @"…", $"…".
  for (let n = 0; n < 2 && i >= 0 && /[rRfFbBuU@$]/.test(text[i]!); n++) i--;
  const limit = Math.max(0, quotePos - MAX_CONCAT_GAP);
  for (; i >= limit; i--) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13 || c === 10) continue;
    if (c === 43 /* + */ || c === 38 /* & */ || c === 46 /* . */ || c === 124 /* | */ || c === 92 /* \ */ || c === 95 /* _ */) continue;
    break;
  }
  if (i < limit || !QUOTES.has(text.charCodeAt(i))) return -1;
  return i;
}

/**
 * When a backwards walk stops at the indentation of a line whose content started with the value, returns the
 * end of the previous line if it ends in base64 (a YAML folded/literal scalar or a wrapped paste), or -1.
 */
function previousLineEnd(text: string, p: number): number {
  let i = p - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  if (i < 0 || text.charCodeAt(i) !== 10) return -1;
  let e = i;
  if (e > 0 && text.charCodeAt(e - 1) === 13) e--;
  while (e > 0 && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  return e;
}

/** Finds every key-shaped value (raw or encoded), in text order of its terminator. */
export function findKeyCandidates(text: string): KeyCandidate[] {
  const found: KeyCandidate[] = [];
  const seenEnds = new Set<number>();
  for (const term of TERMINATORS) {
    const needles = term.caseInsensitive ? [term.literal, term.literal.toLowerCase()] : [term.literal];
    for (const needle of needles) {
      let pos = text.indexOf(needle);
      while (pos !== -1) {
        const next = pos + needle.length;
        if (!seenEnds.has(next)) {
          const c = keyEndingAt(text, pos, needle.length, term.encoding);
          if (c) { found.push(c); seenEnds.add(next); }
        }
        pos = text.indexOf(needle, pos + 1);
      }
    }
  }
  // Base64-wrapped keys whose decoded value ended with a newline (`echo key | base64`) end in `PQo=`.
  let pos = text.indexOf('PQo=');
  while (pos !== -1) {
    const c = wrappedKeyEndingAt(text, pos + 4);
    if (c && !seenEnds.has(c.end)) { found.push(c); seenEnds.add(c.end); }
    pos = text.indexOf('PQo=', pos + 1);
  }
  return found.sort((a, b) => a.start - b.start);
}

function keyEndingAt(text: string, termPos: number, termLength: number, termEncoding: SecretEncoding): KeyCandidate | undefined {
  const after = termPos + termLength;
  const afterCode = after < text.length ? text.charCodeAt(after) : -1;
  if (afterCode === 61 /* = */ || afterCode === 95 /* _ */ || (afterCode >= 0 && isBase64Code(afterCode) && afterCode !== 43 && afterCode !== 47)) {
    return undefined;
  }
  if (termEncoding === 'url' && text.startsWith('%3D', after)) return undefined;
  const first = termPos > 0 ? text.charCodeAt(termPos - 1) : -1;
  if (first < 0 || !isBase64Code(first)) return undefined; // `a == b`, `x===y`: the common case, rejected at once

  const chars: number[] = [];
  const step = { ch: 0, enc: 'raw' as SecretEncoding };
  let encoding: SecretEncoding = termEncoding;
  let p = termPos;
  let concatenated = false;
  while (chars.length < KEY_BODY) {
    const w = readBack(text, p, step);
    if (w === STOP) {
      if (chars.length > 0 && p > 0) {
        const prev = p > 0 && QUOTES.has(text.charCodeAt(p - 1)) ? previousFragmentEnd(text, p - 1) : previousLineEnd(text, p);
        if (prev > 0 && readBack(text, prev, step) !== STOP) {
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
  if (before >= 0 && (readBack(text, p, step) !== STOP || before === 95 /* _ */ || before === 45 /* - */)) {
    if (termEncoding === 'raw' && !concatenated) return wrappedKeyEndingAt(text, after);
    return undefined;
  }
  chars.reverse();
  const key = String.fromCharCode(...chars) + '==';
  return { key, start: p, end: after, encoding: concatenated ? 'concatenated' : encoding };
}

/** A key that was base64-encoded as a whole (Kubernetes `Secret.data`): a 120-character run ending at `end`. */
function wrappedKeyEndingAt(text: string, end: number): KeyCandidate | undefined {
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
