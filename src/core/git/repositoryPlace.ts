// Where a folder sits relative to its git repository: the repository root (the nearest folder upwards holding a
// `.git` entry), the git directory (`.git/`, or where a `.git` file's `gitdir:` line points, as in worktrees and
// submodules) and the folders in between. One home for the CLI and the editor: both pass a small FolderAccess
// over their own file system (Node's fs, or vscode.workspace.fs), generic over how they name a location.

/** The file-system operations the repository and ignore-file logic needs; `L` is a location (a path, a Uri). */
export interface FolderAccess<L> {
  /** The folder holding `item`, or undefined at the top of the file system. */
  parent(item: L): L | undefined;
  /** The last segment of `item`'s path. */
  name(item: L): string;
  child(dir: L, ...names: string[]): L;
  /** A path from a `gitdir:` or `commondir` file: absolute, or relative to `base`. */
  resolve(base: L, path: string): L;
  /** What is at `item` (following symbolic links), or undefined when nothing is or it cannot be read. */
  kind(item: L): Promise<'file' | 'directory' | undefined>;
  /** The file's bytes; undefined when it is missing or unreadable, 'tooLarge' when it holds more than `maxBytes`. */
  read(file: L, maxBytes: number): Promise<Uint8Array | 'tooLarge' | undefined>;
}

/** How far up a repository root is looked for; a bound, so a strange file system cannot keep us climbing. */
export const MAX_PARENT_LEVELS = 64;

export interface GitRepository<L> {
  /** The folder holding `.git`. */
  readonly root: L;
  /** Where the index lives; undefined when a `.git` file could not be read. */
  readonly gitDir?: L;
  /** Where `info/exclude` lives (a worktree's `commondir`, otherwise the git directory). */
  readonly commonDir?: L;
}

export interface FolderStep<L> {
  readonly dir: L;
  /** The starting folder's path relative to `dir`, POSIX ('' for the starting folder itself). */
  readonly below: string;
}

export interface FolderPlace<L> {
  readonly start: L;
  /** The starting folder, then each parent up to the repository root; outside a repository, the starting folder alone. */
  readonly upward: readonly FolderStep<L>[];
  /** The starting folder's path relative to the repository root, POSIX ('' at the root or outside a repository). */
  readonly prefix: string;
  readonly repository?: GitRepository<L>;
}

const SMALL_FILE = 64 * 1024;
const utf8 = new TextDecoder('utf-8');

async function readSmallText<L>(fs: FolderAccess<L>, file: L): Promise<string | undefined> {
  const bytes = await fs.read(file, SMALL_FILE);
  return bytes instanceof Uint8Array ? utf8.decode(bytes) : undefined;
}

/** The first line of a `gitdir: <path>` file, trimmed, or undefined. */
function gitdirLine(text: string): string | undefined {
  const end = text.indexOf('\n');
  const line = (end < 0 ? text : text.slice(0, end)).trim();
  return line.startsWith('gitdir:') && line.length > 7 ? line.slice(7).trim() : undefined;
}

async function openRepository<L>(root: L, dotGit: 'file' | 'directory', fs: FolderAccess<L>): Promise<GitRepository<L>> {
  const entry = fs.child(root, '.git');
  if (dotGit === 'directory') return { root, gitDir: entry, commonDir: entry };
  const text = await readSmallText(fs, entry);
  const target = text === undefined ? undefined : gitdirLine(text);
  if (target === undefined) return { root };
  const gitDir = fs.resolve(root, target);
  const common = (await readSmallText(fs, fs.child(gitDir, 'commondir')))?.trim();
  return { root, gitDir, commonDir: common ? fs.resolve(gitDir, common) : gitDir };
}

/** Finds the repository holding `start` (a folder) and the folders from it up to the repository root. */
export async function locateFolder<L>(start: L, fs: FolderAccess<L>): Promise<FolderPlace<L>> {
  const upward: FolderStep<L>[] = [];
  const names: string[] = [];
  let dir: L | undefined = start;
  for (let level = 0; dir !== undefined && level < MAX_PARENT_LEVELS; level++) {
    upward.push({ dir, below: [...names].reverse().join('/') });
    const dotGit = await fs.kind(fs.child(dir, '.git'));
    if (dotGit !== undefined) {
      return { start, upward, prefix: [...names].reverse().join('/'), repository: await openRepository(dir, dotGit, fs) };
    }
    names.push(fs.name(dir));
    dir = fs.parent(dir);
  }
  return { start, upward: [{ dir: start, below: '' }], prefix: '' };
}
