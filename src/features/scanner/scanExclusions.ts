import * as vscode from 'vscode';
import { gitRulesAt, gitVerdict, locateFolder, readTrackedPaths, TrackedPaths, type FolderAccess, type FolderPlace } from '../../core/git';
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
  /**
   * Git's verdict on an entry met by a walker (`relativePath` in the folder): `scan`, `ignored`, or `tracked` — ignored,
   * but a tracked file or a folder holding one, so it is scanned (a walker then keeps only tracked entries inside
   * it: `insideIgnored`).
   */
  gitVerdict(scope: IgnoreScope, relativePath: string, isDirectory: boolean, insideIgnored?: boolean): 'scan' | 'ignored' | 'tracked';
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
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly access: FolderAccess<vscode.Uri>;
  private indexTimer: ReturnType<typeof setTimeout> | undefined;

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
   * A repository's index was written (`.git/index` changed): re-reads what the folders' repositories track, and
   * tells listeners only when that changed (most writes only refresh stat data).
   */
  indexChanged(): void {
    clearTimeout(this.indexTimer);
    this.indexTimer = setTimeout(() => {
      void this.recheckTracked();
    }, INDEX_SETTLE_MS);
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
    const repoPath = joinPath(rules.repoPrefix, relativePath);
    // Committed (or a folder holding something committed): scanned, whatever .gitignore says.
    if (rules.tracked.hasFile(repoPath) || rules.tracked.hasInside(repoPath)) return undefined;
    return await this.isGitIgnored(folder, relativePath) ? '.gitignore' : undefined;
  }

  /** Whether git tracks the file at `relativePath` in `folder`, from a fresh read of the index (for quick-fixes). */
  async isTracked(folder: vscode.WorkspaceFolder, relativePath: string): Promise<boolean> {
    const { place } = await this.rules(folder);
    if (!place.repository) return false;
    return (await readTrackedPaths(place, this.access)).tracked.hasFile(joinPath(place.prefix, relativePath));
  }

  /** Whether git's rules ignore `relativePath` (a file or folder) or a folder above it, tracked or not. */
  async isGitIgnored(folder: vscode.WorkspaceFolder, relativePath: string): Promise<boolean> {
    const rules = await this.rules(folder);
    if (!rules.respectGitignore) return false;
    const parts = relativePath.split('/');
    let scope = rules.rootScope;
    for (let i = 0; i < parts.length; i++) {
      const dirRel = parts.slice(0, i).join('/');
      const text = await this.readGitignore(i === 0 ? folder.uri : vscode.Uri.joinPath(folder.uri, ...parts.slice(0, i)));
      if (text !== undefined) scope = scope.withRules(joinPath(rules.repoPrefix, dirRel), text);
      if (scope.isIgnored(joinPath(rules.repoPrefix, parts.slice(0, i + 1).join('/')), i < parts.length - 1)) return true;
    }
    return false;
  }

  dispose(): void {
    clearTimeout(this.indexTimer);
    this.changed.dispose();
  }

  private async recheckTracked(): Promise<void> {
    for (const rules of await Promise.all(this.folders.values())) {
      if (!rules.respectGitignore || !rules.place.repository) continue;
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
    const place = await locateFolder(folder.uri, this.access);
    if (scan.respectGitignore && place.repository) {
      const [scope, read] = await Promise.all([gitRulesAt(place, this.access), readTrackedPaths(place, this.access)]);
      rootScope = scope;
      repoPrefix = place.prefix;
      tracked = read.tracked;
      if (read.problem) this.warn(`${folder.name}: ${read.problem}; .gitignore applies to tracked files too.`);
    }
    const verdict = (scope: IgnoreScope, relativePath: string, isDirectory: boolean, insideIgnored = false): 'scan' | 'ignored' | 'tracked' =>
      (scan.respectGitignore ? gitVerdict(scope, tracked, joinPath(repoPrefix, relativePath), isDirectory, insideIgnored) : 'scan');
    return { folder, globs, globLists, respectGitignore: scan.respectGitignore, repoPrefix, rootScope, tracked, place, gitVerdict: verdict };
  }
}
