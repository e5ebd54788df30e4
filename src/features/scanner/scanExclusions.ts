import * as vscode from 'vscode';
import { compileGlobs, IgnoreScope } from '../../core/scan';
import { type ConfigSnapshot } from '../../platform/configSnapshot';

/** Why a file is not scanned automatically. */
export type ExclusionReason = 'cosmosGuard.scan.exclude' | 'files.exclude' | 'search.exclude' | '.gitignore' | '.git';

/** A folder's rules, resolved once and reused for every file in it. */
export interface FolderRules {
  readonly folder: vscode.WorkspaceFolder;
  /** Which glob setting excludes a path relative to the folder (a directory excludes everything in it). */
  readonly globs: (relativePath: string) => ExclusionReason | undefined;
  readonly respectGitignore: boolean;
  /** The folder's path relative to its repository root ('' at the root, or outside a repository). */
  readonly repoPrefix: string;
  /** Git's rules in force at the folder itself: `.git/info/exclude` and `.gitignore` files above it. */
  readonly rootScope: IgnoreScope;
}

type FileSystem = Pick<vscode.FileSystem, 'readFile' | 'stat'>;
interface SettingsSource {
  getConfiguration(section: string, scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration;
  readonly isTrusted: boolean;
}

const joinPath = (a: string, b: string): string => (a === '' ? b : b === '' ? a : `${a}/${b}`);
const MAX_PARENT_LEVELS = 32;

/**
 * What automatic scanning skips: `cosmosGuard.scan.exclude`, `files.exclude` and `search.exclude` (VS Code glob
 * semantics: relative to the folder, `**` for any depth, dot-files matched like any name) and git's ignore rules.
 * In Restricted Mode the workspace's own values of files/search.exclude are not used, so an untrusted folder
 * cannot hide files from the scan; `.gitignore` files still apply. Reads only through `vscode.workspace.fs`.
 */
export class ScanExclusions implements vscode.Disposable {
  private readonly folders = new Map<string, Promise<FolderRules>>();
  private readonly gitignores = new Map<string, Promise<string | undefined>>();
  private readonly changed = new vscode.EventEmitter<void>();

  /** Fires when rules changed (settings, a `.gitignore`): cached verdicts are gone, callers re-check. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly fs: FileSystem, private readonly settings: SettingsSource, private readonly scanSettings: () => ConfigSnapshot['scan']) {}

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
    let scope = rules.rootScope;
    for (let i = 0; i < parts.length; i++) {
      const dirRel = parts.slice(0, i).join('/');
      const text = await this.readGitignore(i === 0 ? folder.uri : vscode.Uri.joinPath(folder.uri, ...parts.slice(0, i)));
      if (text !== undefined) scope = scope.withRules(joinPath(rules.repoPrefix, dirRel), text);
      if (scope.isIgnored(joinPath(rules.repoPrefix, parts.slice(0, i + 1).join('/')), i < parts.length - 1)) return '.gitignore';
    }
    return undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async readText(uri: vscode.Uri): Promise<string | undefined> {
    try {
      return new TextDecoder().decode(await this.fs.readFile(uri));
    } catch {
      return undefined; // missing or unreadable: no rules
    }
  }

  private async exists(uri: vscode.Uri): Promise<vscode.FileType | undefined> {
    try {
      return (await this.fs.stat(uri)).type;
    } catch {
      return undefined;
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
    const own = compileGlobs(scan.exclude);
    const files = compileGlobs(this.globSetting('files', folder));
    const search = compileGlobs(this.globSetting('search', folder));
    const globs = (p: string): ExclusionReason | undefined =>
      own(p) ? 'cosmosGuard.scan.exclude' : files(p) ? 'files.exclude' : search(p) ? 'search.exclude' : undefined;

    let rootScope = IgnoreScope.empty();
    let repoPrefix = '';
    if (scan.respectGitignore) {
      // Find the repository root above the folder, then apply .git/info/exclude and the .gitignore files between.
      const above: vscode.Uri[] = [];
      let repo: vscode.Uri | undefined;
      for (let dir = folder.uri, i = 0; i < MAX_PARENT_LEVELS; i++) {
        const git = await this.exists(vscode.Uri.joinPath(dir, '.git'));
        if (git !== undefined) {
          repo = dir;
          if (git === vscode.FileType.Directory) {
            const exclude = await this.readText(vscode.Uri.joinPath(dir, '.git', 'info', 'exclude'));
            if (exclude !== undefined) rootScope = rootScope.withRules('', exclude);
          }
          break;
        }
        const parent = vscode.Uri.joinPath(dir, '..');
        if (parent.path === dir.path) break;
        above.unshift(parent);
        dir = parent;
      }
      if (repo) {
        const chain = above.slice(above.findIndex((d) => d.path === repo.path));
        const relOf = (d: vscode.Uri): string => d.path.slice(repo.path.length).replace(/^\/+/, '');
        for (const dir of chain) {
          const text = await this.readGitignore(dir);
          if (text !== undefined) rootScope = rootScope.withRules(relOf(dir), text);
        }
        repoPrefix = relOf(folder.uri);
        // A workspace folder that git ignores is still scanned (as the CLI scans a folder it is given).
        if (repoPrefix !== '' && rootScope.isIgnored(repoPrefix, true)) rootScope = IgnoreScope.empty();
      }
    }
    return { folder, globs, respectGitignore: scan.respectGitignore, repoPrefix, rootScope };
  }
}
