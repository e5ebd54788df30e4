#!/usr/bin/env node
// Times the scanner on hostile input: each input issue 10 found stalling it, and a few more of the same kinds
// (see bench/README.md). Every case runs in its own process with a time limit, so a version that stalls is
// reported as "> LIMIT" rather than waited for.
//   node bench/hostile.mjs [--timeout SECONDS] [--only CASE,…] [--json]
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const timeoutMs = Number(option('--timeout', 60)) * 1000;
const only = option('--only', '')?.split(',').filter(Boolean);
const asJson = args.includes('--json');
const log = (msg) => process.stderr.write(`[hostile] ${msg}\n`);

/** Runs a command with a time limit; resolves with its wall time, output and whether it was stopped. */
function timed(command, commandArgs, options = {}) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(command, commandArgs, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderrBytes = 0;
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderrBytes += d.length; if (stderr.length < 4096) stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code, stopped: signal === 'SIGKILL', stdout, stderr, stderrBytes });
    });
  });
}

const KIB = 1024;
const STARS = 'a*a*a*a*a*a*a*a*a*a*a*b';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-guard-hostile-'));
/** A folder with the given files, for the CLI cases. */
function tree(name, files) {
  const dir = path.join(work, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const cli = (dir, extra = []) => ['cli', [path.join(root, 'dist', 'cli.js'), 'scan', dir, '--format', 'json', ...extra]];
const inProcess = (name) => ['in', [path.join(root, 'out', 'bench', 'hostileCases.js'), name]];

// [case, what, size, how]
const CASES = [
  ['cli-suppression-line', 'CLI scan: one 100 KB line of `// cosmos-guard-ignore x`', '100 KB',
    () => cli(tree('suppression', { 'x.js': `a==b\n${'// cosmos-guard-ignore x '.repeat(100 * KIB / 25)}\n` }))],
  ['suppression-line-1m', 'suppression comments: one 1 MB line of them (parse and apply)', '1 MB', () => inProcess('suppression-line-1m')],
  ['cli-unknown-rules', 'CLI scan: one suppression naming 15,000 unknown rules (warning size)', '15,000 rules',
    () => cli(tree('unknown', { 'x.js': `a==b\n// cosmos-guard-ignore ${Array.from({ length: 15000 }, (_, i) => `rule-${i}`).join(',')} reason=x\n` }))],
  ['mask-uri-40k', 'maskSecrets: `a://:` repeated', '40 KB', () => inProcess('mask-uri-40k')],
  ['mask-uri-1m', 'maskSecrets: `a://:` repeated', '1 MB', () => inProcess('mask-uri-1m')],
  ['mask-letters-1m', 'maskSecrets: one letter repeated (the key-run pattern)', '1 MB', () => inProcess('mask-letters-1m')],
  ['gitignore-40', '.gitignore `a*a*a*a*a*a*a*a*a*a*a*b`, a 40-character name', '1 rule', () => inProcess('gitignore-40')],
  ['cli-gitignore-40', 'CLI scan: the same rule and name on disk', '1 rule',
    () => cli(tree('gitignore', { '.gitignore': `${STARS}\n`, ['a'.repeat(40)]: 'a==b\n' }))],
  ['gitignore-1m-rules', '.gitignore of 43,690 such rules, one path checked', '1 MB', () => inProcess('gitignore-1m-rules')],
  ['glob-40', '--exclude / files.exclude glob `a*a*a*a*a*a*a*a*a*a*a*b`, a 40-character name', '1 glob', () => inProcess('glob-40')],
  ['cli-glob-40', 'CLI scan: `--exclude` with that glob', '1 glob',
    () => cli(tree('glob', { ['a'.repeat(40)]: 'a==b\n' }), ['--exclude', STARS])],
  ['detect-indented-keys', 'detection: 256 K spaces, then keys on the same line', '512 KB', () => inProcess('detect-indented-keys')],
  ['detect-keys-one-line', 'detection: key-shaped values on one line', '511 KB', () => inProcess('detect-keys-one-line')],
  ['host-keys-511k', 'editor: extension host blocked by a scan of those values', '511 KB', () => inProcess('host-keys-511k')],
  ['host-vcore-16k', 'editor: extension host blocked by a scan of vCore URIs', '16 KB', () => inProcess('host-vcore-16k')],
];

log('building…');
execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

const results = [];
for (const [name, what, size, how] of CASES) {
  if (only?.length && !only.includes(name)) continue;
  const [kind, commandArgs] = how();
  log(`${name}…`);
  const r = await timed(process.execPath, commandArgs, { cwd: root });
  const row = { case: name, what, size, stopped: r.stopped };
  if (r.stopped) row.ms = undefined;
  else if (kind === 'in') {
    if (r.code !== 0) throw new Error(`${name} failed: ${r.stderr}`);
    Object.assign(row, JSON.parse(r.stdout));
  } else {
    if (r.code !== 0 && r.code !== 1) throw new Error(`${name} failed (exit ${r.code}): ${r.stderr}`);
    Object.assign(row, { ms: +r.ms.toFixed(0), stderrBytes: r.stderrBytes });
  }
  results.push(row);
}
fs.rmSync(work, { recursive: true, force: true });

const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: os.loadavg().map((l) => +l.toFixed(2)) };
if (asJson) {
  console.log(JSON.stringify({ machine, timeoutMs, results }, null, 2));
} else {
  console.log(`machine: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, load ${machine.loadAverage.join(' ')}`);
  const show = (r) => {
    if (r.stopped) return `> ${timeoutMs / 1000} s (stopped)`;
    const extra = [r.untilFindingsMs !== undefined ? `findings after ${r.untilFindingsMs} ms` : '', r.stderrBytes !== undefined ? `stderr ${r.stderrBytes} bytes` : '',
      r.messageChars !== undefined ? `warning ${r.messageChars} chars` : ''].filter(Boolean).join(', ');
    return `${r.ms} ms${extra ? ` (${extra})` : ''}`;
  };
  for (const r of results) console.log(`${r.case.padEnd(22)} ${r.size.padEnd(13)} ${show(r).padEnd(46)} ${r.what}`);
}
