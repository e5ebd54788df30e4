import type * as vscode from 'vscode';
import { type Logger } from '../../platform/logger';
import { type FindingsStore } from './findingsStore';
import { type WorkspaceScanner } from './workspaceScanner';

type Workspace = Pick<typeof vscode.workspace, 'createFileSystemWatcher' | 'onDidDeleteFiles' | 'onDidRenameFiles'>;

/** Changes arriving within this window are rescanned together (a `git checkout` touches many files at once). */
const BATCH_MS = 250;

/**
 * Keeps workspace-scan results true to the disk: deleted and renamed files drop their findings (renamed ones are
 * scanned under their new name), and while findings exist a file watcher rescans files that change or appear.
 * Open documents are the live scanner's business; the scanner reads them from the editor.
 */
export class FindingsWatcher implements vscode.Disposable {
  private watcher: vscode.FileSystemWatcher | undefined;
  private watcherSubscriptions: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[];
  private readonly pending = new Map<string, vscode.Uri>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly workspace: Workspace,
    private readonly store: FindingsStore,
    private readonly scanner: Pick<WorkspaceScanner, 'resultsActive' | 'scanUris'>,
    private readonly logger: Logger,
  ) {
    this.subscriptions = [
      workspace.onDidDeleteFiles((e) => {
        for (const uri of e.files) this.store.deleteUnder(uri);
      }),
      workspace.onDidRenameFiles((e) => {
        for (const { oldUri, newUri } of e.files) {
          this.store.deleteUnder(oldUri);
          if (this.scanner.resultsActive) this.queue(newUri);
        }
      }),
      store.onDidChange(() => this.update()),
    ];
  }

  /** Whether the file watcher is running (findings from a workspace scan exist). */
  get watching(): boolean {
    return this.watcher !== undefined;
  }

  /** Starts or stops the file watcher to match the store. */
  update(): void {
    const wanted = this.scanner.resultsActive && this.store.size > 0;
    if (wanted && !this.watcher) {
      const watcher = this.workspace.createFileSystemWatcher('**/*');
      this.watcherSubscriptions = [
        watcher.onDidChange((uri) => this.queue(uri)),
        watcher.onDidCreate((uri) => this.queue(uri)),
        watcher.onDidDelete((uri) => {
          this.pending.delete(uri.toString());
          this.store.deleteUnder(uri);
        }),
      ];
      this.watcher = watcher;
      this.logger.debug('Watching the workspace for changes to files with findings.');
    } else if (!wanted && this.watcher) {
      this.stopWatching();
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.stopWatching();
    for (const s of this.subscriptions) s.dispose();
  }

  private stopWatching(): void {
    for (const s of this.watcherSubscriptions) s.dispose();
    this.watcherSubscriptions = [];
    this.watcher?.dispose();
    this.watcher = undefined;
    this.pending.clear();
  }

  private queue(uri: vscode.Uri): void {
    if (uri.path.split('/').includes('.git')) return;
    this.pending.set(uri.toString(), uri);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    const uris = [...this.pending.values()];
    this.pending.clear();
    if (!uris.length) return;
    this.scanner.scanUris(uris).then(undefined, (error: unknown) => this.logger.error('Rescanning changed files failed', error));
  }
}
