import { decodeBase64ToLatin1, isBase64Code } from './base64';
import { detectionWork } from './workCounter';

// Whole values base64-encoded as a unit: a connection string or URI in a Kubernetes `Secret.data` (with or without a
// trailing newline), a wrapped `.env` file, an app setting. Every Cosmos endpoint host has `.azure.` in it
// (`.documents.azure.com`, `.mongo.cosmos.azure.us`, `.documents.microsoftazure.de` …), so a wrapped value that
// names a Cosmos host holds one of the three base64 forms of `.azure.` (one per byte alignment). Each base64 run
// holding one is decoded once and, when it decodes to text, scanned as text.

/** Base64 of `.azure.` at each of the three byte alignments (substrings; the byte-level pre-check uses them too). */
export const WRAPPED_HOST_NEEDLES: readonly string[] = ['6dXJl', '5henVy', 'YXp1cm'];

/** Shortest and longest base64 run decoded: a short connection string, and a whole wrapped settings file. */
const MIN_RUN = 96;
const MAX_RUN = 16 * 1024;
/** Share of decoded bytes that must be printable ASCII (or tab/newline) for the value to be text. */
const MIN_PRINTABLE = 0.9;

export interface WrappedValue {
  /** The base64 run, [start, end), padding included. */
  readonly start: number;
  readonly end: number;
  /** The decoded text (Latin-1: one character per byte). */
  readonly decoded: string;
  /**
   * For a block wrapped over lines: the span of the text that encodes the decoded span [from, to) — its lines, not
   * the whole block (a mail's body, an attachment). A value on one line is reported whole.
   */
  readonly spanOf?: (from: number, to: number) => [number, number];
}

function isText(s: string): boolean {
  detectionWork.steps += s.length;
  let printable = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
  }
  return printable >= s.length * MIN_PRINTABLE;
}

/**
 * Every base64 run (bounded by non-base64 characters, at most MAX_RUN long) that holds a needle and decodes to text,
 * every block of base64 wrapped over lines that does ({@link wrappedBlock}), and every MIME part declared base64
 * that decodes to text ({@link mimeParts}). Linear: each hit walks at most
 * MAX_RUN characters (a block's lines at most MAX_RUN up and MAX_RUN down) and the search goes on after the part
 * walked to the right; hits inside a region of lines already walked are not walked as a region again.
 */
export function findWrappedValues(text: string): WrappedValue[] {
  const found: WrappedValue[] = [];
  const seen = new Set<number>();
  const decodeAt = (start: number, end: number, body: string, spanOf?: WrappedValue['spanOf']): void => {
    if (seen.has(start)) return;
    seen.add(start);
    const decoded = decodeBase64ToLatin1(body);
    if (decoded !== undefined && isText(decoded)) found.push({ start, end, decoded, ...(spanOf ? { spanOf } : {}) });
  };
  for (const part of mimeParts(text)) {
    const { start, end, body, lines } = part;
    decodeAt(start, end, body, (from, to) => blockSpan(lines, end, from, to));
  }
  for (const needle of WRAPPED_HOST_NEEDLES) {
    let regionEnd = 0;
    let pos = text.indexOf(needle);
    while (pos !== -1) {
      // Right, then left, never more than MAX_RUN in all: a longer run (a font or an image as a data URI) is not
      // a wrapped setting, and the search goes on after the part of it already walked.
      let e = pos + needle.length;
      const rightLimit = Math.min(text.length, pos + MAX_RUN);
      while (e < rightLimit && isBase64Code(text.charCodeAt(e))) e++;
      let s = pos;
      const limit = Math.max(0, pos - (MAX_RUN - (e - pos)));
      while (s > limit && isBase64Code(text.charCodeAt(s - 1))) s--;
      detectionWork.steps += e - s;
      const bodyEnd = e;
      while (e < text.length && e - bodyEnd < 2 && text.charCodeAt(e) === 61) e++;
      const bounded = (s === 0 || !isBase64Code(text.charCodeAt(s - 1))) && (bodyEnd === text.length || !isBase64Code(text.charCodeAt(bodyEnd)));
      if (bounded && pos >= regionEnd) {
        const own = ownLine(text, s, bodyEnd, e);
        if (own) {
          const region = wrappedBlock(text, own);
          regionEnd = region.end;
          if (region.block) {
            const { start, end, body, lines } = region.block;
            decodeAt(start, end, body, (from, to) => blockSpan(lines, end, from, to));
            pos = text.indexOf(needle, region.end);
            continue;
          }
        }
      }
      if (bounded && e - s >= MIN_RUN) decodeAt(s, e, text.slice(s, bodyEnd));
      pos = text.indexOf(needle, e);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

// Base64 wrapped over lines: a MIME part (`Content-Transfer-Encoding: base64`: a mail's body, an attachment),
// PEM-style and `base64` output, a YAML literal block. Lines of one width (76 for MIME and `base64`, 64 for PEM), all
// at one indentation, the last one shorter and padded.

/** Narrowest wrapping looked for, and the most indentation. */
const MIN_WIDTH = 16;
const MAX_INDENT = 64;

/** One line of base64: [start, bodyEnd) the base64, [bodyEnd, end) its padding; `indent` blanks before it. */
interface Base64Line {
  readonly start: number;
  readonly bodyEnd: number;
  readonly end: number;
  readonly indent: number;
}

const isBlank = (c: number): boolean => c === 32 || c === 9;

/** The run [s, e) (padding from `bodyEnd`) as a line of its own: only blanks before it and a line break after, or undefined. */
function ownLine(text: string, s: number, bodyEnd: number, e: number): Base64Line | undefined {
  let j = s;
  while (j > 0 && s - j < MAX_INDENT && isBlank(text.charCodeAt(j - 1))) j--;
  if (j > 0 && text.charCodeAt(j - 1) !== 10) return undefined;
  const after = text.charCodeAt(e) === 13 ? e + 1 : e;
  if (after < text.length && text.charCodeAt(after) !== 10) return undefined;
  return { start: s, bodyEnd, end: e, indent: s - j };
}

/** The line after the one ending at `end`, when it is base64 at `indent`; reads at most `budget` characters. */
function lineAfter(text: string, end: number, indent: number, budget: number): Base64Line | undefined {
  let i = text.charCodeAt(end) === 13 ? end + 1 : end;
  if (text.charCodeAt(i) !== 10) return undefined;
  const lineStart = ++i;
  while (i < text.length && i - lineStart < indent && isBlank(text.charCodeAt(i))) i++;
  if (i - lineStart !== indent) return undefined;
  const start = i;
  const limit = Math.min(text.length, start + budget);
  while (i < limit && isBase64Code(text.charCodeAt(i))) i++;
  const bodyEnd = i;
  while (i < text.length && i - bodyEnd < 2 && text.charCodeAt(i) === 61) i++;
  detectionWork.steps += i - lineStart;
  if (i === start || (bodyEnd === limit && limit < text.length)) return undefined; // longer than the budget
  const next = text.charCodeAt(i) === 13 ? i + 1 : i;
  return next === text.length || text.charCodeAt(next) === 10 ? { start, bodyEnd, end: i, indent } : undefined;
}

/** The line before the one starting at `start` (after `indent` blanks), when it is base64 at `indent`. */
function lineBefore(text: string, start: number, indent: number, budget: number): Base64Line | undefined {
  const nl = start - indent - 1;
  if (nl < 0 || text.charCodeAt(nl) !== 10) return undefined;
  const end = text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
  let i = end;
  while (i > 0 && end - i < 2 && text.charCodeAt(i - 1) === 61) i--;
  const bodyEnd = i;
  const limit = Math.max(0, bodyEnd - budget);
  while (i > limit && isBase64Code(text.charCodeAt(i - 1))) i--;
  detectionWork.steps += nl - i;
  if (i === end || i === limit && limit > 0) return undefined;
  let j = i;
  while (j > 0 && i - j < indent && isBlank(text.charCodeAt(j - 1))) j--;
  return i - j === indent && (j === 0 || text.charCodeAt(j - 1) === 10) ? { start: i, bodyEnd, end, indent } : undefined;
}

/**
 * The region of base64 lines around `own` (same indentation, walked at most MAX_RUN each way; `end` is where the
 * walk down stopped), and in it the wrapped block that holds `own`, if any: lines of one width (at least MIN_WIDTH,
 * a multiple of 4, no padding), then at most one line that is no wider (and may be padded).
 */
function wrappedBlock(text: string, own: Base64Line, reach = MAX_RUN): { end: number; block?: { start: number; end: number; body: string; lines: Base64Line[] } } {
  const lines: Base64Line[] = [own];
  let budget = MAX_RUN;
  for (let l = lineBefore(text, own.start, own.indent, budget); l; l = lineBefore(text, l.start, own.indent, budget)) {
    budget -= l.end - l.start + 1;
    if (budget <= 0) return { end: own.end };
    lines.push(l);
  }
  lines.reverse();
  const at = lines.length - 1;
  budget = reach;
  for (let l = lineAfter(text, own.end, own.indent, budget); l; l = lineAfter(text, l.end, own.indent, budget)) {
    budget -= l.end - l.start + 1;
    lines.push(l);
    if (budget <= 0) return { end: l.end };
  }
  const end = lines[lines.length - 1]!.end;
  const width = lines[0]!.end - lines[0]!.start;
  if (lines.length < 2 || width < MIN_WIDTH || width % 4 !== 0) return { end };
  let count = 0;
  while (count < lines.length && lines[count]!.end - lines[count]!.start === width && lines[count]!.bodyEnd === lines[count]!.end) count++;
  if (count < lines.length && lines[count]!.end - lines[count]!.start <= width) count++;
  if (count <= at || count < 2) return { end };
  const block = lines.slice(0, count);
  const body = block.map((l) => text.slice(l.start, l.bodyEnd)).join('');
  detectionWork.steps += body.length;
  return { end, block: { start: block[0]!.start, end: block[count - 1]!.end, body, lines: block } };
}

/**
 * The span of the block's text that encodes the decoded bytes [from, to): whole groups of four base64 characters
 * (three bytes), so that it decodes on its own, from the line that holds the first to the line that holds the last.
 */
function blockSpan(lines: readonly Base64Line[], blockEnd: number, from: number, to: number): [number, number] {
  const first = Math.floor(from / 3) * 4;
  const last = Math.ceil(to / 3) * 4 - 1; // inclusive
  let start = lines[0]!.start, end = blockEnd;
  let at = 0; // offset in the joined body of the line's first character
  for (const l of lines) {
    const width = l.bodyEnd - l.start;
    if (first >= at && first < at + width) start = l.start + first - at;
    if (last >= at && last < at + width) end = l.start + last - at + 1;
    at += width;
  }
  return [start, end];
}

/**
 * What a MIME part declares base64 (`Content-Transfer-Encoding: base64`) is decoded whole, wherever the host's
 * needle falls: wrapped at 76 characters, one of `.azure.`'s base64 forms is cut by a line break about one time in
 * twelve. The header is plain text, so the byte-level pre-check looks for it as it is (in the case RFC 2045 writes it:
 * the longer the literal, the faster the search).
 */
export const MIME_BASE64 = 'Transfer-Encoding: base64';
/** Longest header section searched for the blank line that ends it, and longest part decoded. */
const MAX_HEADERS = 8 * 1024;
const MAX_PART = 1024 * 1024;

/** The line break that ends the first blank line after `from`, or the text's length. */
function blankLineAfter(text: string, from: number): number {
  for (let nl = text.indexOf('\n', from); nl !== -1; nl = text.indexOf('\n', nl + 1)) {
    const next = text.charCodeAt(nl + 1) === 13 ? nl + 2 : nl + 1;
    if (text.charCodeAt(next) === 10) {
      detectionWork.steps += next - from;
      return next;
    }
  }
  detectionWork.steps += text.length - from;
  return text.length;
}

/** The body of every MIME part declared base64 that is a wrapped block of base64 (one line or more). */
function mimeParts(text: string): { start: number; end: number; body: string; lines: Base64Line[] }[] {
  const parts: { start: number; end: number; body: string; lines: Base64Line[] }[] = [];
  let blank = -1; // the line break that ends the next blank line (text.length for none): found once for many headers
  for (let at = text.indexOf(MIME_BASE64); at !== -1; at = text.indexOf(MIME_BASE64, at + MIME_BASE64.length)) {
    // The blank line that ends the part's headers, then its first line.
    if (blank < at) blank = blankLineAfter(text, at);
    if (blank === text.length || blank - at > MAX_HEADERS) continue;
    const first = lineAfter(text, blank, 0, MAX_PART);
    if (!first) continue;
    const region = wrappedBlock(text, first, MAX_PART);
    const alone = region.end === first.end && first.end - first.start >= MIN_WIDTH; // a short part: one line
    const block = region.block ?? (alone ? { start: first.start, end: first.end, body: text.slice(first.start, first.bodyEnd), lines: [first] } : undefined);
    if (block) parts.push(block);
    at = Math.max(at, region.end - MIME_BASE64.length);
  }
  return parts;
}
