import * as vscode from 'vscode';
import {
  entriesForPath, expiredEntries, IGNORE_FILE_NAME, parseIgnoreFile, type IgnoreFileEntry,
} from '../../core/suppression';
import { type Logger } from '../../platform/logger';
import { DIAGNOSTIC_SOURCE, SuppressionCode } from './findingToDiagnostic';

type FileSystem = Pick<vscode.FileSystem, 'readFile' | 'stat'>;

const MAX_PARENT_LEVELS = 32;

/**
 * The `.cosmosguardignore` entries for each workspace folder: the folder's own file and those of its parents up
 * to the repository root (as the CLI reads them), with paths made relative to the folder. Malformed and expired
 * entries become warnings on the ignore file itself.
 */
export class IgnoreFileSource implements vscode.Disposable {
  private readonly folders = new Map<string, Promise<IgnoreFileEntry[]>>();
  private readonly changed = new vscode.EventEmitter<void>();

  /** Fires after an ignore file changed: suppressions must be re-applied. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly fs: FileSystem,
    private readonly problems: vscode.DiagnosticCollection,
    private readonly today: () => string,
    private readonly logger: Logger,
  ) {}

  /** Entries that apply to `relativePath` in `folder`. */
  async entriesFor(folder: vscode.WorkspaceFolder, relativePath: string): Promise<IgnoreFileEntry[]> {
    return entriesForPath(await this.load(folder), relativePath);
  }

  invalidate(): void {
    this.refresh();
    this.changed.fire();
  }

  /** Forgets what was read, quietly: a full workspace scan reads the ignore files afresh. */
  refresh(): void {
    this.folders.clear();
    this.problems.clear();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private load(folder: vscode.WorkspaceFolder): Promise<IgnoreFileEntry[]> {
    const key = folder.uri.toString();
    let entries = this.folders.get(key);
    if (!entries) {
      entries = this.read(folder);
      this.folders.set(key, entries);
    }
    return entries;
  }

  private async read(folder: vscode.WorkspaceFolder): Promise<IgnoreFileEntry[]> {
    const entries: IgnoreFileEntry[] = [];
    for (let dir = folder.uri, i = 0; i < MAX_PARENT_LEVELS; i++) {
      // The folder's path relative to this ignore file's folder: entries below it apply, rebased.
      const prefix = folder.uri.path.slice(dir.path.length).replace(/^\/+/, '');
      const file = vscode.Uri.joinPath(dir, IGNORE_FILE_NAME);
      let text: string | undefined;
      try {
        text = new TextDecoder().decode(await this.fs.readFile(file));
      } catch {
        text = undefined;
      }
      if (text !== undefined) {
        const parsed = parseIgnoreFile(text);
        for (const e of parsed.entries) {
          if (prefix === '') entries.push(e);
          else if (e.path.startsWith(`${prefix}/`)) entries.push({ ...e, path: e.path.slice(prefix.length + 1) });
        }
        const problems = [...parsed.problems.map((p) => ({ ...p, message: `Cosmos Guard: entry ignored: ${p.message}.`, code: SuppressionCode.invalid })),
          ...expiredEntries(parsed.entries, this.today()).map((p) => ({ ...p, code: SuppressionCode.expired }))];
        this.problems.set(file, problems.map((p) => {
          const d = new vscode.Diagnostic(new vscode.Range(p.line - 1, 0, p.line - 1, Number.MAX_SAFE_INTEGER), p.message, vscode.DiagnosticSeverity.Warning);
          d.source = DIAGNOSTIC_SOURCE;
          d.code = p.code;
          return d;
        }));
        if (problems.length) this.logger.warn(`${file.toString(true)}: ${problems.length} entr${problems.length === 1 ? 'y does' : 'ies do'} not suppress anything.`);
      }
      if (await this.isRepositoryRoot(dir)) break;
      const parent = vscode.Uri.joinPath(dir, '..');
      if (parent.path === dir.path) break;
      dir = parent;
    }
    return entries;
  }

  private async isRepositoryRoot(dir: vscode.Uri): Promise<boolean> {
    try {
      await this.fs.stat(vscode.Uri.joinPath(dir, '.git'));
      return true;
    } catch {
      return false;
    }
  }
}
