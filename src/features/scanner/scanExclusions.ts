import * as vscode from 'vscode';
import {
  locateFolder, readTrackedPaths, repositoryRules, TrackedPaths, type FolderAccess, type FolderPlace, type RepoPosition, type RepositoryRules,
} from '../../core/git';
import { compileGlobs, IgnoreScope } from '../../core/scan';
import { type ConfigSnapshot } from '../../platform/configSnapshot';
import { workspaceFolderAccess } from './workspaceFolderAccess';

/** Why a file is not scanned automatically. */
export type ExclusionReason = 'cosmosGuard.scan.exclude' | 'files.exclude' | 'search.exclude' | '.gitignore' | '.git';

/** A folder's rules, resolved once and reused for every file in it. */
export interface FolderRules {
  readonly folder: vscode.WorkspaceFolder;
  /** Which glob setting excludes a path relative to the folder (a directory excludes everything in it). */
  readonly globs: (relativePath: string) => ExclusionReason | undefined;
  /** The globs behind it: `cosmosGuard.scan.exclude`, then `files.exclude` and `search.exclude` as they apply here. */
  readonly globLists: readonly [readonly string[], readonly string[], readonly string[]];
  readonly respectGitignore: boolean;
  /** The folder's path relative to its repository root ('' at the root, or outside a repository). */
  readonly repoPrefix: string;
  /** Git's rules in force at the folder itself: `.git/info/exclude` and `.gitignore` files above it. */
  readonly rootScope: IgnoreScope;
  /** What the repository's index tracks (paths relative to the repository root): scanned whatever `.gitignore` says. */
  readonly tracked: TrackedPaths;
  /** Where the folder sits in its repository, for re-reading the index. */
  readonly place: FolderPlace<vscode.Uri>;
}

/** What a walker carries into a folder: git's rules in force there (not yet its own `.gitignore`) and its repository. */
export interface WalkState {
  readonly scope: IgnoreScope;
  readonly repo: RepoPosition;
  /** The folder is ignored but holds tracked files: only tracked entries inside it are scanned. */
  readonly insideIgnored: boolean;
}

/** What a repository's part of a path is judged by: the folder's own rules, or a nested repository's. */
type RepoRules = Pick<RepositoryRules<vscode.Uri>, 'rootScope' | 'tracked' | 'place'>;

/**
 * One repository along a path: its part is the path's segments `start` to `end` (exclusive), and the path of the
 * folder at `start` from its repository root is `repo.place.prefix`.
 */
interface PathSegment {
  readonly start: number;
  readonly end: number;
  readonly repo: RepoRules;
}

/** The warning for a repository whose index cannot be used (the folder's, or one nested in it). */
export function indexProblemWarning(where: string, problem: string): string {
  return `${where}: ${problem}; .gitignore applies to tracked files too.`;
}

type FileSystem = Pick<vscode.FileSystem, 'readFile' | 'stat'>;
interface SettingsSource {
  getConfiguration(section: string, scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration;
  readonly isTrusted: boolean;
}

const joinPath = (a: string, b: string): string => (a === '' ? b : b === '' ? a : `${a}/${b}`);
/** Index rewrites come in bursts (git add, commit, status refreshing stat data): one re-read per burst. */
const INDEX_SETTLE_MS = 300;

/**
 * What automatic scanning skips: `cosmosGuard.scan.exclude`, `files.exclude` and `search.exclude` (VS Code glob
 * semantics: relative to the folder, `**` for any depth, dot-files matched like any name) and git's ignore rules —
 * except for files git tracks: what is committed is scanned (read from the index, never by running git, so it
 * works in Restricted Mode and on remote and virtual file systems). In Restricted Mode the workspace's own values
 * of files/search.exclude are not used, so an untrusted folder cannot hide files from the scan; `.gitignore` files
 * still apply. Reads only through `vscode.workspace.fs`.
 */
export class ScanExclusions implements vscode.Disposable {
  private readonly folders = new Map<string, Promise<FolderRules>>();
  private readonly gitignores = new Map<string, Promise<string | undefined>>();
  /** Repositories nested in workspace folders, by their root folder's URI; and which folders hold a `.git` entry. */
  private readonly nested = new Map<string, Promise<RepositoryRules<vscode.Uri>>>();
  private readonly dotGits = new Map<string, Promise<boolean>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly access: FolderAccess<vscode.Uri>;
  private indexTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly changedIndexes = new Set<string>();

  /** Fires when rules changed (settings, a `.gitignore`, what git tracks): cached verdicts are gone, callers re-check. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly fs: FileSystem, private readonly settings: SettingsSource, private readonly scanSettings: () => ConfigSnapshot['scan'],
    private readonly warn: (message: string) => void = () => undefined) {
    this.access = workspaceFolderAccess(fs);
  }

  /** Forgets every cached rule (settings or ignore files changed) and tells listeners. */
  invalidate(): void {
    this.refresh();
    this.changed.fire();
  }

  /** Forgets every cached rule, quietly: a full workspace scan reads them afresh rather than trust file events. */
  refresh(): void {
    this.folders.clear();
    this.gitignores.clear();
    this.nested.clear();
    this.dotGits.clear();
  }

  rules(folder: vscode.WorkspaceFolder): Promise<FolderRules> {
    const key = folder.uri.toString();
    let rules = this.folders.get(key);
    if (!rules) {
      rules = this.computeRules(folder);
      this.folders.set(key, rules);
    }
    return rules;
  }

  /** The text of `dir/.gitignore` (undefined when there is none), read once. `known` skips the read for walkers. */
  readGitignore(dir: vscode.Uri, known?: boolean): Promise<string | undefined> {
    const key = dir.toString();
    let text = this.gitignores.get(key);
    if (!text) {
      text = known === false ? Promise.resolve(undefined) : this.readText(vscode.Uri.joinPath(dir, '.gitignore'));
      this.gitignores.set(key, text);
    }
    return text;
  }

  /**
   * The rules of the repository whose root is `dir`, a folder holding `.git` inside a workspace folder (read once):
   * from there down, its own index and ignore rules decide, none of the outer repository's — as git and the CLI
   * have it.
   */
  nestedRules(dir: vscode.Uri): Promise<RepositoryRules<vscode.Uri>> {
    const key = dir.toString();
    let rules = this.nested.get(key);
    if (!rules) {
      rules = repositoryRules(dir, this.access).then((read) => {
        if (read.problem !== undefined) this.warn(indexProblemWarning(dir.fsPath, read.problem));
        return read;
      });
      this.nested.set(key, rules);
    }
    return rules;
  }

  /** The walk's state on entering the folder at `relativePath` (in `folder`), as a walk from the folder would carry it. */
  async walkStateAt(folder: vscode.WorkspaceFolder, relativePath: string): Promise<WalkState> {
    const rules = await this.rules(folder);
    if (!rules.respectGitignore || relativePath === '') {
      return { scope: rules.rootScope, repo: { tracked: rules.tracked, path: joinPath(rules.repoPrefix, relativePath) }, insideIgnored: false };
    }
    const parts = relativePath.split('/');
    const last = (await this.segmentsAlong(folder, rules, parts)).at(-1)!;
    const { scope, ignored } = await this.walkSegment(folder, last, parts, true);
    return { scope, repo: { tracked: last.repo.tracked, path: this.repoPath(last, parts) }, insideIgnored: ignored };
  }

  /**
   * A repository's index was written (`.git/index` changed): re-reads what the known repositories track, and tells
   * listeners only when that changed (most writes only refresh stat data) — or when `index` belongs to none of them
   * (a repository just cloned or made inside a folder: its rules now decide there).
   */
  indexChanged(index?: vscode.Uri): void {
    if (index) this.changedIndexes.add(index.toString());
    clearTimeout(this.indexTimer);
    this.indexTimer = setTimeout(() => {
      void this.recheckTracked();
    }, INDEX_SETTLE_MS);
  }

  /**
   * Something was created or replaced at `uri` (VS Code reports a folder deleted and created again as one change).
   * When it is a folder whose `.git` or `.gitignore` was already looked for, that answer may predate it: a folder
   * moved or copied into place, or made just before a repository in it while the file watcher was busy, reaches the
   * watcher with its contents already there, and no event ever comes for them (parcel-bundler/watcher#243: a new
   * folder is watched only once its own creation is handled). So the rules are read again.
   */
  entryAppeared(uri: vscode.Uri): void {
    const key = uri.toString();
    if (this.dotGits.has(key) || this.gitignores.has(key)) this.invalidate();
  }

  /** Why the file at `relativePath` in `folder` is not scanned automatically, or undefined when it is. */
  async exclusionOf(folder: vscode.WorkspaceFolder, relativePath: string): Promise<ExclusionReason | undefined> {
    const parts = relativePath.split('/');
    if (parts.includes('.git')) return '.git';
    const rules = await this.rules(folder);
    for (let i = 1; i <= parts.length; i++) {
      const reason = rules.globs(parts.slice(0, i).join('/'));
      if (reason) return reason;
    }
    if (!rules.respectGitignore) return undefined;
    // Each repository along the path (the folder's, then any nested one) decides its own part: the next nested
    // repository's folder, or the file. Committed (or a folder holding something committed): reached, whatever
    // .gitignore says.
    for (const segment of await this.segmentsAlong(folder, rules, parts)) {
      const repoPath = this.repoPath(segment, parts);
      if (segment.repo.tracked.hasFile(repoPath) || segment.repo.tracked.hasInside(repoPath)) continue;
      if ((await this.walkSegment(folder, segment, parts)).ignored) return '.gitignore';
    }
    return undefined;
  }

  /** Whether git tracks the file at `relativePath` in `folder`, from a fresh read of the index (for quick-fixes). */
  async isTracked(folder: vscode.WorkspaceFolder, relativePath: string): Promise<boolean> {
    const rules = await this.rules(folder);
    const parts = relativePath.split('/');
    const segment = (await this.segmentsAlong(folder, rules, parts)).at(-1)!;
    if (!segment.repo.place.repository) return false;
    return (await readTrackedPaths(segment.repo.place, this.access)).tracked.hasFile(this.repoPath(segment, parts));
  }

  /** Whether git's rules ignore `relativePath` (a file or folder) or a folder above it, tracked or not. */
  async isGitIgnored(folder: vscode.WorkspaceFolder, relativePath: string): Promise<boolean> {
    const rules = await this.rules(folder);
    if (!rules.respectGitignore) return false;
    const parts = relativePath.split('/');
    for (const segment of await this.segmentsAlong(folder, rules, parts)) {
      if ((await this.walkSegment(folder, segment, parts)).ignored) return true;
    }
    return false;
  }

  /**
   * The repositories along `parts` (a path in `folder`): the folder's own, then one for each folder below it that
   * holds a `.git` entry (the last segment is not looked at: a walker entering a folder sees its `.git` itself).
   */
  private async segmentsAlong(folder: vscode.WorkspaceFolder, rules: FolderRules, parts: readonly string[]): Promise<PathSegment[]> {
    const starts: { start: number; repo: RepoRules }[] = [{ start: 0, repo: rules }];
    if (rules.respectGitignore) {
      for (let i = 1; i < parts.length; i++) {
        const dir = this.dirUri(folder, parts, i);
        if (await this.hasDotGit(dir)) starts.push({ start: i, repo: await this.nestedRules(dir) });
      }
    }
    return starts.map((s, k) => ({ ...s, end: starts[k + 1]?.start ?? parts.length }));
  }

  /** The path of the segment's part (up to its end) from its repository root. */
  private repoPath(segment: PathSegment, parts: readonly string[]): string {
    return joinPath(segment.repo.place.prefix, parts.slice(segment.start, segment.end).join('/'));
  }

  /**
   * Walks the segment's part as a walker would: the rules in force in its last folder (the `.gitignore` files on the
   * way added, not that folder's own), and whether they ignore an entry on the way, tracked or not. The path's last
   * segment is a file unless `lastIsDirectory`.
   */
  private async walkSegment(folder: vscode.WorkspaceFolder, segment: PathSegment, parts: readonly string[],
    lastIsDirectory = false): Promise<{ scope: IgnoreScope; ignored: boolean }> {
    const prefix = segment.repo.place.prefix;
    let scope = segment.repo.rootScope;
    let ignored = false;
    for (let i = segment.start; i < segment.end; i++) {
      const text = await this.readGitignore(this.dirUri(folder, parts, i));
      if (text !== undefined) scope = scope.withRules(joinPath(prefix, parts.slice(segment.start, i).join('/')), text);
      ignored ||= scope.isIgnored(joinPath(prefix, parts.slice(segment.start, i + 1).join('/')), lastIsDirectory || i < parts.length - 1);
    }
    return { scope, ignored };
  }

  /** The folder made of the path's first `n` segments. */
  private dirUri(folder: vscode.WorkspaceFolder, parts: readonly string[], n: number): vscode.Uri {
    return n === 0 ? folder.uri : vscode.Uri.joinPath(folder.uri, ...parts.slice(0, n));
  }

  /** Whether the folder holds a `.git` entry (a folder, or the file of a submodule or worktree), checked once. */
  private hasDotGit(dir: vscode.Uri): Promise<boolean> {
    const key = dir.toString();
    let found = this.dotGits.get(key);
    if (!found) {
      found = Promise.resolve(this.fs.stat(vscode.Uri.joinPath(dir, '.git'))).then(() => true, () => false);
      this.dotGits.set(key, found);
    }
    return found;
  }

  dispose(): void {
    clearTimeout(this.indexTimer);
    this.changed.dispose();
  }

  private async recheckTracked(): Promise<void> {
    const changed = [...this.changedIndexes];
    this.changedIndexes.clear();
    const known = [...(await Promise.all(this.folders.values())).filter((r) => r.respectGitignore), ...await Promise.all(this.nested.values())];
    const knownIndexes = new Set(known.map((r) => r.place.repository?.gitDir && vscode.Uri.joinPath(r.place.repository.gitDir, 'index').toString()));
    if (changed.some((index) => !knownIndexes.has(index))) {
      this.invalidate();
      return;
    }
    for (const rules of known) {
      if (!rules.place.repository) continue;
      const read = await readTrackedPaths(rules.place, this.access);
      if (!read.tracked.sameAs(rules.tracked)) {
        this.invalidate();
        return;
      }
    }
  }

  private async readText(uri: vscode.Uri): Promise<string | undefined> {
    try {
      return new TextDecoder().decode(await this.fs.readFile(uri));
    } catch {
      return undefined; // missing or unreadable: no rules
    }
  }

  private globSetting(section: 'files' | 'search', folder: vscode.WorkspaceFolder): string[] {
    const config = this.settings.getConfiguration(section, folder.uri);
    let value: unknown;
    if (this.settings.isTrusted) {
      value = config.get('exclude');
    } else {
      // Restricted Mode: VS Code's defaults and the user's own settings only.
      const inspected = config.inspect<Record<string, unknown>>('exclude');
      value = { ...inspected?.defaultValue, ...inspected?.globalValue };
    }
    // `{ "when": "$(basename).ts" }` sibling conditions are not evaluated: such entries are not applied.
    return Object.entries((value ?? {}) as Record<string, unknown>).filter(([, on]) => on === true).map(([glob]) => glob);
  }

  private async computeRules(folder: vscode.WorkspaceFolder): Promise<FolderRules> {
    const scan = this.scanSettings();
    const globLists = [scan.exclude, this.globSetting('files', folder), this.globSetting('search', folder)] as const;
    const own = compileGlobs(globLists[0]);
    const files = compileGlobs(globLists[1]);
    const search = compileGlobs(globLists[2]);
    const globs = (p: string): ExclusionReason | undefined =>
      own(p) ? 'cosmosGuard.scan.exclude' : files(p) ? 'files.exclude' : search(p) ? 'search.exclude' : undefined;

    let rootScope = IgnoreScope.empty();
    let repoPrefix = '';
    let tracked = TrackedPaths.none;
    // The repository above the folder, its .git/info/exclude and the .gitignore files between (src/core/git).
    let place: FolderPlace<vscode.Uri>;
    if (scan.respectGitignore) {
      const repo = await repositoryRules(folder.uri, this.access);
      place = repo.place;
      rootScope = repo.rootScope;
      repoPrefix = place.prefix;
      tracked = repo.tracked;
      if (repo.problem !== undefined) this.warn(indexProblemWarning(folder.name, repo.problem));
    } else {
      place = await locateFolder(folder.uri, this.access);
    }
    return { folder, globs, globLists, respectGitignore: scan.respectGitignore, repoPrefix, rootScope, tracked, place };
  }
}
