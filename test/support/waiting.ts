// How tests wait. They wait for the event they mean, never for a number of milliseconds; the limits here only catch
// hangs, and are long enough that a busy 2-core machine is never mistaken for a failure.

/** How long a test may wait for an outcome before it counts as hung. */
export const HANG_MS = 180_000;

/** A latency or operation duration that outlasts any test: "this answer never comes while the test runs". */
export const NEVER_MS = 3_600_000;

/**
 * Resolves once `probe()` holds, checked every few milliseconds — for state that announces no event (a client's
 * request count, an in-process emulator's operations, a child process's output so far). No deadline of its own:
 * the test's hang limit ends a wait that never ends.
 */
export function whenTrue(probe: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const tick = (): void => {
      if (probe()) resolve();
      else setTimeout(tick, 5);
    };
    tick();
  });
}
