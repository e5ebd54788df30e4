import * as vscode from 'vscode';

/**
 * How long a wait may last before it counts as a hang. Host tests wait for events, never for a number of
 * milliseconds; this limit only turns a hang into a failure with a message, so it is generous: a busy 2-core machine
 * must never be mistaken for a broken extension. (Mocha's per-test limit in ./index.ts is longer still.)
 */
export const HANG_MS = 120_000;

/**
 * Resolves with `probe()`'s first value other than `undefined`: checked now and again after each firing of one of
 * `events` (the events that can change its answer), after the event's other listeners. Probes may be async; checks never overlap. Fails with
 * `describe()` only after `hangMs`.
 */
export function until<T>(probe: () => T | undefined | Promise<T | undefined>, events: readonly vscode.Event<unknown>[],
  describe: () => string, hangMs = HANG_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let checking = false;
    let again = false;
    const listeners: vscode.Disposable[] = [];
    const finish = (outcome: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      for (const l of listeners) l.dispose();
      outcome();
    };
    const check = async (): Promise<void> => {
      if (done) return;
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      try {
        do {
          again = false;
          const value = await probe();
          if (value !== undefined) return finish(() => resolve(value));
        } while (again && !done);
      } catch (error) {
        finish(() => reject(error instanceof Error ? error : new Error(String(error))));
      } finally {
        checking = false;
      }
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`Hung: nothing after ${hangMs / 1000} s while waiting for ${describe()}`))), hangMs);
    // Checked once the event's other listeners have run too (the extension's own may update what the probe reads).
    for (const event of events) listeners.push(event(() => void setImmediate(() => void check())));
    void check();
  });
}

/** The next firing of `event` that satisfies `accept` (default: any). */
export async function nextEvent<T>(event: vscode.Event<T>, what: string, accept: (value: T) => boolean = () => true, hangMs = HANG_MS): Promise<T> {
  let seen: { value: T } | undefined;
  const fired = await until(() => seen, [(listener) => event((value) => {
    if (!seen && accept(value)) seen = { value };
    listener(value);
  })], () => what, hangMs);
  return fired.value;
}

/**
 * Polls `probe` until it returns a value other than `undefined`. Only for conditions no event announces (the
 * rotation tests' scripted UI); everything else uses {@link until}.
 */
export async function waitFor<T>(probe: () => T | undefined, describe: () => string, timeoutMs = HANG_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function cosmosGuardDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Cosmos Guard');
}

/** True when a diagnostics change event names `uri`. */
function names(uri: vscode.Uri): (e: vscode.DiagnosticChangeEvent) => boolean {
  const key = uri.toString();
  return (e) => e.uris.some((u) => u.toString() === key);
}

/** Waits until the document's Cosmos Guard diagnostics satisfy `accept` (checked on each diagnostics change), and returns them. */
export function waitForDiagnostics(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, what: string,
  hangMs?: number, evidence?: () => string): Promise<vscode.Diagnostic[]> {
  return until(() => {
    const diagnostics = cosmosGuardDiagnostics(uri);
    return accept(diagnostics) ? diagnostics : undefined;
  }, [vscode.languages.onDidChangeDiagnostics],
  () => `${what} (now: ${JSON.stringify(cosmosGuardDiagnostics(uri).map((d) => d.code))})${evidence ? `\n${evidence()}` : ''}`, hangMs);
}

/** The next time the diagnostics of `uri` are published (whatever they are): e.g. after a rescan that keeps them. */
export function diagnosticsPublished(uri: vscode.Uri, what: string): Promise<vscode.DiagnosticChangeEvent> {
  return nextEvent(vscode.languages.onDidChangeDiagnostics, what, names(uri));
}
