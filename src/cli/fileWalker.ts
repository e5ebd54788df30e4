// Walks the folders given to `cosmos-guard scan` and lists the files to read. Follows symbolic links but walks
// each real folder once (so link loops end), never enters `.git/`, honours `.gitignore` files (nested ones too,
// those above the scanned folder up to the repository root, and `.git/info/exclude`), and reports what it could
// not list instead of stopping. Hidden files and folders (`.env`, `.github/`) are walked: secrets live there.
import fs from 'node:fs';
import path from 'node:path';
import { IgnoreScope, type ExcludeTest } from '../core/scan';
import { describeFsError } from './fsErrors';

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
}

export interface WalkedFile {
  readonly absPath: string;
  /** Relative to the report's base folder, POSIX separators: what findings carry as `file`. */
  readonly relPath: string;
}

export interface WalkResult {
  readonly files: WalkedFile[];
  /** Files and folders skipped by `.gitignore` rules or `--exclude` globs. */
  ignored: number;
  /** FIFOs, sockets and devices: never read (a FIFO would block forever). */
  notRegular: number;
  /** Folders reached again through a symbolic link (including link loops): walked once only. */
  alreadyVisited: number;
  readonly unreadable: { file: string; reason: string }[];
}

interface PendingDir {
  readonly absPath: string;
  readonly realPath: string;
  readonly relPath: string;
  /** Path relative to the ignore rules' origin (the repository root), POSIX. */
  readonly ignorePath: string;
  readonly scope: IgnoreScope;
}

const join = (dir: string, name: string): string => (dir === '' ? name : `${dir}/${name}`);
/** Plain concatenation: the walk's paths are already normalised, and path.join() showed in profiles. */
const child = (dir: string, name: string): string => (dir.endsWith(path.sep) ? dir + name : dir + path.sep + name);

/** The repository root containing `dir` (a folder with a `.git` entry), if any. */
function findRepositoryRoot(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

function readIgnoreFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function walkRoots(roots: readonly WalkRoot[], options: WalkOptions): WalkResult {
  const result: WalkResult = { files: [], ignored: 0, notRegular: 0, alreadyVisited: 0, unreadable: [] };
  const visited = new Set<string>();
  const seenFiles = new Set<string>();
  // Folders reached through symbolic links wait until every plain folder is walked, so a file is reported under
  // its own path rather than under a link that happens to sort first.
  const linked: PendingDir[] = [];
  const unreadable = (relPath: string, error: unknown, what?: string): void => {
    result.unreadable.push({ file: relPath, reason: describeFsError(error, what) });
  };

  const walkDir = (dir: PendingDir): void => {
    if (visited.has(dir.realPath)) {
      result.alreadyVisited++;
      return;
    }
    visited.add(dir.realPath);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir.absPath, { withFileTypes: true });
    } catch (e) {
      unreadable(dir.relPath === '' ? '.' : `${dir.relPath}/`, e, 'cannot list folder');
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let scope = dir.scope;
    if (options.gitignore && entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      const text = readIgnoreFile(path.join(dir.absPath, '.gitignore'));
      if (text !== undefined) scope = scope.withRules(dir.ignorePath, text);
    }
    const subdirs: PendingDir[] = [];
    for (const entry of entries) {
      const name = entry.name;
      if (name === '.git') continue; // repository internals (a folder, or a file in worktrees and submodules)
      const absPath = child(dir.absPath, name);
      const relPath = join(dir.relPath, name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      const isLink = entry.isSymbolicLink();
      const ignorePath = options.gitignore ? join(dir.ignorePath, name) : '';
      const skip = (asDirectory: boolean): boolean =>
        (options.gitignore && scope.isIgnored(ignorePath, asDirectory)) || options.exclude(relPath, asDirectory);
      if (isLink) {
        let st: fs.Stats;
        try {
          st = fs.statSync(absPath);
        } catch (e) {
          // A dangling link that would be skipped anyway (`node_modules/.bin/…`) is not worth a warning.
          if (skip(false)) result.ignored++;
          else unreadable(relPath, e, 'broken symbolic link');
          continue;
        }
        isDirectory = st.isDirectory();
        isFile = st.isFile();
      }
      if (!isDirectory && !isFile) {
        result.notRegular++;
        continue;
      }
      if (skip(isDirectory)) {
        result.ignored++;
        continue;
      }
      if (isFile) {
        result.files.push({ absPath, relPath });
      } else if (isLink) {
        let realPath: string;
        try {
          realPath = fs.realpathSync.native(absPath);
        } catch (e) {
          unreadable(relPath, e, 'broken symbolic link');
          continue;
        }
        linked.push({ absPath, realPath, relPath, ignorePath, scope });
      } else {
        subdirs.push({ absPath, realPath: child(dir.realPath, name), relPath, ignorePath, scope });
      }
    }
    for (const sub of subdirs) walkDir(sub);
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
    let scope = IgnoreScope.empty({ ignoreCase: options.ignoreCase });
    let ignorePath = '';
    if (options.gitignore) {
      const repo = findRepositoryRoot(root.absPath);
      if (repo !== undefined) {
        const exclude = readIgnoreFile(path.join(repo, '.git', 'info', 'exclude'));
        if (exclude !== undefined) scope = scope.withRules('', exclude);
        ignorePath = path.relative(repo, root.absPath).split(path.sep).join('/');
        // `.gitignore` files between the repository root and the scanned folder apply too.
        const parts = ignorePath === '' ? [] : ignorePath.split('/');
        for (let i = 0; i < parts.length; i++) {
          const rel = parts.slice(0, i).join('/');
          const text = readIgnoreFile(path.join(repo, ...parts.slice(0, i), '.gitignore'));
          if (text !== undefined) scope = scope.withRules(rel, text);
        }
        // A folder named on the command line is scanned even if git ignores it (as ripgrep does): the rules
        // that ignore it would otherwise hide everything in it. Its own and nested `.gitignore` files still apply.
        if (ignorePath !== '' && scope.isIgnored(ignorePath, true)) scope = IgnoreScope.empty({ ignoreCase: options.ignoreCase });
      }
    }
    walkDir({ absPath: root.absPath, realPath, relPath: root.relPath, ignorePath, scope });
    while (linked.length) walkDir(linked.shift()!);
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
