// Runs the built CLI (dist/cli.js) as a child process on temporary trees, and validates SARIF with the official
// SARIF multitool. Shared by the CLI tests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HANG_MS } from '../../support/waiting';
import { legacyKey, seededRandom } from '../../support/keyFactory';

/** The repository root (this file runs from out/test/unit/cli/). */
export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], cwd = ROOT, timeoutMs = HANG_MS): CliRun {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Creates a temporary folder with the given files (strings are written as UTF-8). */
export function makeTree(files: Readonly<Record<string, string | Uint8Array>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-guard-cli-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return dir;
}

export function removeTree(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A `makeTree` whose trees are removed after the enclosing `describe` block (call it inside one). */
export function treesRemovedAfter(): (files: Readonly<Record<string, string | Uint8Array>>) => string {
  const trees: string[] = [];
  after(() => trees.forEach(removeTree));
  return (files) => {
    const dir = makeTree(files);
    trees.push(dir);
    return dir;
  };
}

/** A fresh synthetic legacy key and a NoSQL connection string holding it. */
export function connectionString(seed: number): { key: string; text: string } {
  const key = legacyKey(seededRandom(seed));
  return { key, text: `AccountEndpoint=https://acct${seed}.documents.azure.com:443/;AccountKey=${key};` };
}

export interface JsonReport {
  findings: Record<string, unknown>[];
  stats: {
    filesScanned: number;
    bytesScanned: number;
    encodings: Record<string, number>;
    skipped: Record<string, number>;
    unreadable: { file: string; reason: string }[];
    durationMs: number;
  };
}

export function scanJson(dir: string, extra: readonly string[] = []): { run: CliRun; report: JsonReport } {
  const run = runCli(['scan', dir, '--format', 'json', ...extra]);
  if (run.status !== 0 && run.status !== 1) throw new Error(`scan failed (${run.status}): ${run.stderr}`);
  return { run, report: JSON.parse(run.stdout) as JsonReport };
}

export const files = (report: JsonReport): string[] => report.findings.map((f) => f.file as string);

/** The SARIF multitool's native binary (the npm wrapper runs it through a shell, which mangles `;` lists). */
function multitool(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(ROOT, 'node_modules', '@microsoft', 'sarif-multitool')) as string;
}

export interface SarifValidation {
  readonly status: number | null;
  /** Validator results at error or warning level: `SARIF1001 …` lines. */
  readonly problems: string[];
  readonly output: string;
}

/** Validates a SARIF file with the official validator (offline), reporting errors and warnings. */
export function validateSarif(file: string): SarifValidation {
  const report = `${file}.validation.sarif`;
  const r = spawnSync(multitool(), ['validate', file, '-o', report, '--log', 'ForceOverwrite', '--level', 'Error;Warning'],
    { encoding: 'utf8', timeout: 120000 });
  if (r.error) throw r.error;
  const text = fs.readFileSync(report, 'utf8');
  fs.rmSync(report, { force: true });
  const log = JSON.parse(text) as { runs: { results?: { level?: string; ruleId?: string; message: { text?: string; arguments?: string[] } }[] }[] };
  const problems = log.runs.flatMap((run) => run.results ?? [])
    .filter((x) => x.level === 'error' || x.level === 'warning' || x.level === undefined)
    .map((x) => `${x.ruleId ?? '?'} ${x.message.text ?? (x.message.arguments ?? []).join(' ')}`);
  return { status: r.status, problems, output: r.stdout + r.stderr };
}

/** The environment that lets the CLI talk to an ARM emulator: trust its CA, send its static token. */
export interface EmulatorAccess { readonly caPath: string; readonly token: string }

/**
 * Runs the CLI against an emulator without blocking this process's event loop (the emulator answering it may live
 * here, so a synchronous spawn would deadlock).
 */
export function runCliAgainst(emu: EmulatorAccess, args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; onSpawn?: (child: ChildProcess) => void } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: emu.caPath, COSMOS_GUARD_ARM_TOKEN: emu.token, NO_PROXY: 'localhost,127.0.0.1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    const timer = setTimeout(() => child.kill(), HANG_MS); // only a hang
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    options.onSpawn?.(child);
  });
}
