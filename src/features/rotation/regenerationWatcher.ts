// Follows key regenerations in a cancellable progress notification with the elapsed time. Cancelling stops
// watching, never the operation (Azure has no way to cancel a regeneration). One watch per account at a time: a
// request to follow the very operation already followed joins that watch; any other request for the account —
// above all a new regeneration — is answered `busy` and nothing is sent (joining it would report a regeneration
// that was never asked for as done). Disposing (a window closing or reloading) stops every watch without touching
// what is stored, so the next window resumes them.
import * as vscode from 'vscode';
import { type ArmFailure } from '../../azure/armFailure';
import { KeyOperationError, type RegenerationHandle } from '../../azure/keyOperations';
import { isAbortError } from '../../azure/requestSignal';
import { parseTimestamp } from '../../core/posture';
import { accountKey, keyKindInfo, type KeyKind } from '../../core/rotation';
import { type Logger } from '../../platform/logger';
import { type FlowUi } from '../../platform/flow/flowUi';

export type WatchOutcome =
  | { readonly status: 'succeeded'; readonly durationMs: number }
  /** Azure refused to start the regeneration (403, 409, …): nothing was started. */
  | { readonly status: 'refused'; readonly failure: ArmFailure }
  | { readonly status: 'failed'; readonly failure: ArmFailure }
  /** Azure no longer knows the operation (404), or it cannot be followed safely: the key's generation time decides. */
  | { readonly status: 'lost'; readonly failure: ArmFailure }
  /** Following failed (network, time limit, throttling, a poll refused) while the operation may go on in Azure. */
  | { readonly status: 'unfollowed'; readonly failure: ArmFailure }
  /** This window already follows another regeneration of the account: nothing was sent. */
  | { readonly status: 'busy' }
  /** The user stopped watching; the operation goes on in Azure. */
  | { readonly status: 'stopped' }
  /** The feature was disposed (window closing or reloading). */
  | { readonly status: 'disposed' };

/** A regeneration to ask Azure for (`onAccepted` then stores it), or one Azure accepted before (a reload). */
export type WatchedOperation =
  | {
    /** Sends the request; not cancellable, since once sent Azure may accept it and an accepted operation must be stored. */
    readonly start: () => Promise<RegenerationHandle>;
    /** Stores the accepted operation before it is followed, so a reload from now on resumes it. */
    readonly onAccepted: (handle: RegenerationHandle, startedAt: string) => Promise<void>;
  }
  /** `startedAt` (ISO 8601): when Azure accepted it; the elapsed time counts from there, across reloads. */
  | { readonly handle: RegenerationHandle; readonly startedAt: string };

export interface WatchRequest {
  readonly accountId: string;
  readonly accountName: string;
  readonly keyKind: KeyKind;
  readonly operation: WatchedOperation;
}

/** "45 s", "3 min 05 s", "2 h 07 min". */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

export class RegenerationWatcher implements vscode.Disposable {
  private readonly active = new Map<string, { promise: Promise<WatchOutcome>; stop: () => void; pollerState?: string }>();
  private readonly disposal = new AbortController();

  constructor(private readonly ui: () => FlowUi, private readonly logger: Logger, private readonly clock: () => number = Date.now) {}

  isWatching(accountId: string): boolean {
    return this.active.has(accountKey(accountId));
  }

  /** Settles when no watch is running (tests; a feature being replaced). */
  async whenIdle(): Promise<void> {
    while (this.active.size) await Promise.allSettled([...this.active.values()].map((w) => w.promise));
  }

  /** Stops watching the account's regeneration (Abandon Rotation); the operation goes on. */
  stop(accountId: string): void {
    this.active.get(accountKey(accountId))?.stop();
  }

  /** Watches until the regeneration ends, the user cancels, or the feature is disposed. */
  watch(request: WatchRequest): Promise<WatchOutcome> {
    const id = accountKey(request.accountId);
    const running = this.active.get(id);
    if (running) {
      const same = 'handle' in request.operation && running.pollerState !== undefined && running.pollerState === request.operation.handle.pollerState;
      return same ? running.promise : Promise.resolve({ status: 'busy' });
    }
    const stopController = new AbortController();
    const entry: { promise: Promise<WatchOutcome>; stop: () => void; pollerState?: string } = {
      promise: Promise.resolve({ status: 'disposed' }), stop: () => stopController.abort(),
      ...('handle' in request.operation ? { pollerState: request.operation.handle.pollerState } : {}),
    };
    this.active.set(id, entry);
    entry.promise = this.run(request, stopController.signal, (pollerState) => { entry.pollerState = pollerState; })
      .finally(() => this.active.delete(id));
    return entry.promise;
  }

  dispose(): void {
    this.disposal.abort();
  }

  private async run(request: WatchRequest, stopSignal: AbortSignal, accepted: (pollerState: string) => void): Promise<WatchOutcome> {
    const label = keyKindInfo(request.keyKind).label;
    if (this.disposal.signal.aborted) return { status: 'disposed' };
    return this.ui().progress(vscode.l10n.t('Regenerating the {0} of {1}', label, request.accountName), async (report, token) => {
      const cancel = new AbortController();
      const cancelled = token.onCancellationRequested(() => cancel.abort());
      const signal = AbortSignal.any([cancel.signal, stopSignal, this.disposal.signal]);
      let started = this.clock();
      let ticker: ReturnType<typeof setInterval> | undefined;
      try {
        let handle: RegenerationHandle;
        const operation = request.operation;
        if ('start' in operation) {
          report(vscode.l10n.t('Asking Azure…'));
          try {
            handle = await operation.start();
          } catch (error) {
            if (error instanceof KeyOperationError) return { status: 'refused', failure: error.failure } as const;
            throw error;
          }
          started = this.clock();
          accepted(handle.pollerState);
          await operation.onAccepted(handle, new Date(started).toISOString());
          this.logger.info(`Azure accepted the regeneration of the ${label} of ${request.accountName}.`);
        } else {
          handle = operation.handle;
          started = parseTimestamp(operation.startedAt) ?? started;
        }
        const tell = () => report(vscode.l10n.t('{0} so far; it can take from a minute to hours. Cancel stops watching, not the regeneration.',
          formatElapsed(this.clock() - started)));
        tell();
        ticker = setInterval(tell, 1000);
        await handle.wait(signal);
        return { status: 'succeeded', durationMs: this.clock() - started } as const;
      } catch (error) {
        if (this.disposal.signal.aborted) return { status: 'disposed' } as const;
        if (signal.aborted && isAbortError(error)) {
          this.logger.info(`Stopped watching the regeneration of the ${label} of ${request.accountName}; it goes on in Azure.`);
          return { status: 'stopped' } as const;
        }
        if (error instanceof KeyOperationError) {
          const { failure } = error;
          // Only Azure's own verdict on the operation is a failure; anything else is losing sight of it.
          if (failure.kind === 'operationFailed') return { status: 'failed', failure } as const;
          if ((failure.kind === 'notFound' && failure.statusCode === 404) || failure.kind === 'untrusted') return { status: 'lost', failure } as const;
          return { status: 'unfollowed', failure } as const;
        }
        throw error;
      } finally {
        if (ticker) clearInterval(ticker);
        cancelled.dispose();
      }
    });
  }
}
