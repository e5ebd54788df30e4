// How the adversarial tests check that a cost grows linearly with its input: by the steps the code counts itself
// where it has a counter (the wildcard matchers), else by comparing processor time (not wall-clock time: a busy
// machine's other processes do not count) of one run on a large input with that of many runs on a small one.
// Never by an absolute time limit.
import assert from 'node:assert/strict';

/** Every check runs at 1 MiB (or more) and at a sixteenth of it. */
export const MIB = 1024 * 1024;
export const SIXTEENTH_MIB = MIB / 16;

/**
 * The processor time of `run` repeated `repeat` times, in ms: what this process spent (all its threads, the garbage
 * collector's included), not the wall-clock time — other processes on a busy machine do not count.
 */
function millis(run: () => void, repeat: number): number {
  const before = process.cpuUsage();
  for (let i = 0; i < repeat; i++) run();
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / 1000;
}

/**
 * Asserts that one run on `build(large)` costs at most `allowance` (default 6) times what `large / small` runs on
 * `build(small)` cost together (16 runs by default): a linear cost gives a ratio near 1, a quadratic one near
 * `large / small`.
 *
 * The small runs' results are all kept until the last of them returns, so that both sides leave the garbage
 * collector the same work: as many bytes allocated and as many still alive at the end. Compared run for run, they
 * do not — a megabyte of results outlives the young generation and is copied, promoted and marked, where a sixteenth
 * dies young — and that difference alone, which grows with whatever else the test process holds (every other test's
 * data, in the full suite), once made a linear parser look ×11 worse than linear per unit of size.
 *
 * The allowance is for what stays linear but not uniform: a working set that no longer fits the processor's caches,
 * or strings over 128 KiB, which V8 gives fresh memory of their own (up to ~3.5× the small runs' time, measured
 * here). Each side is timed several times, interleaved, and the least time counts: noise only ever adds time, so the
 * least times approach the true ones as samples are added. Where the ratio is over the allowance, more rounds of
 * samples are taken (up to `rounds`) before the check fails — a quadratic cost stays over it however many samples
 * there are. Returns the measured ratio.
 */
export function assertLinearTime<T>(build: (size: number) => T, run: (input: T) => unknown,
  options: { small?: number; large?: number; samples?: number; rounds?: number; allowance?: number } = {}): number {
  const small = options.small ?? SIXTEENTH_MIB;
  const large = options.large ?? MIB;
  const samples = options.samples ?? 3;
  const rounds = options.rounds ?? 6;
  const allowance = options.allowance ?? 6;
  const times = large / small;
  // A quadratic cost must stand out from the allowance.
  assert.ok(Number.isInteger(times) && times >= 2 * allowance,
    `large (${large}) must be a multiple of small (${small}), at least ${2 * allowance} times it (twice the allowance)`);
  const smallInput = build(small);
  const largeInput = build(large);
  const kept = new Array<unknown>(times);
  const smallRuns = (): void => {
    for (let i = 0; i < times; i++) kept[i] = run(smallInput);
    kept.fill(undefined);
  };
  const largeRun = (): void => {
    kept[0] = run(largeInput);
    kept[0] = undefined;
  };
  // Warm-up: compile the code paths and regular expressions for both sizes.
  smallRuns();
  largeRun();
  // Repeat each side until the least of three samples of the small side lasts long enough to time.
  let repeat = 1;
  while (repeat < 1 << 10 && Math.min(millis(smallRuns, repeat), millis(smallRuns, repeat), millis(smallRuns, repeat)) < 15) repeat *= 2;
  let bestSmall = Infinity;
  let bestLarge = Infinity;
  let ratio = Infinity;
  let taken = 0;
  for (let round = 0; round < rounds && !(ratio < allowance); round++) {
    for (let i = 0; i < samples; i++) {
      bestSmall = Math.min(bestSmall, millis(smallRuns, repeat));
      bestLarge = Math.min(bestLarge, millis(largeRun, repeat));
      taken++;
    }
    ratio = bestLarge / bestSmall;
  }
  assert.ok(ratio < allowance, `one run on ${times}× the input took ${ratio.toFixed(1)}× the time of ${times} runs on the small one `
    + `(${bestSmall.toFixed(1)} ms → ${bestLarge.toFixed(1)} ms, least of ${taken} samples): not linear`);
  return ratio;
}

/** Asserts that a step count grew at most `slack` times faster than the input. */
export function assertLinearSteps(stepsSmall: number, stepsLarge: number, sizeRatio: number, slack = 1.25): void {
  assert.ok(stepsSmall > 0, 'no steps counted: the check proves nothing');
  const ratio = stepsLarge / stepsSmall;
  assert.ok(ratio <= sizeRatio * slack, `steps grew ${ratio.toFixed(2)}× for ${sizeRatio}× the input (${stepsSmall} → ${stepsLarge}): not linear`);
}

/** `unit(i)` repeated until the text is `size` characters long. */
export function repeatTo(size: number, unit: (i: number) => string): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const u = unit(i);
    parts.push(u);
    length += u.length;
  }
  return parts.join('').slice(0, size);
}
