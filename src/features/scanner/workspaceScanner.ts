import * as vscode from 'vscode';
import { decodeFileBytes, scanTriggersFor, type IgnoreScope } from '../../core/scan';
import { type ConfigSnapshot } from '../../platform/configSnapshot';
import { type Logger } from '../../platform/logger';
import { NODE_TEXT_DECODERS } from '../../shared/nodeTextDecoders';
import { type DiagnosticsPublisher, type FileLocation, type ScanOutcome } from './diagnosticsPublisher';
import { type FindingsStore } from './findingsStore';
import { type IgnoreFileSource } from './ignoreFileSource';
import { type ScanEngine } from './scanEngine';
import { type FolderRules, type ScanExclusions } from './scanExclusions';
import { runPool, TimeSlicer } from './workQueue';

export interface WorkspaceScanSummary {
  readonly folders: number;
  filesListed: number;
  filesScanned: number;
  bytesScanned: number;
  /** Findings not suppressed, and files holding them. */
  findings: number;
  filesWithFindings: number;
  suppressed: number;
  /** Of the findings, the key-based Cosmos clients (information, not secrets), and the files with a secret. */
  keyBasedClients: number;
  filesWithSecrets: number;
  skipped: { binary: number; tooLarge: number; excluded: number; folderLinks: number; deleted: number };
  unreadable: { file: string; reason: string }[];
  durationMs: number;
  cancelled: boolean;
}

/** Reports progress: `done` of `total` files scanned (`total` is undefined while files are still being listed). */
export type ScanProgress = (done: number, total: number | undefined) => void;

interface WorkspaceFile extends FileLocation {
  readonly uri: vscode.Uri;
}

interface DirectoryTask {
  readonly uri: vscode.Uri;
  readonly relativePath: string;
  readonly scope: IgnoreScope;
  readonly rules: FolderRules;
  /** Git ignores this folder (or one above it); it is walked for the tracked files in it only. */
  readonly insideIgnored?: boolean;
}

export interface WorkspaceScannerDependencies {
  readonly fs: Pick<vscode.FileSystem, 'readDirectory' | 'readFile' | 'stat'>;
  readonly workspace: Pick<typeof vscode.workspace, 'workspaceFolders' | 'textDocuments' | 'getWorkspaceFolder'>;
  readonly exclusions: ScanExclusions;
  readonly ignoreFiles: Pick<IgnoreFileSource, 'refresh'>;
  readonly publisher: Pick<DiagnosticsPublisher, 'publishText' | 'publishBytes' | 'locate'>;
  /** Decides which files are decoded and scanned in the scan worker rather than on this thread. */
  readonly engine: Pick<ScanEngine, 'usesWorker' | 'warmUp'>;
  readonly store: FindingsStore;
  readonly settings: () => ConfigSnapshot['scan'];
  readonly logger: Logger;
  /**
   * Files and folders read at the same time (default 32). Reads go through the workspace file system, a round
   * trip each: on a 20,000-file tree 8 at a time took 15.7 s, 32 took 6.1 s, 128 4.4 s but with 78 ms stalls.
   */
  readonly concurrency?: number;
  /** Longest stretch of work between yields to the event loop. */
  readonly sliceMs?: number;
}

const joinPath = (a: string, b: string): string => (a === '' ? b : `${a}/${b}`);

function describeFsError(error: unknown): { deleted: boolean; reason: string } {
  if (error instanceof vscode.FileSystemError) {
    if (error.code === 'FileNotFound') return { deleted: true, reason: 'deleted during the scan' };
    if (error.code === 'NoPermissions') return { deleted: false, reason: 'permission denied' };
    if (error.code === 'FileIsADirectory') return { deleted: false, reason: 'is a folder' };
    return { deleted: false, reason: error.message || error.code };
  }
  return { deleted: false, reason: error instanceof Error ? error.message : String(error) };
}

/**
 * The workspace scan: lists every file of every workspace folder through `vscode.workspace.fs` (so remote and
 * virtual workspaces work), skipping what {@link ScanExclusions} excludes but not dot-files, then reads, decodes
 * and scans them a few at a time, yielding to the event loop between slices so the extension host stays
 * responsive. Results go to the findings store file by file; a file's new scan replaces its old one.
 */
export class WorkspaceScanner {
  private keepResults = false;
  private notices: { file: string; message: string }[] = [];
  private readonly concurrency: number;
  private readonly sliceMs: number;

  constructor(private readonly deps: WorkspaceScannerDependencies) {
    this.concurrency = deps.concurrency ?? 32;
    this.sliceMs = deps.sliceMs ?? 10;
  }

  /** True after a workspace scan, until findings are cleared: findings then outlive their documents. */
  get resultsActive(): boolean {
    return this.keepResults;
  }

  /** Files the last workspace scan could not read, as SARIF notices. */
  get lastNotices(): readonly { file: string; message: string }[] {
    return this.notices;
  }

  forgetResults(): void {
    this.keepResults = false;
    this.notices = [];
  }

  async scanWorkspace(token: vscode.CancellationToken, progress: ScanProgress = () => undefined): Promise<WorkspaceScanSummary> {
    const started = performance.now();
    const folders = this.deps.workspace.workspaceFolders ?? [];
    const summary = this.emptySummary(folders.length);
    this.keepResults = true;
    // Rules are read afresh rather than trusted from caches kept up to date by (possibly late) file events.
    this.deps.exclusions.refresh();
    this.deps.ignoreFiles.refresh();
    this.deps.engine.warmUp(); // the worker starts while files are listed, not in the middle of the scan
    const slicer = new TimeSlicer(this.sliceMs);
    const files: WorkspaceFile[] = [];
    const tasks: DirectoryTask[] = [];
    for (const folder of folders) {
      const rules = await this.deps.exclusions.rules(folder);
      tasks.push({ uri: folder.uri, relativePath: '', scope: rules.rootScope, rules });
    }
    progress(0, undefined);
    await runPool<DirectoryTask>(tasks, this.concurrency, (task, push) => this.listDirectory(task, push, files, summary, slicer), () => token.isCancellationRequested);
    summary.filesListed = files.length;
    progress(0, files.length);

    const visited = new Set<string>();
    let done = 0;
    await runPool(files, this.concurrency, async (file) => {
      visited.add(file.uri.toString());
      await this.scanFile(file, summary, slicer, token);
      progress(++done, files.length);
    }, () => token.isCancellationRequested);
    summary.cancelled = token.isCancellationRequested;

    if (!summary.cancelled) {
      // Files that had findings but are no longer part of the scan (now excluded, or gone) lose them — unless an
      // editor holds unsaved changes for them.
      for (const scan of this.deps.store.all()) {
        if (scan.folder && !visited.has(scan.uri.toString()) && !this.openDocument(scan.uri)?.isDirty) this.deps.store.delete(scan.uri);
      }
      this.notices = summary.unreadable.map((u) => ({ file: u.file, message: `Could not scan ${u.file}: ${u.reason}.` }));
    }
    summary.durationMs = Math.round(performance.now() - started);
    return summary;
  }

  /**
   * Rescans files or folders (changed on disk, created, renamed) that are in a workspace folder: excluded ones
   * lose their findings, folders are walked. `fromDisk` reads the file even while it is open in an editor.
   */
  async scanUris(uris: readonly vscode.Uri[], options: { fromDisk?: boolean; token?: vscode.CancellationToken } = {}): Promise<WorkspaceScanSummary> {
    const token = options.token ?? new vscode.CancellationTokenSource().token;
    const summary = this.emptySummary(0);
    const slicer = new TimeSlicer(this.sliceMs);
    const files: WorkspaceFile[] = [];
    for (const uri of uris) {
      const where = this.deps.publisher.locate(uri);
      if (!where) continue;
      if (await this.deps.exclusions.exclusionOf(where.folder, where.relativePath)) {
        this.deps.store.deleteUnder(uri);
        continue;
      }
      let type: vscode.FileType;
      try {
        type = (await this.deps.fs.stat(uri)).type;
      } catch {
        this.deps.store.deleteUnder(uri);
        continue;
      }
      if (type & vscode.FileType.Directory) {
        const rules = await this.deps.exclusions.rules(where.folder);
        const scope = await this.scopeAt(rules, where.relativePath);
        const insideIgnored = await this.deps.exclusions.isGitIgnored(where.folder, where.relativePath);
        await runPool<DirectoryTask>([{ uri, relativePath: where.relativePath, scope, rules, insideIgnored }], this.concurrency,
          (task, push) => this.listDirectory(task, push, files, summary, slicer), () => token.isCancellationRequested);
      } else {
        files.push({ uri, ...where });
      }
    }
    await runPool(files, this.concurrency, (file) => this.scanFile(file, summary, slicer, token, options.fromDisk), () => token.isCancellationRequested);
    return summary;
  }

  private emptySummary(folders: number): WorkspaceScanSummary {
    return {
      folders, filesListed: 0, filesScanned: 0, bytesScanned: 0, findings: 0, filesWithFindings: 0, suppressed: 0, keyBasedClients: 0, filesWithSecrets: 0,
      skipped: { binary: 0, tooLarge: 0, excluded: 0, folderLinks: 0, deleted: 0 }, unreadable: [], durationMs: 0, cancelled: false,
    };
  }

  /** How a file is named in reports: relative to its folder, prefixed with the folder's name in multi-root workspaces. */
  displayPath(where: FileLocation): string {
    return (this.deps.workspace.workspaceFolders?.length ?? 0) > 1 ? `${where.folder.name}/${where.relativePath}` : where.relativePath;
  }

  /** Git's rules in force inside `relativePath` (a folder), from the folder's root scope and the .gitignore files on the way. */
  private async scopeAt(rules: FolderRules, relativePath: string): Promise<IgnoreScope> {
    let scope = rules.rootScope;
    if (!rules.respectGitignore) return scope;
    const parts = relativePath.split('/');
    for (let i = 0; i <= parts.length; i++) {
      const dirRel = parts.slice(0, i).join('/');
      const text = await this.deps.exclusions.readGitignore(dirRel === '' ? rules.folder.uri : vscode.Uri.joinPath(rules.folder.uri, ...parts.slice(0, i)));
      // The folder's own .gitignore is read again when it is listed; add the others here.
      if (text !== undefined && i < parts.length) scope = scope.withRules(joinPath(rules.repoPrefix, dirRel), text);
    }
    return scope;
  }

  private async listDirectory(task: DirectoryTask, push: (next: DirectoryTask) => void, files: WorkspaceFile[], summary: WorkspaceScanSummary,
    slicer: TimeSlicer): Promise<void> {
    const { rules } = task;
    let entries: [string, vscode.FileType][];
    try {
      entries = await this.deps.fs.readDirectory(task.uri);
    } catch (error) {
      const where = { folder: rules.folder, relativePath: task.relativePath === '' ? '.' : `${task.relativePath}/` };
      summary.unreadable.push({ file: this.displayPath(where), reason: `cannot list folder: ${describeFsError(error).reason}` });
      return;
    }
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    let scope = task.scope;
    if (rules.respectGitignore) {
      const listed = entries.some(([name, type]) => name === '.gitignore' && (type & vscode.FileType.File) !== 0);
      const text = await this.deps.exclusions.readGitignore(task.uri, listed);
      if (text !== undefined) scope = scope.withRules(joinPath(rules.repoPrefix, task.relativePath), text);
    }
    let n = 0;
    for (const [name, type] of entries) {
      if (++n % 500 === 0) await slicer.pause();
      if (name === '.git') continue; // the repository's own files
      const relativePath = joinPath(task.relativePath, name);
      const isDirectory = (type & vscode.FileType.Directory) !== 0;
      const git = rules.gitVerdict(scope, relativePath, isDirectory, task.insideIgnored);
      if (rules.globs(relativePath) || git === 'ignored') {
        summary.skipped.excluded++;
        continue;
      }
      const uri = vscode.Uri.joinPath(task.uri, name);
      if (isDirectory) {
        // Linked folders are not followed: they can loop, and the workspace file system cannot tell where they lead.
        if (type & vscode.FileType.SymbolicLink) summary.skipped.folderLinks++;
        else push({ uri, relativePath, scope, rules, insideIgnored: git === 'tracked' });
      } else if (type & vscode.FileType.File) {
        files.push({ uri, folder: rules.folder, relativePath });
      } else if (type & vscode.FileType.SymbolicLink) {
        summary.unreadable.push({ file: this.displayPath({ folder: rules.folder, relativePath }), reason: 'broken symbolic link' });
      }
    }
  }

  private openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    const key = uri.toString();
    return this.deps.workspace.textDocuments.find((d) => d.uri.toString() === key);
  }

  private count(outcome: ScanOutcome, summary: WorkspaceScanSummary): void {
    if (outcome.status === 'scanned') {
      summary.findings += outcome.findings;
      summary.suppressed += outcome.suppressed;
      if (outcome.findings) summary.filesWithFindings++;
      summary.keyBasedClients += outcome.keyBasedClients;
      if (outcome.findings > outcome.keyBasedClients) summary.filesWithSecrets++;
    } else if (outcome.status === 'too-large') {
      summary.skipped.tooLarge++;
    }
  }

  private async scanFile(file: WorkspaceFile, summary: WorkspaceScanSummary, slicer: TimeSlicer, token: vscode.CancellationToken,
    fromDisk = false): Promise<void> {
    if (token.isCancellationRequested) return;
    const { uri } = file;
    const open = fromDisk ? undefined : this.openDocument(uri);
    if (open?.isDirty) {
      // Unsaved changes are what the Problems panel must describe; otherwise the disk is the truth (an open
      // document's model may not have caught up with a change on disk yet).
      await slicer.pause();
      const version = open.version;
      summary.filesScanned++;
      this.count(await this.deps.publisher.publishText(uri, () => open.getText(),
        { origin: 'document', version, where: file, isOutdated: () => open.version !== version }), summary);
      return;
    }
    const max = this.deps.settings().maxFileSize;
    let bytes: Uint8Array;
    try {
      const stat = await this.deps.fs.stat(uri);
      if (stat.size > max) {
        summary.skipped.tooLarge++;
        this.deps.store.delete(uri);
        return;
      }
      bytes = await this.deps.fs.readFile(uri);
    } catch (error) {
      const { deleted, reason } = describeFsError(error);
      if (deleted) summary.skipped.deleted++;
      else summary.unreadable.push({ file: this.displayPath(file), reason });
      this.deps.store.delete(uri);
      return;
    }
    if (bytes.length > max) {
      summary.skipped.tooLarge++;
      this.deps.store.delete(uri);
      return;
    }
    await slicer.pause();
    if (token.isCancellationRequested) return;
    if (this.deps.engine.usesWorker(bytes.length)) {
      // Large files are decoded and scanned in the worker: no multi-megabyte string on this thread.
      const size = bytes.length;
      const outcome = await this.deps.publisher.publishBytes(uri, bytes, file);
      if (outcome.status === 'binary') {
        summary.skipped.binary++;
      } else {
        summary.filesScanned++;
        summary.bytesScanned += size;
        this.count(outcome, summary);
      }
      return;
    }
    const triggers = scanTriggersFor(file.relativePath, { keyBasedClients: this.deps.settings().rules['cosmos-key-based-client'] });
    const decoded = decodeFileBytes(bytes, NODE_TEXT_DECODERS, { skipWithoutTriggers: true, triggers });
    if (decoded.kind === 'binary') {
      summary.skipped.binary++;
      this.deps.store.delete(uri);
      return;
    }
    summary.filesScanned++;
    summary.bytesScanned += bytes.length;
    if (decoded.kind === 'noSecret') {
      this.deps.store.delete(uri);
      return;
    }
    this.count(await this.deps.publisher.publishText(uri, decoded.text, { origin: 'disk', where: file }), summary);
  }
}
