import * as vscode from 'vscode';
import { gitVerdict, type RepoPosition } from '../../core/git';
import { decodeFileBytes, scanTriggersFor, type IgnoreScope } from '../../core/scan';
import { type ConfigSnapshot } from '../../platform/configSnapshot';
import { type Logger } from '../../platform/logger';
import { NODE_TEXT_DECODERS } from '../../shared/nodeTextDecoders';
import { type DiagnosticsPublisher, type FileLocation } from './diagnosticsPublisher';
import { type FindingsStore } from './findingsStore';
import { type IgnoreFileSource } from './ignoreFileSource';
import { type LocalFolderScanner } from './localFolderScanner';
import { describeFsError } from './workspaceFolderAccess';
import { type ScanEngine } from './scanEngine';
import { type FolderRules, type ScanExclusions } from './scanExclusions';
import { runPool, TimeSlicer } from './workQueue';
import { addSummary, countOutcome, emptySummary, type WorkspaceScanSummary } from './workspaceScanSummary';

export { type WorkspaceScanSummary } from './workspaceScanSummary';

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
  /** The repository the folder is in (the workspace folder's, or one nested in it) and the folder's path in it. */
  readonly repo: RepoPosition;
  /** Git ignores this folder (or one above it); it is walked for the tracked files in it only. */
  readonly insideIgnored?: boolean;
  /** The root of a repository: its `.git` is its own (below the workspace folder, another `.git` starts a nested one). */
  readonly repoRoot?: boolean;
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
  /** Scans local (`file:`) folders in a worker thread; without it, every folder goes through `fs`. */
  readonly local?: Pick<LocalFolderScanner, 'handles' | 'scan'>;
  /** Longest stretch of work between yields to the event loop. */
  readonly sliceMs?: number;
}

const joinPath = (a: string, b: string): string => (a === '' ? b : `${a}/${b}`);

/**
 * The workspace scan: lists every file of every workspace folder, skipping what {@link ScanExclusions} excludes but
 * not dot-files, reads, decodes and scans them. Local folders go to the worker ({@link LocalFolderScanner}); remote
 * and virtual ones are walked through `vscode.workspace.fs` here, a few files at a time, yielding to the event loop
 * between slices so the extension host stays responsive. Results go to the findings store file by file; a file's
 * new scan replaces its old one.
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
    const summary = emptySummary(folders.length);
    this.keepResults = true;
    // Rules are read afresh rather than trusted from caches kept up to date by (possibly late) file events.
    this.deps.exclusions.refresh();
    this.deps.ignoreFiles.refresh();
    const slicer = new TimeSlicer(this.sliceMs);
    const visited = new Set<string>();
    const walked: vscode.WorkspaceFolder[] = [];
    let listed = 0;
    let done = 0;
    progress(0, undefined);
    for (const folder of folders) {
      if (!this.deps.local?.handles(folder)) walked.push(folder);
      else if (!token.isCancellationRequested && !await this.scanLocalFolder(folder, summary, token, visited, slicer, {
        listed: (n) => progress(done, listed += n), done: (n) => progress(done += n, listed),
      })) walked.push(folder);
    }
    if (walked.length === 0) {
      summary.cancelled = token.isCancellationRequested;
      return this.finish(summary, visited, started);
    }

    this.deps.engine.warmUp(); // the worker starts while files are listed, not in the middle of the scan
    const files: WorkspaceFile[] = [];
    const tasks: DirectoryTask[] = [];
    for (const folder of walked) {
      const rules = await this.deps.exclusions.rules(folder);
      tasks.push({ uri: folder.uri, relativePath: '', scope: rules.rootScope, rules, repo: { tracked: rules.tracked, path: rules.repoPrefix }, repoRoot: true });
    }
    await runPool<DirectoryTask>(tasks, this.concurrency, (task, push) => this.listDirectory(task, push, files, summary, slicer), () => token.isCancellationRequested);
    summary.filesListed += files.length;
    listed += files.length;
    progress(done, listed);

    await runPool(files, this.concurrency, async (file) => {
      visited.add(file.uri.toString());
      await this.scanFile(file, summary, slicer, token);
      progress(++done, listed);
    }, () => token.isCancellationRequested);
    summary.cancelled = token.isCancellationRequested;
    return this.finish(summary, visited, started);
  }

  private finish(summary: WorkspaceScanSummary, visited: ReadonlySet<string>, started: number): WorkspaceScanSummary {
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
   * A local folder's scan in the worker; files with unsaved changes are then scanned here, from their editors.
   * False when the worker failed: the caller walks the folder through the workspace file system instead.
   */
  private async scanLocalFolder(folder: vscode.WorkspaceFolder, summary: WorkspaceScanSummary, token: vscode.CancellationToken, visited: Set<string>,
    slicer: TimeSlicer, progress: { readonly listed: (n: number) => void; readonly done: (n: number) => void }): Promise<boolean> {
    const key = folder.uri.toString();
    const unsaved = this.deps.workspace.textDocuments.filter((d) => d.isDirty && this.deps.workspace.getWorkspaceFolder(d.uri)?.uri.toString() === key)
      .map((d) => this.deps.publisher.locate(d.uri)?.relativePath).filter((p): p is string => p !== undefined);
    const part = emptySummary(0);
    const seen = new Set<string>();
    let unsavedListed: string[];
    try {
      unsavedListed = await this.deps.local!.scan(folder, {
        summary: part, token, unsaved, visited: seen, displayPath: (relativePath) => this.displayPath({ folder, relativePath }),
        onListed: progress.listed, onDone: progress.done,
      });
    } catch (error) {
      this.deps.logger.warn(`${error instanceof Error ? error.message : String(error)}; scanning ${folder.name} through the workspace file system.`);
      return false;
    }
    addSummary(summary, part);
    for (const uri of seen) visited.add(uri);
    await runPool(unsavedListed, this.concurrency, async (relativePath) => {
      const uri = vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
      visited.add(uri.toString());
      await this.scanFile({ uri, folder, relativePath }, summary, slicer, token);
      progress.done(1);
    }, () => token.isCancellationRequested);
    return true;
  }

  /**
   * Rescans files or folders (changed on disk, created, renamed) that are in a workspace folder: excluded ones
   * lose their findings, folders are walked. `fromDisk` reads the file even while it is open in an editor.
   */
  async scanUris(uris: readonly vscode.Uri[], options: { fromDisk?: boolean; token?: vscode.CancellationToken } = {}): Promise<WorkspaceScanSummary> {
    const token = options.token ?? new vscode.CancellationTokenSource().token;
    const summary = emptySummary(0);
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
        const state = await this.deps.exclusions.walkStateAt(where.folder, where.relativePath);
        await runPool<DirectoryTask>([{ uri, relativePath: where.relativePath, rules, ...state, repoRoot: where.relativePath === '' }], this.concurrency,
          (task, push) => this.listDirectory(task, push, files, summary, slicer), () => token.isCancellationRequested);
      } else {
        files.push({ uri, ...where });
      }
    }
    await runPool(files, this.concurrency, (file) => this.scanFile(file, summary, slicer, token, options.fromDisk), () => token.isCancellationRequested);
    return summary;
  }

  /** How a file is named in reports: relative to its folder, prefixed with the folder's name in multi-root workspaces. */
  displayPath(where: FileLocation): string {
    return (this.deps.workspace.workspaceFolders?.length ?? 0) > 1 ? `${where.folder.name}/${where.relativePath}` : where.relativePath;
  }

  private async listDirectory(listed: DirectoryTask, push: (next: DirectoryTask) => void, files: WorkspaceFile[], summary: WorkspaceScanSummary,
    slicer: TimeSlicer): Promise<void> {
    let task = listed;
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
    if (rules.respectGitignore && !task.repoRoot && entries.some(([name]) => name === '.git')) {
      // Another repository inside this one (a submodule, a clone): its own index and rules decide from here down.
      const nested = await this.deps.exclusions.nestedRules(task.uri);
      task = { ...task, scope: nested.rootScope, repo: { tracked: nested.tracked, path: nested.place.prefix }, insideIgnored: false, repoRoot: true };
    }
    let scope = task.scope;
    if (rules.respectGitignore) {
      const hasGitignore = entries.some(([name, type]) => name === '.gitignore' && (type & vscode.FileType.File) !== 0);
      const text = await this.deps.exclusions.readGitignore(task.uri, hasGitignore);
      if (text !== undefined) scope = scope.withRules(task.repo.path, text);
    }
    let n = 0;
    for (const [name, type] of entries) {
      if (++n % 500 === 0) await slicer.pause();
      if (name === '.git') continue; // the repository's own files
      const relativePath = joinPath(task.relativePath, name);
      const isDirectory = (type & vscode.FileType.Directory) !== 0;
      const repoPath = joinPath(task.repo.path, name);
      const git = rules.respectGitignore ? gitVerdict(scope, task.repo.tracked, repoPath, isDirectory, task.insideIgnored) : 'scan';
      if (rules.globs(relativePath) || git === 'ignored') {
        summary.skipped.excluded++;
        continue;
      }
      const uri = vscode.Uri.joinPath(task.uri, name);
      if (isDirectory) {
        // Linked folders are not followed: they can loop, and the workspace file system cannot tell where they lead.
        if (type & vscode.FileType.SymbolicLink) summary.skipped.folderLinks++;
        else push({ uri, relativePath, scope, rules, repo: { tracked: task.repo.tracked, path: repoPath }, insideIgnored: git === 'tracked' });
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
      countOutcome(await this.deps.publisher.publishText(uri, () => open.getText(),
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
        countOutcome(outcome, summary);
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
    countOutcome(await this.deps.publisher.publishText(uri, decoded.text, { origin: 'disk', where: file }), summary);
  }
}
