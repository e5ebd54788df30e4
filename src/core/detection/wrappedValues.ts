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
 * Every base64 run (bounded by non-base64 characters, at most MAX_RUN long) that holds a needle and decodes to
 * text. Linear: each hit walks at most MAX_RUN characters and the search goes on after them, so each character is
 * walked at most twice per needle.
 */
export function findWrappedValues(text: string): WrappedValue[] {
  const found: WrappedValue[] = [];
  const seen = new Set<number>();
  for (const needle of WRAPPED_HOST_NEEDLES) {
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
      if (bounded && e - s >= MIN_RUN && !seen.has(s)) {
        seen.add(s);
        const decoded = decodeBase64ToLatin1(text.slice(s, bodyEnd));
        if (decoded !== undefined && isText(decoded)) found.push({ start: s, end: e, decoded });
      }
      pos = text.indexOf(needle, e);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
