import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sha256Hex } from '../../src/core/hashing/sha256';
import { EMULATOR_KEY } from '../support/emulatorKey';
import { repoRoot } from '../support/repoRoot';

const root = repoRoot();

/** What STYLE.md allows in the .vsix: the bundles, media, the manifest and its nls files, README, CHANGELOG, LICENSE. */
const ALLOWED = [/^dist\/(extension|cli|cli-azure|cli-scan-worker|scanWorker|folderScanWorker)\.js$/, /^media\/[^/]+$/, /^package\.json$/, /^package\.nls(\.[a-z-]+)?\.json$/,
  /^README\.md$/, /^CHANGELOG\.md$/, /^LICENSE$/];

describe('packaging', () => {
  it('ships only the allow-listed files (vsce ls)', function () {
    this.timeout(60_000);
    const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
    const files = execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
      .split('\n').map((line) => line.trim()).filter(Boolean).sort();
    assert.deepEqual(files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file))), []);
    for (const required of ['dist/extension.js', 'dist/cli.js', 'dist/cli-azure.js', 'dist/cli-scan-worker.js', 'dist/scanWorker.js', 'dist/folderScanWorker.js', 'package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'media/icon.svg']) {
      assert.ok(files.includes(required), `${required} is not packaged`);
    }
    assert.deepEqual(files.filter((file) => file.endsWith('.map')), []);
  });

  it('keeps the public emulator key out of the bundles, in every spelling', () => {
    // The test's copy of the key is itself checked, so this test cannot pass by comparing against a wrong value.
    assert.equal(sha256Hex(EMULATOR_KEY), 'aa6547439583c3a275d4542a0df6c1ad6a863971be9f2a2220f027cc02aef615');
    const spellings = [EMULATOR_KEY, encodeURIComponent(EMULATOR_KEY), EMULATOR_KEY.replace(/\//g, '\\/'), EMULATOR_KEY.slice(0, 40)];
    for (const bundle of ['dist/extension.js', 'dist/cli.js', 'dist/cli-azure.js', 'dist/cli-scan-worker.js', 'dist/scanWorker.js', 'dist/folderScanWorker.js']) {
      const text = fs.readFileSync(path.join(root, bundle), 'utf8');
      assert.ok(text.length > 1000, `${bundle} is missing or empty: run the build first`);
      for (const spelling of spellings) assert.ok(!text.includes(spelling), `${bundle} contains the emulator key`);
    }
  });
});
