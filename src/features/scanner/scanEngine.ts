import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import { type Finding } from '../../core/detection';
import { estimateScanMicros, scanFileText, type FileScanOptions } from '../../core/scan';
import { type Logger } from '../../platform/logger';
import {
  scanSuppressedBytes, scanSuppressedText, type BytesScanResult, type SuppressionContext, type TextScanResult,
} from '../../shared/suppressedScan';
import { type ScanRequest, type ScanResponse } from './scanWorker';

/**
 * Inputs at least this long (characters or bytes) are always scanned in the worker: besides the time, a
 * multi-megabyte string on the host's heap brings long garbage-collection pauses.
 */
export const WORKER_MIN_CHARS = 512 * 1024;
/**
 * Shorter texts are scanned in the calling thread unless their estimated cost (estimateScanMicros) is above this.
 * Detection is linear, but not with the same factor everywhere: 64 KB of key-shaped values once took 70 ms, of
 * vCore passwords 15 s; an ordinary 470 KB source file takes under a millisecond and stays in the thread.
 */
export const HOST_BUDGET_MICROS = 20_000;
/**
 * A document edited by at most this many characters since its last scan in the calling thread, which took under
 * a quarter of the budget, is scanned there again without an estimate (the estimate is a few passes over the text:
 * ~0.4 ms of a 470 KB file's 1 ms rescan). So few characters cannot add a quarter of the budget: a key spot costs
 * ~100 µs per 3 characters, a vCore password (its URI is longer than this) one stretched fingerprint.
 */
const SMALL_EDIT_CHARS = 32;
/** How many documents' last costs are remembered. */
const REMEMBERED_DOCUMENTS = 256;
/** The worker is ended after this long without work (it holds ~10 MB). */
const WORKER_IDLE_MS = 30_000;

type RequestBody = ScanRequest extends infer R ? R extends ScanRequest ? Omit<R, 'id'> : never : never;

interface Pending {
  resolve(response: ScanResponse): void;
  reject(error: Error): void;
}

/**
 * Runs the core's detection: in the calling thread for ordinary inputs (no hop, ~1 ms for a 5,000-line file),
 * in a worker thread for large ones. Falls back to the calling thread when the worker cannot run.
 */
export class ScanEngine implements vscode.Disposable {
  private worker: Worker | undefined;
  private workerFailed = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** What the last in-thread scan of each document cost, by document: its length then, and the time it took. */
  private readonly lastInThread = new Map<string, { readonly length: number; readonly micros: number }>();

  constructor(
    private readonly workerScript: string | undefined,
    private readonly logger: Logger,
    private readonly workerMinChars = WORKER_MIN_CHARS,
    private readonly hostBudgetMicros = HOST_BUDGET_MICROS,
  ) {}

  /** True when an input this long is scanned off the main thread, whatever it holds. */
  usesWorker(length: number): boolean {
    return length >= this.workerMinChars && this.workerAvailable();
  }

  /** True when `text` is scanned off the main thread: long, or costly to scan (see {@link HOST_BUDGET_MICROS}). */
  sendsToWorker(text: string): boolean {
    return this.workerAvailable() && (text.length >= this.workerMinChars || estimateScanMicros(text, this.hostBudgetMicros) > this.hostBudgetMicros);
  }

  /** True when `document` was scanned cheaply in this thread last time and has changed length by only a few characters. */
  private cheapEdit(document: string | undefined, text: string): boolean {
    const last = document === undefined ? undefined : this.lastInThread.get(document);
    return last !== undefined && text.length < this.workerMinChars && Math.abs(text.length - last.length) <= SMALL_EDIT_CHARS &&
      last.micros <= this.hostBudgetMicros / 4;
  }

  private remember(document: string, length: number, micros: number): void {
    if (this.lastInThread.size >= REMEMBERED_DOCUMENTS && !this.lastInThread.has(document)) this.lastInThread.clear();
    this.lastInThread.set(document, { length, micros });
  }

  private workerAvailable(): boolean {
    return this.workerScript !== undefined && !this.workerFailed;
  }

  /** Starts the worker ahead of work that will need it (it stops again after a while without work). */
  warmUp(): void {
    if (this.workerScript === undefined || this.workerFailed || this.worker) return;
    try {
      this.ensureWorker();
      this.scheduleIdleStop();
    } catch (error) {
      this.logger.warn(`Scan worker unavailable (${error instanceof Error ? error.message : String(error)}).`);
      this.workerFailed = true;
    }
  }

  async scan(file: string, text: string, options: FileScanOptions): Promise<Finding[]> {
    if (!this.sendsToWorker(text)) return scanFileText(file, text, options);
    const response = await this.request({ kind: 'text', file, text, options }, () => ({ id: 0, findings: scanFileText(file, text, options) }));
    return 'findings' in response ? response.findings : [];
  }

  /**
   * Scans a text and applies its suppressions (parsing them is work on the text too), off the main thread when
   * {@link sendsToWorker}. `document` (a URI) lets a document being edited skip the estimate; see SMALL_EDIT_CHARS.
   */
  async scanWithSuppressions(file: string, text: string, options: FileScanOptions, suppressions: SuppressionContext, document?: string): Promise<TextScanResult> {
    if (this.cheapEdit(document, text) || !this.sendsToWorker(text)) {
      const started = performance.now();
      const result = scanSuppressedText(file, text, options, suppressions);
      if (document !== undefined) this.remember(document, text.length, (performance.now() - started) * 1000);
      return result;
    }
    if (document !== undefined) this.lastInThread.delete(document);
    const body = { kind: 'suppressedText' as const, file, text, options, entries: suppressions.entries, today: suppressions.today };
    const response = await this.request(body, () => ({ id: 0, textResult: scanSuppressedText(file, text, options, suppressions) }));
    return 'textResult' in response ? response.textResult : { kind: 'text', findings: [], problems: [], suppressed: 0 };
  }

  /**
   * Decodes and scans a file's bytes, applying its suppressions, in the worker (the bytes are transferred, not
   * copied: the caller must not use them afterwards). Only for inputs {@link usesWorker} accepts.
   */
  async scanBytes(file: string, bytes: Uint8Array, options: FileScanOptions, suppressions: SuppressionContext): Promise<BytesScanResult> {
    const body = { kind: 'bytes' as const, file, bytes, options, entries: suppressions.entries, today: suppressions.today };
    const response = await this.request(body, () => ({ id: 0, result: scanSuppressedBytes(file, bytes, options, suppressions) }));
    return 'result' in response ? response.result : { kind: 'text', findings: [], problems: [], suppressed: 0 };
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
    for (const p of this.pending.values()) p.reject(new Error('Cosmos Guard is shutting down'));
    this.pending.clear();
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private async request(body: RequestBody, fallback: () => ScanResponse): Promise<ScanResponse> {
    let response: ScanResponse;
    try {
      response = await this.post(body);
    } catch (error) {
      this.logger.warn(`Scan worker unavailable (${error instanceof Error ? error.message : String(error)}); scanning ${body.file} in the extension host.`);
      this.workerFailed = true;
      return fallback();
    }
    if ('error' in response) throw new Error(response.error);
    return response;
  }

  private post(body: RequestBody): Promise<ScanResponse> {
    const worker = this.ensureWorker(); // throws when the worker cannot be created
    clearTimeout(this.idleTimer);
    const id = this.nextId++;
    let transfer: ArrayBuffer[] = [];
    let message: ScanRequest = { id, ...body };
    if (body.kind === 'bytes') {
      // Transfer the bytes: a copy of a 10 MB file would cost the main thread time and heap.
      const whole = body.bytes.byteOffset === 0 && body.bytes.byteLength === body.bytes.buffer.byteLength && body.bytes.buffer instanceof ArrayBuffer;
      const bytes = whole ? body.bytes : body.bytes.slice();
      message = { ...message, kind: 'bytes', bytes } as ScanRequest;
      transfer = [bytes.buffer as ArrayBuffer];
    }
    return new Promise<ScanResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(message, transfer);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript!);
    worker.unref(); // never keeps the extension host alive
    worker.on('message', (response: ScanResponse) => {
      const p = this.pending.get(response.id);
      if (!p) return;
      this.pending.delete(response.id);
      p.resolve(response);
      if (this.pending.size === 0) this.scheduleIdleStop();
    });
    const fail = (error: Error): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`scan worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private scheduleIdleStop(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      const worker = this.worker;
      this.worker = undefined;
      void worker?.terminate();
    }, WORKER_IDLE_MS);
    this.idleTimer.unref?.();
  }
}
