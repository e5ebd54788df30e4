// Lists a local workspace folder with Node's file system, in the local-folder scan worker: the same decisions as
// WorkspaceScanner's walk over `vscode.workspace.fs` (exclusion globs, git's rules except for tracked files — a
// repository nested in the folder by its own index and rules —, `.git` never entered, linked folders not followed,
// broken links reported), without a round trip per folder.
// No `vscode` here: this runs in a worker thread.
import fs from 'node:fs';
import path from 'node:path';
import { gitVerdict, repositoryRules, type RepoPosition, type TrackedPaths } from '../../core/git';
import { type IgnoreScope } from '../../core/scan';
import { describeFsError } from '../../shared/fsErrors';
import { NODE_FOLDER_ACCESS } from '../../shared/nodeFolderAccess';

/** Git's rules for a repository the walk is in (the folder's, or one nested in it), when `.gitignore` is respected. */
export interface LocalGitRules {
  /** Rules in force at the folder itself (`.git/info/exclude`, `.gitignore` files above it). */
  readonly rootScope: IgnoreScope;
  readonly tracked: TrackedPaths;
  /** The folder's path relative to its repository root ('' at the root). */
  readonly repoPrefix: string;
  /** Why the index could not be used (then `.gitignore` applies to tracked files too). */
  readonly problem?: string;
}

/**
 * Git's rules at `dir` (the folder, or a repository nested in it), as ScanExclusions reads them (`.gitignore` files
 * apply outside a repository too).
 */
export async function localGitRules(dir: string): Promise<LocalGitRules> {
  const { place, rootScope, tracked, problem } = await repositoryRules(dir, NODE_FOLDER_ACCESS);
  return { rootScope, tracked, repoPrefix: place.prefix, ...(problem !== undefined ? { problem } : {}) };
}

export interface LocalWalkOptions {
  /** The workspace folder's absolute path. */
  readonly root: string;
  /** Whether an exclusion glob setting matches a path relative to the folder. */
  readonly excluded: (relativePath: string) => boolean;
  readonly git: LocalGitRules | undefined;
  /**
   * The rules of a repository nested in the folder (a submodule, a clone: a folder below the root holding `.git`),
   * by its path relative to the folder. Inside it, its own index and ignore rules decide, as git and the CLI have it.
   */
  readonly nested?: (relativePath: string) => Promise<LocalGitRules>;
  /** Stops the walk early (cancellation). */
  readonly stopped: () => boolean;
}

export interface LocalWalk {
  /** Files to scan, relative to the folder (POSIX). */
  readonly files: string[];
  excluded: number;
  folderLinks: number;
  /** Relative path (`dir/` for a folder, `.` for the root) and reason. */
  readonly unreadable: { file: string; reason: string }[];
  /** Nested repositories whose index could not be read (`.gitignore` then hides tracked files too), with why. */
  readonly gitProblems: string[];
}

interface PendingFolder {
  readonly relativePath: string;
  readonly scope: IgnoreScope | undefined;
  readonly insideIgnored: boolean;
  readonly repo: RepoPosition | undefined;
  /** The root of a repository (the folder's own, or a nested one): its `.git` is its own, not another's. */
  readonly repoRoot: boolean;
}

const joinPath = (a: string, b: string): string => (a === '' ? b : b === '' ? a : `${a}/${b}`);
const byName = (a: fs.Dirent, b: fs.Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** What the workspace file system reports for an entry: symbolic links carry their target's kind, broken ones none. */
interface EntryKind {
  readonly directory: boolean;
  readonly file: boolean;
  readonly link: boolean;
}

function kindOf(entry: fs.Dirent, absPath: string): EntryKind {
  if (!entry.isSymbolicLink()) return { directory: entry.isDirectory(), file: entry.isFile(), link: false };
  try {
    const st = fs.statSync(absPath);
    return { directory: st.isDirectory(), file: st.isFile(), link: true };
  } catch {
    return { directory: false, file: false, link: true };
  }
}

function readGitignore(absPath: string): string | undefined {
  try {
    return new TextDecoder().decode(fs.readFileSync(absPath)); // as ScanExclusions.readGitignore decodes it
  } catch {
    return undefined;
  }
}

/** Walks the folder breadth-first (as the workspace scan's pool does), entries in name order. */
export async function walkLocalFolder(options: LocalWalkOptions): Promise<LocalWalk> {
  const result: LocalWalk = { files: [], excluded: 0, folderLinks: 0, unreadable: [], gitProblems: [] };
  const { git } = options;
  const queue: PendingFolder[] = [{
    relativePath: '', scope: git?.rootScope, insideIgnored: false, repo: git && { tracked: git.tracked, path: git.repoPrefix }, repoRoot: true,
  }];
  for (let head = 0; head < queue.length && !options.stopped(); head++) {
    let folder = queue[head]!;
    const dirAbs = folder.relativePath === '' ? options.root : path.join(options.root, folder.relativePath);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dirAbs, { withFileTypes: true });
    } catch (error) {
      const file = folder.relativePath === '' ? '.' : `${folder.relativePath}/`;
      result.unreadable.push({ file, reason: `cannot list folder: ${describeFsError(error)}` });
      continue;
    }
    if (git && options.nested && !folder.repoRoot && entries.some((e) => e.name === '.git')) {
      // Another repository inside this one: from here down, its own index and rules decide (none of the outer's).
      const inner = await options.nested(folder.relativePath);
      if (inner.problem !== undefined) result.gitProblems.push(`${folder.relativePath}/: ${inner.problem}`);
      folder = { ...folder, scope: inner.rootScope, insideIgnored: false, repo: { tracked: inner.tracked, path: inner.repoPrefix }, repoRoot: true };
    }
    entries.sort(byName);
    const kinds = entries.map((e) => kindOf(e, path.join(dirAbs, e.name)));
    let scope = folder.scope;
    const repo = folder.repo;
    if (repo && scope) {
      const listed = entries.findIndex((e, i) => e.name === '.gitignore' && kinds[i]!.file);
      const text = listed >= 0 ? readGitignore(path.join(dirAbs, '.gitignore')) : undefined;
      if (text !== undefined) scope = scope.withRules(repo.path, text);
    }
    for (let i = 0; i < entries.length; i++) {
      const name = entries[i]!.name;
      if (name === '.git') continue; // the repository's own files
      const kind = kinds[i]!;
      const relativePath = joinPath(folder.relativePath, name);
      const repoPath = repo ? joinPath(repo.path, name) : '';
      const verdict = repo && scope ? gitVerdict(scope, repo.tracked, repoPath, kind.directory, folder.insideIgnored) : 'scan';
      if (options.excluded(relativePath) || verdict === 'ignored') {
        result.excluded++;
        continue;
      }
      if (kind.directory) {
        // Linked folders are not followed, as in the workspace file system's walk: they can loop.
        if (kind.link) result.folderLinks++;
        else queue.push({ relativePath, scope, insideIgnored: verdict === 'tracked', repo: repo && { tracked: repo.tracked, path: repoPath }, repoRoot: false });
      } else if (kind.file) {
        result.files.push(relativePath);
      } else if (kind.link) {
        result.unreadable.push({ file: relativePath, reason: 'broken symbolic link' });
      }
    }
  }
  return result;
}
