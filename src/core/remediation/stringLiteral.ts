// Finds the string literal (or bare configuration value) that holds a finding, on the finding's line, and reads its
// runtime value. Deliberately small: single-line literals of the common languages; anything else gets no quick-fix
// rather than a wrong one.
import { lineBounds } from './textEdit';

export interface LiteralSpan {
  /** The whole literal, prefix and quotes included: [start, end). */
  readonly start: number;
  readonly end: number;
  /** Between the quotes (or the bare value): [contentStart, contentEnd). */
  readonly contentStart: number;
  readonly contentEnd: number;
  /** `r`, `f`, `b`, `@`, `$`… ('' for none). */
  readonly prefix: string;
  /** The quote as written (`"`, `'`, a backtick, `"""`); '' for a bare value. */
  readonly quote: string;
}

// Python string prefixes, C# verbatim/interpolated markers.
const PREFIXES = new Set(['r', 'b', 'u', 'f', 'rb', 'br', 'fr', 'rf', '@', '$', '@$', '$@']);

/** Python raw strings and C# verbatim strings keep backslashes as they are. */
function isRaw(prefix: string): boolean {
  return /r/i.test(prefix) || prefix.includes('@');
}

/** The single-line quoted literal on `from`'s line that contains `[from, to)`. */
export function findStringLiteral(text: string, from: number, to: number): LiteralSpan | undefined {
  const line = lineBounds(text, from);
  if (to > line.end) return undefined;
  for (let i = line.start; i < line.end; i++) {
    const c = text[i]!;
    if (c !== '"' && c !== '\'' && c !== '`') continue;
    let pStart = i;
    while (pStart > line.start && /[A-Za-z@$]/.test(text[pStart - 1]!) && i - pStart < 2) pStart--;
    let prefix = text.slice(pStart, i);
    if (!PREFIXES.has(prefix.toLowerCase()) || (pStart > line.start && /[\w]/.test(text[pStart - 1]!))) {
      prefix = '';
      pStart = i;
    }
    const quote = c !== '`' && text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
    const raw = isRaw(prefix);
    let j = i + quote.length;
    while (j < line.end) {
      if (!raw && text[j] === '\\') {
        j += 2;
        continue;
      }
      if (prefix.includes('@') && quote === '"' && text.startsWith('""', j)) {
        j += 2;
        continue;
      }
      if (text.startsWith(quote, j)) break;
      j++;
    }
    if (j >= line.end) return undefined; // unterminated here: a multi-line literal, or not code at all
    const span = { start: pStart, end: j + quote.length, contentStart: i + quote.length, contentEnd: j, prefix, quote };
    if (span.contentStart <= from && to <= span.contentEnd) return span;
    i = span.end - 1;
  }
  return undefined;
}

/**
 * The runtime value of a literal's content (or part of it), or undefined when it holds escapes or interpolation
 * that this cannot reproduce faithfully (`\n`, `${…}`, `{…}` in an f-string).
 */
export function literalValue(span: LiteralSpan, raw: string): string | undefined {
  if (span.quote === '') return raw;
  const interpolated = span.quote === '`' || /[f$]/i.test(span.prefix);
  if (interpolated && /\$\{|\{/.test(raw)) return undefined;
  if (span.prefix.includes('@')) return raw.replace(/""/g, '"');
  if (isRaw(span.prefix)) return raw;
  let ok = true;
  const value = raw.replace(/\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\\/"'`]|.)/g, (_m, esc: string) => {
    if (esc.startsWith('u{')) return String.fromCodePoint(parseInt(esc.slice(2, -1), 16));
    if (esc.length === 5 && esc[0] === 'u') return String.fromCharCode(parseInt(esc.slice(1), 16));
    if (esc.length === 3 && esc[0] === 'x') return String.fromCharCode(parseInt(esc.slice(1), 16));
    if ('\\/"\'`'.includes(esc)) return esc;
    ok = false;
    return '';
  });
  return ok ? value : undefined;
}

export type ConfigFormat = 'yaml' | 'properties';

/**
 * The value on a configuration line that contains `[from, to)`: a quoted scalar, or the bare value after `key:`
 * (YAML), `key=`/`key:` (properties), a list item's `- `, or a compose-style `- NAME=`. A YAML comment (` #`) ends it.
 */
export function findConfigValue(text: string, from: number, to: number, format: ConfigFormat): LiteralSpan | undefined {
  const quoted = findStringLiteral(text, from, to);
  if (quoted && quoted.prefix === '') return quoted;
  const line = lineBounds(text, from);
  if (to > line.end) return undefined;
  const lineText = text.slice(line.start, line.end);
  let headLength: number;
  if (format === 'properties') {
    headLength = /^\s*[^=:\s#!][^=:]*?\s*[=:]\s*/.exec(lineText)?.[0].length ?? lineText.length - lineText.trimStart().length;
  } else {
    headLength = /^\s*(?:-\s+)*(?:(?:"[^"]*"|'[^']*'|[^\s#:'"-][^:#]*?|-[^\s:#][^:#]*?)\s*:(?:\s+|$))?(?:-\s+)*/.exec(lineText)![0].length;
    // docker compose's list form of environment: `- NAME=value`
    if (/^\s*-\s/.test(lineText)) headLength += /^[A-Za-z_][A-Za-z0-9_]*=/.exec(lineText.slice(headLength))?.[0].length ?? 0;
  }
  const contentStart = line.start + headLength;
  let contentEnd = line.end;
  if (format === 'yaml') {
    const comment = lineText.slice(contentStart - line.start).search(/\s#/);
    if (comment !== -1) contentEnd = contentStart + comment;
  }
  while (contentEnd > contentStart && /\s/.test(text[contentEnd - 1]!)) contentEnd--;
  if (!(contentStart <= from && to <= contentEnd)) return undefined;
  return { start: contentStart, end: contentEnd, contentStart, contentEnd, prefix: '', quote: '' };
}
