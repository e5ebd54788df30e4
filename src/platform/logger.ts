import type * as vscode from 'vscode';
import { maskSecrets } from '../core/masking/maskSecrets';

/** Where Cosmos Guard writes what it did. Every line is masked: no key material reaches the log. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  /** Logs `message` and, when given, the error's name, message and stack. */
  error(message: string, error?: unknown): void;
  /** Reveals the log to the user. */
  show(): void;
}

/** Describes any thrown value as text (name, message, stack), unmasked: callers mask it. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const head = `${error.name}: ${error.message}`;
    return error.stack?.includes(error.message) ? error.stack : `${head}${error.stack ? `\n${error.stack}` : ''}`;
  }
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** A {@link Logger} over the "Cosmos Guard" `LogOutputChannel`, which adds timestamps and honours the log level. */
export class OutputChannelLogger implements Logger {
  constructor(private readonly channel: vscode.LogOutputChannel) {}

  debug(message: string): void {
    this.channel.debug(maskSecrets(message));
  }

  info(message: string): void {
    this.channel.info(maskSecrets(message));
  }

  warn(message: string): void {
    this.channel.warn(maskSecrets(message));
  }

  error(message: string, error?: unknown): void {
    const text = error === undefined ? message : `${message}\n${describeError(error)}`;
    this.channel.error(maskSecrets(text));
  }

  show(): void {
    this.channel.show(true);
  }
}
