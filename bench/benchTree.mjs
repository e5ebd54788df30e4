// The benchmark tree shared by bench/scan.mjs and bench/live.mjs: a fixed set of npm packages (minified bundles,
// huge .d.ts files, JSON API models) installed once into bench/.cache/tree (git-ignored) and reused afterwards.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Pinned so that figures stay comparable between runs and machines. */
export const BENCH_PACKAGES = ['typescript@5.9.3', 'monaco-editor@0.52.2', 'aws-sdk@2.1692.0', '@azure/arm-cosmosdb@17.0.0'];
export const DEFAULT_TREE = path.join(BENCH_ROOT, 'bench', '.cache', 'tree');

/** Installs the packages into `tree` unless its stamp says they are there. */
export function ensureBenchTree(tree = DEFAULT_TREE, log = (msg) => process.stderr.write(`[bench] ${msg}\n`)) {
  const stamp = path.join(tree, '.bench-packages');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === BENCH_PACKAGES.join('\n')) return;
  log(`installing ${BENCH_PACKAGES.join(' ')} into ${path.relative(BENCH_ROOT, tree) || tree} (once)…`);
  fs.rmSync(tree, { recursive: true, force: true });
  fs.mkdirSync(tree, { recursive: true });
  fs.writeFileSync(path.join(tree, 'package.json'), JSON.stringify({ name: 'cosmos-guard-bench-tree', private: true }, null, 2));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', '--prefix', tree, ...BENCH_PACKAGES],
    { stdio: ['ignore', 'inherit', 'inherit'] });
  fs.writeFileSync(stamp, BENCH_PACKAGES.join('\n'));
}
