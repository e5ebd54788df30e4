import type * as vscode from 'vscode';
import { type ConfigChange } from '../../platform/configStore';
import { type ConfigSnapshot } from '../../platform/configSnapshot';
import { type Logger } from '../../platform/logger';
import { type DiagnosticsPublisher } from './diagnosticsPublisher';

/** How long typing must pause before a document is rescanned. */
export const LIVE_SCAN_DELAY_MS = 300;

// Views of other content (the log, git's old revisions, debug sources) would only duplicate or add noise.
const IGNORED_SCHEMES = new Set(['output', 'git', 'gitfs', 'debug', 'vscode-scm', 'vscode-chat-code-block']);

type DocumentEvents = Pick<typeof vscode.workspace,
  'textDocuments' | 'onDidOpenTextDocument' | 'onDidChangeTextDocument' | 'onDidSaveTextDocument' | 'onDidCloseTextDocument' | 'fs'>;

/** The part of the {@link DiagnosticsPublisher} the live scanner drives. */
type Publisher = Pick<DiagnosticsPublisher, 'publish' | 'clear' | 'clearAll'>;

/**
 * Takes over a closed document's findings when workspace results are kept (rescanning the file as it is on disk)
 * and returns true; returns false when the findings should simply go with the document.
 */
export type ClosePolicy = (document: vscode.TextDocument) => boolean;

interface ConfigSource {
  readonly snapshot: ConfigSnapshot;
  readonly onDidChange: vscode.Event<ConfigChange>;
}

/**
 * Keeps diagnostics in step with open documents while `cosmosGuard.scan.liveScanning` is on: scans on open and
 * save, after a pause in typing (per document). When a document is closed its diagnostics go with it, unless a
 * workspace scan's results are being kept ({@link ClosePolicy}): then the file on disk is what counts.
 */
export class LiveScanner implements vscode.Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Set<Promise<unknown>>();
  private idleWaiters: (() => void)[] = [];
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly documents: DocumentEvents,
    private readonly publisher: Publisher,
    private readonly config: ConfigSource,
    private readonly logger: Logger,
    private readonly delayMs = LIVE_SCAN_DELAY_MS,
    private readonly onClose: ClosePolicy = () => false,
  ) {
    this.subscriptions = [
      documents.onDidOpenTextDocument((document) => this.scanNow(document)),
      documents.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.scanSoon(e.document);
      }),
      documents.onDidSaveTextDocument((document) => this.scanNow(document)),
      documents.onDidCloseTextDocument((document) => this.forget(document)),
      config.onDidChange((change) => this.onConfigChange(change)),
    ];
    // Documents open before activation are scanned after the debounce, off the startup path.
    this.scanOpenDocuments();
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.notifyIfIdle();
  }

  /**
   * Resolves when no live scan is waiting for its pause in typing or running: what has been opened, typed or saved
   * so far is published (host tests wait on this rather than on a time).
   */
  idle(): Promise<void> {
    if (this.isIdle) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private get isIdle(): boolean {
    return this.timers.size === 0 && this.running.size === 0;
  }

  private notifyIfIdle(): void {
    if (this.isIdle) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private get enabled(): boolean {
    return this.config.snapshot.scan.liveScanning;
  }

  private scanOpenDocuments(): void {
    for (const document of this.documents.textDocuments) this.scanSoon(document);
  }

  /** Rescans every open document now (settings or ignore rules changed). */
  rescanOpenDocuments(): void {
    if (!this.enabled) return;
    this.scanOpenDocuments();
  }

  private scanSoon(document: vscode.TextDocument): void {
    if (!this.enabled || IGNORED_SCHEMES.has(document.uri.scheme)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      // The document may have been closed while the timer ran, or its file deleted (checked in scan).
      if (!document.isClosed) this.scan(document, true);
      this.notifyIfIdle();
    }, this.delayMs));
  }

  private scanNow(document: vscode.TextDocument): void {
    if (!this.enabled || IGNORED_SCHEMES.has(document.uri.scheme)) return;
    this.cancelPending(document.uri);
    this.scan(document);
  }

  private scan(document: vscode.TextDocument, unlessDeleted = false): void {
    // Automatic work reports to the log only; a toast on every keystroke would be worse than the failure.
    const failed = (error: unknown): void => this.logger.error(`Live scan of ${document.uri.toString(true)} failed`, error);
    try {
      const scanned = unlessDeleted
        ? this.isDeleted(document).then((deleted) => {
          if (deleted) this.publisher.clear(document.uri);
          else if (!document.isClosed) return this.publisher.publish(document);
          return undefined;
        })
        : this.publisher.publish(document);
      const run = scanned.then((outcome) => {
        if (outcome?.status === 'excluded') this.logger.debug(`Live scan of ${document.uri.toString(true)}: not scanned (${outcome.reason})`);
      }, failed);
      this.running.add(run);
      void run.finally(() => {
        this.running.delete(run);
        this.notifyIfIdle();
      });
    } catch (error) {
      failed(error);
    }
  }

  /**
   * True for a saved `file:` document whose file is gone. VS Code keeps such a document in memory after its editor
   * closed; a rescan of it (a setting changed) must not bring back the findings the file watcher dropped when the file
   * was deleted. An unsaved document counts whatever happened to its file: its text is what could be saved.
   */
  private async isDeleted(document: vscode.TextDocument): Promise<boolean> {
    if (document.uri.scheme !== 'file' || document.isDirty || document.isUntitled) return false;
    try {
      await this.documents.fs.stat(document.uri);
      return false;
    } catch (error) {
      return (error as { code?: unknown } | undefined)?.code === 'FileNotFound';
    }
  }

  private forget(document: vscode.TextDocument): void {
    this.cancelPending(document.uri);
    if (!this.onClose(document)) this.publisher.clear(document.uri);
    this.notifyIfIdle();
  }

  private cancelPending(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  private onConfigChange({ previous, current }: ConfigChange): void {
    if (!current.scan.liveScanning) {
      if (previous.scan.liveScanning) {
        for (const timer of this.timers.values()) clearTimeout(timer);
        this.timers.clear();
        this.publisher.clearAll();
        this.notifyIfIdle();
      }
      return;
    }
    // Turned on, or a setting that changes results: bring every open document up to date.
    this.scanOpenDocuments();
  }
}
