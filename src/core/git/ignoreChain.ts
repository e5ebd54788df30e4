// Which ignore files apply to a scanned folder, decided once for the CLI and the editor:
// - git's rules in force at the folder: `info/exclude`, then every `.gitignore` from the repository root down to
//   the folder's parent (the folder's own and nested ones are read by the walkers as they go);
// - the `.cosmosguardignore` files from the folder up to the repository root — outside a repository, the
//   folder's own only, so a scan never picks up suppressions from unrelated folders above it;
// - which paths git tracks (from the index), so tracked files are scanned even when `.gitignore` matches them.
import { IgnoreScope, type IgnoreScopeOptions } from '../scan/ignoreScope';
import { GitIndexError, parseGitIndex } from './gitIndex';
import { locateFolder, type FolderAccess, type FolderPlace } from './repositoryPlace';
import { TrackedPaths } from './trackedPaths';

/** Ignore files larger than this are not read (they would not be hand-written; reading them is the cost). */
export const MAX_IGNORE_FILE_BYTES = 16 * 1024 * 1024;
/** An index this large describes millions of files; beyond it, tracked files are not known. */
export const MAX_INDEX_BYTES = 512 * 1024 * 1024;
export const GITIGNORE = '.gitignore';

const utf8 = new TextDecoder('utf-8');

async function readIgnoreText<L>(fs: FolderAccess<L>, file: L): Promise<string | undefined> {
  const bytes = await fs.read(file, MAX_IGNORE_FILE_BYTES);
  return bytes instanceof Uint8Array ? utf8.decode(bytes) : undefined;
}

/**
 * Git's rules in force at the starting folder itself (paths relative to the repository root). A folder that
 * these rules ignore was still chosen for scanning, so then none apply: its own and nested `.gitignore` files
 * still do, through the walker.
 */
export async function gitRulesAt<L>(place: FolderPlace<L>, fs: FolderAccess<L>, options: IgnoreScopeOptions = {}): Promise<IgnoreScope> {
  const empty = IgnoreScope.empty(options);
  const repo = place.repository;
  if (!repo) return empty;
  let scope = empty;
  if (repo.commonDir !== undefined) {
    const exclude = await readIgnoreText(fs, fs.child(repo.commonDir, 'info', 'exclude'));
    if (exclude !== undefined) scope = scope.withRules('', exclude);
  }
  const parts = place.prefix === '' ? [] : place.prefix.split('/');
  // `upward` runs from the folder to the root: step k holds the folder's first parts.length - k segments.
  for (let k = place.upward.length - 1; k >= 1; k--) {
    const text = await readIgnoreText(fs, fs.child(place.upward[k]!.dir, GITIGNORE));
    if (text !== undefined) scope = scope.withRules(parts.slice(0, parts.length - k).join('/'), text);
  }
  return place.prefix !== '' && scope.isIgnored(place.prefix, true) ? empty : scope;
}

export interface FoundIgnoreFile<L> {
  readonly file: L;
  /** How far above the starting folder it is (0: in it), for messages such as `../.cosmosguardignore`. */
  readonly levelsUp: number;
  /** The starting folder's path relative to the ignore file's folder ('' when it is the same folder). */
  readonly below: string;
  readonly text: string;
}

/** The files named `name` (`.cosmosguardignore`) in the starting folder and its parents up to the repository root. */
export async function ignoreFilesUpward<L>(place: FolderPlace<L>, fs: FolderAccess<L>, name: string): Promise<FoundIgnoreFile<L>[]> {
  const found: FoundIgnoreFile<L>[] = [];
  for (let k = 0; k < place.upward.length; k++) {
    const step = place.upward[k]!;
    const file = fs.child(step.dir, name);
    const text = await readIgnoreText(fs, file);
    if (text !== undefined) found.push({ file, levelsUp: k, below: step.below, text });
  }
  return found;
}

/** Entries of an ignore file whose paths lie below `below`, made relative to it (all of them when `below` is ''). */
export function entriesBelow<E extends { readonly path: string }>(entries: readonly E[], below: string): E[] {
  if (below === '') return [...entries];
  const prefix = `${below}/`;
  return entries.filter((e) => e.path.startsWith(prefix)).map((e) => ({ ...e, path: e.path.slice(prefix.length) }));
}

export interface TrackedRead {
  /** Paths relative to the repository root; empty outside a repository or when the index cannot be read. */
  readonly tracked: TrackedPaths;
  /** Why the index could not be used (then `.gitignore` applies to every file, tracked or not). */
  readonly problem?: string;
}

/** The paths the repository's index tracks (no index yet: none). */
export async function readTrackedPaths<L>(place: FolderPlace<L>, fs: FolderAccess<L>): Promise<TrackedRead> {
  const gitDir = place.repository?.gitDir;
  if (gitDir === undefined) return { tracked: TrackedPaths.none };
  const main = await fs.read(fs.child(gitDir, 'index'), MAX_INDEX_BYTES);
  if (main === undefined) return { tracked: TrackedPaths.none };
  if (main === 'tooLarge') return { tracked: TrackedPaths.none, problem: `the git index is larger than ${MAX_INDEX_BYTES / 1024 / 1024} MiB` };
  try {
    const index = parseGitIndex(main);
    const paths = [...index.paths];
    const sparse = [...index.sparseDirectories];
    if (index.sharedIndex !== undefined) {
      // A split index holds only recent changes; the rest is in the shared index. Entries it deleted are still
      // counted as tracked until git rewrites the shared index: at worst one more file is scanned.
      const shared = await fs.read(fs.child(gitDir, `sharedindex.${index.sharedIndex}`), MAX_INDEX_BYTES);
      if (!(shared instanceof Uint8Array)) return { tracked: new TrackedPaths(paths, sparse), problem: 'the shared part of the split git index could not be read' };
      const more = parseGitIndex(shared);
      for (const p of more.paths) paths.push(p); // no spread: an index can hold more paths than a call has arguments
      for (const d of more.sparseDirectories) sparse.push(d);
    }
    return { tracked: new TrackedPaths(paths, sparse) };
  } catch (e) {
    if (e instanceof GitIndexError) return { tracked: TrackedPaths.none, problem: `the git index could not be read: ${e.message}` };
    throw e;
  }
}

/** A repository's rules as a walker starts with them: in force at the starting folder, and what the index tracks. */
export interface RepositoryRules<L> {
  readonly place: FolderPlace<L>;
  /** Git's rules in force at the starting folder ({@link gitRulesAt}); empty outside a repository. */
  readonly rootScope: IgnoreScope;
  readonly tracked: TrackedPaths;
  /** Why the index could not be used ({@link TrackedRead}). */
  readonly problem?: string;
}

/**
 * The rules of the repository holding the folder `start`: a scanned folder's, or a repository nested in it (a
 * submodule or a clone, found by its `.git` entry), whose own index and ignore rules decide inside it.
 */
export async function repositoryRules<L>(start: L, fs: FolderAccess<L>, options: IgnoreScopeOptions = {}): Promise<RepositoryRules<L>> {
  const place = await locateFolder(start, fs);
  if (!place.repository) return { place, rootScope: IgnoreScope.empty(options), tracked: TrackedPaths.none };
  const [rootScope, read] = await Promise.all([gitRulesAt(place, fs, options), readTrackedPaths(place, fs)]);
  return { place, rootScope, tracked: read.tracked, ...(read.problem !== undefined ? { problem: read.problem } : {}) };
}
