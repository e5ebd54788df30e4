#!/usr/bin/env node
// Benchmarks the leak scanner in the editor (see bench/README.md for what exactly is measured):
//   1. the live rescan of a 5,000-line file after a one-character edit — DiagnosticsPublisher.publish(), the
//      function the live scanner's debounce calls, in plain Node with a stand-in for the `vscode` module;
//   2. "Scan Workspace for Cosmos Secrets" over the benchmark tree (bench/benchTree.mjs) inside a real VS Code
//      extension host (code-server), a local folder, so in the folder-scan worker: files/s, the time against
//      `cosmos-guard scan` (the CLI) over the same tree run right after each scan, and the longest event-loop stall;
//      then the walk over vscode.workspace.fs (remote and virtual folders' path) for reference.
//   node bench/live.mjs [--runs N] [--fs-runs N] [--json]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_ROOT, DEFAULT_TREE, ensureBenchTree } from './benchTree.mjs';

const args = process.argv.slice(2);
const runs = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 3);
const fsRuns = Number(args.includes('--fs-runs') ? args[args.indexOf('--fs-runs') + 1] : 1);
const asJson = args.includes('--json');
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

log('building…');
execFileSync(process.execPath, [path.join(BENCH_ROOT, 'scripts', 'build.mjs')], { cwd: BENCH_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

log('1/2 live rescan of a 5,000-line file (2,000 one-character edits)…');
const rescan = JSON.parse(execFileSync(process.execPath, [path.join(BENCH_ROOT, 'out', 'bench', 'liveRescan.js'), '2000'], { encoding: 'utf8' }));

ensureBenchTree(DEFAULT_TREE, log);
log(`2/2 workspace scan of ${path.relative(BENCH_ROOT, DEFAULT_TREE)} in the extension host (${runs} runs after a warm-up)…`);
const outFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-guard-bench-')), 'result.json');
process.env.COSMOS_GUARD_BENCH_OUT = outFile;
process.env.COSMOS_GUARD_BENCH_RUNS = String(runs);
process.env.COSMOS_GUARD_BENCH_FS_RUNS = String(fsRuns);
process.env.COSMOS_GUARD_BENCH_NODE = process.execPath;
process.env.COSMOS_GUARD_BENCH_CLI = path.join(BENCH_ROOT, 'dist', 'cli.js');
const { runHostTests } = await import('../test/harness/runHostTests.mjs');
// The host harness and the extension host's console narrate on stdout (console.log, .info, .debug); with --json,
// stdout is the result alone, so all of that goes to stderr.
const toStdout = ['log', 'info', 'debug'];
const saved = toStdout.map((name) => console[name]);
if (asJson) for (const name of toStdout) console[name] = (...values) => console.error(...values);
let code;
try {
  code = await runHostTests({ extensionTestsPath: path.join(BENCH_ROOT, 'out', 'bench', 'host', 'index.js'), workspaceFixture: DEFAULT_TREE,
    timeoutMs: 30 * 60_000 });
} finally {
  toStdout.forEach((name, i) => { console[name] = saved[i]; });
}
if (code !== 0 || !fs.existsSync(outFile)) {
  console.error('[bench] the extension-host benchmark failed');
  process.exit(1);
}
const { runs: hostRuns, throughFs } = JSON.parse(fs.readFileSync(outFile, 'utf8'));
fs.rmSync(path.dirname(outFile), { recursive: true, force: true });
const first = hostRuns[0].summary;
const scanMs = median(hostRuns.map((r) => r.durationMs));
const cliMs = median(hostRuns.map((r) => r.cliMs));

const result = {
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: os.loadavg().map((l) => +l.toFixed(2)) },
  liveRescan: rescan,
  workspaceScan: {
    runs: hostRuns.map((r) => ({ durationMs: r.durationMs, cliMs: r.cliMs, ratio: +(r.durationMs / r.cliMs).toFixed(2), longestStallMs: r.stallMs })),
    medianMs: scanMs,
    filesListed: first.filesListed,
    filesScanned: first.filesScanned,
    megabytesScanned: +(first.bytesScanned / 1e6).toFixed(1),
    filesPerSecond: Math.round(first.filesListed / (scanMs / 1000)),
    skipped: first.skipped,
    findings: first.findings,
    longestStallMs: Math.max(...hostRuns.map((r) => r.stallMs)),
    /** The median of each run's time over the CLI's time right after it. */
    medianRatioToCli: +median(hostRuns.map((r) => r.durationMs / r.cliMs)).toFixed(2),
  },
  cli: { medianMs: Math.round(cliMs), filesPerSecond: Math.round(first.filesListed / (cliMs / 1000)) },
  throughWorkspaceFs: {
    runs: throughFs,
    medianMs: median(throughFs.map((r) => r.durationMs)),
    filesPerSecond: Math.round(first.filesListed / (median(throughFs.map((r) => r.durationMs)) / 1000)),
    longestStallMs: Math.max(...throughFs.map((r) => r.stallMs)),
  },
};
if (asJson) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`machine: ${result.machine.cpus} × ${result.machine.cpuModel}, Node ${result.machine.node}, load ${result.machine.loadAverage.join(' ')}`);
  console.log(`live rescan, 5,000 lines (${rescan.characters} chars), ${rescan.runs} one-character edits: median ${rescan.medianMs} ms, p99 ${rescan.p99Ms} ms, max ${rescan.maxMs} ms`);
  const w = result.workspaceScan;
  console.log(`workspace scan (extension host, local-folder worker): ${w.filesListed} files listed, ${w.filesScanned} scanned (${w.megabytesScanned} MB), median ${w.medianMs} ms ` +
    `= ${w.filesPerSecond} files/s; longest event-loop stall ${w.longestStallMs} ms; skipped ${JSON.stringify(w.skipped)}`);
  console.log(`cosmos-guard scan (CLI), same tree, right after each scan: median ${result.cli.medianMs} ms = ${result.cli.filesPerSecond} files/s; ` +
    `workspace scan / CLI: median ${w.medianRatioToCli}× (per run: ${w.runs.map((r) => r.ratio).join(', ')})`);
  const f = result.throughWorkspaceFs;
  console.log(`through vscode.workspace.fs (remote and virtual folders' path): median ${f.medianMs} ms = ${f.filesPerSecond} files/s; longest stall ${f.longestStallMs} ms`);
}
