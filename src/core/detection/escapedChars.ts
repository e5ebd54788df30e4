import { isBase64Code } from './base64';
import { type SecretEncoding } from './finding';
import { detectionWork } from './workCounter';

// Keys are written through serializers that escape `=`, `+` and `/`: percent-encoding (also twice, `%252B`, and
// with the `%` doubled for Python's configparser, `%%2B`), JSON
// (`\/`, `\u002B`, and `\\/` for JSON inside JSON), C/YAML hex escapes (`\x2B`), Java `.properties` written by
// `Properties.store()` (`\=`, `\:`), XML/HTML character references (`&#x2B;`, `&#43;`). These helpers read one
// logical character through any of them. Each call looks at a bounded number of characters (at most
// MAX_ESCAPE_WIDTH), so a caller that reads n characters does O(n) work.

/** The widest escape read here (`\\\\\\\u002B`: a few backslashes of nested escaping and a unicode escape). */
export const MAX_ESCAPE_WIDTH = 14;
const MAX_BACKSLASHES = 7;
export const BACKSLASH = 92;
/** The quotes a string literal opens with: `"` `'` and the backtick. */
export const QUOTES: ReadonlySet<number> = new Set([34, 39, 96]);

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** The value of `count` hex digits at `at`, or -1. */
function hexAt(text: string, at: number, count: number): number {
  let v = 0;
  for (let i = 0; i < count; i++) {
    const h = at + i < text.length ? hexValue(text.charCodeAt(at + i)) : -1;
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

/** Number of consecutive backslashes ending just before `end` (at most MAX_BACKSLASHES + 1). */
export function backslashesBefore(text: string, end: number): number {
  let n = 0;
  while (n <= MAX_BACKSLASHES && end - n > 0 && text.charCodeAt(end - n - 1) === BACKSLASH) n++;
  return n;
}

/** The `;` that closes a character reference starting before `from` (`&#x0002B;` at most), or -1. */
function semicolonWithin(text: string, from: number): number {
  for (let i = from; i < Math.min(text.length, from + 9); i++) {
    detectionWork.steps++;
    if (text.charCodeAt(i) === 59) return i;
  }
  return -1;
}

/** One decoded character: its code and how it was written. */
export interface DecodedChar { ch: number; enc: SecretEncoding }

/**
 * Reads the XML/HTML character reference that ends with the `;` at `end - 1` (`&#43;`, `&#x2B;`, `&#x002b;`);
 * returns its width and sets `out.ch`, or 0.
 */
function characterReferenceBack(text: string, end: number, out: DecodedChar): number {
  const limit = Math.max(0, end - 10);
  let amp = end - 2;
  while (amp >= limit && text.charCodeAt(amp) !== 38 /* & */) amp--;
  if (amp < limit || text.charCodeAt(amp + 1) !== 35 /* # */) return 0;
  const hex = (text.charCodeAt(amp + 2) | 0x20) === 120; /* x */
  const digits = end - 1 - (amp + (hex ? 3 : 2));
  if (digits < 1) return 0;
  let v = 0;
  for (let i = end - 1 - digits; i < end - 1; i++) {
    const d = hex ? hexValue(text.charCodeAt(i)) : text.charCodeAt(i) - 48;
    if (d < 0 || d > (hex ? 15 : 9)) return 0;
    v = v * (hex ? 16 : 10) + d;
  }
  out.ch = v;
  out.enc = 'escaped';
  return end - amp;
}

/**
 * Reads one logical base64 character that ends at `end` (exclusive), through the escapes above. Returns its width
 * in text characters (0 when `end` is not preceded by a base64 character) and sets `out`.
 */
export function readBase64CharBack(text: string, end: number, out: DecodedChar): number {
  detectionWork.steps++;
  if (end <= 0) return 0;
  const c = text.charCodeAt(end - 1);
  if (c === 59 /* ; */) {
    const w = characterReferenceBack(text, end, out);
    return w > 0 && isBase64Code(out.ch) ? w : 0;
  }
  if (!isBase64Code(c)) return 0;
  const slashes = backslashesBefore(text, end - 1);
  if (slashes > 0) {
    if (c === 47 /* / */) { out.ch = 47; out.enc = 'json-escaped'; return slashes + 1; } // \/ and \\/
    // `\n`, `\t`, … before a value: the letter belongs to the escape, not to the key.
    if (c === 110 || c === 114 || c === 116 || c === 98 || c === 102 || c === 118 || c === 48) return 0;
    if (c === 43 /* + */) { out.ch = 43; out.enc = 'escaped'; return slashes + 1; }
  }
  // A hex digit may be the tail of an escape: then the escape decides (`%2B` is `+`, `%3D` ends the key).
  if (hexValue(c) >= 0 && end >= 3) {
    const escaped = hexEscapeBack(text, end, out);
    if (escaped >= 0) return escaped > 0 && isBase64Code(out.ch) ? escaped : 0;
  }
  out.ch = c;
  out.enc = 'raw';
  return 1;
}

/**
 * When the two hex digits ending at `end` belong to `%HH`, `%25HH`, `\xHH` or `\u00HH`, decodes the escape into
 * `out` and returns its width; -1 when they do not (the digits are then plain characters).
 */
function hexEscapeBack(text: string, end: number, out: DecodedChar): number {
  const value = hexAt(text, end - 2, 2);
  if (value < 0) return -1;
  const lead = text.charCodeAt(end - 3);
  out.ch = value;
  if (lead === 37 /* % */) { out.enc = 'url'; return text.charCodeAt(end - 4) === 37 ? 4 : 3; } // %%2B: `%` doubled for an INI parser
  if (lead === 53 /* 5 */ && text.startsWith('%2', end - 5)) { out.enc = 'url'; return 5; } // %25HH: encoded twice
  if ((lead | 0x20) === 120 /* x */ && text.charCodeAt(end - 4) === BACKSLASH) { out.enc = 'escaped'; return 3 + backslashesBefore(text, end - 3); }
  if (lead === 48 /* 0 */ && text.charCodeAt(end - 4) === 48 && (text.charCodeAt(end - 5) | 0x20) === 117 /* u */ && text.charCodeAt(end - 6) === BACKSLASH) {
    out.enc = 'json-escaped';
    return 5 + backslashesBefore(text, end - 5);
  }
  return -1;
}

/**
 * Width of an `=` written at `pos` in any of the forms above (`=`, `%3D`, `%253D`, `\u003D`, `\x3D`, `\=`,
 * `&#61;`, `&#x3D;`), or 0. `out.enc` says which.
 */
export function equalsWidthAt(text: string, pos: number, out?: DecodedChar): number {
  detectionWork.steps++;
  const c = text.charCodeAt(pos);
  if (c === 61) {
    if (out) { out.ch = 61; out.enc = 'raw'; }
    return 1;
  }
  let width = 0;
  let enc: SecretEncoding = 'url';
  if (c === 37 /* % */) {
    if (text.charCodeAt(pos + 1) === 37) width = equalsWidthAt(text, pos + 1) === 3 ? 4 : 0; // %%3D (INI)
    else if (text.charCodeAt(pos + 1) === 51 && (text.charCodeAt(pos + 2) | 0x20) === 100) width = 3;
    else if (text.startsWith('253', pos + 1) && (text.charCodeAt(pos + 4) | 0x20) === 100) width = 5;
  } else if (c === BACKSLASH) {
    let i = pos;
    while (i < pos + MAX_BACKSLASHES && text.charCodeAt(i) === BACKSLASH) i++;
    const next = text.charCodeAt(i);
    enc = 'escaped';
    if (next === 61) width = i + 1 - pos;
    else if ((next | 0x20) === 120 && hexAt(text, i + 1, 2) === 0x3d) width = i + 3 - pos;
    else if ((next | 0x20) === 117 && hexAt(text, i + 1, 4) === 0x3d) { width = i + 5 - pos; enc = 'json-escaped'; }
  } else if (c === 38 /* & */ && text.charCodeAt(pos + 1) === 35 /* # */) {
    const semi = semicolonWithin(text, pos + 2);
    const probe: DecodedChar = { ch: 0, enc: 'raw' };
    if (semi >= 0 && characterReferenceBack(text, semi + 1, probe) === semi + 1 - pos && probe.ch === 61) { width = semi + 1 - pos; enc = 'escaped'; }
  }
  if (width > 0 && out) { out.ch = 61; out.enc = enc; }
  return width;
}

/**
 * Literals one of which starts every escaped `=` (with `==` for the raw pair): the places to look for the end of a
 * key. Detection and the byte-level pre-check search for the same strings.
 */
export const EQUALS_NEEDLES: readonly string[] = ['==', '%3', '%25', '\\u003', '\\x3', '\\=', '&#'];

/** XML's and HTML's named references of the characters a URI template is written with (`&lt;password&gt;`). */
const NAMED_REFERENCES: readonly (readonly [string, string])[] = [['&amp;', '&'], ['&lt;', '<'], ['&gt;', '>'], ['&quot;', '"'], ['&apos;', "'"]];

/** Printable ASCII (what an escape in a connection string or URI decodes to). */
const printable = (v: number): boolean => v >= 0x20 && v < 0x7f;

/**
 * Decodes every escape above in a short string (a connection-string segment), in one pass: percent-encoding (also
 * twice), `\uXXXX`, `\xHH`, `\=` `\:` and the other backslash escapes of punctuation, XML character references
 * (numeric, and the named ones of `&`, `<`, `>` and quotes).
 */
export function unescapeSegment(s: string): string {
  detectionWork.steps += s.length;
  if (!/[%\\&]/.test(s)) return s;
  let out = '';
  const ref: DecodedChar = { ch: 0, enc: 'raw' };
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    if (c === 37 /* % */) {
      const v = hexAt(s, i + 1, 2);
      if (v === 0x25 && printable(hexAt(s, i + 3, 2))) { out += String.fromCharCode(hexAt(s, i + 3, 2)); i += 5; continue; }
      if (printable(v)) { out += String.fromCharCode(v); i += 3; continue; }
    } else if (c === BACKSLASH) {
      let j = i;
      while (j < i + 8 && s.charCodeAt(j) === BACKSLASH) j++;
      const next = s.charCodeAt(j);
      const u = (next | 0x20) === 117 && s.startsWith('00', j + 1) ? hexAt(s, j + 3, 2) : -1;
      if (printable(u)) { out += String.fromCharCode(u); i = j + 5; continue; }
      const x = (next | 0x20) === 120 ? hexAt(s, j + 1, 2) : -1;
      if (printable(x)) { out += String.fromCharCode(x); i = j + 3; continue; }
      if ('=:#!/"\' '.includes(s[j] ?? 'z')) { out += s[j]; i = j + 1; continue; }
    } else if (c === 38 /* & */) {
      const named = NAMED_REFERENCES.find(([name]) => s.startsWith(name, i));
      if (named) { out += named[1]; i += named[0].length; continue; }
      const semi = s.charCodeAt(i + 1) === 35 ? semicolonWithin(s, i + 2) : -1;
      if (semi > 0 && characterReferenceBack(s, semi + 1, ref) === semi + 1 - i && printable(ref.ch)) {
        out += String.fromCharCode(ref.ch);
        i = semi + 1;
        continue;
      }
    }
    out += s[i];
    i++;
  }
  return out;
}
