// Lists a local workspace folder with Node's file system, in the local-folder scan worker: the same decisions as
// WorkspaceScanner's walk over `vscode.workspace.fs` (exclusion globs, git's rules except for tracked files, `.git`
// never entered, linked folders not followed, broken links reported), without a round trip per folder.
// No `vscode` here: this runs in a worker thread.
import fs from 'node:fs';
import path from 'node:path';
import { gitVerdict, type TrackedPaths } from '../../core/git';
import { type IgnoreScope } from '../../core/scan';
import { describeFsError } from '../../shared/fsErrors';

/** Git's rules for the folder, when `.gitignore` is respected. */
export interface LocalGitRules {
  /** Rules in force at the folder itself (`.git/info/exclude`, `.gitignore` files above it). */
  readonly rootScope: IgnoreScope;
  readonly tracked: TrackedPaths;
  /** The folder's path relative to its repository root ('' at the root). */
  readonly repoPrefix: string;
}

export interface LocalWalkOptions {
  /** The workspace folder's absolute path. */
  readonly root: string;
  /** Whether an exclusion glob setting matches a path relative to the folder. */
  readonly excluded: (relativePath: string) => boolean;
  readonly git: LocalGitRules | undefined;
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
}

interface PendingFolder {
  readonly relativePath: string;
  readonly scope: IgnoreScope | undefined;
  readonly insideIgnored: boolean;
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
export function walkLocalFolder(options: LocalWalkOptions): LocalWalk {
  const result: LocalWalk = { files: [], excluded: 0, folderLinks: 0, unreadable: [] };
  const { git } = options;
  const queue: PendingFolder[] = [{ relativePath: '', scope: git?.rootScope, insideIgnored: false }];
  for (let head = 0; head < queue.length && !options.stopped(); head++) {
    const folder = queue[head]!;
    const dirAbs = folder.relativePath === '' ? options.root : path.join(options.root, folder.relativePath);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dirAbs, { withFileTypes: true });
    } catch (error) {
      const file = folder.relativePath === '' ? '.' : `${folder.relativePath}/`;
      result.unreadable.push({ file, reason: `cannot list folder: ${describeFsError(error)}` });
      continue;
    }
    entries.sort(byName);
    const kinds = entries.map((e) => kindOf(e, path.join(dirAbs, e.name)));
    let scope = folder.scope;
    if (git && scope) {
      const listed = entries.findIndex((e, i) => e.name === '.gitignore' && kinds[i]!.file);
      const text = listed >= 0 ? readGitignore(path.join(dirAbs, '.gitignore')) : undefined;
      if (text !== undefined) scope = scope.withRules(joinPath(git.repoPrefix, folder.relativePath), text);
    }
    for (let i = 0; i < entries.length; i++) {
      const name = entries[i]!.name;
      if (name === '.git') continue; // the repository's own files
      const kind = kinds[i]!;
      const relativePath = joinPath(folder.relativePath, name);
      const verdict = git && scope ? gitVerdict(scope, git.tracked, joinPath(git.repoPrefix, relativePath), kind.directory, folder.insideIgnored) : 'scan';
      if (options.excluded(relativePath) || verdict === 'ignored') {
        result.excluded++;
        continue;
      }
      if (kind.directory) {
        // Linked folders are not followed, as in the workspace file system's walk: they can loop.
        if (kind.link) result.folderLinks++;
        else queue.push({ relativePath, scope, insideIgnored: verdict === 'tracked' });
      } else if (kind.file) {
        result.files.push(relativePath);
      } else if (kind.link) {
        result.unreadable.push({ file: relativePath, reason: 'broken symbolic link' });
      }
    }
  }
  return result;
}
