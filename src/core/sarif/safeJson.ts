// The one JSON serialisation of reports (the CLI's JSON, and SARIF from the CLI and the editor): 2-space indented,
// with a trailing newline, and with every character that could act on a terminal or a log viewer written as a
// `\u` escape — JSON.stringify already escapes C0 controls and lone surrogates, but not DEL, C1 controls (0x9b
// starts an escape sequence on some terminals), line separators or bidirectional overrides. The value is the same:
// these characters can only occur inside JSON strings, where the escape means exactly the character.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function stringifyReport(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
