// How the adversarial tests check that a cost grows linearly with its input: by the steps the code counts itself
// where it has a counter (the wildcard matchers), else by ratios of processor time (not wall-clock time: a busy
// machine's other processes do not count).
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
 * Asserts that `run(build(large))` takes at most eight times as long, per unit of size, as `run(build(small))`: a
 * linear cost gives a ratio near large/small (16 by default), a quadratic one near its square (256). The allowance
 * is for what is linear but not uniform: a 1 MiB working set no longer fits the CPU's caches where a sixteenth
 * does, and a megabyte of retained objects is promoted and marked by the garbage collector where a sixteenth dies
 * young (together up to ~6× per unit, measured here).
 * Each size is timed several times, interleaved, and the least time counts: noise (caches, the garbage collector's
 * timing) only ever adds time, so the least times approach the true ones as samples are added. Small inputs are repeated so that one sample
 * lasts long enough to time. Where the ratio is over the allowance, more rounds of samples are taken (up to
 * `rounds`) before the check fails — a quadratic cost stays over it however many samples there are. Returns the
 * measured ratio.
 */
export function assertLinearTime<T>(build: (size: number) => T, run: (input: T) => void,
  options: { small?: number; large?: number; samples?: number; rounds?: number } = {}): number {
  const small = options.small ?? SIXTEENTH_MIB;
  const large = options.large ?? MIB;
  const samples = options.samples ?? 3;
  const rounds = options.rounds ?? 6;
  const smallInput = build(small);
  const largeInput = build(large);
  // Warm-up: compile the code paths and regular expressions for both sizes.
  run(smallInput);
  run(smallInput);
  run(largeInput);
  let repeat = 1;
  while (millis(() => run(smallInput), repeat) < 15 && repeat < 1 << 12) repeat *= 2;
  const linear = large / small;
  let bestSmall = Infinity;
  let bestLarge = Infinity;
  let ratio = Infinity;
  for (let round = 0; round < rounds && !(ratio < 8 * linear); round++) {
    for (let i = 0; i < samples; i++) {
      bestSmall = Math.min(bestSmall, millis(() => run(smallInput), repeat));
      bestLarge = Math.min(bestLarge, millis(() => run(largeInput), repeat));
    }
    ratio = bestLarge / bestSmall;
  }
  assert.ok(ratio < 8 * linear, `time grew ${ratio.toFixed(1)}× for ${linear}× the input (${bestSmall.toFixed(1)} ms → ${bestLarge.toFixed(1)} ms, `
    + `least of ${rounds * samples} samples): not linear`);
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
