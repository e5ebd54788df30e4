// Carries the current operation's AbortSignal to every HTTP request it makes. @azure/arm-cosmosdb 17 passes the
// caller's `abortSignal` only to the first page of a list: later pages are fetched with
// `client.pathUnchecked(nextLink).get()` and no options, so cancelling would not stop them. The policy below fills
// in the signal of the operation the request belongs to, found through AsyncLocalStorage.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<AbortSignal>();

/** Runs `fn` so that every ARM request it starts (including next pages) is cancelled by `signal`. */
export function withRequestSignal<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  return current.run(signal, fn);
}

/** The caller's signal, if any, joined with a time limit of `ms`. */
export function withinTimeLimit(signal: AbortSignal | undefined, ms: number): AbortSignal {
  return signal ? AbortSignal.any([signal, AbortSignal.timeout(ms)]) : AbortSignal.timeout(ms);
}

/** Runs `call` within `ms` and the caller's signal: every ARM request it starts, next pages included, carries both. */
export function runWithinTimeLimit<T>(signal: AbortSignal | undefined, ms: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const joined = withinTimeLimit(signal, ms);
  return withRequestSignal(joined, () => call(joined));
}

/** A per-call policy that gives requests without an abort signal the signal of the operation they belong to. */
export const requestSignalPolicy: PipelinePolicy = {
  name: 'cosmosGuardRequestSignal',
  sendRequest(request, next) {
    const signal = current.getStore();
    if (signal && !request.abortSignal) request.abortSignal = signal;
    return next(request);
  },
};

/** The error the discovery throws when the caller cancelled: the same name the SDK's own AbortError has. */
export class OperationCancelledError extends Error {
  override readonly name = 'AbortError';
  constructor(message = 'The operation was cancelled.') {
    super(message);
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'Canceled');
}
