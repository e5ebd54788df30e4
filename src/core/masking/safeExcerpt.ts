// Text a user or a repository wrote, quoted back in a message: diagnostics (which other extensions can read),
// CLI warnings (which reach terminals and CI logs) and the log. It may hold a key, terminal escape sequences or
// a megabyte of anything, so the quote is masked, escaped and short.
import { maskSecrets } from './maskSecrets';

/** How many characters of quoted text a message shows by default. */
export const EXCERPT_LENGTH = 40;

/**
 * C0 and C1 controls, DEL, and the characters that reorder or hide text on screen: bidirectional controls,
 * zero-width marks, line and paragraph separators, the byte order mark, unpaired surrogates.
 */
function isHidden(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  if (c === 0x061c || (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069) || c === 0xfeff) return true;
  if (c >= 0xd800 && c <= 0xdbff) return !(i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff);
  if (c >= 0xdc00 && c <= 0xdfff) return !(i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff);
  return false;
}

function escapeHidden(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += !isHidden(text, i) ? text[i] : c < 0x100 ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return out;
}

/**
 * `text` as it may appear in a message: secrets masked (the whole text is masked before it is cut, so a cut can
 * never leave part of a key unmasked), invisible and control characters escaped (`\x1b`, `\u202e`), at most `max`
 * characters, an ellipsis marking a cut.
 */
export function safeExcerpt(text: string, max = EXCERPT_LENGTH): string {
  const escaped = escapeHidden(maskSecrets(text).slice(0, max + 1));
  return escaped.length > max ? `${escaped.slice(0, max - 1)}…` : escaped;
}
