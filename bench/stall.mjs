#!/usr/bin/env node
// How long "Scan Workspace for Cosmos Secrets" blocks the extension host's event loop on the scan-stall test's
// hostile tree (20,000 files, a 10 MB minified line, 4 MB of key-shaped lines, binaries, a non-UTF-8 file), in a real
// VS Code extension host (code-server). The test checks behaviour only; this measures the stall.
//   node bench/stall.mjs [--runs N] [--json]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_ROOT } from './benchTree.mjs';

const args = process.argv.slice(2);
const runs = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 3);
const asJson = args.includes('--json');
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

log('building…');
execFileSync(process.execPath, [path.join(BENCH_ROOT, 'scripts', 'build.mjs')], { cwd: BENCH_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-guard-bench-stall-'));
const emptyFolder = path.join(work, 'workspace');
fs.mkdirSync(emptyFolder);
const outFile = path.join(work, 'result.json');
process.env.COSMOS_GUARD_BENCH_OUT = outFile;
process.env.COSMOS_GUARD_BENCH_RUNS = String(runs);
log(`scanning the hostile tree in the extension host (${runs} runs after a warm-up)…`);
const { runHostTests } = await import('../test/harness/runHostTests.mjs');
const code = await runHostTests({ extensionTestsPath: path.join(BENCH_ROOT, 'out', 'bench', 'host', 'scanStall.js'), workspaceFixture: emptyFolder,
  timeoutMs: 30 * 60_000 });
const hostRuns = code === 0 && fs.existsSync(outFile) ? JSON.parse(fs.readFileSync(outFile, 'utf8')) : undefined;
fs.rmSync(work, { recursive: true, force: true });
if (!hostRuns) {
  console.error('[bench] the scan-stall benchmark failed');
  process.exit(1);
}
const result = {
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: os.loadavg().map((l) => +l.toFixed(2)) },
  runs: hostRuns,
  medianStallMs: median(hostRuns.map((r) => r.stallMs)),
  longestStallMs: Math.max(...hostRuns.map((r) => r.stallMs)),
  medianDurationMs: median(hostRuns.map((r) => r.durationMs)),
};
if (asJson) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`hostile-tree workspace scan: ${hostRuns[0].filesScanned} files, median ${result.medianDurationMs} ms; longest event-loop stall `
    + `median ${result.medianStallMs} ms (worst ${result.longestStallMs} ms); longest GC pause ${Math.max(...hostRuns.map((r) => r.gcMs))} ms`);
}
