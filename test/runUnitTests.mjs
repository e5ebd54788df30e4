// Runs the unit tests (plain Node, no VS Code) from the esbuild output in out/test/unit.
// Prints the closing line CI looks for: "N passed, N failed". Exit code 1 on any failure.
//   node test/runUnitTests.mjs [--grep PATTERN] [files...]
import Mocha from 'mocha';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'out', 'test', 'unit');
const args = process.argv.slice(2);
const grepAt = args.indexOf('--grep');
const grep = grepAt >= 0 ? args.splice(grepAt, 2)[1] : undefined;

if (!fs.existsSync(outDir)) {
  console.error(`No compiled unit tests in ${path.relative(root, outDir)}: run "npm run build" first.`);
  process.exit(2);
}
const files = args.length
  ? args.map((f) => path.resolve(f))
  : fs.readdirSync(outDir, { recursive: true }).map(String).filter((f) => f.endsWith('.test.js')).sort().map((f) => path.join(outDir, f));

// Tests wait for outcomes; the per-test limit only ends a hang, and is long enough for a busy 2-core machine.
const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 180_000, color: process.stdout.isTTY, ...(grep ? { grep } : {}) });
for (const f of files) mocha.addFile(f);
const runner = mocha.run((failures) => {
  const s = runner.stats ?? { passes: 0, failures, pending: 0 };
  console.log(`${s.passes} passed, ${s.failures} failed${s.pending ? `, ${s.pending} skipped` : ''}`);
  process.exitCode = failures ? 1 : 0;
});
