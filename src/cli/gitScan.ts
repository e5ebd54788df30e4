// `scan --git [REV...]` and `scan --staged`: scans what git holds rather than the working tree.
// - History: every blob a commit in the range added or changed (`git log --raw`, oldest first, merges by their
//   combined diff so only what a merge itself introduced counts), each blob read once (`git cat-file --batch`).
//   A finding carries the commit that first brought it into its path, with that commit's author date; the same
//   secret staying in the file through later commits is not reported again.
// - Staged: the index's version of each file that differs from HEAD (`git diff-index --cached`), i.e. exactly what
//   `git commit` would record — for pre-commit hooks.
// Big and binary blobs are skipped and counted as in the tree scan. Paths are relative to the repository root.
import { CatFileBatchParser, isNewFileContent, RawDiffParser, type RawChange, type RawCommit } from '../core/git';
import { type ExcludeTest, type FileScanOptions } from '../core/scan';
import { GitError, runGit } from './gitProcess';
import { emptyBatch, mergeBatches, scanBytes, type FileBatchResult, type ScanOutcome, type SuppressionSettings } from './scanRunner';

/** `--diff-merges` arrived in git 2.31. */
const MIN_GIT: readonly [number, number] = [2, 31];

export type GitScanMode = { readonly kind: 'history'; readonly revisions: readonly string[] } | { readonly kind: 'staged' };

export interface GitScanSettings {
  /** The repository root (see {@link repositoryRoot}). */
  readonly root: string;
  readonly mode: GitScanMode;
  readonly maxFileSize: number;
  readonly exclude: ExcludeTest;
  readonly suppressions?: SuppressionSettings;
  /** Which optional rules run (`--disable-rule`). */
  readonly scanOptions?: FileScanOptions;
}

/** What one blob is scanned as: the paths it was added at (history: its first one) and where it came from. */
interface BlobUse {
  readonly paths: string[];
  readonly commit: RawCommit | undefined;
}

/** Checks git's version, then finds the root of the repository holding `cwd`. */
export async function repositoryRoot(cwd: string): Promise<string> {
  const version = (await runGit({ cwd, args: ['--version'] })).toString('utf8');
  const m = /(\d+)\.(\d+)/.exec(version);
  if (!m || Number(m[1]) < MIN_GIT[0] || (Number(m[1]) === MIN_GIT[0] && Number(m[2]) < MIN_GIT[1])) {
    throw new GitError(`needs git ${MIN_GIT.join('.')} or later (found ${version.trim() || 'an unknown version'})`);
  }
  const root = (await runGit({ cwd, args: ['rev-parse', '--show-toplevel'] })).toString('utf8').replace(/\n$/, '');
  if (!root) throw new GitError('not inside a git working tree');
  return root;
}

/** A path is skipped when `--exclude` matches it or one of its folders. */
function isExcluded(exclude: ExcludeTest, path: string): boolean {
  for (let slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
    if (exclude(path.slice(0, slash), true)) return true;
  }
  return exclude(path, false);
}

/** Whether HEAD names a commit (not in a repository without commits yet). */
async function hasHead(root: string): Promise<boolean> {
  try {
    await runGit({ cwd: root, args: ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'] });
    return true;
  } catch (e) {
    if (e instanceof GitError && e.notFound) throw e;
    return false;
  }
}

/** Lists the blobs to scan, in the order they first appear (history: oldest first). */
async function listBlobs(settings: GitScanSettings, ignored: { count: number }): Promise<{ blobs: Map<string, BlobUse>; commits: number }> {
  const blobs = new Map<string, BlobUse>();
  const take = (change: RawChange): void => {
    if (!isNewFileContent(change)) return;
    if (isExcluded(settings.exclude, change.path)) {
      ignored.count++;
      return;
    }
    const use = blobs.get(change.blob);
    if (!use) blobs.set(change.blob, { paths: [change.path], commit: change.commit });
    else if (settings.mode.kind === 'staged' && !use.paths.includes(change.path)) use.paths.push(change.path);
  };
  const parser = new RawDiffParser(take);
  const { root, mode } = settings;
  const common = ['-z', '--raw', '--no-abbrev', '--no-renames', '--no-ext-diff', '--no-textconv'];
  if (mode.kind === 'history') {
    if (mode.revisions.length === 0 && !await hasHead(root)) return { blobs, commits: 0 }; // no commit yet
    await runGit({
      cwd: root,
      args: ['log', ...common, '--root', '--no-show-signature', '--diff-merges=dense-combined', '--reverse', '--topo-order', '--format=%H%x20%aI',
        '--end-of-options', ...(mode.revisions.length ? mode.revisions : ['HEAD']), '--'],
      onStdout: (chunk) => parser.push(chunk),
    });
  } else {
    // Against HEAD, or against the empty tree before the first commit (its id depends on the hash algorithm).
    const base = await hasHead(root) ? 'HEAD'
      : (await runGit({ cwd: root, args: ['hash-object', '-t', 'tree', '--stdin'], input: '' })).toString('utf8').trim();
    await runGit({ cwd: root, args: ['diff-index', '--cached', ...common, '--end-of-options', base, '--'], onStdout: (chunk) => parser.push(chunk) });
  }
  parser.end();
  return { blobs, commits: parser.commits };
}

/** Sizes of the blobs (git reads them from pack indexes and object headers, not their content). */
async function blobSizes(root: string, ids: readonly string[]): Promise<Map<string, number | undefined>> {
  const sizes = new Map<string, number | undefined>();
  if (ids.length === 0) return sizes;
  const out = await runGit({ cwd: root, args: ['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], input: `${ids.join('\n')}\n` });
  for (const line of out.toString('latin1').split('\n')) {
    const [id, type, size] = line.split(' ');
    if (!id) continue;
    sizes.set(id, type === 'blob' && size !== undefined ? Number(size) : undefined);
  }
  return sizes;
}

export async function runGitScan(settings: GitScanSettings): Promise<ScanOutcome> {
  const started = performance.now();
  const ignored = { count: 0 };
  const { blobs, commits } = await listBlobs(settings, ignored);
  const r: FileBatchResult = emptyBatch();
  const sizes = await blobSizes(settings.root, [...blobs.keys()]);
  const wanted: string[] = [];
  for (const [id, use] of blobs) {
    const size = sizes.get(id);
    if (size === undefined) {
      for (const p of use.paths) r.unreadable.push({ file: p, reason: `git object ${id} is missing (a partial or shallow clone?)` });
    } else if (size > settings.maxFileSize) {
      r.tooLarge += use.paths.length;
    } else {
      wanted.push(id);
    }
  }
  // A secret that stays in a file through later commits was leaked once, by the first commit: reported once.
  const reported = new Set<string>();
  const parser = new CatFileBatchParser(settings.maxFileSize, ({ id, bytes }) => {
    const use = blobs.get(id)!;
    for (const path of use.paths) {
      const first = scanBytes(path, bytes, r, settings.suppressions, settings.scanOptions);
      let kept = first;
      for (let i = first; i < r.findings.length; i++) {
        const f = r.findings[i]!;
        const key = `${f.file}\0${f.rule}\0${f.fingerprint}`;
        if (settings.mode.kind === 'history' && reported.has(key)) continue;
        reported.add(key);
        r.findings[kept++] = use.commit ? { ...f, commit: use.commit.id, authorDate: use.commit.authorDate } : f;
      }
      r.findings.length = kept;
    }
  }, (id) => {
    for (const p of blobs.get(id)?.paths ?? []) r.unreadable.push({ file: p, reason: `git object ${id} could not be read` });
  });
  if (wanted.length) {
    await runGit({ cwd: settings.root, args: ['cat-file', '--batch'], input: `${wanted.join('\n')}\n`, onStdout: (chunk) => parser.push(chunk) });
    parser.end();
  }
  const merged = mergeBatches([r], { ignored: ignored.count, notRegular: 0, alreadyVisited: 0, symlinks: 0, unreadable: [] });
  if (settings.mode.kind === 'history') merged.stats.commits = commits;
  merged.stats.durationMs = Math.round(performance.now() - started);
  return { ...merged, skippedLinks: [], gitProblems: [], errors: [] };
}
