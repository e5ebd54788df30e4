// Entry point loaded by the extension host (the @vscode/test-electron contract): run() settles when the suites
// have run and rejects when any test failed. Prints the closing line CI looks for: "N passed, N failed".
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { HANG_MS } from './support/waitFor';

/** Set by test/harness/runHostTests.mjs from its --grep argument. */
const GREP_ENV = 'COSMOS_GUARD_TEST_GREP';

export function run(): Promise<void> {
  return runSuitesIn(__dirname);
}

/** Runs every `*.test.js` under `dir` (test/host-restricted's entry point uses this too). */
export function runSuitesIn(dir: string): Promise<void> {
  const grep = process.env[GREP_ENV];
  // Tests wait for events; this limit (longer than a single wait's) only ends a hung test on a busy machine.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 2 * HANG_MS, ...(grep ? { grep } : {}) });
  const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.test.js')).sort();
  for (const file of files) mocha.addFile(path.join(dir, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
      console.log(`${stats.passes} passed, ${stats.failures} failed${stats.pending ? `, ${stats.pending} skipped` : ''}`);
      if (failures > 0) reject(new Error(`${failures} host test(s) failed.`));
      else resolve();
    });
  });
}
