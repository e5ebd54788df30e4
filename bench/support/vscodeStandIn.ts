// Just enough of the `vscode` module for the extension's scanning modules to run in plain Node, for the benchmark:
// the classes diagnostics are made of and an event emitter. Import it before those modules (it answers
// `require('vscode')` from then on).
import Module from 'node:module';

class Position {
  constructor(readonly line: number, readonly character: number) {}
}

class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.start = new Position(startLine, startCharacter);
    this.end = new Position(endLine, endCharacter);
  }
}

class Diagnostic {
  source?: string;
  code?: unknown;
  constructor(readonly range: Range, readonly message: string, readonly severity: number) {}
}

class Uri {
  private constructor(readonly scheme: string, readonly path: string, readonly fragment = '') {}
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static from(c: { scheme: string; path: string; fragment?: string }): Uri {
    return new Uri(c.scheme, c.path, c.fragment);
  }
  toString(): string {
    return `${this.scheme}://${this.path}${this.fragment ? `#${this.fragment}` : ''}`;
  }
}

class EventEmitter<T> {
  private readonly listeners = new Set<(value: T) => void>();
  readonly event = (listener: (value: T) => void): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const l of this.listeners) l(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export const vscodeStandIn = {
  Position, Range, Diagnostic, Uri, EventEmitter,
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  l10n: { t: (message: string, ...args: unknown[]): string => message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)])) },
};

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };
const load = loader._load;
loader._load = function (this: unknown, request, parent, isMain) {
  return request === 'vscode' ? vscodeStandIn : load.call(this, request, parent, isMain);
};
