import { detectionWork } from './workCounter';

// E-mail bodies in quoted-printable (RFC 2045 §6.7): a connection string pasted into a mail, a `.eml` saved into a
// repository, a raw message source pasted into an issue. Every `=` is written `=3D`, and lines longer than 76
// characters end in a soft line break (`=` then the line break) that is not part of the text: a key can be cut
// anywhere. A text that holds `=3D` is decoded once, as a whole, and scanned again (../detection/scanText.ts); what
// is found there is mapped back to where it was written.

/** The quoted-printable `=`: every connection string, URI parameter and padded key written in it holds one. */
export const QP_EQUALS = '=3D';

/** A text decoded from quoted-printable, and where each of its characters came from. */
export interface QuotedPrintableView {
  readonly text: string;
  /** `origin[i]`: the offset in the encoded text of the decoded character i (its `=` when it was `=XX`). */
  readonly origin: Int32Array;
}

const hexValue = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);

/** Length of the soft line break at `i` (its `=`, trailing blanks, the line break), or 0. */
function softBreakAt(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && j - i <= 8 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++; // blanks a gateway added
  if (text.charCodeAt(j) === 13) j++;
  return text.charCodeAt(j) === 10 ? j + 1 - i : 0;
}

/** Length of the encoded form of the character at `i` (3 for `=XX`, else 1). */
export function encodedWidthAt(text: string, i: number): number {
  return text.charCodeAt(i) === 61 && hexValue(text.charCodeAt(i + 1)) >= 0 && hexValue(text.charCodeAt(i + 2)) >= 0 ? 3 : 1;
}

/**
 * Decodes `text` as quoted-printable (bytes as Latin-1 characters; lower-case hex too, as lenient readers do). One
 * pass; an `=` that starts no escape is kept as it is.
 */
export function decodeQuotedPrintable(text: string): QuotedPrintableView {
  detectionWork.steps += text.length;
  const origin = new Int32Array(text.length);
  const parts: string[] = [];
  let n = 0, copied = 0;
  for (let i = text.indexOf('='); i !== -1; i = text.indexOf('=', i)) {
    for (let k = copied; k < i; k++) origin[n++] = k;
    parts.push(text.slice(copied, i));
    const soft = softBreakAt(text, i);
    if (soft > 0) {
      i += soft;
    } else if (encodedWidthAt(text, i) === 3) {
      origin[n++] = i;
      parts.push(String.fromCharCode(hexValue(text.charCodeAt(i + 1)) * 16 + hexValue(text.charCodeAt(i + 2))));
      i += 3;
    } else {
      origin[n++] = i;
      parts.push('=');
      i += 1;
    }
    copied = i;
  }
  for (let k = copied; k < text.length; k++) origin[n++] = k;
  parts.push(text.slice(copied));
  return { text: parts.join(''), origin: origin.subarray(0, n) };
}

/** The encoded span [start, end) of the decoded span [from, to) of `view` (to > from). */
export function encodedSpan(encoded: string, view: QuotedPrintableView, from: number, to: number): [number, number] {
  const last = view.origin[to - 1]!;
  return [view.origin[from]!, last + encodedWidthAt(encoded, last)];
}
