// JavaScript's `\s` as a test of one UTF-16 code unit, for hand-written scanners that must not build a string or
// run a regular expression per character.

/** True for the characters `\s` matches: ASCII whitespace, no-break and Unicode spaces, line separators, BOM. */
export function isWhitespace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}
