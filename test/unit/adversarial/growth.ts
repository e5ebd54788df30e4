// How the adversarial tests check that a cost grows linearly with its input: by the steps the code counts itself
// where it has a counter (the wildcard matchers), else by time ratios that a busy machine cannot fake into a pass.
// Never by an absolute time limit.
import assert from 'node:assert/strict';

/** Every check runs at 1 MiB (or more) and at a sixteenth of it. */
export const MIB = 1024 * 1024;
export const SIXTEENTH_MIB = MIB / 16;

/** The time of `run` repeated `repeat` times, in ms. */
function millis(run: () => void, repeat: number): number {
  const t0 = performance.now();
  for (let i = 0; i < repeat; i++) run();
  return performance.now() - t0;
}

/**
 * Asserts that `run(build(large))` takes at most eight times as long, per unit of size, as `run(build(small))`: a
 * linear cost gives a ratio near large/small (16 by default), a quadratic one near its square (256). The allowance
 * is for what is linear but not uniform: a 1 MiB working set no longer fits the CPU's caches where a sixteenth
 * does, and a megabyte of retained objects is promoted and marked by the garbage collector where a sixteenth dies
 * young (together up to ~6× per unit, measured here).
 * Each size is timed several times, interleaved, and the least time counts (load only ever adds time); small
 * inputs are repeated so that one sample lasts long enough to time. Returns the measured ratio.
 */
export function assertLinearTime<T>(build: (size: number) => T, run: (input: T) => void, options: { small?: number; large?: number; samples?: number } = {}): number {
  const small = options.small ?? SIXTEENTH_MIB;
  const large = options.large ?? MIB;
  const samples = options.samples ?? 3;
  const smallInput = build(small);
  const largeInput = build(large);
  // Warm-up: compile the code paths and regular expressions for both sizes.
  run(smallInput);
  run(smallInput);
  run(largeInput);
  let repeat = 1;
  while (millis(() => run(smallInput), repeat) < 15 && repeat < 1 << 12) repeat *= 2;
  let bestSmall = Infinity;
  let bestLarge = Infinity;
  for (let i = 0; i < samples; i++) {
    bestSmall = Math.min(bestSmall, millis(() => run(smallInput), repeat));
    bestLarge = Math.min(bestLarge, millis(() => run(largeInput), repeat));
  }
  const ratio = bestLarge / bestSmall;
  const linear = large / small;
  assert.ok(ratio < 8 * linear, `time grew ${ratio.toFixed(1)}× for ${linear}× the input (${bestSmall.toFixed(1)} ms → ${bestLarge.toFixed(1)} ms): not linear`);
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
