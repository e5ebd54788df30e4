// The workspace-scan benchmark, run inside a real extension host by bench/live.mjs (the @vscode/test-electron
// contract: run() settles when done). The workspace is a copy of the benchmark tree. It scans the workspace
// through the extension's command (the path a user takes: vscode.workspace.fs, exclusions, the worker), a warm-up
// and then RUNS timed runs, measuring the longest event-loop stall of each, and writes the figures as JSON to the
// file named by COSMOS_GUARD_BENCH_OUT.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { type WorkspaceScanSummary } from '../../src/features/scanner/workspaceScanner';
import { CommandId } from '../../src/platform/commandIds';

const RUNS = Number(process.env.COSMOS_GUARD_BENCH_RUNS ?? 3);

async function timedScan(): Promise<{ summary: WorkspaceScanSummary; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  try {
    const summary = await vscode.commands.executeCommand<WorkspaceScanSummary>(CommandId.scanWorkspace, { silent: true });
    return { summary, stallMs };
  } finally {
    clearInterval(timer);
  }
}

export async function run(): Promise<void> {
  const out = process.env.COSMOS_GUARD_BENCH_OUT;
  if (!out) throw new Error('COSMOS_GUARD_BENCH_OUT is not set: run bench/live.mjs');
  await vscode.extensions.getExtension('cosmos-guard.cosmos-guard')!.activate();
  // The benchmark tree is node_modules: scan it (VS Code's default search.exclude would skip it all).
  await vscode.workspace.getConfiguration('search').update('exclude', { '**/node_modules': false }, vscode.ConfigurationTarget.Workspace);
  await timedScan(); // warm-up: the page cache, the worker, the JIT
  const runs: { durationMs: number; stallMs: number; summary: WorkspaceScanSummary }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { summary, stallMs } = await timedScan();
    runs.push({ durationMs: summary.durationMs, stallMs, summary });
    console.log(`[bench] workspace scan ${i + 1}/${RUNS}: ${summary.filesScanned} files in ${summary.durationMs} ms, longest stall ${stallMs.toFixed(1)} ms`);
  }
  fs.writeFileSync(out, JSON.stringify(runs.map((r) => ({ durationMs: r.durationMs, stallMs: +r.stallMs.toFixed(1), summary: r.summary }))));
}
