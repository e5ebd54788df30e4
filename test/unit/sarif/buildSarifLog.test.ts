import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DETECTION_RULES, scanText } from '../../../src/core/detection';
import { buildSarifLog, FINGERPRINT_KEY, relativeUri, serializeSarif, type SarifFinding } from '../../../src/core/sarif';
import { SCAN_RULES } from '../../../src/core/scan';
import { legacyKey, identifiableKey, seededRandom } from '../../support/keyFactory';
import { validateSarif } from '../cli/cliHarness';

function sampleFindings(): SarifFinding[] {
  const rnd = seededRandom(4242);
  const a = scanText('src/app.ts', `const c = "AccountEndpoint=https://x.documents.azure.com:443/;AccountKey=${legacyKey(rnd)};";\n`);
  const b = scanText('.env', `\n\nKEY=${identifiableKey(rnd)}\n`);
  const c = scanText('src/app.ts', `\n\n\nconst d = "AccountEndpoint=https://y.documents.azure.com:443/;AccountKey=${legacyKey(rnd)};";\n`);
  assert.equal(a.length + b.length + c.length, 3);
  return [...a, ...b, ...c];
}

describe('buildSarifLog', () => {
  const findings = sampleFindings();
  const suppressed: SarifFinding[] = findings.map((f, i) =>
    i === 0 ? { ...f, suppression: { kind: 'inSource', justification: 'test fixture, key revoked' } }
      : i === 1 ? { ...f, suppression: { kind: 'external', justification: '' } } : f);

  it('lists every scan rule (secrets, then cosmos-key-based-client) with help links and default levels', () => {
    const driver = buildSarifLog([], { toolVersion: '1.2.3' }).runs[0]!.tool.driver;
    assert.equal(driver.name, 'Cosmos Guard');
    assert.equal(driver.version, '1.2.3');
    assert.deepEqual(driver.rules.map((r) => r.id), [...DETECTION_RULES.map((r) => r.id), 'cosmos-key-based-client']);
    assert.deepEqual(driver.rules.map((r) => r.id), SCAN_RULES.map((r) => r.id));
    for (const [i, r] of driver.rules.entries()) {
      assert.equal(r.helpUri, `https://github.com/cosmos-guard/cosmos-guard#${SCAN_RULES[i]!.docsAnchor}`);
      assert.match(r.name, /^(?:[A-Z][a-z0-9]+)+$/);
      assert.equal(r.defaultConfiguration.level, SCAN_RULES[i]!.defaultSeverity === 'info' ? 'note' : SCAN_RULES[i]!.defaultSeverity);
    }
    const client = driver.rules.at(-1)!;
    assert.equal(client.defaultConfiguration.level, 'note');
    assert.deepEqual(client.properties, { tags: ['security', 'authentication', 'azure-cosmos-db'] }, 'no security-severity, no "secret" tag');
  });

  it('maps findings to results sorted by file and position, with rule index, region and fingerprint', () => {
    const results = buildSarifLog(findings, { toolVersion: '0.0.1' }).runs[0]!.results;
    assert.deepEqual(results.map((r) => `${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region!.startLine}`),
      ['.env:3', 'src/app.ts:1', 'src/app.ts:4']);
    for (const r of results) {
      const f = findings.find((x) => x.fingerprint === r.partialFingerprints[FINGERPRINT_KEY])!;
      assert.equal(SCAN_RULES[r.ruleIndex!]!.id, r.ruleId);
      assert.equal(r.ruleId, f.rule);
      assert.equal(r.message.text, f.message);
      assert.deepEqual(r.locations[0]!.physicalLocation.region, { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn });
      assert.equal(r.suppressions, undefined);
    }
  });

  it('is deterministic: input order does not change a byte', () => {
    const one = serializeSarif(buildSarifLog(suppressed, { toolVersion: '0.1.0', notices: [{ file: 'b', message: 'B' }, { file: 'a', message: 'A' }] }));
    const two = serializeSarif(buildSarifLog([...suppressed].reverse(), { toolVersion: '0.1.0', notices: [{ file: 'a', message: 'A' }, { file: 'b', message: 'B' }] }));
    assert.equal(one, two);
    assert.ok(!/\d{4}-\d\d-\d\dT/.test(one), 'no timestamps');
  });

  it('writes suppressions (inSource/external, with justification) and keeps the suppressed results', () => {
    const results = buildSarifLog(suppressed, { toolVersion: '0.1.0' }).runs[0]!.results;
    assert.equal(results.length, 3);
    const byFp = new Map(results.map((r) => [r.partialFingerprints[FINGERPRINT_KEY], r]));
    assert.deepEqual(byFp.get(findings[0]!.fingerprint)!.suppressions, [{ kind: 'inSource', status: 'accepted', justification: 'test fixture, key revoked' }]);
    assert.deepEqual(byFp.get(findings[1]!.fingerprint)!.suppressions, [{ kind: 'external', status: 'accepted' }]);
    assert.equal(byFp.get(findings[2]!.fingerprint)!.suppressions, undefined);
  });

  it('passes the official SARIF validator with suppressions and notifications present', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-guard-sarif-'));
    try {
      const file = path.join(dir, 'suppressed.sarif');
      fs.writeFileSync(file, serializeSarif(buildSarifLog(suppressed, { toolVersion: '0.1.0', notices: [{ file: 'x y/z.js', message: 'Could not scan x y/z.js: permission denied (EACCES).' }] })));
      const v = validateSarif(file);
      assert.equal(v.status, 0, v.output);
      assert.deepEqual(v.problems, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes relative paths as URI references', () => {
    assert.equal(relativeUri('a b/c#d%e?.ts'), 'a%20b/c%23d%25e%3F.ts');
    assert.equal(relativeUri('.github/workflows/ci.yml'), '.github/workflows/ci.yml');
    assert.equal(relativeUri('C:x/ü.ts'), 'C%3Ax/%C3%BC.ts');
  });
});
