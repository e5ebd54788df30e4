import { isBase64Code, decodeBase64ToLatin1 } from './base64';
import { BACKSLASH, backslashesBefore, QUOTES, equalsWidthAt, EQUALS_NEEDLES, readBase64CharBack, type DecodedChar } from './escapedChars';
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
  /**
   * Joined from literals assigned to names of their own on consecutive lines (`KEY_A = "…"`, then `KEY_B = "…=="`:
   * a key split to please a line-length rule and joined where it is used). Nothing here shows the join, so such a
   * candidate is a key only when it proves itself: an identifiable key with a valid checksum.
   */
  readonly joinedFromNames?: boolean;
}

const KEY_BODY = 86;
/** Longest run of base64 that may still be a wrapped key (88 bytes + optional newline → 120 chars). */
const WRAPPED_LENGTH = 120;
const MAX_CONCAT_GAP = 200;
/** Backslashes that may precede an escaped `=` (`\\u003d` in JSON inside JSON). */
const MAX_NESTED_ESCAPES = 7;


/**
 * When a backwards walk stops at the start of a part of the value (`p`), finds the end of the part before it, or
 * returns -1. A quoted part may follow a quoted literal across concatenation (`"…" + "…"`, also `&`, `.`, `..`,
 * `||`, VB's `_`, adjacent literals as in Python and C, the commas of array parts that are joined:
 * `["…", "…"].join("")`, `strings.Join`) or, across a line break, also an unquoted part. An unquoted part that starts
 * its line may follow the end of the line before it: a YAML folded or literal scalar, a list of parts (`- …`), a
 * wrapped paste, a string continued with a `\` at the end of the line.
 *
 * Code kept in JSON strings, one string per line (a notebook's `source`, a Postman script's `exec`), is read the
 * same way: its quotes are escaped (`\"…\" +`), and between two parts lie the ends of JSON strings (`",\n  "`) and
 * escaped line breaks (`\n`). A quoted part may also be appended to the variable the statement before assigned:
 * `key="…"` then `key+="…"` (`.=` in PHP and Perl, `&=` in VB).
 */
function previousPartEnd(text: string, p: number): number {
  let i = p - 1;
  const quoted = i >= 0 && QUOTES.has(text.charCodeAt(i));
  if (quoted) {
    i--;
    i -= backslashesBefore(text, i + 1); // an escaped quote: \"
    // String prefixes that sit between the operator and the quote: f"…", r'…', b"…", @"…", $"…".
    for (let n = 0; n < 2 && i >= 0 && /[rRfFbBuU@$]/.test(text[i]!); n++) i--;
  }
  const limit = Math.max(0, p - MAX_CONCAT_GAP);
  const probe: DecodedChar = { ch: 0, enc: 'raw' };
  let newline = false, operator = false;
  let appendedTo: string | undefined;
  let end = -1;
  for (; i >= limit; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) { newline = true; continue; }
    if (c === 32 || c === 9 || c === 13) continue;
    if (c === 45 /* - */ && text.charCodeAt(i + 1) === 32) continue; // a YAML list item's marker
    if (c === BACKSLASH && (text.charCodeAt(i + 1) === 10 || text.charCodeAt(i + 1) === 13)) continue; // line continuation
    // An escaped line break or tab between two quoted parts: code kept in a JSON string.
    if (quoted && (c === 110 /* n */ || c === 114 /* r */ || c === 116 /* t */) && text.charCodeAt(i - 1) === BACKSLASH) {
      if (c === 110) newline = true;
      i--;
      continue;
    }
    if (QUOTES.has(c)) {
      // An escaped quote ends a part of code kept in a string: the part ends before its backslashes.
      const q = i - backslashesBefore(text, i);
      if (partEndsAt(text, q, probe)) { end = q; break; }
      // A quote with no part before it: the end or start of a JSON string the code is kept in (`",\n  "`).
      if (quoted) continue;
      break;
    }
    // `key += "…"`: the name appended to, then the end of the statement before.
    if (quoted && appendedTo === undefined && c === 61 /* = */ && APPEND_OPERATORS.has(text.charCodeAt(i - 1))) {
      let j = i - 2;
      while (j >= limit && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j--;
      const nameEnd = j + 1;
      while (j >= limit && isNameCode(text.charCodeAt(j))) j--;
      if (j + 1 === nameEnd) break;
      appendedTo = text.slice(j + 1, nameEnd);
      i = j + 1;
      continue;
    }
    if (appendedTo !== undefined && c === 59 /* ; */) { newline = true; continue; }
    // An operator character right after a base64 character is not an operator: it ends an unquoted part (`- abc+`
    // in YAML). After anything else — a literal's quote, a space, another operator (`"…" +`, `'…' .`, `||`) — it is.
    if (quoted && appendedTo === undefined && (c === 44 /* , */ || c === 43 /* + */ || c === 38 /* & */ || c === 46 /* . */ || c === 124 /* | */ || c === 95 /* _ */)
      && !isBase64Code(text.charCodeAt(i - 1))) {
      operator = true;
      continue;
    }
    break;
  }
  detectionWork.steps += p - i;
  if (i < limit) return -1;
  if (end >= 0) {
    if (appendedTo !== undefined) return newline && assignsOnItsLine(text, i, appendedTo) ? end : -1;
    return quoted || newline ? end : -1;
  }
  return newline && !operator && appendedTo === undefined ? i + 1 : -1;
}

/** `+=`, `.=` (PHP, Perl), `&=` (VB): the character before the `=`. */
const APPEND_OPERATORS = new Set([43, 46, 38]);

/**
 * Whether a part of a value ends at `end`: two base64 characters (raw or escaped) before it. One alone is an operator
 * kept in a string (`"…" +",` in code kept in JSON), not a part.
 */
function partEndsAt(text: string, end: number, probe: DecodedChar): boolean {
  const w = readBase64CharBack(text, end, probe);
  return w > 0 && readBase64CharBack(text, end - w, probe) > 0;
}

/** A character of a variable's name as it is written where it is assigned: `key`, `$key`, `this.key`, `@key`. */
function isNameCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c === 46 || c === 64;
}

/**
 * Whether the line that ends with the quote at `quote` assigns or appends to `name` (`name = "…`, `$name='…`,
 * `name += "…`, Go's `name := "…`). One pass over the line: each `=` reads back the run of name characters before
 * it, and runs do not overlap.
 */
function assignsOnItsLine(text: string, quote: number, name: string): boolean {
  const from = Math.max(0, quote - MAX_CONCAT_GAP);
  let lineStart = from;
  for (let i = quote - 1; i >= from; i--) {
    if (text.charCodeAt(i) === 10) { lineStart = i + 1; break; }
  }
  detectionWork.steps += 2 * (quote - lineStart);
  for (let eq = lineStart; eq < quote; eq++) {
    if (text.charCodeAt(eq) !== 61 || text.charCodeAt(eq + 1) === 61 || text.charCodeAt(eq - 1) === 61) continue; // == and ===
    let k = eq - 1;
    const op = text.charCodeAt(k);
    if (op === 58 /* : */ || APPEND_OPERATORS.has(op)) k--;
    while (k >= lineStart && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
    let first = k;
    while (first >= lineStart && isNameCode(text.charCodeAt(first))) first--;
    first++;
    if (k + 1 - first === name.length && text.startsWith(name, first)) return true;
  }
  return false;
}

/** Start and width of the pair of `=` (raw or escaped) at a needle found at `pos`, or undefined. */
function terminatorAt(text: string, pos: number, unit?: DecodedChar): [number, number] | undefined {
  // A backslash-escaped `=` may carry more backslashes of nested escaping before the needle.
  let p = pos;
  while (p > 0 && pos - p < MAX_NESTED_ESCAPES && text.charCodeAt(p - 1) === BACKSLASH) p--;
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
  let joinedFromNames = false;
  while (chars.length < KEY_BODY) {
    const w = readBase64CharBack(text, p, step);
    if (w === 0) {
      if (padded && chars.length > 0 && p > 0) {
        let prev = previousPartEnd(text, p);
        if (prev <= 0 && termEncoding === 'raw') {
          prev = assignedPartBefore(text, p);
          if (prev > 0) joinedFromNames = true;
        }
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
  if (before >= 0 && (readBase64CharBack(text, p, step) !== 0 || before === 95 /* _ */ || before === 45 /* - */) && !followsMarkup(text, p)) {
    if (padded && termEncoding === 'raw' && !concatenated) return wrappedKeyEndingAt(text, after);
    return undefined;
  }
  chars.reverse();
  const key = String.fromCharCode(...chars) + '==';
  return { key, start: p, end: after, encoding: concatenated ? 'concatenated' : encoding, ...(joinedFromNames ? { joinedFromNames } : {}) };
}

/**
 * When the quoted part starting at `p` is the value of an assignment that starts its line (`const B = "…`, `B := "…`,
 * `B: "…`) and the line before ends with a quoted literal (`A = "…",`), the end of that literal's content; else -1.
 * Bounded: the two lines are read back at most MAX_CONCAT_GAP characters.
 */
function assignedPartBefore(text: string, p: number): number {
  const quote = text.charCodeAt(p - 1);
  if (!QUOTES.has(quote)) return -1;
  const limit = Math.max(0, p - MAX_CONCAT_GAP);
  let i = p - 2;
  while (i >= limit && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  const op = text.charCodeAt(i);
  if (op !== 61 /* = */ && op !== 58 /* : */) return -1;
  if (op === 61 && (text.charCodeAt(i - 1) === 61 || text.charCodeAt(i - 1) === 33 || text.charCodeAt(i - 1) === 43)) return -1; // == != +=
  i--;
  if (text.charCodeAt(i) === 58) i--; // :=
  while (i >= limit && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  const nameEnd = i;
  while (i >= limit && isNameCode(text.charCodeAt(i))) i--;
  if (i === nameEnd) return -1;
  // The rest of the line before the name: declaration words only (`const`, `static final String`, `let`).
  while (i >= limit && text.charCodeAt(i) !== 10) {
    const c = text.charCodeAt(i);
    if (!(c === 32 || c === 9 || c === 13 || isNameCode(c))) return -1;
    i--;
  }
  detectionWork.steps += p - i;
  if (i < limit) return -1;
  // The line before: a literal in the same quotes at its end, then at most a `,` or `;`.
  let j = i - 1;
  if (text.charCodeAt(j) === 13) j--;
  while (j >= limit && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j--;
  if (text.charCodeAt(j) === 44 || text.charCodeAt(j) === 59) j--;
  return j >= limit && text.charCodeAt(j) === quote ? j : -1;
}

/**
 * Whether what ends at `p` is markup around a value rather than part of it, though it ends in a character a key can
 * hold or in base64url's `-`: a diff's marker, a shell default's `:-` (`${COSMOS_KEY:-KEY}`), a colour code.
 */
function followsMarkup(text: string, p: number): boolean {
  return followsDiffMarker(text, p) || (text.charCodeAt(p - 1) === 45 && text.charCodeAt(p - 2) === 58) || colourCodeEndsAt(text, p);
}

/**
 * Whether the value starting at `p` follows a diff's marker of an added or removed line: `+` or `-` (one or two, a
 * combined diff's columns) that start the line (`+KEY==` in a patch, `git log -p`, `git diff` pasted into an issue),
 * or git's word-diff brackets (`{+KEY==+}`, `[-KEY==-]`). Without it, the `+` joins the key's base64 run, and the `-`
 * is taken for base64url.
 */
function followsDiffMarker(text: string, p: number): boolean {
  const marker = text.charCodeAt(p - 1);
  if (marker !== 43 && marker !== 45) return false;
  const open = text.charCodeAt(p - 2);
  if ((marker === 43 && open === 123 /* { */) || (marker === 45 && open === 91 /* [ */)) return true;
  let q = p - 1;
  if (open === 43 || open === 45) q--;
  return q === 0 || text.charCodeAt(q - 1) === 10;
}

/**
 * Whether a terminal colour code (ANSI SGR: ESC `[` numbers `m`) ends at `p`: a key printed in colour by a CI log,
 * a test runner or an IPython traceback, the ESC raw or written `\u001b`, `\x1b`, `\033` or `\e` (a JSON string, a
 * shell script). Its `m` is not a base64 character of the key.
 */
function colourCodeEndsAt(text: string, p: number): boolean {
  if (text.charCodeAt(p - 1) !== 109 /* m */) return false;
  let i = p - 2;
  const limit = Math.max(0, p - 32);
  while (i >= limit && ((text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) || text.charCodeAt(i) === 59)) i--;
  if (i < limit || text.charCodeAt(i) !== 91 /* [ */) return false;
  if (text.charCodeAt(i - 1) === 27) return true;
  const escape = text.slice(Math.max(0, i - 6), i).toLowerCase();
  return escape.endsWith('\\u001b') || escape.endsWith('\\x1b') || escape.endsWith('\\033') || escape.endsWith('\\e');
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
