import { OperationCancelledError } from './requestSignal';

/** The default cap on ARM operations in flight (`cosmosGuard.azure.maxConcurrentRequests`, `--max-concurrent-requests`). */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 16;
/** The highest cap a user may set. */
export const MAX_CONCURRENT_REQUESTS_LIMIT = 64;

interface Waiter {
  readonly start: () => void;
  readonly cancel: () => void;
}

/**
 * Caps how many ARM operations run at once, across all subscriptions of one discovery: ARM throttles reads per
 * subscription and per principal, and a tenant with hundreds of subscriptions must not open hundreds of requests.
 * Two queues: `urgent` work (notebook look-ups of a subscription already listed) goes before `normal` work (listing
 * the next subscription), so subscriptions finish one after another and results can be shown as they arrive.
 */
export class RequestLimiter {
  private active = 0;
  private readonly urgent: Waiter[] = [];
  private readonly normal: Waiter[] = [];

  constructor(readonly maxConcurrent: number) {
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new RangeError(`maxConcurrent must be an integer >= 1, got ${maxConcurrent}`);
  }

  /** Runs `task` when a slot is free. Rejects with an AbortError, without running it, if `signal` fires first. */
  async run<T>(task: () => Promise<T>, options: { readonly urgent?: boolean; readonly signal?: AbortSignal } = {}): Promise<T> {
    await this.acquire(options.urgent ?? false, options.signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(urgent: boolean, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new OperationCancelledError());
    if (this.active < this.maxConcurrent) {
      this.active++;
      return Promise.resolve();
    }
    const queue = urgent ? this.urgent : this.normal;
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => waiter.cancel();
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        cancel: () => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          reject(new OperationCancelledError());
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
    });
  }

  private release(): void {
    const next = this.urgent.shift() ?? this.normal.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next.start();
    else this.active--;
  }
}
