// The workspace-scan benchmark, run inside a real extension host by bench/live.mjs (the @vscode/test-electron
// contract: run() settles when done). The workspace is a copy of the benchmark tree. It scans the workspace through
// the extension's command (the path a user takes: the local folder goes to the folder-scan worker), a warm-up and
// then RUNS timed runs, each followed by `cosmos-guard scan` over the same folder (so every run has its own CLI
// figure, under the same load), measuring the longest event-loop stall of each scan; then, for reference, the walk
// over vscode.workspace.fs (what remote and virtual folders use). Writes the figures as JSON to the file named by
// COSMOS_GUARD_BENCH_OUT.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { type CosmosGuardTestApi } from '../../src/features/accounts/accountsTestApi';
import { type WorkspaceScanSummary } from '../../src/features/scanner/workspaceScanner';
import { CommandId } from '../../src/platform/commandIds';

const RUNS = Number(process.env.COSMOS_GUARD_BENCH_RUNS ?? 3);
const FS_RUNS = Number(process.env.COSMOS_GUARD_BENCH_FS_RUNS ?? 1);

async function timed(scan: () => Thenable<WorkspaceScanSummary | undefined>): Promise<{ summary: WorkspaceScanSummary; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  try {
    const summary = await scan();
    if (!summary) throw new Error('the scan did not run');
    return { summary, stallMs };
  } finally {
    clearInterval(timer);
  }
}

/** `node dist/cli.js scan` over the workspace folder: its wall time (process start-up included). */
function cliScanMs(): number {
  const [node, cli] = [process.env.COSMOS_GUARD_BENCH_NODE, process.env.COSMOS_GUARD_BENCH_CLI];
  if (!node || !cli) throw new Error('COSMOS_GUARD_BENCH_NODE/CLI are not set: run bench/live.mjs');
  const t0 = performance.now();
  const r = spawnSync(node, [cli, 'scan', vscode.workspace.workspaceFolders![0]!.uri.fsPath, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
  return ms;
}

export async function run(): Promise<void> {
  const out = process.env.COSMOS_GUARD_BENCH_OUT;
  if (!out) throw new Error('COSMOS_GUARD_BENCH_OUT is not set: run bench/live.mjs');
  const api = await vscode.extensions.getExtension<CosmosGuardTestApi>('cosmos-guard.cosmos-guard')!.activate();
  // The benchmark tree is node_modules: scan it (VS Code's default search.exclude would skip it all).
  await vscode.workspace.getConfiguration('search').update('exclude', { '**/node_modules': false }, vscode.ConfigurationTarget.Workspace);
  const command = (): Thenable<WorkspaceScanSummary | undefined> => vscode.commands.executeCommand<WorkspaceScanSummary>(CommandId.scanWorkspace, { silent: true });
  await timed(command); // warm-up: the page cache, the JIT
  cliScanMs();
  const runs: { durationMs: number; stallMs: number; cliMs: number; summary: WorkspaceScanSummary }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { summary, stallMs } = await timed(command);
    const cliMs = cliScanMs();
    runs.push({ durationMs: summary.durationMs, stallMs: +stallMs.toFixed(1), cliMs: Math.round(cliMs), summary });
    console.log(`[bench] workspace scan ${i + 1}/${RUNS}: ${summary.filesScanned} files in ${summary.durationMs} ms (CLI ${Math.round(cliMs)} ms), ` +
      `longest stall ${stallMs.toFixed(1)} ms`);
  }
  const throughFs: { durationMs: number; stallMs: number }[] = [];
  for (let i = 0; i < FS_RUNS; i++) {
    const { summary, stallMs } = await timed(() => api.scanner.scanWorkspaceThroughFs());
    throughFs.push({ durationMs: summary.durationMs, stallMs: +stallMs.toFixed(1) });
    console.log(`[bench] through vscode.workspace.fs ${i + 1}/${FS_RUNS}: ${summary.filesScanned} files in ${summary.durationMs} ms, longest stall ${stallMs.toFixed(1)} ms`);
  }
  fs.writeFileSync(out, JSON.stringify({ runs, throughFs }));
}
