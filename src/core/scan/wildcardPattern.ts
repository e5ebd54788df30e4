// The matching engine behind `.gitignore` rules and VS Code globs. Both dialects parse into the same small pattern
// language (single characters, runs of them, alternatives), which compiles to a Thompson automaton that is run over
// the text once, keeping every live state at the same time. A match therefore costs at most |text| × |pattern|
// steps, whatever the input: no backtracking, so `a*a*a*a*a*a*a*a*a*a*a*b` against forty `a`s takes microseconds
// where a regular expression (what the `ignore` and `picomatch` packages build) takes seconds or hours.
// Case-insensitive matching is the caller's: fold the text and the pattern (see patternItems.ts) before matching.
import { literalOf, literalRuns, minimumLength, type CharTest, type PatternItem } from './patternItems';

export { type CharTest, type PatternItem } from './patternItems';

/** Counts matching work, so tests can check how cost grows by operations rather than by time. */
export interface StepCounter {
  steps: number;
}

export interface PatternOptions {
  /** `\` separates path components too (VS Code globs). Default: only `/`. */
  readonly backslashSeparates?: boolean;
  readonly counter?: StepCounter;
}

const SLASH = 47;
const BACKSLASH = 92;
// Node layout in one Int32Array, five slots per node: [op, test kind, test argument, out1, out2].
const WIDTH = 5;
const OP_CHAR = 0;
const OP_SPLIT = 1;
const OP_MATCH = 2;
const T_LITERAL = 0;
const T_OTHER = 1;
const T_ANY = 2;
const T_SEPARATOR = 3;
const T_CLASS = 4;
const T_NEGATED_CLASS = 5;

// Work space shared by every pattern: matching is synchronous, so one set of buffers serves all of them.
let marks = new Int32Array(64);
let stack = new Int32Array(64);
let current = new Int32Array(64);
let following = new Int32Array(64);
let generation = 0;

function reserve(nodes: number): void {
  if (marks.length >= nodes) return;
  const size = Math.max(nodes, marks.length * 2);
  marks = new Int32Array(size);
  stack = new Int32Array(size);
  current = new Int32Array(size);
  following = new Int32Array(size);
  generation = 0;
}

function nextGeneration(): number {
  if (generation >= 0x3fffffff) {
    marks.fill(0);
    generation = 0;
  }
  return ++generation;
}

/**
 * A compiled pattern. Cheap checks first (a literal it must contain, its shortest length), fast paths for the
 * shapes most rules have (`name`, `*.ext`), the automaton — built on first use — for the rest.
 */
export class WildcardPattern {
  /** The whole pattern is this literal text. */
  private readonly literal: string | undefined;
  /** The pattern is `*` followed by this literal text (without separators). */
  private readonly suffix: string | undefined;
  /** The runs of literal characters every match contains, in order (outside alternatives and repeats). */
  private readonly literalRuns: readonly string[];
  /** The fewest characters a match has. */
  private readonly minLength: number;
  private nodes: Int32Array | undefined;
  private start = 0;
  private classes: (readonly number[])[] | undefined;
  private readonly backslashSeparates: boolean;
  private readonly counter: StepCounter | undefined;

  /** What the automaton is built from; dropped when a fast path covers the pattern. */
  private readonly items: readonly PatternItem[] | undefined;

  constructor(items: readonly PatternItem[], options: PatternOptions = {}) {
    this.backslashSeparates = options.backslashSeparates ?? false;
    this.counter = options.counter;
    this.literal = literalOf(items);
    const first = items[0];
    const suffix = this.literal === undefined && first?.kind === 'repeat' && first.test.kind === 'other' ? literalOf(items.slice(1)) : undefined;
    this.suffix = suffix !== undefined && !this.hasSeparator(suffix) ? suffix : undefined;
    const fast = this.literal !== undefined || this.suffix !== undefined;
    this.items = fast ? undefined : items;
    this.literalRuns = fast ? NO_RUNS : literalRuns(items);
    this.minLength = this.literal?.length ?? this.suffix?.length ?? minimumLength(items);
  }

  /** Whether the pattern matches all of `text[from, to)`. */
  matches(text: string, from = 0, to = text.length): boolean {
    if (this.counter) this.counter.steps++;
    if (to - from < this.minLength) return false;
    if (this.literal !== undefined) return to - from === this.literal.length && this.equalsAt(text, from, this.literal);
    if (this.suffix !== undefined) return this.matchesSuffix(text, from, to);
    // Only when the range runs to the end: a search past `to` would re-read text a caller reads range by range.
    if (to === text.length && !this.mayMatchIn(text, from)) return false;
    return this.run(text, from, to, undefined);
  }

  /**
   * False when no part of `text` from `from` on can match: the pattern's literal runs do not occur in it in order.
   * A few native searches, each starting where the last one matched, so at most one read of the text.
   */
  mayMatchIn(text: string, from: number): boolean {
    let at = from;
    let searches = 0;
    let found = 0;
    for (const run of this.literalRuns) {
      searches++;
      found = text.indexOf(run, at);
      if (found === -1) break;
      at = found + run.length;
    }
    if (this.counter) this.counter.steps += 1 + searches;
    return found !== -1;
  }

  /**
   * The ends `p` of the prefixes `text[from, p)` the pattern matches, where `p` is a `/` or `to`, ascending: one pass
   * over the text answers for a path and all of its parent directories.
   */
  matchingPrefixEnds(text: string, from: number, to: number): number[] {
    if (this.counter) this.counter.steps++;
    if (this.literal !== undefined) {
      const end = from + this.literal.length;
      const boundary = end === to || (end < to && text.charCodeAt(end) === SLASH);
      return boundary && this.equalsAt(text, from, this.literal) ? [end] : [];
    }
    const ends: number[] = [];
    if (to - from >= this.minLength) this.run(text, from, to, ends);
    return ends;
  }

  private isSeparator(c: number): boolean {
    return c === SLASH || (c === BACKSLASH && this.backslashSeparates);
  }

  private hasSeparator(s: string): boolean {
    return s.includes('/') || (this.backslashSeparates && s.includes('\\'));
  }

  private equalsAt(text: string, at: number, literal: string): boolean {
    if (this.counter) this.counter.steps += literal.length;
    return text.startsWith(literal, at);
  }

  private matchesSuffix(text: string, from: number, to: number): boolean {
    const suffix = this.suffix!;
    const head = to - suffix.length;
    if (head < from || !this.equalsAt(text, head, suffix)) return false;
    if (this.counter) this.counter.steps += head - from;
    for (let i = from; i < head; i++) if (this.isSeparator(text.charCodeAt(i))) return false;
    return true;
  }

  /** The automaton's nodes, built on first use (most rules never need them). */
  private automaton(): Int32Array {
    if (!this.nodes) {
      const nodes: number[] = [OP_MATCH, 0, 0, 0, 0];
      const start = this.build(this.items ?? [], 0, nodes);
      this.nodes = Int32Array.from(nodes);
      this.start = start;
    }
    return this.nodes;
  }

  /** Builds the nodes for `items` followed by node `next`, back to front; returns the first node. */
  private build(items: readonly PatternItem[], next: number, nodes: number[]): number {
    const add = (op: number, kind: number, arg: number, out1: number, out2: number): number => {
      nodes.push(op, kind, arg, out1, out2);
      return nodes.length / WIDTH - 1;
    };
    const charNode = (test: CharTest, out: number): number => {
      switch (test.kind) {
        case 'literal': return add(OP_CHAR, T_LITERAL, test.code, out, 0);
        case 'other': return add(OP_CHAR, T_OTHER, 0, out, 0);
        case 'any': return add(OP_CHAR, T_ANY, 0, out, 0);
        case 'separator': return add(OP_CHAR, T_SEPARATOR, 0, out, 0);
        default:
          this.classes ??= [];
          this.classes.push(test.ranges);
          return add(OP_CHAR, test.negated ? T_NEGATED_CLASS : T_CLASS, this.classes.length - 1, out, 0);
      }
    };
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i]!;
      if (item.kind === 'char') {
        next = charNode(item.test, next);
      } else if (item.kind === 'repeat') {
        const split = add(OP_SPLIT, 0, 0, 0, next);
        nodes[split * WIDTH + 3] = charNode(item.test, split);
        next = split;
      } else {
        const starts = item.options.map((option) => this.build(option, next, nodes));
        if (starts.length === 0) continue;
        let head = starts[starts.length - 1]!;
        for (let k = starts.length - 2; k >= 0; k--) head = add(OP_SPLIT, 0, 0, starts[k]!, head);
        next = head;
      }
    }
    return next;
  }

  /** Adds `node` and every node reachable from it without reading a character to `into`; returns the new size. */
  private close(nodes: Int32Array, node: number, into: Int32Array, size: number, gen: number): number {
    if (marks[node] === gen) return size;
    marks[node] = gen;
    let top = 0;
    stack[top++] = node;
    let steps = 0;
    while (top > 0) {
      const n = stack[--top]!;
      steps++;
      const at = n * WIDTH;
      if (nodes[at] === OP_SPLIT) {
        const a = nodes[at + 3]!;
        const b = nodes[at + 4]!;
        if (marks[b] !== gen) { marks[b] = gen; stack[top++] = b; }
        if (marks[a] !== gen) { marks[a] = gen; stack[top++] = a; }
      } else {
        into[size++] = n;
      }
    }
    if (this.counter) this.counter.steps += steps;
    return size;
  }

  /**
   * Runs the automaton over `text[from, to)`; returns whether it ends in the match state (node 0). With `ends`,
   * also collects each `/` (and `to`) at which the text read so far is matched.
   */
  private run(text: string, from: number, to: number, ends: number[] | undefined): boolean {
    const nodes = this.automaton();
    reserve(nodes.length / WIDTH);
    let cur = current;
    let nxt = following;
    let size = this.close(nodes, this.start, cur, 0, nextGeneration());
    for (let i = from; i < to && size > 0; i++) {
      const c = text.charCodeAt(i);
      const separator = c === SLASH || (c === BACKSLASH && this.backslashSeparates);
      if (ends && c === SLASH && i > from && marks[0] === generation) ends.push(i);
      const gen = nextGeneration();
      let nextSize = 0;
      for (let k = 0; k < size; k++) {
        const at = cur[k]! * WIDTH;
        if (nodes[at] !== OP_CHAR) continue;
        const arg = nodes[at + 2]!;
        let pass: boolean;
        switch (nodes[at + 1]) {
          case T_LITERAL: pass = arg === c; break;
          case T_OTHER: pass = !separator; break;
          case T_ANY: pass = true; break;
          case T_SEPARATOR: pass = separator; break;
          case T_CLASS: pass = !separator && inRanges(this.classes![arg]!, c); break;
          default: pass = !separator && !inRanges(this.classes![arg]!, c);
        }
        if (pass) nextSize = this.close(nodes, nodes[at + 3]!, nxt, nextSize, gen);
      }
      if (this.counter) this.counter.steps += size;
      const swap = cur;
      cur = nxt;
      nxt = swap;
      size = nextSize;
    }
    const matched = size > 0 && marks[0] === generation;
    if (ends && matched) ends.push(to);
    return matched;
  }
}

const NO_RUNS: readonly string[] = [];

function inRanges(ranges: readonly number[], c: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (c >= ranges[i]! && c <= ranges[i + 1]!) return true;
  return false;
}
