// Masks Cosmos DB key material in free text (log lines, error messages, stack traces) before it is written
// anywhere. Deliberately broader than the detector: a false positive here costs a few hidden characters, a miss
// leaks a key. The text may be anything (a file's contents quoted in an error), so every pass is linear in it.
import { isWhitespace } from '../text/whitespace';
import { maskKeyRuns } from './keyRuns';
import { maskValue } from './maskValue';

export { maskValue } from './maskValue';

// `AccountKey=…;` and the other key-bearing connection-string fields. Starts with a literal word.
const KEY_FIELD = /\b(AccountKey|SharedAccessKey|Password|Pwd)(\s*=\s*)([^;"'`\s]+)/gi;

/** Returns `text` with every key-like value replaced by {@link maskValue}. */
export function maskSecrets(text: string): string {
  return maskKeyRuns(maskUriPasswords(text.replace(KEY_FIELD, (_m, field: string, eq: string, value: string) => `${field}${eq}${maskValue(value)}`)));
}

const isSchemeChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 46 || c === 45; // a-z A-Z 0-9 + . -
const isLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isWordChar = (c: number): boolean => isLetter(c) || (c >= 48 && c <= 57) || c === 95;
const isSpaceOrQuote = (c: number): boolean => c === 34 || c === 39 || c === 96 || isWhitespace(c);

/**
 * Masks the password in `scheme://user:password@host` (mongodb, mongodb+srv, and any other URI with user info):
 * a user without `:` `@` `/`, spaces or quotes, then a password without `@`, spaces or quotes. A hand-written
 * scan, because the regular expression for it re-read the rest of the text from every `scheme://` that had no
 * `@` after it (quadratic: 40 KB of `a://:` took 0.8 s). Here the end of each password run is found once.
 */
function maskUriPasswords(text: string): string {
  let out = '';
  let copied = 0; // text before this offset is in `out`
  let runEnd = -1; // the first `@`, space or quote at or after the current password start (cached: it only moves forward)
  for (let sep = text.indexOf('://'); sep !== -1; sep = text.indexOf('://', sep + 1)) {
    if (sep < copied || !hasScheme(text, sep, copied)) continue;
    // The user: up to the `:` that starts the password.
    let i = sep + 3;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 58 /* : */ || c === 64 /* @ */ || c === 47 /* / */ || isSpaceOrQuote(c)) break;
      i++;
    }
    if (text.charCodeAt(i) !== 58) continue;
    const start = i + 1;
    if (runEnd < start) {
      runEnd = start;
      while (runEnd < text.length && text.charCodeAt(runEnd) !== 64 && !isSpaceOrQuote(text.charCodeAt(runEnd))) runEnd++;
    }
    if (runEnd === start || text.charCodeAt(runEnd) !== 64) continue;
    out += text.slice(copied, start) + maskValue(text.slice(start, runEnd)) + '@';
    copied = runEnd + 1;
    sep = runEnd;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Whether a scheme (`[a-z][a-z0-9+.-]*` starting at a word boundary, not before `floor`) ends at `sep`. */
function hasScheme(text: string, sep: number, floor: number): boolean {
  for (let s = sep - 1; s >= floor && isSchemeChar(text.charCodeAt(s)); s--) {
    if (isLetter(text.charCodeAt(s)) && (s === 0 || !isWordChar(text.charCodeAt(s - 1)))) return true;
  }
  return false;
}
