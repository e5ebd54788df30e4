import { QUOTES, unescapeSegment } from './escapedChars';
import { HOST_GATE } from './hostGate';
import { isPlaceholderPassword } from './placeholder';
import { detectionWork } from './workCounter';

/**
 * A password in a Cosmos DB for MongoDB vCore URI: `mongodb+srv://user:password@x.mongocluster.cosmos.azure.com`,
 * also at a global endpoint (`x.global.mongocluster.cosmos.azure.com`), in any cloud, and with the URI's
 * separators percent-encoded (a URI passed as one query parameter) or escaped (`\:` of Java properties).
 */
export interface PasswordCandidate {
  readonly password: string;
  /** The user name, decoded (not secret: part of the credential's identity). */
  readonly user: string;
  /** The cluster host, lower case (not secret: part of the credential's identity). */
  readonly host: string;
  readonly start: number;
  readonly end: number;
}

const HOST_MARK = '.mongocluster.cosmos.azure.';
const MAX_URI = 2048;
const MAX_HOST = 253;
const USERINFO_STOP = new Set([10, 13, 32, 9, 34, 39, 96, 60, 62]); // whitespace, quotes, < >

/**
 * True when the occurrence of {@link HOST_GATE} at `at` in a file's bytes is part of a vCore host, the one place a
 * vCore password is looked for: a byte-level pre-check's exact test (the host is ASCII, so its bytes are its text).
 */
export function isVcoreHostAt(bytes: Uint8Array, at: number): boolean {
  const start = at - HOST_MARK.indexOf(HOST_GATE);
  if (start < 0 || start + HOST_MARK.length > bytes.length) return false;
  for (let j = 0; j < HOST_MARK.length; j++) if (bytes[start + j] !== HOST_MARK.charCodeAt(j)) return false;
  return true;
}

/** Anchors on the vCore host (rare in text, so the scan is cheap) and parses the userinfo before it. */
export function findVcorePasswords(text: string): PasswordCandidate[] {
  const out: PasswordCandidate[] = [];
  if (!text.includes(HOST_GATE)) return out; // a short needle first: much faster than the long one on large texts
  let pos = text.indexOf(HOST_MARK);
  while (pos !== -1) {
    const c = passwordBefore(text, pos);
    if (c) out.push(c);
    pos = text.indexOf(HOST_MARK, pos + HOST_MARK.length);
  }
  return out;
}

/** Width of the `@` (or `%40`) that ends at `end`, or 0. */
function atSignBefore(text: string, end: number): number {
  if (text[end - 1] === '@') return 1;
  return end >= 3 && text.slice(end - 3, end).toLowerCase() === '%40' ? 3 : 0;
}

/** Width of a `://` (or `%3A%2F%2F`, `\://`) that ends at `end`, or 0. */
function schemeSeparatorBefore(text: string, end: number): number {
  if (text.startsWith('://', end - 3)) return text[end - 4] === '\\' ? 4 : 3;
  return end >= 9 && text.slice(end - 9, end).toLowerCase() === '%3a%2f%2f' ? 9 : 0;
}

/** Offset and width of the first user/password separator (`:`, `%3A`, `\:`) in [from, to), or undefined. */
function userSeparator(text: string, from: number, to: number): [number, number] | undefined {
  for (let i = from; i < to; i++) {
    if (text[i] === ':') return text[i - 1] === '\\' && i - 1 >= from ? [i - 1, 2] : [i, 1];
    if (text[i] === '%' && text.slice(i, i + 3).toLowerCase() === '%3a') return [i, 3];
  }
  return undefined;
}

function passwordBefore(text: string, markPos: number): PasswordCandidate | undefined {
  // Host labels (`cluster`, `cluster.global`) back to the `@` that ends the userinfo.
  let h = markPos;
  while (h > 0 && markPos - h < MAX_HOST && /[A-Za-z0-9.-]/.test(text[h - 1]!)) h--;
  const atWidth = atSignBefore(text, h);
  if (atWidth === 0) return undefined;
  const at = h - atWidth;
  const hostEnd = /^[A-Za-z0-9.-]+/.exec(text.slice(h, h + MAX_HOST + 40));
  const host = (hostEnd ? hostEnd[0] : '').toLowerCase().replace(/\.$/, '');
  // Back to the scheme separator of a mongodb or mongodb+srv URI, without crossing whitespace, quotes or another
  // `@` (userinfo has none): so the walks of successive URIs never overlap, and all of them together are linear.
  let s = at;
  const limit = Math.max(0, at - MAX_URI);
  // A `%40` ends the userinfo only in a URI percent-encoded as a whole (whose host follows a `%40` too): in a plain URI it
  // is an `@` in the password, escaped as drivers require.
  const encodedAt = atWidth === 3;
  while (s > limit && !USERINFO_STOP.has(text.charCodeAt(s - 1)) && (encodedAt ? atSignBefore(text, s) === 0 : text.charCodeAt(s - 1) !== 64)
    && schemeSeparatorBefore(text, s) === 0) s--;
  detectionWork.steps += at - s + (markPos - h);
  const sep = schemeSeparatorBefore(text, s);
  if (sep === 0) return s === at ? joinedPasswordBefore(text, at, host) : undefined;
  if (!/mongodb(?:\+|%2b)?(?:srv)?$/i.test(text.slice(Math.max(0, s - sep - 14), s - sep))) return undefined;
  const colon = userSeparator(text, s, at);
  if (!colon || colon[0] === s) return undefined;
  const start = colon[0] + colon[1];
  const password = unescapeSegment(text.slice(start, at));
  if (password === '' || isPlaceholderPassword(password)) return undefined;
  return { password, user: unescapeSegment(text.slice(s, colon[0])), host, start, end: at };
}

/** Longest gap between two literals joined into a URI (`" + "`, `" .\n  "`), and most literals joined. */
const MAX_JOIN_GAP = 200;
const MAX_JOINED_PARTS = 3;

/** The literal that ends with the quote at `close`: [start, close) of its content, or undefined (bounded, one line). */
function literalEndingAt(text: string, close: number): [number, number] | undefined {
  const quote = text.charCodeAt(close);
  let i = close - 1;
  const limit = Math.max(0, close - MAX_URI);
  while (i >= limit && text.charCodeAt(i) !== quote) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 64 /* @ */) return undefined; // userinfo holds no `@`: the walks of two URIs never overlap
    i--;
  }
  detectionWork.steps += close - i;
  return i >= limit && text.charCodeAt(i) === quote ? [i + 1, close] : undefined;
}

/** The closing quote of the literal before the one that opens at `open` (`"a" + "b"`, `'a' . 'b'`, `"a" "b"`), or -1. */
function previousLiteralEnd(text: string, open: number): number {
  let i = open - 1;
  const limit = Math.max(0, open - MAX_JOIN_GAP);
  let operators = 0;
  for (; i >= limit; i--) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    if ((c === 43 || c === 46 || c === 38 || c === 124 || c === 44) && ++operators <= 2) continue; // + . & || , (join)
    break;
  }
  detectionWork.steps += open - i;
  return i >= limit && QUOTES.has(text.charCodeAt(i)) ? i : -1;
}

/**
 * A vCore URI assembled from literals: `"mongodb+srv://user:" + "password" + "@cluster.mongocluster.cosmos.azure.com/…"`
 * (a URI written the way a line-length rule or a template wants). `at` is the `@` that opens the host's literal.
 */
function joinedPasswordBefore(text: string, at: number, host: string): PasswordCandidate | undefined {
  if (!QUOTES.has(text.charCodeAt(at - 1))) return undefined;
  const parts: [number, number][] = [];
  let open = at - 1;
  while (parts.length < MAX_JOINED_PARTS) {
    const close = previousLiteralEnd(text, open);
    if (close < 0) return undefined;
    const part = literalEndingAt(text, close);
    if (!part) return undefined;
    parts.unshift(part);
    const content = text.slice(part[0], part[1]);
    if (/mongodb(?:\+|%2b)?(?:srv)?(?::\/\/|%3a%2f%2f)/i.test(content)) break;
    open = part[0] - 1;
  }
  const joined = parts.map(([a, b]) => text.slice(a, b)).join('');
  const scheme = /mongodb(?:\+|%2b)?(?:srv)?(?::\/\/|%3a%2f%2f)/i.exec(joined);
  if (!scheme) return undefined;
  const userinfo = joined.slice(scheme.index + scheme[0].length);
  const colon = userSeparator(userinfo, 0, userinfo.length);
  if (!colon || colon[0] === 0) return undefined;
  const password = unescapeSegment(userinfo.slice(colon[0] + colon[1]));
  if (password === '' || isPlaceholderPassword(password)) return undefined;
  // Where the password starts in the text: in the literal that holds its first character.
  let offset = joined.length - userinfo.length + colon[0] + colon[1];
  let start = parts[parts.length - 1]![1];
  for (const [a, b] of parts) {
    if (offset < b - a) { start = a + offset; break; }
    offset -= b - a;
  }
  return { password, user: unescapeSegment(userinfo.slice(0, colon[0])), host, start, end: parts[parts.length - 1]![1] };
}
