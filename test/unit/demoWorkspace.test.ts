import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { extractSecret, scanText } from '../../src/core/detection';
import { scanFileText } from '../../src/core/scan';
import { startArmEmulator } from '../arm-emulator/armEmulator';
import { DEMO_WORKSPACE_TEMPLATE, fillPlaceholders, writeDemoWorkspace } from '../support/demoWorkspace';
import { seededRandom } from '../support/keyFactory';

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

function filesOf(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).map((f) => f.split(path.sep).join('/'))
    .filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

describe('demo workspace (npm start)', () => {
  let demo: string;
  before(() => {
    demo = writeDemoWorkspace(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-guard-demo-')), 'demo-workspace'));
  });
  after(() => fs.rmSync(path.dirname(demo), { recursive: true, force: true }));

  it('holds exactly the files the expectations describe', () => {
    assert.deepEqual(filesOf(DEMO_WORKSPACE_TEMPLATE), Object.keys(EXPECTED).sort());
    assert.deepEqual(filesOf(demo), Object.keys(EXPECTED).sort());
  });

  it('commits no key: the template holds placeholders, and scans clean', () => {
    for (const file of filesOf(DEMO_WORKSPACE_TEMPLATE)) {
      assert.deepEqual(scanText(file, fs.readFileSync(path.join(DEMO_WORKSPACE_TEMPLATE, file), 'utf8')).map((f) => f.rule), [], file);
    }
  });

  for (const [file, rules] of Object.entries(EXPECTED)) {
    it(`written for the demo, ${file}: ${rules.length ? rules.join(', ') : 'clean'}`, () => {
      const text = fs.readFileSync(path.join(demo, file), 'utf8');
      assert.equal(fillPlaceholders(text), text, 'a placeholder was left');
      assert.deepEqual(scanFileText(file, text).map((f) => f.rule), rules);
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

  it('writes fresh keys on every start, so no two demo copies share one', () => {
    const template = '{{new-key identifiable MastRW00}} {{new-key legacy url}}';
    const [a, b] = [fillPlaceholders(template), fillPlaceholders(template)];
    assert.notEqual(a, b);
    assert.deepEqual(scanText('.env', `COSMOS_KEY=${a.split(' ')[0]!}\n`).map((f) => f.rule), ['cosmos-identifiable-key'], 'a valid checksum');
  });

  it('refuses a placeholder it does not understand instead of writing a blank key', () => {
    for (const bad of ['{{emulator-key contoso-orders tertiary}}', '{{new-key identifiable}}', '{{new-key legacy base32}}']) {
      assert.throws(() => fillPlaceholders(bad, seededRandom(1), 'x.env'), /x\.env: bad placeholder/, bad);
    }
    assert.throws(() => fillPlaceholders('{{emulator-key no-such-account primary}}'), /no-such-account/);
  });
});
