import { describeError, type Logger } from './logger';

/**
 * A logger that also keeps every message as it was handed over (before masking), for host tests only: they search
 * it for key material, which proves no key is ever given to the log at all, not merely that masking hid it.
 */
export class RecordingLogger implements Logger {
  private readonly recorded: string[] = [];

  constructor(private readonly inner: Logger) {}

  get lines(): readonly string[] {
    return this.recorded;
  }

  debug(message: string): void {
    this.recorded.push(message);
    this.inner.debug(message);
  }

  info(message: string): void {
    this.recorded.push(message);
    this.inner.info(message);
  }

  warn(message: string): void {
    this.recorded.push(message);
    this.inner.warn(message);
  }

  error(message: string, error?: unknown): void {
    this.recorded.push(error === undefined ? message : `${message}\n${describeError(error)}`);
    this.inner.error(message, error);
  }

  show(): void {
    this.inner.show();
  }
}
