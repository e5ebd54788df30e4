// Inline suppression comments: `cosmos-guard-ignore <rule>[,<rule>…] reason=<why> [until=YYYY-MM-DD]` in any common
// comment syntax. A suppression covers findings of its rules on its own line and on the line directly below.
import { scanRuleById } from '../scan/scanRules';
import { maskSecrets } from '../masking/maskSecrets';
import { isCalendarDate } from './suppressionDate';

/** Text the user wrote, echoed in a message (diagnostics are readable by other extensions): masked and short. */
export function echo(text: string): string {
  const masked = maskSecrets(text);
  return masked.length > 40 ? `${masked.slice(0, 39)}…` : masked;
}

export const SUPPRESSION_TOKEN = 'cosmos-guard-ignore';

/** A suppression comment as written, with `problem` set when it is not valid (and so suppresses nothing). */
export interface InlineSuppression {
  /** 1-based line of the comment. */
  readonly line: number;
  /** 1-based column of the token; `endColumn` is exclusive (end of the comment's text on that line). */
  readonly column: number;
  readonly endColumn: number;
  readonly rules: readonly string[];
  readonly reason: string;
  readonly until?: string;
  /** Why the comment does not suppress anything (no reason, a bad date, an unknown rule). */
  readonly problem?: string;
}

// What may stand directly before the token: `//`, `#`, `--`, `;`, `<!--`, `/*`, a block comment's leading `*`,
// batch `REM` and `::`, Visual Basic `'`.
const COMMENT_OPENER = /(?:\/\/|#|--|;|<!--|\/\*|^\s*\*|(?:^|\s)(?:REM|rem|Rem)|::|')\s*$/;
const KEY = /(?:^|\s)(reason|until)=/g;

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === '\'') && v[v.length - 1] === v[0]) return v.slice(1, -1).trim();
  return v;
}

/** The comment's text after the token, without a block comment's closer and what follows it. */
function commentTail(rest: string): string {
  let end = rest.length;
  for (const closer of ['-->', '*/']) {
    const i = rest.indexOf(closer);
    if (i !== -1 && i < end) end = i;
  }
  return rest.slice(0, end).replace(/\r$/, '');
}

function parseTail(tail: string): { rules: string[]; reason: string; until?: string; problem?: string } {
  const body = tail.trim();
  const firstKey = body.search(/(?:^|\s)(?:reason|until)=/);
  const head = (firstKey === -1 ? body : body.slice(0, firstKey)).trim();
  const rules = head === '' ? [] : head.split(/[\s,]+/).filter(Boolean);
  const values: Record<string, string> = {};
  const keys = [...body.matchAll(KEY)];
  keys.forEach((m, i) => {
    const start = m.index + m[0].length;
    const end = i + 1 < keys.length ? keys[i + 1]!.index : body.length;
    values[m[1]!] = unquote(body.slice(start, end));
  });
  const reason = values.reason ?? '';
  const until = values.until;
  const result = { rules, reason, ...(until !== undefined ? { until } : {}) };
  if (rules.length === 0) return { ...result, problem: 'it names no rule' };
  const unknown = rules.filter((r) => !scanRuleById(r));
  if (unknown.length) return { ...result, problem: `unknown rule ${unknown.map((r) => `'${echo(r)}'`).join(', ')}` };
  if (reason === '') return { ...result, problem: 'it gives no reason (reason=…)' };
  if (until !== undefined && !isCalendarDate(until)) return { ...result, problem: `until=${echo(until)} is not a date (YYYY-MM-DD)` };
  return result;
}

/**
 * Every `cosmos-guard-ignore` comment in `text`, valid or not. The token must follow a comment opener, so the
 * word in a string or in prose does not count; a token glued to more letters (`cosmos-guard-ignored`) is not one.
 */
export function parseInlineSuppressions(text: string): InlineSuppression[] {
  const found: InlineSuppression[] = [];
  let line = 1;
  let counted = 0; // offset up to which line breaks have been counted
  for (let at = text.indexOf(SUPPRESSION_TOKEN); at !== -1; at = text.indexOf(SUPPRESSION_TOKEN, at + SUPPRESSION_TOKEN.length)) {
    for (let nl = text.indexOf('\n', counted); nl !== -1 && nl < at; nl = text.indexOf('\n', nl + 1)) {
      line++;
      counted = nl + 1;
    }
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd === -1) lineEnd = text.length;
    const after = text.charAt(at + SUPPRESSION_TOKEN.length);
    if (after !== '' && !/\s/.test(after)) continue;
    if (!COMMENT_OPENER.test(text.slice(Math.max(lineStart, at - 200), at))) continue;
    const tail = commentTail(text.slice(at + SUPPRESSION_TOKEN.length, lineEnd));
    const parsed = parseTail(tail);
    const endColumn = at + SUPPRESSION_TOKEN.length + tail.trimEnd().length - lineStart + 1;
    found.push({ line, column: at - lineStart + 1, endColumn, ...parsed });
  }
  return found;
}
