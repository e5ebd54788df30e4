// Evaluates git's ignore rules for a walk, given the text of each `.gitignore` (and `.git/info/exclude`) met on
// the way. Pure: the caller reads the files (Node fs in the CLI, vscode.workspace.fs in the editor) and passes
// paths as POSIX strings relative to one origin (the repository root, or the scanned folder).
//
// The rules come from the repository being scanned, so they are untrusted input: a check costs at most the path's
// length times the rules' total length (see wildcardPattern.ts), and reading a file of rules is one pass over it.
import { parseGitignore, type GitignoreRule } from './gitignoreRules';
import { foldCase } from './patternItems';
import { type StepCounter } from './wildcardPattern';

export interface IgnoreScopeOptions {
  /** Match case-insensitively, as git does with `core.ignorecase` (Windows, macOS). Default false. */
  readonly ignoreCase?: boolean;
  /** Counts matching work (for tests that check how the cost grows). */
  readonly counter?: StepCounter;
}

/**
 * One level of ignore rules (one `.gitignore`) on top of its parent levels. Immutable: a walker keeps one scope
 * per directory and derives a child when it meets a `.gitignore`, so concurrent walks need no locking.
 */
interface RuleLevel {
  /** Directory of the rules, relative to the origin, POSIX, no trailing slash; '' for the origin itself. */
  readonly dir: string;
  readonly rules: readonly GitignoreRule[];
}

export class IgnoreScope {
  private constructor(
    /** Innermost first. */
    private readonly levels: readonly RuleLevel[],
    private readonly options: IgnoreScopeOptions,
  ) {}

  /** A scope that ignores nothing. */
  static empty(options: IgnoreScopeOptions = {}): IgnoreScope {
    return new IgnoreScope([], options);
  }

  /**
   * Adds the rules of a `.gitignore` in `dir` (relative to the origin, '' for the origin). Rules added later take
   * precedence, so add `.git/info/exclude` first, then `.gitignore` files from the outermost directory inwards.
   */
  withRules(dir: string, text: string): IgnoreScope {
    const rules = parseGitignore(text, this.options);
    if (rules.length === 0) return this;
    return new IgnoreScope([{ dir: trimSlashes(dir), rules }, ...this.levels], this.options);
  }

  /**
   * Whether git would ignore `path` (relative to the origin, POSIX separators): because a directory above it is
   * ignored (git never looks inside one), or by the last rule that matches it in the innermost `.gitignore` that
   * has one — so a nested `!pattern` re-includes what an outer file ignored, but never inside an ignored folder.
   */
  isIgnored(path: string, isDirectory: boolean): boolean {
    if (this.levels.length === 0 || path === '') return false;
    if (this.options.ignoreCase) path = foldCase(path);
    // The path and each directory above it, by where they end: `a/b/c` → `a`, `a/b`, `a/b/c`.
    const ends: number[] = [];
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) ends.push(i);
    ends.push(path.length);
    const verdicts = new Array<boolean | undefined>(ends.length).fill(undefined);
    let open = ends.length;
    for (const level of this.levels) {
      let offset = 0;
      if (level.dir !== '') {
        const dir = this.options.ignoreCase ? foldCase(level.dir) : level.dir;
        if (!(path.length > dir.length && path.startsWith(dir) && path.charCodeAt(dir.length) === 47)) continue;
        offset = level.dir.length + 1;
      }
      open -= decideLevel(level.rules, path, offset, ends, isDirectory, verdicts);
      if (open === 0) break;
    }
    for (let k = 0; k < ends.length - 1; k++) if (verdicts[k] === true) return true;
    return verdicts[ends.length - 1] === true;
  }
}

/**
 * Fills in the verdicts one level's rules give for the prefixes of `path` inside the level (those ending after
 * `offset`) that no inner level decided: the last matching rule wins. Returns how many it decided.
 */
function decideLevel(rules: readonly GitignoreRule[], path: string, offset: number, ends: readonly number[], isDirectory: boolean,
  verdicts: (boolean | undefined)[]): number {
  const last = ends.length - 1;
  let first = 0;
  while (first <= last && ends[first]! <= offset) first++;
  let open = 0;
  for (let k = first; k <= last; k++) if (verdicts[k] === undefined) open++;
  let decided = 0;
  for (let r = rules.length - 1; r >= 0 && decided < open; r--) {
    const rule = rules[r]!;
    const pattern = rule.pattern;
    // Literals the rule needs, absent from the whole path: no prefix can match (native searches, no automaton).
    if (!pattern || !pattern.mayMatchIn(path, offset)) continue;
    // A directory-only rule can still decide the directories above a file.
    const lastEligible = rule.directoryOnly && !isDirectory ? last - 1 : last;
    if (rule.basenameOnly) {
      for (let k = first; k <= lastEligible; k++) {
        if (verdicts[k] === undefined && pattern.matches(path, k === 0 ? 0 : ends[k - 1]! + 1, ends[k])) {
          verdicts[k] = !rule.negative;
          decided++;
        }
      }
    } else {
      let k = first;
      for (const end of pattern.matchingPrefixEnds(path, offset, path.length)) {
        while (ends[k]! < end) k++;
        if (k <= lastEligible && verdicts[k] === undefined) {
          verdicts[k] = !rule.negative;
          decided++;
        }
      }
    }
  }
  return decided;
}

function trimSlashes(dir: string): string {
  let start = 0;
  let end = dir.length;
  while (start < end && dir.charCodeAt(start) === 47) start++;
  while (end > start && dir.charCodeAt(end - 1) === 47) end--;
  return dir.slice(start, end);
}
