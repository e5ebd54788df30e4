// A minimal stand-in for the `vscode` module, so that small adapters can be unit-tested in plain Node. Import it
// before the module under test: it answers `require('vscode')` from then on.
import Module from 'node:module';

export class CancellationError extends Error {
  constructor() {
    super('Canceled');
    this.name = 'Canceled';
  }
}

export const fakeVscode = {
  CancellationError,
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
