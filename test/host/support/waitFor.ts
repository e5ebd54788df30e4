import * as vscode from 'vscode';

/**
 * Polls `probe` until it returns a value other than `undefined`, or fails with `describe()` after `timeoutMs`.
 * Host tests wait for outcomes (diagnostics, settings), never for fixed times.
 */
export async function waitFor<T>(probe: () => T | undefined, describe: () => string, timeoutMs = 10_000): Promise<T> {
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

/** Waits until the document's Cosmos Guard diagnostics satisfy `accept`, and returns them. */
export function waitForDiagnostics(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, what: string,
  timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const diagnostics = cosmosGuardDiagnostics(uri);
    return accept(diagnostics) ? diagnostics : undefined;
  }, () => `${what} (now: ${JSON.stringify(cosmosGuardDiagnostics(uri).map((d) => d.code))})`, timeoutMs);
}

/** Lets pending timers run for `ms`, for the few checks that something did NOT happen. */
export function settle(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
