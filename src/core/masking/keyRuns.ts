// Finds Cosmos keys for masking: 86 base64 characters and `==`, also URL-encoded (`%2B`, `%2F`, `%3D%3D`) and
// JSON-escaped (`\/`, `\u003D\u003D`). This was one regular expression,
//   (?:[A-Za-z0-9+]|\\?\/|%2[BbFf]){86}(?:==|%3[Dd]%3[Dd]|\\u003[Dd]\\u003[Dd])
// which tried 86 characters (and backtracked through each) at every position of the text: 2 s for a megabyte of
// letters. Here the same matches are found from the terminators: each looks back at most 258 characters and stops
// at the first character no key can hold, which the terminator before it always is, so the text is read about once.
import { maskValue } from './maskValue';

const KEY_UNITS = 86;
/** The longest spelling of 86 key characters: every one as `%2B`. */
const MAX_KEY_SPAN = 3 * KEY_UNITS;

const isKeyChar = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43; // A-Z a-z 0-9 +
const isDUpper = (c: number): boolean => c === 68 || c === 100; // D d

/** Length of the key character (`A`, `/`, `\/`, `%2B`…) that starts at `p`, or 0. */
function unitAt(text: string, p: number): number {
  const c = text.charCodeAt(p);
  if (isKeyChar(c) || c === 47) return 1;
  if (c === 92) return text.charCodeAt(p + 1) === 47 ? 2 : 0; // \/
  if (c === 37 && text.charCodeAt(p + 1) === 50) { // %2B %2F
    const x = text.charCodeAt(p + 2) | 0x20;
    return x === 98 || x === 102 ? 3 : 0;
  }
  return 0;
}

/** Length of the key terminator (`==`, `%3D%3D`, `\u003D\u003D`) at `i`, or 0. */
function terminatorAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 61) return text.charCodeAt(i + 1) === 61 ? 2 : 0;
  if (c === 37) {
    return text.charCodeAt(i + 1) === 51 && isDUpper(text.charCodeAt(i + 2)) && text.charCodeAt(i + 3) === 37 &&
      text.charCodeAt(i + 4) === 51 && isDUpper(text.charCodeAt(i + 5)) ? 6 : 0;
  }
  if (c === 92) return text.startsWith('\\u003', i) && isDUpper(text.charCodeAt(i + 5)) && text.startsWith('\\u003', i + 6) && isDUpper(text.charCodeAt(i + 11)) ? 12 : 0;
  return 0;
}

// Distance (in key characters) from each position back from a terminator to it; -1 where none leads there.
const distance = new Int16Array(MAX_KEY_SPAN + 1);

/**
 * Where the key ending at terminator `t` starts (the leftmost start whose 86 key characters end exactly at `t`, as
 * the regular expression found it), not before `floor`; -1 when there is none. Key characters are read forwards
 * without ambiguity, so distances are filled in from `t` backwards, each from the one a character to its right.
 */
function keyStartBefore(text: string, t: number, floor: number): number {
  distance[0] = 0;
  let start = -1;
  for (let p = t - 1; p >= floor && t - p <= MAX_KEY_SPAN; p--) {
    const width = unitAt(text, p);
    if (width === 0) break; // no key can hold this character, nor reach `t` across it
    const next = distance[t - (p + width)]!;
    const d = next < 0 || next >= KEY_UNITS ? -1 : next + 1;
    distance[t - p] = d;
    if (d === KEY_UNITS) start = p;
  }
  return start;
}

/** `text` with each key-shaped run (86 key characters and a terminator) replaced by {@link maskValue}. */
export function maskKeyRuns(text: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 61 && c !== 37 && c !== 92) continue;
    const length = terminatorAt(text, i);
    if (length === 0) continue;
    const start = keyStartBefore(text, i, copied);
    if (start === -1) continue;
    out += text.slice(copied, start) + maskValue(text.slice(start, i + length));
    copied = i + length;
    i = copied - 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
