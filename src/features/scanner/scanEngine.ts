import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import { type Finding } from '../../core/detection';
import { scanFileText, type FileScanOptions } from '../../core/scan';
import { type IgnoreFileEntry } from '../../core/suppression';
import { type Logger } from '../../platform/logger';
import { scanBytes, type BytesScanResult, type ScanRequest, type ScanResponse } from './scanWorker';

/**
 * Inputs at least this long (characters or bytes) are scanned in the worker. Detection is linear, but a file dense
 * with key-shaped strings costs ~0.14 ms per KB: 512 K stay well under the 100 ms the host may be blocked.
 */
export const WORKER_MIN_CHARS = 512 * 1024;
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

  constructor(
    private readonly workerScript: string | undefined,
    private readonly logger: Logger,
    private readonly workerMinChars = WORKER_MIN_CHARS,
  ) {}

  /** True when an input this long is scanned off the main thread. */
  usesWorker(length: number): boolean {
    return length >= this.workerMinChars && this.workerScript !== undefined && !this.workerFailed;
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
    if (!this.usesWorker(text.length)) return scanFileText(file, text, options);
    const response = await this.request({ kind: 'text', file, text, options }, () => ({ id: 0, findings: scanFileText(file, text, options) }));
    return 'findings' in response ? response.findings : [];
  }

  /**
   * Decodes and scans a file's bytes, applying its suppressions, in the worker (the bytes are transferred, not
   * copied: the caller must not use them afterwards). Only for inputs {@link usesWorker} accepts.
   */
  async scanBytes(file: string, bytes: Uint8Array, options: FileScanOptions, suppressions: { entries: readonly IgnoreFileEntry[]; today: string }): Promise<BytesScanResult> {
    const body = { kind: 'bytes' as const, file, bytes, options, entries: suppressions.entries, today: suppressions.today };
    const response = await this.request(body, () => ({ id: 0, result: scanBytes({ id: 0, ...body }) }));
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
