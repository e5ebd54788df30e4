#!/usr/bin/env node
// Benchmarks `cosmos-guard scan` against ripgrep on a large, fixed tree of real-world files.
//   node bench/scan.mjs [--runs N] [--tree DIR] [--json]
// The tree (a few hundred MB of npm packages, pinned below) is installed once into bench/.cache/tree and reused.
// See bench/README.md for what is measured and the last figures.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RG, RG_PATTERN, requireRipgrep } from './ripgrep.mjs';
import { BENCH_PACKAGES, ensureBenchTree } from './benchTree.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = BENCH_PACKAGES;

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const runs = Number(option('--runs', '5'));
const tree = path.resolve(option('--tree', path.join(root, 'bench', '.cache', 'tree')));
const asJson = args.includes('--json');
if (!Number.isInteger(runs) || runs < 1) {
  console.error('bench/scan.mjs: --runs needs a positive integer');
  process.exit(2);
}
requireRipgrep('bench/scan.mjs');

function log(msg) {
  process.stderr.write(`[bench] ${msg}\n`);
}

function ensureTree() {
  ensureBenchTree(tree, log);
}

function ensureBuild() {
  if (fs.existsSync(path.join(root, 'dist', 'cli.js'))) return;
  log('dist/cli.js missing: building…');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}

/** Files and bytes the way both tools see the tree: regular files, symlinks followed, nothing ignored. */
function measureTree(dir) {
  let files = 0, bytes = 0;
  const seen = new Set();
  const walk = (d) => {
    const real = fs.realpathSync(d);
    if (seen.has(real)) return;
    seen.add(real);
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      let st;
      try { st = fs.statSync(p); } catch { continue; }
      if (st.isDirectory()) { if (e.name !== '.git') walk(p); } else if (st.isFile()) { files++; bytes += st.size; }
    }
  };
  walk(dir);
  return { files, bytes };
}

function time(cmd, argv, check, env = process.env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { maxBuffer: 1 << 30, encoding: 'utf8', env });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  check(r);
  return { ms, stdout: r.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

ensureTree();
ensureBuild();
const { files, bytes } = measureTree(tree);
log(`tree: ${files} files, ${(bytes / 1e6).toFixed(1)} MB`);

const cli = path.join(root, 'dist', 'cli.js');
const ours = [cli, 'scan', tree, '--no-gitignore', '--format', 'json'];
const rgArgs = ['--hidden', '--no-ignore', '-c', RG_PATTERN, tree];
// For reference: ripgrep with our default size limit (it then skips the same large files we do).
const rgCappedArgs = ['--hidden', '--no-ignore', '--max-filesize', '5M', '-c', RG_PATTERN, tree];
const checkOurs = (r) => {
  if (r.status !== 0 && r.status !== 1) throw new Error(`cosmos-guard exited ${r.status}: ${r.stderr}`);
};
const checkRg = (r) => {
  if (r.status !== 0 && r.status !== 1) throw new Error(`rg exited ${r.status}: ${r.stderr}`);
};

// One warm-up each so that both tools read from the page cache.
const warm = time(process.execPath, ours, checkOurs);
time(RG, rgArgs, checkRg);
const report = JSON.parse(warm.stdout);

// Node's own start-up is part of every run of ours. With NODE_EXTRA_CA_CERTS set (this machine sets it for its
// proxy), Node 20 builds its whole root-certificate store before running any JavaScript — tens of milliseconds that
// `scan` never uses (it makes no network calls). So the environment's share is measured too: a bare `node -e 0`, and,
// when the variable is set, both again without it.
const extraCa = process.env.NODE_EXTRA_CA_CERTS !== undefined;
const envWithoutExtraCa = { ...process.env };
delete envWithoutExtraCa.NODE_EXTRA_CA_CERTS;
const bare = ['-e', '0'];
const checkBare = (r) => { if (r.status !== 0) throw new Error(`node -e 0 exited ${r.status}: ${r.stderr}`); };

const oursMs = [], rgMs = [], rgCappedMs = [], bareMs = [], oursNoCaMs = [], bareNoCaMs = [];
for (let i = 0; i < runs; i++) {
  // Alternate so that neither tool systematically benefits from the other's cache effects.
  oursMs.push(time(process.execPath, ours, checkOurs).ms);
  rgMs.push(time(RG, rgArgs, checkRg).ms);
  rgCappedMs.push(time(RG, rgCappedArgs, checkRg).ms);
  bareMs.push(time(process.execPath, bare, checkBare).ms);
  if (extraCa) {
    oursNoCaMs.push(time(process.execPath, ours, checkOurs, envWithoutExtraCa).ms);
    bareNoCaMs.push(time(process.execPath, bare, checkBare, envWithoutExtraCa).ms);
  }
}
const o = median(oursMs), g = median(rgMs);
const series = (xs) => ({ medianMs: Math.round(median(xs)), runsMs: xs.map(Math.round) });
const result = {
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version, rg: execFileSync(RG, ['--version'], { encoding: 'utf8' }).split('\n')[0] },
  tree: { packages: PACKAGES, files, megabytes: +(bytes / 1e6).toFixed(1) },
  runs,
  cosmosGuard: { medianMs: Math.round(o), mbPerSec: +(bytes / 1e3 / o).toFixed(1), filesPerSec: Math.round(files / (o / 1000)),
    runsMs: oursMs.map(Math.round), filesScanned: report.stats.filesScanned, findings: report.findings.length, skipped: report.stats.skipped },
  ripgrep: { medianMs: Math.round(g), mbPerSec: +(bytes / 1e3 / g).toFixed(1), filesPerSec: Math.round(files / (g / 1000)),
    runsMs: rgMs.map(Math.round) },
  ripgrepMaxFilesize5M: series(rgCappedMs),
  ratio: +(o / g).toFixed(2),
  nodeStartUp: series(bareMs),
  ...(extraCa ? {
    withoutNodeExtraCaCerts: { cosmosGuard: series(oursNoCaMs), nodeStartUp: series(bareNoCaMs), ratio: +(median(oursNoCaMs) / g).toFixed(2) },
  } : {}),
};

if (asJson) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const row = (name, r) => `${name.padEnd(13)} ${String(r.medianMs).padStart(7)} ms  ${String(r.mbPerSec).padStart(7)} MB/s  ${String(r.filesPerSec).padStart(8)} files/s`;
  console.log(`machine: ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}, ${result.machine.rg}`);
  console.log(`tree:    ${PACKAGES.join(', ')} — ${files} files, ${result.tree.megabytes} MB; median of ${runs} warm runs`);
  console.log(row('cosmos-guard', result.cosmosGuard));
  console.log(row('ripgrep', result.ripgrep));
  console.log(`ripgrep with --max-filesize 5M (skips the files we skip): ${result.ripgrepMaxFilesize5M.medianMs} ms`);
  console.log(`ratio:   ${result.ratio}× ripgrep's wall time (target ≤ 1.5×); cosmos-guard scanned ${report.stats.filesScanned} files, ` +
    `${report.findings.length} findings`);
  console.log(`Node's bare start-up (node -e 0), part of every cosmos-guard run: ${result.nodeStartUp.medianMs} ms`);
  const w = result.withoutNodeExtraCaCerts;
  if (w) {
    console.log(`NODE_EXTRA_CA_CERTS is set: Node builds its certificate store at every start. Without it (same run): ` +
      `node -e 0 ${w.nodeStartUp.medianMs} ms, cosmos-guard ${w.cosmosGuard.medianMs} ms, ratio ${w.ratio}× ripgrep's wall time`);
  }
}
