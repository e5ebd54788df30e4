// Bundles the extension, the CLI and the tests with esbuild.
//   node scripts/build.mjs [--production] [--watch]
// dist/extension.js  the extension (cjs, 'vscode' external)
// dist/cli.js        the cosmos-guard CLI (cjs, shebang)
// dist/scanWorker.js the extension's scan worker thread (large files are scanned off the extension host's thread)
// dist/folderScanWorker.js the workspace scan of local folders (walk, read, scan with Node's fs, off the host's thread)
// dist/cli-scan-worker.js the helper thread of `cosmos-guard scan` (only the scan code, so that it boots fast)
// dist/cli-azure.js  the CLI's Azure commands (posture, rotate, scan --verify) with the Azure SDK, loaded by
//                    dist/cli.js only for them, so that `scan` does not parse ~2 MB of SDK it never uses
// out/test/**        unit and host tests, the ARM emulator (cjs; packages stay external and load from node_modules)
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

function listTs(dir) {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath ?? e.path, e.name)));
}

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production,
  minify: production, logLevel: 'warning', absWorkingDir: root, mainFields: ['module', 'main'] };

// In dist/cli.js, the commands' `import('./azureRunners.js')` becomes a require of the sibling bundle.
const azureChunk = { name: 'azure-chunk', setup(build) {
  build.onResolve({ filter: /^\.\/azureRunners\.js$/ }, () => ({ path: './cli-azure.js', external: true }));
} };

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', external: ['vscode'], banner: { js: '#!/usr/bin/env node' },
    plugins: [azureChunk] },
  { ...common, entryPoints: ['src/cli/azureRunners.ts'], outfile: 'dist/cli-azure.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli/scanWorkerMain.ts'], outfile: 'dist/cli-scan-worker.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/features/scanner/scanWorker.ts'], outfile: 'dist/scanWorker.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/features/scanner/folderScanWorker.ts'], outfile: 'dist/folderScanWorker.js', external: ['vscode'] },
];
const testEntries = [...listTs('test'), ...listTs('bench')].filter((f) => !f.startsWith(path.join('test', 'ui', 'screenshots')));
if (testEntries.length && !production) {
  builds.push({ ...common, entryPoints: testEntries, outdir: 'out', outbase: '.', packages: 'external', sourcemap: true, minify: false });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('[build] watching');
} else {
  const t0 = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  fs.chmodSync(path.join(root, 'dist/cli.js'), 0o755);
  console.log(`[build] ${production ? 'production ' : ''}bundles written in ${Date.now() - t0} ms`);
}
