// Inline suppression comments: `cosmos-guard-ignore <rule>[,<rule>…] reason=<why> [until=YYYY-MM-DD]` in any common
// comment syntax. A suppression covers findings of its rules on its own line and on the line directly below.
//
// The text is any file in the repository, so parsing is one pass: each character is read a bounded number of
// times however many tokens a line holds (a 100 KB line of comments once took 35 s, re-read per token).
import { scanRuleById } from '../scan/scanRules';
import { safeExcerpt } from '../masking/safeExcerpt';
import { isWhitespace } from '../text/whitespace';
import { isCalendarDate } from './suppressionDate';

export const SUPPRESSION_TOKEN = 'cosmos-guard-ignore';

/** A suppression comment as written, with `problem` set when it is not valid (and so suppresses nothing). */
export interface InlineSuppression {
  /** 1-based line of the comment. */
  readonly line: number;
  /** 1-based column of the token; `endColumn` is exclusive (end of the comment's text on that line). */
  readonly column: number;
  readonly endColumn: number;
  /** The rules named, each once. */
  readonly rules: readonly string[];
  readonly reason: string;
  readonly until?: string;
  /** Why the comment does not suppress anything (no reason, a bad date, an unknown rule). */
  readonly problem?: string;
}

/** How many unknown rule names a message quotes before "… and N more". */
const QUOTED_RULES = 3;
/** How far before the token its comment opener may start. */
const OPENER_REACH = 200;
const KEY = /(?:^|\s)(reason|until)=/g;

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === '\'') && v[v.length - 1] === v[0]) return v.slice(1, -1).trim();
  return v;
}

function unknownRulesProblem(unknown: readonly string[]): string {
  const quoted = unknown.slice(0, QUOTED_RULES).map((r) => `'${safeExcerpt(r)}'`).join(', ');
  const more = unknown.length - QUOTED_RULES;
  return `unknown rule ${quoted}${more > 0 ? ` and ${more} more` : ''}`;
}

function parseTail(tail: string): { rules: string[]; reason: string; until?: string; problem?: string } {
  const body = tail.trim();
  const firstKey = body.search(/(?:^|\s)(?:reason|until)=/);
  const head = (firstKey === -1 ? body : body.slice(0, firstKey)).trim();
  const rules = head === '' ? [] : [...new Set(head.split(/[\s,]+/).filter(Boolean))];
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
  if (unknown.length) return { ...result, problem: unknownRulesProblem(unknown) };
  if (reason === '') return { ...result, problem: 'it gives no reason (reason=…)' };
  if (until !== undefined && !isCalendarDate(until)) return { ...result, problem: `until=${safeExcerpt(until)} is not a date (YYYY-MM-DD)` };
  return result;
}

/**
 * Where the comment opener before the token at `at` starts, or -1 when there is none: `//`, `#`, `--`, `;`,
 * `<!--`, `/*`, a block comment's leading `*`, batch `REM` and `::`, Visual Basic `'` — then only whitespace up
 * to the token, all within {@link OPENER_REACH} characters on the token's line.
 */
function openerStart(text: string, lineStart: number, at: number): number {
  const floor = Math.max(lineStart, at - OPENER_REACH);
  let end = at;
  while (end > floor && isWhitespace(text.charCodeAt(end - 1))) end--;
  const endsWith = (s: string): boolean => end - s.length >= floor && text.startsWith(s, end - s.length);
  if (endsWith('<!--')) return end - 4;
  for (const opener of ['//', '/*', '--', '::']) if (endsWith(opener)) return end - 2;
  if (endsWith('#') || endsWith(';') || endsWith('\'')) return end - 1;
  if (endsWith('*')) {
    let s = end - 1;
    while (s > floor && isWhitespace(text.charCodeAt(s - 1))) s--;
    return s === floor ? end - 1 : -1;
  }
  if (endsWith('REM') || endsWith('rem') || endsWith('Rem')) {
    const s = end - 3;
    return s === floor || isWhitespace(text.charCodeAt(s - 1)) ? s : -1;
  }
  return -1;
}

/** Finds, once each, the next occurrence of a string at or after a position that only moves forward. */
class ForwardSearch {
  private found = -2;
  constructor(private readonly text: string, private readonly needle: string) {}
  /** The first occurrence at or after `from`, or the text's length. */
  next(from: number): number {
    if (this.found !== -1 && this.found < from) this.found = this.text.indexOf(this.needle, from);
    return this.found === -1 ? this.text.length : this.found;
  }
}

/**
 * Every `cosmos-guard-ignore` comment in `text`, valid or not. The token must follow a comment opener, so the
 * word in a string or in prose does not count; a token glued to more letters (`cosmos-guard-ignored`) is not one.
 * A comment's text ends at a block comment's closer, at the next suppression comment's opener, or at the line end.
 */
export function parseInlineSuppressions(text: string): InlineSuppression[] {
  const found: InlineSuppression[] = [];
  const newlines = new ForwardSearch(text, '\n');
  const closers = [new ForwardSearch(text, '-->'), new ForwardSearch(text, '*/')];
  let line = 1;
  let lineStart = 0;
  // Tokens that count, with their line, in text order; `next` is read ahead to end the previous comment.
  const tokens = new ForwardSearch(text, SUPPRESSION_TOKEN);
  const nextToken = (from: number): { at: number; opener: number; line: number; lineStart: number } | undefined => {
    for (let at = tokens.next(from); at < text.length; at = tokens.next(at + SUPPRESSION_TOKEN.length)) {
      for (let nl = newlines.next(lineStart); nl < at; nl = newlines.next(nl + 1)) {
        line++;
        lineStart = nl + 1;
      }
      const after = at + SUPPRESSION_TOKEN.length;
      if (after < text.length && !isWhitespace(text.charCodeAt(after))) continue;
      const opener = openerStart(text, lineStart, at);
      if (opener !== -1) return { at, opener, line, lineStart };
    }
    return undefined;
  };
  for (let token = nextToken(0); token; ) {
    const start = token.at + SUPPRESSION_TOKEN.length;
    let end = newlines.next(start); // before the look-ahead moves the newline search on
    const following = nextToken(start);
    if (following && following.line === token.line) end = Math.max(start, Math.min(end, following.opener));
    for (const closer of closers) end = Math.min(end, closer.next(start));
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    const tail = text.slice(start, end);
    const endColumn = start + tail.trimEnd().length - token.lineStart + 1;
    found.push({ line: token.line, column: token.at - token.lineStart + 1, endColumn, ...parseTail(tail) });
    token = following;
  }
  return found;
}
