// User-given exclude globs (`--exclude` in the CLI), with VS Code's glob syntax (vscodeGlob.ts).
import { compileGlob, type GlobOptions } from './vscodeGlob';
import { type WildcardPattern } from './wildcardPattern';

/** Tests a POSIX path relative to the scanned folder; a matching directory is excluded with everything in it. */
export type ExcludeTest = (path: string, isDirectory: boolean) => boolean;

interface ExcludeGlob {
  readonly pattern: WildcardPattern;
  /** No `/`: matched against the last component, at any depth. */
  readonly basename: boolean;
  readonly directoryOnly: boolean;
}

/**
 * Compiles globs with gitignore-like reach: a glob without `/` matches a name at any depth (`*.min.js`,
 * `node_modules`), one with `/` matches the whole relative path (`dist/**`, `src/gen/*.ts`); a trailing `/`
 * restricts it to directories. Dot-files are matched like any other name.
 */
export function createExcludeTest(globs: readonly string[], options: GlobOptions = {}): ExcludeTest {
  const compiled: ExcludeGlob[] = [];
  for (const raw of globs) {
    const glob = raw.trim();
    const directoryOnly = glob.endsWith('/');
    const body = trimSlashes(glob.startsWith('./') ? glob.slice(2) : glob);
    const pattern = compileGlob(body, options);
    if (pattern) compiled.push({ pattern, basename: !body.includes('/'), directoryOnly });
  }
  if (compiled.length === 0) return () => false;
  return (path, isDirectory) => {
    const name = path.lastIndexOf('/') + 1;
    return compiled.some((g) => (isDirectory || !g.directoryOnly) && g.pattern.matches(path, g.basename ? name : 0, path.length));
  };
}

function trimSlashes(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 47) start++;
  while (end > start && text.charCodeAt(end - 1) === 47) end--;
  return text.slice(start, end);
}
