import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanText } from '../../src/core/detection';
import { repoRoot } from '../support/repoRoot';

const demo = path.join(repoRoot(), 'test', 'fixtures', 'demo-workspace');

/** What `npm start` is meant to show: one finding per seeded file, none in the clean ones. */
const EXPECTED: Record<string, string[]> = {
  'src/db.js': ['cosmos-sql-connection-string'],
  '.env': ['cosmos-identifiable-key'],
  'appsettings.json': ['cosmos-sql-connection-string'],
  'scripts/nightly_report.py': ['cosmos-mongodb-uri'],
  'src/server.js': [],
  'package.json': [],
  'README.md': [],
};

describe('demo workspace (npm start)', () => {
  const files = fs.readdirSync(demo, { recursive: true }).map(String).map((f) => f.split(path.sep).join('/'))
    .filter((f) => fs.statSync(path.join(demo, f)).isFile()).sort();

  it('holds exactly the files the expectations describe', () => {
    assert.deepEqual(files, Object.keys(EXPECTED).sort());
  });

  for (const [file, rules] of Object.entries(EXPECTED)) {
    it(`${file}: ${rules.length ? rules.join(', ') : 'clean'}`, () => {
      const findings = scanText(file, fs.readFileSync(path.join(demo, file), 'utf8'));
      assert.deepEqual(findings.map((f) => f.rule), rules);
    });
  }
});
