// The linearity check itself: it must fail a quadratic cost, and pass a linear one whatever the garbage collector
// has to do — even in a process that holds a lot of other data, as the full unit suite does.
import assert from 'node:assert/strict';
import { assertLinearTime, repeatTo } from './growth';

/** Lines parsed into one object each, all kept: linear, but a megabyte of them outlives the young generation. */
function parseLines(text: string): { start: number; words: string[] }[] {
  const lines: { start: number; words: string[] }[] = [];
  for (let start = 0; start < text.length;) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    lines.push({ start, words: text.slice(start, stop).split('') });
    start = stop + 1;
  }
  return lines;
}

/** For every position, the distance to the next `#`, searched afresh: quadratic when there is none. */
function distancesToHash(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    let j = i;
    while (j < text.length && text.charCodeAt(j) !== 35) j++;
    sum += j - i;
  }
  return sum;
}

describe('the linearity check', () => {
  it('fails a quadratic cost, with the sizes and times in its message', () => {
    assert.throws(() => assertLinearTime((size) => 'a'.repeat(size), distancesToHash, { small: 512, large: 8 * 1024, rounds: 2 }),
      /^AssertionError.*one run on 16× the input took \d+\.\d× the time of 16 runs on the small one \(.* ms → .* ms, least of 6 samples\): not linear/s);
  });

  it('passes a linear parser whose results outlive the young generation, beside 300 MB of other live data', () => {
    const ballast = Array.from({ length: 4_000_000 }, (_, i) => ({ i, s: `item ${i}` }));
    try {
      assertLinearTime((size) => repeatTo(size, (i) => `line ${i}\n`), parseLines);
    } finally {
      ballast.length = 0;
    }
  });
});
