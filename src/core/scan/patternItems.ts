// The small pattern language both ignore dialects parse into (gitignoreRules.ts, vscodeGlob.ts) and what can be
// read off a pattern without running it: its literal text, its literal runs, its shortest match, a caseless copy.

/** What one character of text must be. "Separators" are `/`, and for VS Code globs also `\`. */
export type CharTest =
  | { readonly kind: 'literal'; readonly code: number }
  | { readonly kind: 'other' } // any character but a separator
  | { readonly kind: 'any' }
  | { readonly kind: 'separator' }
  /** A bracket expression: `ranges` holds [low, high] code pairs. Never matches a separator. */
  | { readonly kind: 'class'; readonly negated: boolean; readonly ranges: readonly number[] };

export type PatternItem =
  | { readonly kind: 'char'; readonly test: CharTest }
  /** Zero or more characters that each pass `test` (`*` is a repeat of `other`). */
  | { readonly kind: 'repeat'; readonly test: CharTest }
  /** Exactly one of the alternatives (an empty alternative matches the empty string). */
  | { readonly kind: 'choice'; readonly options: readonly (readonly PatternItem[])[] };

/** ASCII lower case, as git folds names with `core.ignorecase`. */
export function foldCase(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : text;
}

/** The items of a case-insensitive pattern, for matching against {@link foldCase}d text. */
export function caseless(items: readonly PatternItem[]): PatternItem[] {
  const test = (t: CharTest): CharTest => {
    if (t.kind === 'literal') return t.code >= 65 && t.code <= 90 ? { kind: 'literal', code: t.code + 32 } : t;
    if (t.kind !== 'class') return t;
    const ranges = [...t.ranges];
    for (let i = 0; i < t.ranges.length; i += 2) {
      const [lo, hi] = [t.ranges[i]!, t.ranges[i + 1]!];
      if (lo <= 90 && hi >= 65) ranges.push(Math.max(lo, 65) + 32, Math.min(hi, 90) + 32);
      if (lo <= 122 && hi >= 97) ranges.push(Math.max(lo, 97) - 32, Math.min(hi, 122) - 32);
    }
    return { ...t, ranges };
  };
  return items.map((item) => (item.kind === 'choice' ? { kind: 'choice', options: item.options.map(caseless) } : { ...item, test: test(item.test) }));
}

/** The text a pattern of literal characters only stands for, or undefined. */
export function literalOf(items: readonly PatternItem[]): string | undefined {
  let text = '';
  for (const item of items) {
    if (item.kind !== 'char' || item.test.kind !== 'literal') return undefined;
    text += String.fromCharCode(item.test.code);
  }
  return text;
}

/** The runs of literal characters every match contains, in order (outside alternatives and repeats). */
export function literalRuns(items: readonly PatternItem[]): string[] {
  const runs: string[] = [];
  let run = '';
  for (const item of items) {
    if (item.kind === 'char' && item.test.kind === 'literal') {
      run += String.fromCharCode(item.test.code);
    } else if (run !== '') {
      runs.push(run);
      run = '';
    }
  }
  if (run !== '') runs.push(run);
  return runs;
}

/** The fewest characters a match has. */
export function minimumLength(items: readonly PatternItem[]): number {
  let n = 0;
  for (const item of items) {
    if (item.kind === 'char') n++;
    else if (item.kind === 'choice' && item.options.length > 0) {
      let least = Infinity;
      for (const option of item.options) least = Math.min(least, minimumLength(option));
      n += least;
    }
  }
  return n;
}
