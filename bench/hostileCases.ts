// The in-process cases of bench/hostile.mjs: one hostile input each, run through the project's own modules with
// nothing but their public entry points, so the same file measures older versions too. Run by bench/hostile.mjs as
//   node out/bench/hostileCases.js CASE
// and prints {"ms": median, "runs": n, ...} as JSON. Inputs are built here, at run time; the keys are random.
import * as path from 'node:path';
import { scanText } from '../src/core/detection';
import { maskSecrets } from '../src/core/masking/maskSecrets';
import { createExcludeTest, IgnoreScope } from '../src/core/scan';
import { applySuppressions } from '../src/core/suppression';
import { ScanEngine } from '../src/features/scanner/scanEngine';
import { legacyKey, seededRandom } from '../test/support/keyFactory';

const KIB = 1024;
const STARS = 'a*a*a*a*a*a*a*a*a*a*a*b';
const keys = ((): string[] => {
  const rnd = seededRandom(1010);
  return Array.from({ length: 200 }, () => legacyKey(rnd));
})();
const fill = (unit: (i: number) => string, size: number): string => {
  let s = '';
  for (let i = 0; s.length < size; i++) s += unit(i);
  return s.slice(0, size);
};

/** Runs `f` until 5 runs or ~2 s have passed (at least once) and returns the median time. */
function measure(f: () => unknown): { ms: number; runs: number } {
  const times: number[] = [];
  const started = performance.now();
  while (times.length < 5 && (times.length === 0 || performance.now() - started < 2000)) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: +times[times.length >> 1]!.toFixed(2), runs: times.length };
}

const silent = { debug(): void {}, info(): void {}, warn(): void {}, error(): void {}, show(): void {} };
const workerScript = path.join(__dirname, '..', '..', 'dist', 'scanWorker.js');

/**
 * How long `ScanEngine.scan` keeps the calling thread (the extension host's, in the editor) before it yields, and
 * how long until the findings are there.
 */
async function hostThread(text: string): Promise<Record<string, number>> {
  const engine = new ScanEngine(workerScript, silent);
  try {
    await engine.scan('warm-up.txt', `x = "${keys[0]!}"\n`.repeat(4000), {}); // starts the worker if this version uses one
    const t0 = performance.now();
    const pending = engine.scan('hostile.txt', text, {});
    const blockedMs = performance.now() - t0;
    const findings = (await pending).length;
    return { ms: +blockedMs.toFixed(2), untilFindingsMs: +(performance.now() - t0).toFixed(1), findings, runs: 1 };
  } finally {
    engine.dispose();
  }
}

const cases: Record<string, () => Record<string, number> | Promise<Record<string, number>>> = {
  'suppression-line-1m': () => {
    const text = `a==b\n${'// cosmos-guard-ignore x '.repeat(1024 * KIB / 25)}\n`;
    return measure(() => applySuppressions([], { text, today: '2026-01-01' }));
  },
  'mask-uri-40k': () => measure(() => maskSecrets('a://:'.repeat(40 * KIB / 5))),
  'mask-uri-1m': () => measure(() => maskSecrets('a://:'.repeat(1024 * KIB / 5))),
  'mask-letters-1m': () => measure(() => maskSecrets('x'.repeat(1024 * KIB))),
  'gitignore-40': () => measure(() => IgnoreScope.empty().withRules('', `${STARS}\n`).isIgnored('a'.repeat(40), false)),
  'gitignore-1m-rules': () => {
    const scope = IgnoreScope.empty().withRules('', Array.from({ length: 1024 * KIB / 24 }, (_, i) => `${STARS.slice(0, 20)}${i}*b`).join('\n'));
    return measure(() => scope.isIgnored(`src/${'a'.repeat(40)}`, false));
  },
  'glob-40': () => measure(() => createExcludeTest([STARS])('a'.repeat(40), false)),
  'detect-indented-keys': () => measure(() => scanText('f.txt', ' '.repeat(256 * KIB) + fill((i) => `${keys[i % 200]!} `, 256 * KIB))),
  'detect-keys-one-line': () => measure(() => scanText('f.txt', fill((i) => `${keys[i % 200]!} `, 511 * KIB))),
  'host-keys-511k': () => hostThread(fill((i) => `${keys[i % 200]!} `, 511 * KIB)),
  'host-vcore-16k': () => hostThread(fill((i) => `mongodb+srv://u${i}:Pw${i}secret@c.mongocluster.cosmos.azure.com/\n`, 16 * KIB)),
};

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const run = cases[name];
  if (!run) throw new Error(`unknown case '${name}'; cases: ${Object.keys(cases).join(', ')}`);
  console.log(JSON.stringify(await run()));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
