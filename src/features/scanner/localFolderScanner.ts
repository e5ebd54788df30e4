import { MessageChannel, Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { type FileScanOptions } from '../../core/scan';
import { type ConfigSnapshot } from '../../platform/configSnapshot';
import { type Logger } from '../../platform/logger';
import { activeClients } from './diagnosticsPublisher';
import { type FindingsStore } from './findingsStore';
import { type IgnoreFileSource } from './ignoreFileSource';
import { FOLDER_SCAN_ROLE, type BatchCounts, type FolderScanJob, type FolderScanMessage } from './localFolderScan';
import { indexProblemWarning, type ScanExclusions } from './scanExclusions';
import { countOutcome, type WorkspaceScanSummary } from './workspaceScanSummary';

export interface LocalFolderScannerDependencies {
  /** dist/folderScanWorker.js; undefined where the extension does not run from a local disk. */
  readonly workerScript: string | undefined;
  readonly store: FindingsStore;
  readonly exclusions: Pick<ScanExclusions, 'rules'>;
  readonly ignoreFiles: Pick<IgnoreFileSource, 'entriesOf'>;
  readonly settings: () => ConfigSnapshot['scan'];
  readonly options: () => FileScanOptions;
  readonly today: () => string;
  readonly logger: Logger;
}

/** What the workspace scan hands over for one folder, and what it gets back. */
export interface LocalFolderScanContext {
  readonly summary: WorkspaceScanSummary;
  readonly token: vscode.CancellationToken;
  /** Files with unsaved changes (paths relative to the folder): listed, left to the caller to scan from the editor. */
  readonly unsaved: readonly string[];
  /** How a file is named in reports. */
  readonly displayPath: (relativePath: string) => string;
  /** Called with the files listed (once) and then with each batch of files done. */
  readonly onListed: (files: number) => void;
  readonly onDone: (files: number) => void;
  /** Gets the URIs of the files met that have results now or had some before (the store's others lose theirs). */
  readonly visited: Set<string>;
}

/**
 * The workspace scan of a local (`file:`) folder, in a worker thread that lists and reads with Node's file system
 * (as the CLI does) and decodes, detects and applies suppressions there: about as fast as the CLI, and the extension
 * host only turns the findings into diagnostics. Remote and virtual folders keep the `vscode.workspace.fs` walk.
 */
export class LocalFolderScanner {
  private runningWorkers = 0;
  private startedWorkers = 0;
  private holdAt: string | undefined;

  constructor(private readonly deps: LocalFolderScannerDependencies) {}

  /** Whether `folder` is scanned by the worker. */
  handles(folder: vscode.WorkspaceFolder): boolean {
    return this.deps.workerScript !== undefined && folder.uri.scheme === 'file';
  }

  /** Worker threads started so far and still running (for host tests: a stopped scan leaves none). */
  get workers(): { readonly started: number; readonly running: number } {
    return { started: this.startedWorkers, running: this.runningWorkers };
  }

  /** For host tests: the next scan waits after scanning this file (relative to its folder) until it is stopped. */
  holdNextScanAt(relativePath: string): void {
    this.holdAt = relativePath;
  }

  /** Scans `folder`; resolves with the unsaved files the walk met (the caller scans their text), once the worker has exited. */
  async scan(folder: vscode.WorkspaceFolder, context: LocalFolderScanContext): Promise<string[]> {
    if (context.token.isCancellationRequested) return [];
    const settings = this.deps.settings();
    const [rules, entries] = await Promise.all([this.deps.exclusions.rules(folder), this.deps.ignoreFiles.entriesOf(folder)]);
    const folderKey = folder.uri.toString();
    const known = this.deps.store.all().filter((s) => s.folder?.uri.toString() === folderKey && s.relativePath !== undefined).map((s) => s.relativePath!);
    const cancel = new SharedArrayBuffer(4);
    const job: FolderScanJob = {
      role: FOLDER_SCAN_ROLE, root: folder.uri.fsPath, excludeGlobs: rules.globLists.flat(), respectGitignore: rules.respectGitignore,
      maxFileSize: settings.maxFileSize, options: this.deps.options(), entries, today: this.deps.today(), known, skip: context.unsaved, cancel,
      parallel: true,
      ...(this.holdAt !== undefined ? { hold: { at: this.holdAt, state: new SharedArrayBuffer(4) } } : {}),
    };
    this.holdAt = undefined;
    const uriOf = (relativePath: string): vscode.Uri => vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
    let unsavedListed: string[] = [];
    const apply = (batch: BatchCounts): void => {
      const { summary } = context;
      summary.filesScanned += batch.scanned;
      summary.bytesScanned += batch.bytes;
      summary.skipped.binary += batch.binary;
      summary.skipped.tooLarge += batch.tooLarge;
      summary.skipped.deleted += batch.deleted;
      for (const u of batch.unreadable) summary.unreadable.push({ file: context.displayPath(u.file), reason: u.reason });
      for (const relativePath of batch.cleared) this.deps.store.delete(uriOf(relativePath));
      for (const r of batch.results) {
        context.visited.add(uriOf(r.relativePath).toString());
        this.deps.store.set({ uri: uriOf(r.relativePath), findings: r.findings, problems: r.problems, origin: 'disk', folder, relativePath: r.relativePath });
        countOutcome({ status: 'scanned', findings: r.findings.length - r.suppressed, suppressed: r.suppressed, keyBasedClients: activeClients(r.findings) }, summary);
      }
      context.onDone(batch.files);
    };
    const channel = new MessageChannel();
    const worker = new Worker(this.deps.workerScript!, { workerData: { ...job, port: channel.port2 }, transferList: [channel.port2] });
    this.startedWorkers++;
    this.runningWorkers++;
    let failure: string | undefined;
    await new Promise<void>((resolve) => {
      let helper = false;
      let mainDone = false;
      let helperDone = false;
      const finish = (): void => {
        if (mainDone && (!helper || helperDone)) void worker.terminate();
      };
      const onMessage = (fromHelper: boolean) => (m: FolderScanMessage): void => {
        if (context.token.isCancellationRequested) return;
        if (m.kind === 'listed') {
          helper = m.helper;
          const { summary } = context;
          summary.filesListed += m.files;
          summary.skipped.excluded += m.excluded;
          summary.skipped.folderLinks += m.folderLinks;
          for (const u of m.unreadable) summary.unreadable.push({ file: context.displayPath(u.file), reason: u.reason });
          if (m.gitProblem !== undefined) this.deps.logger.warn(indexProblemWarning(folder.name, m.gitProblem));
          for (const relativePath of m.knownListed) context.visited.add(uriOf(relativePath).toString());
          unsavedListed = m.skipListed;
          context.onListed(m.files);
        } else if (m.kind === 'batch') {
          apply(m);
        } else {
          if (m.error) failure = m.error;
          if (fromHelper) helperDone = true;
          else mainDone = true;
          finish();
        }
      };
      worker.on('message', onMessage(false));
      channel.port1.on('message', onMessage(true));
      worker.on('error', (e) => {
        failure = e.message;
      });
      worker.once('exit', () => {
        this.runningWorkers--;
        channel.port1.close();
        if (!mainDone && !context.token.isCancellationRequested) failure ??= 'it stopped before reporting';
        resolve();
      });
      const stop = (): void => {
        Atomics.store(new Int32Array(cancel), 0, 1);
        void worker.terminate(); // its helper thread ends with it
      };
      const cancelled = context.token.onCancellationRequested(stop);
      if (context.token.isCancellationRequested) stop(); // stopped while the job was being prepared
      worker.once('exit', () => {
        cancelled.dispose();
      });
    });
    if (failure !== undefined) throw new Error(`The local scan worker failed: ${failure}`);
    return unsavedListed;
  }
}
