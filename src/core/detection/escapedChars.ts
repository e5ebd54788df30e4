import { isBase64Code } from './base64';
import { type SecretEncoding } from './finding';

// Keys are written through serializers that escape `=`, `+` and `/`: percent-encoding (also twice, `%252B`), JSON
// (`\/`, `\u002B`, and `\\/` for JSON inside JSON), C/YAML hex escapes (`\x2B`), Java `.properties` written by
// `Properties.store()` (`\=`, `\:`), XML/HTML character references (`&#x2B;`, `&#43;`). These helpers read one
// logical character through any of them. Each call looks at a bounded number of characters (at most
// MAX_ESCAPE_WIDTH), so a caller that reads n characters does O(n) work.

/** The widest escape read here (`\\\\\\\u002B`: a few backslashes of nested escaping and a unicode escape). */
export const MAX_ESCAPE_WIDTH = 14;
const MAX_BACKSLASHES = 7;
const BACKSLASH = 92;

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
function backslashesBefore(text: string, end: number): number {
  let n = 0;
  while (n <= MAX_BACKSLASHES && end - n > 0 && text.charCodeAt(end - n - 1) === BACKSLASH) n++;
  return n;
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
  if (lead === 37 /* % */) { out.enc = 'url'; return 3; }
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
  const c = text.charCodeAt(pos);
  const set = (enc: SecretEncoding, w: number): number => {
    if (out) { out.ch = 61; out.enc = enc; }
    return w;
  };
  if (c === 61) return set('raw', 1);
  if (c === 37 /* % */) {
    if (text.charCodeAt(pos + 1) === 51 && (text.charCodeAt(pos + 2) | 0x20) === 100) return set('url', 3);
    if (text.startsWith('253', pos + 1) && (text.charCodeAt(pos + 4) | 0x20) === 100) return set('url', 5);
    return 0;
  }
  if (c === BACKSLASH) {
    let i = pos;
    while (i < pos + MAX_BACKSLASHES && text.charCodeAt(i) === BACKSLASH) i++;
    const next = text.charCodeAt(i);
    if (next === 61) return set('escaped', i + 1 - pos);
    if ((next | 0x20) === 120 && hexAt(text, i + 1, 2) === 0x3d) return set('escaped', i + 3 - pos);
    if ((next | 0x20) === 117 && hexAt(text, i + 1, 4) === 0x3d) return set('json-escaped', i + 5 - pos);
    return 0;
  }
  if (c === 38 /* & */ && text.charCodeAt(pos + 1) === 35 /* # */) {
    const semi = text.indexOf(';', pos + 2);
    if (semi < 0 || semi - pos > 10) return 0;
    const probe = { ch: 0, enc: 'raw' as SecretEncoding };
    return characterReferenceBack(text, semi + 1, probe) === semi + 1 - pos && probe.ch === 61 ? set('escaped', semi + 1 - pos) : 0;
  }
  return 0;
}

/**
 * Literals one of which starts every escaped `=` (with `==` for the raw pair): the places to look for the end of a
 * key. Detection and the byte-level pre-check search for the same strings.
 */
export const EQUALS_NEEDLES: readonly string[] = ['==', '%3', '%25', '\\u003', '\\x3', '\\=', '&#'];

/** Up to 2 rounds of percent-decoding and every escape above, on a short string (a connection-string segment). */
export function unescapeSegment(s: string): string {
  if (!/[%\\&]/.test(s)) return s;
  let out = s;
  for (let round = 0; round < 2 && out.includes('%'); round++) {
    out = out.replace(/%([0-9A-Fa-f]{2})/g, (m, h: string) => {
      const v = parseInt(h, 16);
      return v >= 0x20 && v < 0x7f ? String.fromCharCode(v) : m;
    });
  }
  return out
    .replace(/\\{1,8}u00([0-9A-Fa-f]{2})|\\{1,8}x([0-9A-Fa-f]{2})/g, (_m, u?: string, x?: string) => String.fromCharCode(parseInt((u ?? x)!, 16)))
    .replace(/\\{1,8}([=:#!/"' ])/g, '$1')
    .replace(/&#[xX]([0-9A-Fa-f]{1,6});|&#(\d{1,7});|&amp;/g, (m, x?: string, d?: string) =>
      (m === '&amp;' ? '&' : String.fromCharCode(x ? parseInt(x, 16) : Number(d)) || m));
}
