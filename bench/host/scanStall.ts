// The scan-stall benchmark, run inside a real extension host by bench/stall.mjs: writes the scan-stall test's
// hostile tree (test/host/support/hostileTree.ts) into the workspace, scans it through the extension's command
// once to warm up and then RUNS times, measuring the longest event-loop stall of each (a 5 ms timer) and the longest
// garbage-collection pause, and writes the figures as JSON to COSMOS_GUARD_BENCH_OUT.
import * as fs from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { type WorkspaceScanSummary } from '../../src/features/scanner/workspaceScanner';
import { CommandId } from '../../src/platform/commandIds';
import { writeHostileTree } from '../../test/host/support/hostileTree';

const RUNS = Number(process.env.COSMOS_GUARD_BENCH_RUNS ?? 3);

async function measuredScan(): Promise<{ summary: WorkspaceScanSummary; stallMs: number; gcMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs = Math.max(gcMs, entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    const summary = await vscode.commands.executeCommand<WorkspaceScanSummary>(CommandId.scanWorkspace, { silent: true });
    return { summary, stallMs, gcMs };
  } finally {
    clearInterval(timer);
    observer.disconnect();
  }
}

export async function run(): Promise<void> {
  const out = process.env.COSMOS_GUARD_BENCH_OUT;
  if (!out) throw new Error('COSMOS_GUARD_BENCH_OUT is not set: run bench/stall.mjs');
  await vscode.extensions.getExtension('cosmos-guard.cosmos-guard')!.activate();
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  writeHostileTree(vscode.Uri.joinPath(folder, 'stall').fsPath);
  // The 10 MB minified file is scanned too, as in the test's first case.
  await vscode.workspace.getConfiguration('cosmosGuard').update('scan.maxFileSize', 16 * 1024 * 1024, vscode.ConfigurationTarget.Workspace);
  await measuredScan(); // warm-up: the page cache, the worker, the JIT
  const runs: { durationMs: number; stallMs: number; gcMs: number; filesScanned: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { summary, stallMs, gcMs } = await measuredScan();
    runs.push({ durationMs: summary.durationMs, stallMs: +stallMs.toFixed(1), gcMs: +gcMs.toFixed(1), filesScanned: summary.filesScanned });
    console.log(`[bench] hostile-tree scan ${i + 1}/${RUNS}: ${summary.filesScanned} files in ${summary.durationMs} ms, longest stall `
      + `${stallMs.toFixed(1)} ms, longest GC pause ${gcMs.toFixed(1)} ms`);
  }
  fs.writeFileSync(out, JSON.stringify(runs));
}
