import * as vscode from 'vscode';
import { entriesBelow, ignoreFilesUpward, locateFolder, type FolderAccess } from '../../core/git';
import {
  entriesForPath, expiredEntries, IGNORE_FILE_NAME, parseIgnoreFile, type IgnoreFileEntry,
} from '../../core/suppression';
import { type Logger } from '../../platform/logger';
import { DIAGNOSTIC_SOURCE, SuppressionCode } from './findingToDiagnostic';
import { workspaceFolderAccess } from './workspaceFolderAccess';

type FileSystem = Pick<vscode.FileSystem, 'readFile' | 'stat'>;

/**
 * The `.cosmosguardignore` entries for each workspace folder: the folder's own file and those of its parents up
 * to the repository root — outside a repository, the folder's own only (which files apply is decided in
 * src/core/git, as for the CLI) — with paths made relative to the folder. Malformed and expired entries become
 * warnings on the ignore file itself.
 */
export class IgnoreFileSource implements vscode.Disposable {
  private readonly folders = new Map<string, Promise<IgnoreFileEntry[]>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly access: FolderAccess<vscode.Uri>;

  /** Fires after an ignore file changed: suppressions must be re-applied. */
  readonly onDidChange = this.changed.event;

  constructor(
    fs: FileSystem,
    private readonly problems: vscode.DiagnosticCollection,
    private readonly today: () => string,
    private readonly logger: Logger,
  ) {
    this.access = workspaceFolderAccess(fs);
  }

  /** Entries that apply to `relativePath` in `folder`. */
  async entriesFor(folder: vscode.WorkspaceFolder, relativePath: string): Promise<IgnoreFileEntry[]> {
    return entriesForPath(await this.load(folder), relativePath);
  }

  /** Every entry of `folder`'s ignore files (paths relative to the folder), for a scan that filters them per file itself. */
  entriesOf(folder: vscode.WorkspaceFolder): Promise<IgnoreFileEntry[]> {
    return this.load(folder);
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
    const place = await locateFolder(folder.uri, this.access);
    for (const { file, below, text } of await ignoreFilesUpward(place, this.access, IGNORE_FILE_NAME)) {
      const parsed = parseIgnoreFile(text);
      for (const e of entriesBelow(parsed.entries, below)) entries.push(e);
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
    return entries;
  }
}
