#!/usr/bin/env node
// Benchmarks `cosmos-guard posture` end to end against the ARM emulator's "bench" scenario: 40 subscriptions × 5
// accounts, every ARM call answered after 150 ms, over real HTTPS in another process.
//   node bench/posture.mjs [--runs N] [--latency MS] [--json] [--no-sequential]
// Each run is the built CLI (dist/cli.js posture --format json) as a user would start it: process start, the SDK,
// the subscription list, every account list and notebook look-up, the posture rules, the report. The same
// discovery code serves the extension's accounts view. See bench/README.md for the last figures.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const runs = Number(option('--runs', '5'));
const latency = Number(option('--latency', '150'));
const asJson = args.includes('--json');
const sequential = !args.includes('--no-sequential');
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(latency) || latency < 0) {
  console.error('bench/posture.mjs: --runs needs a positive integer and --latency a whole number of milliseconds');
  process.exit(2);
}

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function ensureBuild() {
  const needed = ['dist/cli.js', 'dist/cli-azure.js', 'out/test/arm-emulator/main.js'];
  if (needed.every((f) => fs.existsSync(path.join(root, f)))) return;
  log('building (dist/ or out/ missing)…');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}

/** Starts the emulator process and resolves with its {url, caPath, token} line. */
function startEmulator() {
  const child = spawn(process.execPath, [path.join(root, 'out', 'test', 'arm-emulator', 'main.js'), '--scenario', 'bench',
    '--latency', String(latency), '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, ...JSON.parse(out.slice(0, nl)) });
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before it was ready`)));
  });
}

/** One `cosmos-guard posture` run; resolves with its wall time, exit code, accounts and the ARM requests it reports. */
function runPosture(emu, extra = []) {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'posture', '--arm-endpoint', emu.url, '--format', 'json', ...extra], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: emu.caPath, COSMOS_GUARD_ARM_TOKEN: emu.token, NO_PROXY: 'localhost,127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '', stderr = '';
  child.stdout.on('data', (c) => { stdout += c; });
  child.stderr.on('data', (c) => { stderr += c; });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0 && code !== 1) return reject(new Error(`posture exited ${code}: ${stderr}`));
      const report = JSON.parse(stdout);
      const requests = Number(/(\d+) ARM requests/.exec(stderr)?.[1] ?? NaN);
      resolve({ ms, code, accounts: report.accounts.length, errors: report.errors.length, requests });
    });
  });
}

ensureBuild();
const emu = await startEmulator();
try {
  log(`emulator on ${emu.url}, scenario "bench" (40 subscriptions × 5 accounts), ${latency} ms per ARM call`);
  await runPosture(emu); // warm-up: page cache, the emulator's TLS session
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = await runPosture(emu);
    results.push(r);
    log(`run ${i + 1}/${runs}: ${Math.round(r.ms)} ms, ${r.accounts} accounts, ${r.requests} ARM requests, exit ${r.code}`);
  }
  const last = results.at(-1);
  let sequentialMs;
  if (sequential) {
    const r = await runPosture(emu, ['--max-concurrent-requests', '1']);
    sequentialMs = r.ms;
    log(`one request at a time (--max-concurrent-requests 1): ${Math.round(r.ms)} ms`);
  }
  const summary = {
    scenario: 'bench (40 subscriptions × 5 accounts)', latencyMs: latency, runs,
    medianMs: Math.round(median(results.map((r) => r.ms))), minMs: Math.round(Math.min(...results.map((r) => r.ms))),
    maxMs: Math.round(Math.max(...results.map((r) => r.ms))), accounts: last.accounts, armRequests: last.requests,
    ...(sequentialMs === undefined ? {} : { oneAtATimeMs: Math.round(sequentialMs) }),
    node: process.version,
  };
  if (asJson) console.log(JSON.stringify(summary, null, 2));
  else {
    console.log(`cosmos-guard posture, ${summary.scenario}, ${latency} ms per ARM call:`);
    console.log(`  median ${summary.medianMs} ms over ${runs} runs (min ${summary.minMs}, max ${summary.maxMs}); ${summary.accounts} accounts, `
      + `${summary.armRequests} ARM requests`);
    if (sequentialMs !== undefined) console.log(`  one request at a time: ${summary.oneAtATimeMs} ms`);
  }
} finally {
  emu.child.kill('SIGTERM');
}
