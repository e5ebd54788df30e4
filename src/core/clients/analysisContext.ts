import { type OpCounter } from './codeSyntax';
import { isIdentCode, type CodeView } from './codeView';

/** Constructions analysed per file at most: beyond that a file is not source code anyone maintains by hand. */
export const MAX_CONSTRUCTIONS = 256;
/** Sibling-endpoint look-ups per file at most (each reads a window of the file). */
export const MAX_SIBLING_LOOKUPS = 16;
/** Longest argument list (or builder chain) read, in characters. */
export const MAX_CALL = 4096;

/** One file's analysis: its code view, the operation count, and what is left of the per-file allowances. */
export interface AnalysisContext {
  readonly view: CodeView;
  readonly counter: OpCounter;
  constructionsLeft: number;
  siblingLookupsLeft: number;
}

export function analysisContext(view: CodeView, counter: OpCounter): AnalysisContext {
  return { view, counter, constructionsLeft: MAX_CONSTRUCTIONS, siblingLookupsLeft: MAX_SIBLING_LOOKUPS };
}

/** Takes one sibling look-up from the allowance (false when it is used up). */
export function takeSiblingLookup(ctx: AnalysisContext): boolean {
  if (ctx.siblingLookupsLeft <= 0) return false;
  ctx.siblingLookupsLeft--;
  return true;
}

/** Offsets of `word` in the code view as a whole word, in order, while constructions are left to analyse. */
export function* wordOccurrences(ctx: AnalysisContext, word: string): Generator<number> {
  const { code } = ctx.view;
  for (let p = code.indexOf(word); p >= 0 && ctx.constructionsLeft > 0; p = code.indexOf(word, p + word.length)) {
    ctx.counter.ops += word.length;
    const before = p > 0 ? code.charCodeAt(p - 1) : 32;
    const after = code.charCodeAt(p + word.length);
    if (!isIdentCode(before) && !isIdentCode(after)) yield p;
  }
}
