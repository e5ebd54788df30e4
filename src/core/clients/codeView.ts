// A "code view" of a source file: the same text, the same length and offsets, with every comment blanked to spaces
// (line breaks kept) and every string literal replaced by `"` + STRING_FILL… + `"`. Everything the analysis does
// afterwards — finding `new CosmosClient(`, matching parentheses, splitting arguments — runs on the code view, where
// a comment or a string can no longer look like code. JavaScript template literals and C# interpolated strings keep
// their holes as code (`${x}` is code); each literal piece between holes is one string.
//
// One pass, linear in the text: every character is looked at a bounded number of times. A regular-expression literal
// that does not close on its line is given up, and no other one is tried before that line ends, so a line of
// thousands of `/[` cannot make the scan quadratic.
import { type ClientLanguage } from './clientLanguage';

/** Stands for every character inside a string literal in the code view. */
export const STRING_FILL = '\u0001';

export interface CodeView {
  readonly language: ClientLanguage;
  readonly source: string;
  /** `source` with comments as spaces and string literals as `"` + fill + `"` (see the file comment). */
  readonly code: string;
  /** Characters the lexer examined: the text's length, plus what abandoned regular-expression scans re-read. */
  readonly steps: number;
}

const NL = 10, CR = 13, SLASH = 47, STAR = 42, BACKSLASH = 92, DQ = 34, SQ = 39, BT = 96, DOLLAR = 36, AT = 64, LBRACE = 123, RBRACE = 125;
/** Longest regular-expression literal tried (longer ones are taken for division: the view only loses precision). */
const MAX_REGEX = 4096;

export function isIdentCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === DOLLAR || c > 127;
}

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === NL || c === CR || c === 11 || c === 12;
}

const SHORT_STAND_INS: string[] = [];

/** `"` + fill + `"`, `n` characters long (short ones cached: template pieces and `""` are many). */
function standIn(n: number): string {
  if (n < 2) return '"';
  if (n < 64) return (SHORT_STAND_INS[n] ??= `"${STRING_FILL.repeat(n - 2)}"`);
  return `"${STRING_FILL.repeat(n - 2)}"`;
}

/** Collects the view: code is copied through lazily, blanked spans replace their source. */
class ViewBuilder {
  private readonly parts: string[] = [];
  private copied = 0;
  constructor(private readonly source: string) {}

  comment(from: number, end: number): void {
    const start = Math.max(from, this.copied); // never emit a character twice: the view keeps the source's length
    this.flush(start);
    this.parts.push(this.source.slice(start, end).replace(/[^\r\n]/g, ' '));
    this.copied = end;
  }

  string(from: number, end: number): void {
    const start = Math.max(from, this.copied);
    this.flush(start);
    this.parts.push(standIn(end - start));
    this.copied = end;
  }

  finish(): string {
    this.flush(this.source.length);
    return this.parts.join('');
  }

  private flush(upTo: number): void {
    if (upTo > this.copied) this.parts.push(this.source.slice(this.copied, upTo));
    this.copied = Math.max(this.copied, upTo);
  }
}

/** End of a quoted string that may not span lines (`\` escapes); unterminated strings end before the line break. */
function quotedEnd(s: string, from: number, quote: number): number {
  for (let j = from; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === BACKSLASH) { j++; continue; }
    if (c === quote) return j + 1;
    if (c === NL || c === CR) return j;
  }
  return s.length;
}

/** End of a triple-quoted string (Python `"""`/`'''`, a Java text block) opened at `open`: the next unescaped triple. */
function tripleQuotedEnd(s: string, open: number, quote: number): number {
  for (let j = open + 3; j < s.length; j++) {
    const d = s.charCodeAt(j);
    if (d === BACKSLASH) { j++; continue; }
    if (d === quote && s.charCodeAt(j + 1) === quote && s.charCodeAt(j + 2) === quote) return j + 3;
  }
  return s.length;
}

function lineCommentEnd(s: string, from: number): number {
  const e = s.indexOf('\n', from);
  return e < 0 ? s.length : e;
}

function blockCommentEnd(s: string, from: number): number {
  const e = s.indexOf('*/', from);
  return e < 0 ? s.length : e + 2;
}

export function buildCodeView(source: string, language: ClientLanguage): CodeView {
  const steps = { extra: 0 };
  const code = language === 'python' ? pythonView(source)
    : language === 'csharp' ? csharpView(source)
      : language === 'java' ? javaView(source)
        : javaScriptView(source, steps);
  return { language, source, code, steps: source.length + steps.extra };
}

const REGEX_KEYWORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await']);
const REGEX_AFTER = new Set('(,=:[!&|?{};+-*%<>~^'.split('').map((c) => c.charCodeAt(0)));

function javaScriptView(s: string, steps: { extra: number }): string {
  const out = new ViewBuilder(s);
  const holes: number[] = []; // brace depth inside each open `${…}`
  let lastSignificant = -1;
  let noRegexUntil = -1;
  const regexAllowed = (at: number): boolean => {
    if (at < noRegexUntil) return false;
    if (lastSignificant < 0) return true;
    const p = s.charCodeAt(lastSignificant);
    if (REGEX_AFTER.has(p)) return true;
    if (!isIdentCode(p)) return false;
    let w = lastSignificant;
    while (w > 0 && lastSignificant - w < 12 && isIdentCode(s.charCodeAt(w - 1))) w--;
    return REGEX_KEYWORDS.has(s.slice(w, lastSignificant + 1));
  };
  const regexEnd = (from: number): number => {
    let inClass = false;
    const limit = Math.min(s.length, from + MAX_REGEX);
    for (let j = from + 1; j < limit; j++) {
      const c = s.charCodeAt(j);
      if (c === BACKSLASH) { j++; continue; }
      if (c === NL || c === CR) { noRegexUntil = j; steps.extra += j - from; return -1; }
      if (inClass) { if (c === 93) inClass = false; continue; }
      if (c === 91) inClass = true;
      else if (c === SLASH) return j + 1;
    }
    noRegexUntil = limit;
    steps.extra += limit - from;
    return -1;
  };
  /** Scans template text from `from`; returns the end of the literal piece and whether a `${` hole opens there. */
  const templatePiece = (from: number): { end: number; hole: boolean } => {
    for (let j = from; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === BACKSLASH) { j++; continue; }
      if (c === BT) return { end: j + 1, hole: false };
      if (c === DOLLAR && s.charCodeAt(j + 1) === LBRACE) return { end: j + 2, hole: true };
    }
    return { end: s.length, hole: false };
  };
  const template = (start: number, from: number): number => {
    const piece = templatePiece(from);
    out.string(start, piece.end);
    if (piece.hole) holes.push(0);
    lastSignificant = piece.end - 1;
    return piece.end;
  };

  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === SLASH) {
      const next = s.charCodeAt(i + 1);
      if (next === SLASH) { const e = lineCommentEnd(s, i); out.comment(i, e); i = e; continue; }
      if (next === STAR) { const e = blockCommentEnd(s, i + 2); out.comment(i, e); i = e; continue; }
      if (regexAllowed(i)) {
        const e = regexEnd(i);
        if (e > 0) { out.string(i, e); lastSignificant = e - 1; i = e; continue; }
      }
    } else if (c === SQ || c === DQ) {
      const e = quotedEnd(s, i + 1, c);
      out.string(i, e);
      lastSignificant = e - 1;
      i = e;
      continue;
    } else if (c === BT) {
      i = template(i, i + 1);
      continue;
    } else if (c === LBRACE && holes.length) {
      holes[holes.length - 1]!++;
    } else if (c === RBRACE && holes.length) {
      if (holes[holes.length - 1] === 0) {
        holes.pop();
        i = template(i, i + 1);
        continue;
      }
      holes[holes.length - 1]!--;
    }
    if (!isSpaceCode(c)) lastSignificant = i;
    i++;
  }
  return out.finish();
}

const PY_PREFIX = new Set('rRbBuUfF'.split('').map((ch) => ch.charCodeAt(0)));

function pythonView(s: string): string {
  const out = new ViewBuilder(s);
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 35 /* # */) { const e = lineCommentEnd(s, i); out.comment(i, e); i = e; continue; }
    if (c === SQ || c === DQ) {
      // Up to two prefix letters (r, b, u, f, rb, fr…) belong to the literal when no identifier runs into them.
      let start = i;
      while (start > 0 && i - start < 2 && PY_PREFIX.has(s.charCodeAt(start - 1))) start--;
      if (start < i && start > 0 && isIdentCode(s.charCodeAt(start - 1))) start = i;
      const triple = s.charCodeAt(i + 1) === c && s.charCodeAt(i + 2) === c;
      const e = triple ? tripleQuotedEnd(s, i, c) : quotedEnd(s, i + 1, c);
      out.string(start, e);
      i = e;
      continue;
    }
    i++;
  }
  return out.finish();
}

/** C# and Java: the end of a comment or char literal at `i`, blanked into `out`; -1 when there is none. */
function commentOrCharEnd(s: string, i: number, out: ViewBuilder): number {
  const c = s.charCodeAt(i), next = s.charCodeAt(i + 1);
  let e = -1;
  if (c === SLASH && next === SLASH) out.comment(i, e = lineCommentEnd(s, i));
  else if (c === SLASH && next === STAR) out.comment(i, e = blockCommentEnd(s, i + 2));
  else if (c === SQ) out.string(i, e = quotedEnd(s, i + 1, SQ));
  return e;
}

function csharpView(s: string): string {
  const out = new ViewBuilder(s);
  const holes: { depth: number; verbatim: boolean }[] = [];
  /** Scans an interpolated or plain string's text from `from`; stops at its end or at a `{` hole. */
  const piece = (from: number, verbatim: boolean, interpolated: boolean): { end: number; hole: boolean } => {
    for (let j = from; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (!verbatim && c === BACKSLASH) { j++; continue; }
      if (c === DQ) {
        if (verbatim && s.charCodeAt(j + 1) === DQ) { j++; continue; }
        return { end: j + 1, hole: false };
      }
      if (!verbatim && (c === NL || c === CR)) return { end: j, hole: false };
      if (interpolated && c === LBRACE) {
        if (s.charCodeAt(j + 1) === LBRACE) { j++; continue; }
        return { end: j + 1, hole: true };
      }
    }
    return { end: s.length, hole: false };
  };
  const stringFrom = (start: number, from: number, verbatim: boolean, interpolated: boolean): number => {
    const p = piece(from, verbatim, interpolated);
    out.string(start, p.end);
    if (p.hole) holes.push({ depth: 0, verbatim });
    return p.end;
  };

  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    const skipped = commentOrCharEnd(s, i, out);
    if (skipped >= 0) { i = skipped; continue; }
    if (c === DQ) {
      // Prefixes: `@` (verbatim), `$` (interpolated), in either order; `$$…` before a raw string.
      let start = i, verbatim = false, interpolated = false;
      while (start > 0 && i - start < 8 && (s.charCodeAt(start - 1) === AT || s.charCodeAt(start - 1) === DOLLAR)) {
        start--;
        if (s.charCodeAt(start) === AT) verbatim = true; else interpolated = true;
      }
      if (s.charCodeAt(i + 1) === DQ && s.charCodeAt(i + 2) === DQ) {
        // Raw string literal: n ≥ 3 quotes open it, the next run of n quotes closes it (holes stay blanked).
        let n = 3;
        while (s.charCodeAt(i + n) === DQ) n++;
        const close = s.indexOf('"'.repeat(n), i + n);
        const e = close < 0 ? s.length : close + n;
        out.string(start, e);
        i = e;
        continue;
      }
      i = stringFrom(start, i + 1, verbatim, interpolated);
      continue;
    }
    if (c === LBRACE && holes.length) holes[holes.length - 1]!.depth++;
    else if (c === RBRACE && holes.length) {
      const top = holes[holes.length - 1]!;
      if (top.depth === 0) {
        holes.pop();
        i = stringFrom(i, i + 1, top.verbatim, true);
        continue;
      }
      top.depth--;
    }
    i++;
  }
  return out.finish();
}

function javaView(s: string): string {
  const out = new ViewBuilder(s);
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    const skipped = commentOrCharEnd(s, i, out);
    if (skipped >= 0) { i = skipped; continue; }
    if (c === DQ) {
      const textBlock = s.charCodeAt(i + 1) === DQ && s.charCodeAt(i + 2) === DQ;
      const e = textBlock ? tripleQuotedEnd(s, i, DQ) : quotedEnd(s, i + 1, DQ);
      out.string(i, e);
      i = e;
      continue;
    }
    i++;
  }
  return out.finish();
}
