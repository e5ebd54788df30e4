#!/usr/bin/env node
// Benchmarks `cosmos-guard scan --git` (every blob of the history, read once) against the naive pipeline
// `git log -p --all | rg '<bare key pattern>'` on a generated repository with thousands of commits and a few
// planted keys. Both run in the same process of this script, alternately, after one warm-up each.
//   node bench/history.mjs [--commits N] [--runs N] [--json]
// The repository is generated into bench/.cache/history-<N> (git fast-import; fresh random keys each time it is
// made) and reused. See bench/README.md for what is measured and the last figures.
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RG, RG_PATTERN, requireRipgrep } from './ripgrep.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PLANTED = 8;

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const commits = Number(option('--commits', '2500'));
const runs = Number(option('--runs', '5'));
const asJson = args.includes('--json');
if (!Number.isInteger(commits) || commits < 100 || !Number.isInteger(runs) || runs < 1) {
  console.error('bench/history.mjs: --commits needs an integer ≥ 100 and --runs a positive integer');
  process.exit(2);
}
requireRipgrep('bench/history.mjs');
const repo = path.join(root, 'bench', '.cache', `history-${commits}`);
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

/** mulberry32: the repository's shape is the same every time it is generated; only the planted keys are fresh. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['order', 'customer', 'invoice', 'total', 'item', 'price', 'account', 'region', 'status', 'payload', 'retry', 'timeout',
  'partition', 'query', 'result', 'cache', 'token', 'client', 'request', 'response', 'batch', 'stream', 'event', 'handler'];

function sourceLine(rnd, ext) {
  const w = () => WORDS[Math.floor(rnd() * WORDS.length)];
  const n = Math.floor(rnd() * 1000);
  switch (ext) {
    case 'py': return `    ${w()}_${w()} = compute_${w()}(${w()}, ${n})  # ${w()} ${w()}`;
    case 'json': return `  "${w()}${n}": { "${w()}": ${n}, "${w()}": "${w()}-${w()}" },`;
    case 'md': return `The ${w()} ${w()} keeps the ${w()} of each ${w()} for ${n} days.`;
    default: return `  const ${w()}${n} = await ${w()}.${w()}({ ${w()}: ${n}, ${w()}: "${w()}" });`;
  }
}

/** Writes the repository with `git fast-import`: a few hundred files, small edits per commit, keys planted and later removed. */
function generate() {
  const rnd = seeded(20261203);
  const exts = ['js', 'ts', 'py', 'json', 'md'];
  const files = new Map();
  const newFile = (i) => {
    const ext = exts[i % exts.length];
    const lines = Array.from({ length: 40 + Math.floor(rnd() * 160) }, () => sourceLine(rnd, ext));
    files.set(`src/module${Math.floor(i / 25)}/file${i}.${ext}`, lines);
  };
  for (let i = 0; i < 300; i++) newFile(i);
  let next = 300;
  const keyAt = new Map(); // commit index → key to plant
  for (let k = 0; k < PLANTED; k++) keyAt.set(Math.floor(((k + 0.5) * commits) / PLANTED), k);
  const planted = [];
  const chunks = [];
  const write = (s) => chunks.push(typeof s === 'string' ? Buffer.from(s) : s);
  const data = (text) => {
    const b = Buffer.from(text);
    write(`data ${b.length}\n`);
    write(b);
    write('\n');
  };
  let time = 1_600_000_000;
  const paths = () => [...files.keys()];
  for (let c = 0; c < commits; c++) {
    const changed = new Set();
    const deleted = [];
    if (c === 0) for (const p of files.keys()) changed.add(p);
    else {
      for (let e = 0; e < 1 + Math.floor(rnd() * 4); e++) {
        const all = paths();
        const p = all[Math.floor(rnd() * all.length)];
        const lines = files.get(p);
        const ext = p.slice(p.lastIndexOf('.') + 1);
        const at = Math.floor(rnd() * lines.length);
        lines.splice(at, Math.floor(rnd() * 3), ...Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => sourceLine(rnd, ext)));
        changed.add(p);
      }
      if (c % 20 === 0) {
        newFile(next++);
        changed.add([...files.keys()].at(-1));
      }
      if (c % 97 === 0 && files.size > 250) {
        const victim = paths()[Math.floor(rnd() * files.size)];
        if (!changed.has(victim)) {
          files.delete(victim);
          deleted.push(victim);
        }
      }
    }
    if (keyAt.has(c)) {
      // A fresh key, added in a settings file and removed a few commits later.
      const k = keyAt.get(c);
      const key = crypto.randomBytes(64).toString('base64');
      const file = k % 2 ? `config/settings.${k}.json` : `deploy/.env.${k}`;
      files.set(file, k % 2 ? ['{', `  "CosmosDb": { "ConnectionString": "AccountEndpoint=https://bench-history-${k}.documents.azure.com:443/;AccountKey=${key};" }`, '}']
        : [`COSMOS_ENDPOINT=https://bench-history-${k}.documents.azure.com:443/`, `COSMOS_KEY=${key}`]);
      changed.add(file);
      planted.push({ commit: c, file });
    }
    for (const p of planted) {
      if (p.commit + 7 === c && files.has(p.file)) {
        files.delete(p.file);
        deleted.push(p.file);
      }
    }
    for (const p of changed) {
      write(`blob\nmark :${c * 1000 + [...changed].indexOf(p) + 1}\n`);
      data(`${files.get(p).join('\n')}\n`);
    }
    time += 600 + Math.floor(rnd() * 3600);
    write(`commit refs/heads/main\nmark :${c * 1000 + 999}\n`);
    write(`author Bench Author <bench@example.com> ${time} +0000\ncommitter Bench Author <bench@example.com> ${time} +0000\n`);
    data(`Change ${c}`);
    if (c > 0) write(`from :${(c - 1) * 1000 + 999}\n`);
    [...changed].forEach((p, i) => write(`M 100644 :${c * 1000 + i + 1} ${p}\n`));
    for (const p of deleted) write(`D ${p}\n`);
    write('\n');
  }
  fs.rmSync(repo, { recursive: true, force: true });
  fs.mkdirSync(repo, { recursive: true });
  const git = (...a) => execFileSync('git', a, { cwd: repo, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' }, maxBuffer: 1 << 30, input: a[0] === 'fast-import' ? Buffer.concat(chunks) : undefined });
  git('init', '-q', '-b', 'main');
  git('fast-import', '--quiet');
  // No checkout: only history is scanned, and files in bench/.cache must not look like sources to the build.
  git('repack', '-a', '-d', '-q');
  fs.writeFileSync(path.join(repo, '.git', 'bench-planted.json'), JSON.stringify(planted));
}

function time(cmd, argv, options) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { maxBuffer: 1 << 30, encoding: 'utf8', ...options });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

if (!fs.existsSync(path.join(repo, '.git', 'bench-planted.json'))) {
  log(`generating ${commits} commits into ${path.relative(root, repo)}…`);
  generate();
}
if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) {
  log('dist/cli.js missing: building…');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}
const planted = JSON.parse(fs.readFileSync(path.join(repo, '.git', 'bench-planted.json'), 'utf8'));
const count = (...a) => Number(execFileSync('git', a, { cwd: repo, encoding: 'utf8' }).trim());
const shape = { commits: count('rev-list', '--count', 'HEAD'), packBytes: fs.readdirSync(path.join(repo, '.git', 'objects', 'pack')).filter((f) => f.endsWith('.pack'))
  .reduce((n, f) => n + fs.statSync(path.join(repo, '.git', 'objects', 'pack', f)).size, 0) };

const ours = [path.join(root, 'dist', 'cli.js'), 'scan', '--git', '--format', 'json'];
const pipeline = ['-c', `git log -p --all | ${RG} -c '${RG_PATTERN}'`];
const warm = JSON.parse(time(process.execPath, ours, { cwd: repo }).stdout);
const rgWarm = time('sh', pipeline, { cwd: repo });
const found = new Set(warm.findings.map((f) => f.file));
if (warm.findings.length !== planted.length || planted.some((p) => !found.has(p.file))) {
  throw new Error(`scan --git found ${warm.findings.length} findings (${[...found].join(', ')}), expected the ${planted.length} planted keys`);
}
const oursMs = [], rgMs = [];
for (let i = 0; i < runs; i++) {
  oursMs.push(time(process.execPath, ours, { cwd: repo }).ms);
  rgMs.push(time('sh', pipeline, { cwd: repo }).ms);
}
const o = median(oursMs), g = median(rgMs);
const result = {
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, git: execFileSync('git', ['--version'], { encoding: 'utf8' }).trim() },
  repository: { ...shape, blobsScanned: warm.stats.filesScanned, bytesScanned: warm.stats.bytesScanned, planted: planted.length },
  runs,
  cosmosGuard: { medianMs: Math.round(o), runsMs: oursMs.map(Math.round), findings: warm.findings.length },
  pipeline: { command: `git log -p --all | rg -c '${RG_PATTERN}'`, medianMs: Math.round(g), runsMs: rgMs.map(Math.round), matchingLines: Number(rgWarm.stdout.trim() || 0) },
  ratio: +(o / g).toFixed(2),
};
if (asJson) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`machine:    ${result.machine.cpus} × ${result.machine.cpuModel}, Node ${result.machine.node}, ${result.machine.git}`);
  console.log(`repository: ${shape.commits} commits, ${(shape.packBytes / 1e6).toFixed(1)} MB packed; ${result.repository.blobsScanned} blobs ` +
    `(${(result.repository.bytesScanned / 1e6).toFixed(1)} MB) scanned; ${planted.length} planted keys`);
  console.log(`scan --git  ${String(result.cosmosGuard.medianMs).padStart(6)} ms median of ${runs}  (${warm.findings.length} findings: every planted key, once)`);
  console.log(`log -p | rg ${String(result.pipeline.medianMs).padStart(6)} ms median of ${runs}  (${result.pipeline.matchingLines} matching diff lines)`);
  console.log(`ratio:      ${result.ratio}× the pipeline's wall time (target ≤ 2×)`);
}
