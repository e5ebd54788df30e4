// VS Code's glob patterns (`files.exclude`, `search.exclude`, `cosmosGuard.scan.exclude`), matched the way VS Code
// matches them against a path relative to the workspace folder: `*` and `?` stay inside a path component, a `**`
// component spans any number of components (none included; `dir/**` matches `dir` itself), `{a,b}` picks one of
// its choices (which may hold `/` and `**`), `[…]` and `[!…]` pick a character, `/` and `\` both separate
// components, case counts. Parsing is one pass; matching runs on the automaton of wildcardPattern.ts, so a
// workspace's settings cannot make it backtrack.
import { WildcardPattern, type PatternItem, type StepCounter } from './wildcardPattern';

export interface GlobOptions {
  readonly counter?: StepCounter;
}

const SEPARATOR: PatternItem = { kind: 'char', test: { kind: 'separator' } };
const ANYTHING: PatternItem = { kind: 'repeat', test: { kind: 'any' } };
/** `**` between components: nothing, or any path ending in a separator. */
const GLOBSTAR_INNER: PatternItem = { kind: 'choice', options: [[], [ANYTHING, SEPARATOR]] };
/** `**` as the last component: nothing, or a separator and anything after it. */
const GLOBSTAR_LAST: PatternItem = { kind: 'choice', options: [[], [SEPARATOR, ANYTHING]] };

/** Compiles one glob (trimmed, as VS Code does); undefined for an empty one. */
export function compileGlob(glob: string, options: GlobOptions = {}): WildcardPattern | undefined {
  const trimmed = glob.trim();
  if (trimmed === '') return undefined;
  return new WildcardPattern(globItems(trimmed), { backslashSeparates: true, ...(options.counter ? { counter: options.counter } : {}) });
}

/**
 * A test of a relative path against several globs: true when any of them matches. A leading `./` and trailing
 * slashes are dropped first (settings often carry them; the path never does).
 */
export function compileGlobs(globs: readonly string[], options: GlobOptions = {}): (path: string) => boolean {
  const patterns = globs.map((g) => compileGlob(withoutDotSlashAndTrailingSlashes(g.trim()), options))
    .filter((p): p is WildcardPattern => p !== undefined);
  if (patterns.length === 0) return () => false;
  return (path) => patterns.some((p) => p.matches(path));
}

function withoutDotSlashAndTrailingSlashes(glob: string): string {
  let end = glob.length;
  while (end > 0 && glob.charCodeAt(end - 1) === 47) end--;
  return glob.slice(glob.startsWith('./') ? 2 : 0, end);
}

/** Splits at `separator` outside `{…}` and `[…]`, as VS Code does (an empty last part is dropped). */
function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = [];
  let inBraces = false;
  let inBrackets = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === separator && !inBraces && !inBrackets) {
      parts.push(text.slice(from, i));
      from = i + 1;
    } else if (ch === '{') inBraces = true;
    else if (ch === '}') inBraces = false;
    else if (ch === '[') inBrackets = true;
    else if (ch === ']') inBrackets = false;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

function globItems(pattern: string): PatternItem[] {
  const segments = splitOutside(pattern, '/');
  if (segments.length === 0) return [];
  if (segments.every((s) => s === '**')) return [ANYTHING];
  const items: PatternItem[] = [];
  let previousWasGlobstar = false;
  segments.forEach((segment, index) => {
    const isLast = index === segments.length - 1;
    if (segment === '**') {
      if (!previousWasGlobstar) items.push(isLast ? GLOBSTAR_LAST : GLOBSTAR_INNER);
      previousWasGlobstar = true;
      return;
    }
    previousWasGlobstar = false;
    segmentItems(segment, items);
    // The separator after this component, unless a final `**` follows (it brings its own).
    if (!isLast && (segments[index + 1] !== '**' || index + 2 < segments.length)) items.push(SEPARATOR);
  });
  return items;
}

/** The items of one component: literals, `?`, `*`, `{…}` and `[…]`. An unclosed `{` or `[` drops the rest, as in VS Code. */
function segmentItems(segment: string, items: PatternItem[]): void {
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === '{') {
      const close = segment.indexOf('}', i + 1);
      if (close === -1) return;
      const choices = segment.slice(i + 1, close);
      items.push({ kind: 'choice', options: choices === '' ? [[]] : splitOutside(choices, ',').map(globItems) });
      i = close;
    } else if (ch === '[') {
      // A `]` right after `[` is a member, not the end (after `[!` it ends the expression, as in VS Code).
      const negated = segment[i + 1] === '!' || segment[i + 1] === '^';
      const body = negated ? i + 2 : i + 1;
      const close = segment.indexOf(']', negated ? body : body + 1);
      if (close === -1) return;
      items.push({ kind: 'char', test: { kind: 'class', negated, ranges: bracketRanges(segment.slice(body, close)) } });
      i = close;
    } else if (ch === '?') {
      items.push({ kind: 'char', test: { kind: 'other' } });
    } else if (ch === '*') {
      if (items[items.length - 1]?.kind !== 'repeat') items.push({ kind: 'repeat', test: { kind: 'other' } });
    } else {
      items.push({ kind: 'char', test: { kind: 'literal', code: ch.charCodeAt(0) } });
    }
  }
}

/** Members of a bracket expression as [low, high] pairs: `a-z` is a range, a `-` first or last is itself. */
function bracketRanges(body: string): number[] {
  const chars = [...body].filter((c) => c !== '/').map((c) => c.charCodeAt(0));
  const ranges: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i + 1] === 45 /* - */ && i + 2 < chars.length) {
      ranges.push(chars[i]!, chars[i + 2]!);
      i += 2;
    } else {
      ranges.push(chars[i]!, chars[i]!);
    }
  }
  return ranges;
}
