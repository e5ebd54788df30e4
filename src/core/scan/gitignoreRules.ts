// Reads `.gitignore` (and `.git/info/exclude`) text into rules, as git documents them (gitignore(5)) and as its
// `wildmatch` matches them: `*` and `?` and `[…]` stay inside one path component, a whole-component `**` crosses
// them, `\` escapes, a trailing `/` means "directories only", a pattern without another `/` matches a name at any
// depth. Parsing is one pass over the text; matching runs on the automaton of wildcardPattern.ts.
// Case-insensitive rules match paths folded with foldCase().
import { caseless, type CharTest, type PatternItem } from './patternItems';
import { WildcardPattern, type StepCounter } from './wildcardPattern';

export interface GitignoreOptions {
  /** Rules for matching {@link foldCase}d paths (git's `core.ignorecase`). */
  readonly ignoreCase?: boolean;
  readonly counter?: StepCounter;
}

export interface GitignoreRule {
  /** `!pattern`: re-includes what an earlier rule excluded. */
  readonly negative: boolean;
  /** `pattern/`: matches directories only. */
  readonly directoryOnly: boolean;
  /** No `/` except a trailing one: matched against the last component of a path, at any depth. */
  readonly basenameOnly: boolean;
  /** Undefined for a pattern git can never match (an unclosed `[`, a trailing `\`). */
  readonly pattern: WildcardPattern | undefined;
}

const SLASH_ITEM: PatternItem = { kind: 'char', test: { kind: 'literal', code: 47 } };
const ANYTHING: PatternItem = { kind: 'repeat', test: { kind: 'any' } };
const STAR: PatternItem = { kind: 'repeat', test: { kind: 'other' } };
const ONE: PatternItem = { kind: 'char', test: { kind: 'other' } };

/** The rules of one ignore file, in file order (the last matching rule decides). */
export function parseGitignore(text: string, options: GitignoreOptions = {}): GitignoreRule[] {
  const rules: GitignoreRule[] = [];
  let from = text.charCodeAt(0) === 0xfeff ? 1 : 0; // git skips a UTF-8 byte order mark
  while (from <= text.length) {
    let to = text.indexOf('\n', from);
    if (to === -1) to = text.length;
    const line = text.slice(from, to > from && text.charCodeAt(to - 1) === 13 ? to - 1 : to);
    const rule = line === '' || line.charCodeAt(0) === 35 /* # */ ? undefined : parseRule(trimTrailingSpaces(line), options);
    if (rule) rules.push(rule);
    from = to + 1;
  }
  return rules;
}

/** Trailing spaces are dropped unless the last one is escaped with `\` (git's trim_trailing_spaces). */
function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) === 32) end--;
  if (end === line.length) return line;
  // Count the backslashes before the first trailing space: an odd number escapes it.
  let slashes = 0;
  while (end - slashes - 1 >= 0 && line.charCodeAt(end - slashes - 1) === 92) slashes++;
  return slashes % 2 === 1 ? line.slice(0, end + 1) : line.slice(0, end);
}

function parseRule(line: string, options: GitignoreOptions): GitignoreRule | undefined {
  let body = line;
  const negative = body.startsWith('!');
  if (negative) body = body.slice(1);
  const directoryOnly = body.endsWith('/');
  if (directoryOnly) body = body.slice(0, -1);
  if (body === '') return undefined; // `/`, `!`: nothing to match
  const basenameOnly = !body.includes('/');
  if (!basenameOnly && body.startsWith('/')) body = body.slice(1);
  const items = wildmatchItems(body);
  const pattern = items && new WildcardPattern(options.ignoreCase ? caseless(items) : items, options.counter ? { counter: options.counter } : {});
  return { negative, directoryOnly, basenameOnly, pattern };
}

/** The pattern items of a wildmatch pattern (with path semantics), or undefined when git would never match it. */
export function wildmatchItems(p: string): PatternItem[] | undefined {
  const items: PatternItem[] = [];
  let i = 0;
  while (i < p.length) {
    const c = p.charCodeAt(i);
    if (c === 92 /* \ */) {
      if (i + 1 >= p.length) return undefined;
      items.push(literal(p.charCodeAt(i + 1)));
      i += 2;
    } else if (c === 63 /* ? */) {
      items.push(ONE);
      i++;
    } else if (c === 91 /* [ */) {
      const parsed = bracket(p, i);
      if (!parsed) return undefined;
      items.push({ kind: 'char', test: parsed.test });
      i = parsed.end;
    } else if (c === 42 /* * */) {
      let j = i;
      while (j < p.length && p.charCodeAt(j) === 42) j++;
      const wholeComponent = j - i >= 2 && (i === 0 || p.charCodeAt(i - 1) === 47) &&
        (j === p.length || p.charCodeAt(j) === 47 || (p.charCodeAt(j) === 92 && p.charCodeAt(j + 1) === 47));
      if (!wholeComponent) {
        items.push(STAR);
        i = j;
      } else if (j === p.length) {
        items.push(ANYTHING); // trailing `**`: everything below
        i = j;
      } else {
        // `**/`: no directories at all, or any path followed by `/`.
        items.push({ kind: 'choice', options: [[], [ANYTHING, SLASH_ITEM]] });
        i = p.charCodeAt(j) === 47 ? j + 1 : j + 2;
      }
    } else {
      items.push(literal(c));
      i++;
    }
  }
  return items;
}

// One shared item per ASCII character: a file of a hundred thousand rules should not hold a million small objects.
const ASCII_LITERALS: readonly PatternItem[] = Array.from({ length: 128 }, (_, code) => ({ kind: 'char', test: { kind: 'literal', code } }));

function literal(code: number): PatternItem {
  return code < 128 ? ASCII_LITERALS[code]! : { kind: 'char', test: { kind: 'literal', code } };
}

const NAMED_CLASSES: ReadonlyMap<string, readonly number[]> = new Map(Object.entries({
  alnum: [48, 57, 65, 90, 97, 122],
  alpha: [65, 90, 97, 122],
  blank: [9, 9, 32, 32],
  cntrl: [0, 31, 127, 127],
  digit: [48, 57],
  graph: [33, 126],
  lower: [97, 122],
  print: [32, 126],
  punct: [33, 47, 58, 64, 91, 96, 123, 126],
  space: [9, 13, 32, 32],
  upper: [65, 90],
  xdigit: [48, 57, 65, 70, 97, 102],
}));

/** A bracket expression starting at `p[start] === '['`: its test and the index after its `]`. */
function bracket(p: string, start: number): { test: CharTest; end: number } | undefined {
  let j = start + 1;
  const negated = p[j] === '!' || p[j] === '^';
  if (negated) j++;
  const ranges: number[] = [];
  let previous = -1; // the last single character, a possible range start
  let nextClose = -1;
  for (let first = true; ; first = false) {
    if (j >= p.length) return undefined; // unclosed: git never matches the pattern
    let c = p.charCodeAt(j);
    if (c === 93 /* ] */ && !first) return { test: { kind: 'class', negated, ranges }, end: j + 1 };
    if (c === 92 /* \ */) {
      j++;
      if (j >= p.length) return undefined;
      c = p.charCodeAt(j);
      ranges.push(c, c);
      previous = c;
    } else if (c === 45 /* - */ && previous !== -1 && j + 1 < p.length && p.charCodeAt(j + 1) !== 93) {
      j++;
      let high = p.charCodeAt(j);
      if (high === 92) {
        j++;
        if (j >= p.length) return undefined;
        high = p.charCodeAt(j);
      }
      ranges.push(previous, high);
      previous = -1;
    } else if (c === 91 && p.charCodeAt(j + 1) === 58 /* [: */) {
      // `[:name:]` runs to the next `]`; found once and reused, so a run of `[:` stays linear.
      if (nextClose < j + 2) nextClose = p.indexOf(']', j + 2);
      if (nextClose === -1) return undefined;
      if (nextClose - 1 >= j + 2 && p.charCodeAt(nextClose - 1) === 58) {
        const named = NAMED_CLASSES.get(p.slice(j + 2, nextClose - 1));
        if (!named) return undefined; // an unknown class: git never matches the pattern
        ranges.push(...named);
        previous = -1;
        j = nextClose;
      } else {
        ranges.push(c, c); // no `:]`: a plain `[`
        previous = c;
      }
    } else {
      ranges.push(c, c);
      previous = c;
    }
    j++;
  }
}
