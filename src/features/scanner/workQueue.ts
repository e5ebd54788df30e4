// The workspace scan's scheduling: a bounded pool of asynchronous work items and time slices between yields.

/** Yields to the event loop (setImmediate) once `sliceMs` of work has passed since the last yield. */
export class TimeSlicer {
  private last = performance.now();
  constructor(private readonly sliceMs: number) {}

  async pause(): Promise<void> {
    if (performance.now() - this.last < this.sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = performance.now();
  }
}

/** Runs `work` over a queue that work items may extend, at most `concurrency` at a time. */
export async function runPool<T>(initial: readonly T[], concurrency: number, work: (item: T, push: (next: T) => void) => Promise<void>,
  stop: () => boolean): Promise<void> {
  const queue = [...initial];
  let head = 0;
  let active = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const pump = (): void => {
      while (!failed && active < concurrency && head < queue.length && !stop()) {
        const item = queue[head++]!;
        active++;
        work(item, (next) => queue.push(next)).then(() => {
          active--;
          pump();
        }, (error: unknown) => {
          failed = true;
          reject(error instanceof Error ? error : new Error(String(error)));
        });
      }
      if (!failed && active === 0 && (head >= queue.length || stop())) resolve();
    };
    pump();
  });
}
