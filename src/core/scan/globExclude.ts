// User-given exclude globs (`--exclude` in the CLI, `files.exclude`-style settings in the editor).
import picomatch from 'picomatch';

/** Tests a POSIX path relative to the scanned folder; a matching directory is excluded with everything in it. */
export type ExcludeTest = (path: string, isDirectory: boolean) => boolean;

/**
 * Compiles globs with gitignore-like reach: a glob without `/` matches a name at any depth (`*.min.js`,
 * `node_modules`), one with `/` matches the whole relative path (`dist/**`, `src/gen/*.ts`); a trailing `/`
 * restricts it to directories. Dot-files are matched like any other name.
 */
export function createExcludeTest(globs: readonly string[]): ExcludeTest {
  const any: picomatch.Matcher[] = [];
  const dirsOnly: picomatch.Matcher[] = [];
  for (const raw of globs) {
    const glob = raw.trim();
    if (!glob) continue;
    const dirOnly = glob.endsWith('/');
    const body = glob.replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
    if (!body) continue;
    const matcher = picomatch(body, { dot: true, basename: !body.includes('/') });
    (dirOnly ? dirsOnly : any).push(matcher);
  }
  if (any.length === 0 && dirsOnly.length === 0) return () => false;
  return (path, isDirectory) => any.some((m) => m(path)) || (isDirectory && dirsOnly.some((m) => m(path)));
}
