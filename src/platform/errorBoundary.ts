import * as vscode from 'vscode';
import { maskSecrets } from '../core/masking/maskSecrets';
import { describeError, type Logger } from './logger';

type ErrorNotifier = Pick<typeof vscode.window, 'showErrorMessage'>;

/** True for a user cancellation (VS Code's `CancellationError`, an SDK `AbortError`): those stay silent. */
export function isCancellation(error: unknown): boolean {
  if (error instanceof vscode.CancellationError) return true;
  return error instanceof Error && (error.name === 'Canceled' || error.name === 'AbortError');
}

/**
 * The one place a command's failure is handled: cancellation is silent, anything else is logged (masked) and
 * shown once with a "Show Log" action. The command's own code never shows error messages itself.
 */
export class ErrorBoundary {
  constructor(private readonly logger: Logger, private readonly notifier: ErrorNotifier) {}

  /** Wraps a command handler; the wrapper resolves to the handler's result, or `undefined` when it failed. */
  wrap<A extends unknown[], R>(commandId: string, handler: (...args: A) => R | PromiseLike<R>): (...args: A) => Promise<R | undefined> {
    return async (...args: A) => {
      try {
        return await handler(...args);
      } catch (error) {
        this.report(commandId, error);
        return undefined;
      }
    };
  }

  /** Reports a failure of `commandId`. Does not wait for the user to dismiss the message. */
  report(commandId: string, error: unknown): void {
    if (isCancellation(error)) {
      this.logger.debug(`${commandId}: cancelled by the user`);
      return;
    }
    this.logger.error(`${commandId} failed`, error);
    const detail = maskSecrets(error instanceof Error ? error.message : describeError(error));
    const showLog = vscode.l10n.t('Show Log');
    this.notifier.showErrorMessage(vscode.l10n.t('Cosmos Guard: {0}', detail), showLog).then(
      (choice) => {
        if (choice === showLog) this.logger.show();
      },
      () => undefined,
    );
  }
}
