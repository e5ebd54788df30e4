// Text from the scanned tree (file names, git paths, system messages quoting them) as it may reach a terminal or a
// CI log: no control character (a newline would forge a report line, an escape sequence would drive the terminal),
// no bidirectional override (it would make a name read as another), each shown as a visible escape instead.

/** C0 and C1 controls, DEL, line/paragraph separators, bidi marks and overrides, and lone surrogates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSAFE_OR_BACKSLASH = new RegExp(`\\\\|${UNSAFE.source}`, 'g');

function escapeChar(c: string): string {
  if (c === '\\') return '\\\\';
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** A file name for a text report or stderr: unsafe characters and `\` escaped, so the shown name is unambiguous. */
export function escapeName(name: string): string {
  return name.replace(UNSAFE_OR_BACKSLASH, escapeChar);
}

/** Any other message (which may quote a name): unsafe characters escaped, the rest untouched. */
export function escapeMessage(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}
