// Small, bounded readers over a code view (see codeView.ts): identifiers, whitespace, balanced brackets and
// top-level commas. Every reader has a hard limit on how far it looks, and every character it looks at is counted
// in `OpCounter`, so tests can show that the analysis stays linear on hostile input.
import { isIdentCode, STRING_FILL } from './codeView';

/** Characters examined by the analysis (for the adversarial tests; nothing else reads it). */
export interface OpCounter {
  ops: number;
}

/** A half-open range of offsets, [start, end). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Longest whitespace (and blanked comments) a reader steps over between two tokens. */
export const MAX_GAP = 1024;
/** Longest identifier a reader takes. */
const MAX_IDENT = 256;

const FILL = STRING_FILL.charCodeAt(0);
const DQ = 34;

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

/** The first non-space offset at or after `i` (at most MAX_GAP on), or -1. */
export function skipSpaces(code: string, i: number, counter: OpCounter): number {
  const limit = Math.min(code.length, i + MAX_GAP);
  for (let j = i; j < limit; j++) {
    counter.ops++;
    if (!isSpace(code.charCodeAt(j))) return j;
  }
  return limit === code.length ? code.length : -1;
}

/** The last non-space offset before `i` (at most MAX_GAP back), or -1. */
export function previousNonSpace(code: string, i: number, counter: OpCounter): number {
  const limit = Math.max(0, i - MAX_GAP);
  for (let j = i - 1; j >= limit; j--) {
    counter.ops++;
    if (!isSpace(code.charCodeAt(j))) return j;
  }
  return -1;
}

/** The identifier starting at `i`, or ''. */
export function identifierAt(code: string, i: number, counter: OpCounter): string {
  let j = i;
  while (j < code.length && j - i < MAX_IDENT && isIdentCode(code.charCodeAt(j))) j++;
  counter.ops += j - i + 1;
  return code.slice(i, j);
}

/** The start of the identifier that ends just before `end`, or `end` when there is none. */
export function identifierStartBefore(code: string, end: number, counter: OpCounter): number {
  let j = end;
  while (j > 0 && end - j < MAX_IDENT && isIdentCode(code.charCodeAt(j - 1))) j--;
  counter.ops += end - j + 1;
  return j;
}

/** True when `word` stands at `at` as a whole word (no identifier character on either side). */
export function isWordAt(code: string, at: number, word: string): boolean {
  return code.startsWith(word, at) && (at === 0 || !isIdentCode(code.charCodeAt(at - 1))) && !isIdentCode(code.charCodeAt(at + word.length));
}

/** True when the keyword `word` ends just before `end` (spaces skipped), e.g. `new` before a class name. */
export function keywordBefore(code: string, end: number, word: string, counter: OpCounter): number {
  const last = previousNonSpace(code, end, counter);
  if (last < 0) return -1;
  const start = last + 1 - word.length;
  return start >= 0 && isWordAt(code, start, word) ? start : -1;
}

/**
 * The offset of the bracket closing the one at `open` (`(`, `[` or `{`), counting all three kinds, or -1 when it is
 * further than `limit` characters away or the brackets do not match. Strings are fill in the code view, so
 * brackets inside them do not count.
 */
export function matchingClose(code: string, open: number, limit: number, counter: OpCounter): number {
  const stack: number[] = [];
  const end = Math.min(code.length, open + limit);
  for (let j = open; j < end; j++) {
    counter.ops++;
    const c = code.charCodeAt(j);
    if (c === 40 || c === 91 || c === 123) stack.push(c === 40 ? 41 : c + 2);
    else if (c === 41 || c === 93 || c === 125) {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return j;
    }
  }
  return -1;
}

/** `span` without surrounding whitespace. */
export function trimSpan(code: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && isSpace(code.charCodeAt(start))) start++;
  while (end > start && isSpace(code.charCodeAt(end - 1))) end--;
  return { start, end };
}

/** Splits [start, end) at top-level `separator`s (brackets balanced), each part trimmed; empty parts dropped. */
export function splitTopLevel(code: string, start: number, end: number, separator: number, counter: OpCounter): Span[] {
  const parts: Span[] = [];
  let depth = 0;
  let from = start;
  for (let j = start; j < end; j++) {
    counter.ops++;
    const c = code.charCodeAt(j);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (c === separator && depth === 0) {
      parts.push(trimSpan(code, { start: from, end: j }));
      from = j + 1;
    }
  }
  parts.push(trimSpan(code, { start: from, end }));
  return parts.filter((p) => p.end > p.start);
}

/** When a string literal starts at `at` in the code view, the offset just past it; otherwise -1. */
export function stringEnd(code: string, at: number, counter: OpCounter): number {
  if (code.charCodeAt(at) !== DQ) return -1;
  let j = at + 1;
  while (j < code.length && code.charCodeAt(j) === FILL) j++;
  counter.ops += j - at;
  return code.charCodeAt(j) === DQ ? j + 1 : j;
}

/** True when [start, end) of the code view is exactly one string literal. */
export function isSingleString(code: string, span: Span, counter: OpCounter): boolean {
  return span.end > span.start && stringEnd(code, span.start, counter) === span.end;
}

/** True when [start, end) holds a string literal. */
export function containsString(code: string, span: Span, counter: OpCounter): boolean {
  for (let j = span.start; j < span.end; j++) {
    counter.ops++;
    if (code.charCodeAt(j) === DQ) return true;
  }
  return false;
}
