// Evaluates git's ignore rules for a walk, given the text of each `.gitignore` (and `.git/info/exclude`) met on
// the way. Pure: the caller reads the files (Node fs in the CLI, vscode.workspace.fs in the editor) and passes
// paths as POSIX strings relative to one origin (the repository root, or the scanned folder).
import ignore, { type Ignore } from 'ignore';

export interface IgnoreScopeOptions {
  /** Match case-insensitively, as git does with `core.ignorecase` (Windows, macOS). Default false. */
  readonly ignoreCase?: boolean;
}

/**
 * One level of ignore rules (one `.gitignore`) on top of its parent levels. Immutable: a walker keeps one scope
 * per directory and derives a child when it meets a `.gitignore`, so concurrent walks need no locking.
 */
interface RuleLevel {
  /** Directory of the rules, relative to the origin, POSIX, no trailing slash; '' for the origin itself. */
  readonly dir: string;
  readonly rules: Ignore;
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
    if (!hasRules(text)) return this;
    const rules = ignore({ ignorecase: this.options.ignoreCase ?? false }).add(text);
    return new IgnoreScope([{ dir: trimSlashes(dir), rules }, ...this.levels], this.options);
  }

  /**
   * Whether git would ignore `path` (relative to the origin, POSIX separators). The innermost `.gitignore`
   * whose last matching rule decides wins, so a nested `!pattern` re-includes what an outer file ignored.
   */
  isIgnored(path: string, isDirectory: boolean): boolean {
    for (const scope of this.levels) {
      let rel: string;
      if (scope.dir === '') rel = path;
      else if (path.length > scope.dir.length && path.startsWith(scope.dir) && path.charCodeAt(scope.dir.length) === 47 /* / */) {
        rel = path.slice(scope.dir.length + 1);
      } else continue;
      if (rel === '') continue;
      let verdict: { ignored: boolean; unignored: boolean };
      try {
        verdict = scope.rules.test(isDirectory ? `${rel}/` : rel);
      } catch {
        continue; // names the matcher refuses (a file called `...`) match no pattern
      }
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
    return false;
  }
}

function trimSlashes(dir: string): string {
  return dir.replace(/^\/+|\/+$/g, '');
}

/** Skips building a matcher for files holding only comments and blank lines. */
function hasRules(text: string): boolean {
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t !== '' && !t.startsWith('#')) return true;
  }
  return false;
}
