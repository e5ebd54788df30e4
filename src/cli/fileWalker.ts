// Walks the folders given to `cosmos-guard scan` and lists the files to read. Never enters `.git/`, honours
// `.gitignore` files (nested ones too, those above the scanned folder up to the repository root, and
// `.git/info/exclude`) except for files git tracks — what is committed is scanned — and reports what it could not
// list instead of stopping. Hidden files and folders (`.env`, `.github/`) are walked: secrets live there.
// Symbolic links never lead out of the scanned folders: a link to a folder inside them is walked once (so link
// loops end), a link to a file inside them is left to the file's own path, and anything else is reported and skipped.
import fs from 'node:fs';
import path from 'node:path';
import { gitRulesAt, locateFolder, readTrackedPaths, TrackedPaths } from '../core/git';
import { IgnoreScope, type ExcludeTest } from '../core/scan';
import { describeFsError } from '../shared/fsErrors';
import { NODE_FOLDER_ACCESS } from '../shared/nodeFolderAccess';

export interface WalkRoot {
  /** Absolute path of a PATH argument (a folder or a file). */
  readonly absPath: string;
  /** Its path relative to the report's base folder, POSIX separators ('' when it is the base). */
  readonly relPath: string;
  readonly isDirectory: boolean;
}

export interface WalkOptions {
  readonly gitignore: boolean;
  readonly exclude: ExcludeTest;
  /** git's `core.ignorecase` default for the platform. */
  readonly ignoreCase: boolean;
  /** Told each time a file is listed (with the count so far): the scan starts its helper thread mid-walk. */
  readonly onFile?: (count: number) => void;
}

export interface WalkedFile {
  readonly absPath: string;
  /** Relative to the report's base folder, POSIX separators: what findings carry as `file`. */
  readonly relPath: string;
}

/** A symbolic link the walk did not follow, and why (it leads outside the scanned folders, or nowhere). */
export interface SkippedLink {
  readonly file: string;
  readonly reason: string;
}

export interface WalkResult {
  readonly files: WalkedFile[];
  /** Files and folders skipped by `.gitignore` rules or `--exclude` globs. */
  ignored: number;
  /** FIFOs, sockets and devices: never read (a FIFO would block forever). */
  notRegular: number;
  /** Folders reached again through a symbolic link (including link loops): walked once only. */
  alreadyVisited: number;
  /** Symbolic links not followed: to files scanned under their own path, outside the scanned folders, or broken. */
  symlinks: number;
  /** The links among those that lead outside the scanned folders or nowhere: reported on stderr. */
  readonly skippedLinks: SkippedLink[];
  readonly unreadable: { file: string; reason: string }[];
  /** Repositories whose index could not be read: `.gitignore` then applied to their tracked files too. */
  readonly gitProblems: string[];
}

/** What decides ignoring inside one repository (or, outside any, the scanned folder). */
interface RepoContext {
  readonly tracked: TrackedPaths;
}

interface PendingDir {
  readonly absPath: string;
  readonly realPath: string;
  readonly relPath: string;
  /** Path relative to the ignore rules' origin (the repository root), POSIX. */
  readonly ignorePath: string;
  readonly scope: IgnoreScope;
  readonly repo: RepoContext;
  /** Inside a folder git ignores, entered only for the tracked files in it: everything untracked stays skipped. */
  readonly ignoredParent: boolean;
}

const byName = (a: fs.Dirent, b: fs.Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function readIgnoreFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function isInside(realPath: string, realRoots: readonly string[]): boolean {
  return realRoots.some((r) => realPath === r || realPath.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
}

export async function walkRoots(roots: readonly WalkRoot[], options: WalkOptions): Promise<WalkResult> {
  const result: WalkResult = {
    files: [], ignored: 0, notRegular: 0, alreadyVisited: 0, symlinks: 0, skippedLinks: [], unreadable: [], gitProblems: [],
  };
  const visited = new Set<string>();
  const seenFiles = new Set<string>();
  const ignoreOptions = { ignoreCase: options.ignoreCase };
  const noRepo: RepoContext = { tracked: TrackedPaths.none };
  const realRoots: string[] = [];
  for (const root of roots) {
    if (!root.isDirectory) continue;
    try {
      realRoots.push(fs.realpathSync.native(root.absPath));
    } catch {
      // reported below when the root is walked
    }
  }
  // Folders reached through symbolic links wait until every plain folder is walked, so a file is reported under
  // its own path rather than under a link that happens to sort first. Nested repositories wait too: their rules
  // are read asynchronously.
  const linked: PendingDir[] = [];
  const nestedRepos: PendingDir[] = [];
  const unreadable = (relPath: string, error: unknown, what?: string): void => {
    result.unreadable.push({ file: relPath, reason: describeFsError(error, what) });
  };

  /** A repository's context: its index's tracked paths, read once per repository (a problem reading it is reported once). */
  const contexts = new Map<string, RepoContext>();
  const openRepo = async (absPath: string): Promise<{ context: RepoContext; scope: IgnoreScope; prefix: string }> => {
    const place = await locateFolder(absPath, NODE_FOLDER_ACCESS);
    if (!place.repository) return { context: noRepo, scope: IgnoreScope.empty(ignoreOptions), prefix: '' };
    const scope = await gitRulesAt(place, NODE_FOLDER_ACCESS, ignoreOptions);
    let context = contexts.get(place.repository.root);
    if (!context) {
      const read = await readTrackedPaths(place, NODE_FOLDER_ACCESS);
      if (read.problem) result.gitProblems.push(`${place.repository.root}: ${read.problem}`);
      context = { tracked: read.tracked };
      contexts.set(place.repository.root, context);
    }
    return { context, scope, prefix: place.prefix };
  };

  const walkDir = (dir: PendingDir, isRepoRoot: boolean): void => {
    if (visited.has(dir.realPath)) {
      result.alreadyVisited++;
      return;
    }
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir.absPath, { withFileTypes: true });
    } catch (e) {
      visited.add(dir.realPath);
      unreadable(dir.relPath === '' ? '.' : `${dir.relPath}/`, e, 'cannot list folder');
      return;
    }
    if (options.gitignore && !isRepoRoot && entries.some((e) => e.name === '.git')) {
      // Another repository inside this one (a submodule, a nested clone): its own index and rules decide.
      nestedRepos.push(dir);
      return;
    }
    visited.add(dir.realPath);
    entries.sort(byName);
    let scope = dir.scope;
    if (options.gitignore && entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      const text = readIgnoreFile(path.join(dir.absPath, '.gitignore'));
      if (text !== undefined) scope = scope.withRules(dir.ignorePath, text);
    }
    const subdirs: PendingDir[] = [];
    // Per folder, not per entry (the walk's per-entry work showed in profiles): path prefixes (plain concatenation:
    // the walk's paths are already normalised, and path.join() showed too), and one test that leaves git's verdict
    // in `ignoredHere` for the folders below.
    const absPrefix = dir.absPath.endsWith(path.sep) ? dir.absPath : dir.absPath + path.sep;
    const realPrefix = dir.realPath.endsWith(path.sep) ? dir.realPath : dir.realPath + path.sep;
    const relPrefix = dir.relPath === '' ? '' : `${dir.relPath}/`;
    const ignorePrefix = dir.ignorePath === '' ? '' : `${dir.ignorePath}/`;
    let ignoredHere = false;
    /** Git's verdict, except that a tracked file (or a folder holding one) is always walked. */
    const skip = (relPath: string, ignorePath: string, asDirectory: boolean): boolean => {
      ignoredHere = false;
      if (options.exclude(relPath, asDirectory)) return true;
      if (!options.gitignore) return false;
      ignoredHere = dir.ignoredParent || scope.isIgnored(ignorePath, asDirectory);
      return ignoredHere && !dir.repo.tracked.covers(ignorePath, asDirectory);
    };
    for (const entry of entries) {
      const name = entry.name;
      if (name === '.git') continue; // repository internals (a folder, or a file in worktrees and submodules)
      const absPath = absPrefix + name;
      const relPath = relPrefix + name;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      const isLink = entry.isSymbolicLink();
      const ignorePath = options.gitignore ? ignorePrefix + name : '';
      if (isLink) {
        let st: fs.Stats;
        let realPath: string;
        try {
          st = fs.statSync(absPath);
          realPath = fs.realpathSync.native(absPath);
        } catch (e) {
          // A dangling link that would be skipped anyway (`node_modules/.bin/…`) is not worth a warning.
          if (skip(relPath, ignorePath, false)) result.ignored++;
          else skipLink(relPath, `broken symbolic link: ${describeFsError(e)}`);
          continue;
        }
        isDirectory = st.isDirectory();
        isFile = st.isFile();
        if (skip(relPath, ignorePath, isDirectory)) {
          result.ignored++;
          continue;
        }
        if (!isInside(realPath, realRoots)) {
          skipLink(relPath, 'symbolic link to a path outside the scanned folders');
          continue;
        }
        if (isDirectory) linked.push({ absPath, realPath, relPath, ignorePath, scope, repo: dir.repo, ignoredParent: ignoredHere });
        else result.symlinks++; // the file it points to is scanned under its own path
        continue;
      }
      if (!isDirectory && !isFile) {
        result.notRegular++;
        continue;
      }
      if (skip(relPath, ignorePath, isDirectory)) {
        result.ignored++;
        continue;
      }
      if (isFile) {
        // Listed first, then told: `onFile?.(files.push(…))` would skip the push itself when nobody listens.
        const count = result.files.push({ absPath, relPath });
        options.onFile?.(count);
      }
      else subdirs.push({ absPath, realPath: realPrefix + name, relPath, ignorePath, scope, repo: dir.repo, ignoredParent: ignoredHere });
    }
    for (const sub of subdirs) walkDir(sub, false);
  };
  const skipLink = (file: string, reason: string): void => {
    result.symlinks++;
    result.skippedLinks.push({ file, reason });
  };

  for (const root of roots) {
    if (!root.isDirectory) {
      // A file named on the command line is always scanned (as git and ripgrep treat explicit paths).
      const real = safeRealpath(root.absPath);
      if (!seenFiles.has(real)) {
        seenFiles.add(real);
        result.files.push({ absPath: root.absPath, relPath: root.relPath });
      }
      continue;
    }
    let realPath: string;
    try {
      realPath = fs.realpathSync.native(root.absPath);
    } catch (e) {
      unreadable(root.relPath || '.', e, 'cannot resolve folder');
      continue;
    }
    const repo = options.gitignore ? await openRepo(root.absPath) : undefined;
    walkDir({
      absPath: root.absPath, realPath, relPath: root.relPath, ignorePath: repo?.prefix ?? '', scope: repo?.scope ?? IgnoreScope.empty(ignoreOptions),
      repo: repo?.context ?? noRepo, ignoredParent: false,
    }, true);
    while (linked.length || nestedRepos.length) {
      while (linked.length) walkDir(linked.shift()!, false);
      const nested = nestedRepos.shift();
      if (!nested) continue;
      const inner = await openRepo(nested.absPath);
      walkDir({ ...nested, ignorePath: '', scope: inner.scope, repo: inner.context, ignoredParent: false }, true);
    }
  }
  return result;
}

function safeRealpath(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return p;
  }
}
