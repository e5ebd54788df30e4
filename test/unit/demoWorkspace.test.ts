import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extractSecret, scanText } from '../../src/core/detection';
import { scanFileText } from '../../src/core/scan';
import { startArmEmulator } from '../arm-emulator/armEmulator';
import { repoRoot } from '../support/repoRoot';

const demo = path.join(repoRoot(), 'test', 'fixtures', 'demo-workspace');

/** What `npm start` is meant to show: one secret per seeded file (and the key-based client in db.js), none in the clean ones. */
const EXPECTED: Record<string, string[]> = {
  'src/db.js': ['cosmos-sql-connection-string', 'cosmos-key-based-client'],
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
      const findings = scanFileText(file, fs.readFileSync(path.join(demo, file), 'utf8'));
      assert.deepEqual(findings.map((f) => f.rule), rules);
    });
  }

  it('src/db.js holds the demo emulator\'s current primary key of contoso-orders ("which key leaked?" finds it); the others none', async () => {
    const emu = await startArmEmulator({ scenario: 'demo' });
    try {
      const keys = emu.accounts().flatMap((a) => Object.values(a.keys));
      const secretsOf = (file: string) => {
        const text = fs.readFileSync(path.join(demo, file), 'utf8');
        return scanText(file, text).map((f) => extractSecret(text, f));
      };
      assert.deepEqual(secretsOf('src/db.js'), [emu.account('contoso-orders').keys.primary]);
      for (const file of ['.env', 'appsettings.json', 'scripts/nightly_report.py']) {
        assert.ok(secretsOf(file).every((s) => s !== undefined && !keys.includes(s)), file);
      }
    } finally {
      await emu.close();
    }
  });
});
