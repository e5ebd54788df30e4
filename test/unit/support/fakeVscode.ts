// A minimal stand-in for the `vscode` module, so that small adapters can be unit-tested in plain Node. Import it
// before the module under test: it answers `require('vscode')` from then on.
import Module from 'node:module';

export class CancellationError extends Error {
  constructor() {
    super('Canceled');
    this.name = 'Canceled';
  }
}

/** vscode.EventEmitter, as far as adapters use it. */
export class EventEmitter<T> {
  private listeners: ((value: T) => void)[] = [];
  readonly event = (listener: (value: T) => void): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => { this.listeners = this.listeners.filter((l) => l !== listener); } };
  };

  fire(value: T): void {
    for (const l of [...this.listeners]) l(value);
  }

  dispose(): void {
    this.listeners = [];
  }
}

export const fakeVscode = {
  CancellationError,
  EventEmitter,
  l10n: {
    t: (message: string, ...args: unknown[]): string => message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)])),
  },
};

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };
const load = loader._load;
loader._load = function (this: unknown, request, parent, isMain) {
  return request === 'vscode' ? fakeVscode : load.call(this, request, parent, isMain);
};
