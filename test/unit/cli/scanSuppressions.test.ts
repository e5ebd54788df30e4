// `cosmos-guard scan` honours the same suppressions as the editor: inline comments and .cosmosguardignore.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { localToday } from '../../../src/shared/localToday';
import { scanText } from '../../../src/core/detection';
import { connectionString, makeTree, removeTree, runCli, scanJson, validateSarif } from './cliHarness';

const RULE = 'cosmos-sql-connection-string';

interface SarifResult { ruleId: string; suppressions?: { kind: string; status: string; justification?: string }[] }

describe('cosmos-guard scan: suppressions', () => {
  const trees: string[] = [];
  const tree = (content: Readonly<Record<string, string>>): string => {
    const dir = makeTree(content);
    trees.push(dir);
    return dir;
  };
  after(() => trees.forEach(removeTree));

  it('leaves suppressed findings out of the text report and the exit code, and counts them', () => {
    const a = connectionString(101).text;
    const dir = tree({ 'a.js': `// cosmos-guard-ignore ${RULE} reason=test fixture\nconst c = "${a}";\n` });
    const run = runCli(['scan', dir]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^cosmos-guard: no findings \(1 suppressed\); scanned 1 file/);
  });

  it('lists suppressed findings separately in JSON, with the suppression', () => {
    const a = connectionString(102).text, b = connectionString(103).text;
    const dir = tree({ 'a.py': `CONN = "${a}"  # cosmos-guard-ignore ${RULE} reason=demo until=2999-12-31\n`, 'b.py': `CONN = "${b}"\n` });
    const { run, report } = scanJson(dir);
    assert.equal(run.status, 1);
    assert.deepEqual(report.findings.map((f) => f.file), ['b.py']);
    const suppressed = (report as unknown as { suppressed: { file: string; suppression: unknown }[] }).suppressed;
    assert.deepEqual(suppressed.map((f) => [f.file, f.suppression]), [['a.py', { kind: 'inSource', justification: 'demo (until 2999-12-31)' }]]);
  });

  it('reports expired and invalid suppressions on stderr and still fails on their findings', () => {
    const a = connectionString(104).text, b = connectionString(105).text;
    const dir = tree({
      'a.js': `// cosmos-guard-ignore ${RULE} reason=old until=2000-01-01\nconst c = "${a}";\n`,
      'b.js': `// cosmos-guard-ignore ${RULE}\nconst c = "${b}";\n`,
    });
    const run = runCli(['scan', dir]);
    assert.equal(run.status, 1);
    assert.equal(run.stdout.trimEnd().split('\n').length, 2);
    assert.match(run.stderr, /warning: a\.js:1:4: Cosmos Guard suppression expired on 2000-01-01/);
    assert.match(run.stderr, /warning: b\.js:1:4: Cosmos Guard suppression ignored: it gives no reason/);
  });

  it('honours .cosmosguardignore entries by path and fingerprint, also from a parent folder up to the repository root', () => {
    const a = connectionString(106).text;
    const json = `{ "Cosmos": "${a}" }\n`;
    const [finding] = scanText('config/app.json', json);
    const dir = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.cosmosguardignore': `# suppressions\nconfig/app.json ${finding!.fingerprint} reason=read-only key of the test account\nconfig/other.json ${finding!.fingerprint} reason=x\n`,
      'config/app.json': json,
      'config/copy.json': json,
    });
    const { run, report } = scanJson(dir);
    assert.equal(run.status, 1);
    assert.deepEqual(report.findings.map((f) => f.file), ['config/copy.json'], 'the same secret in another file is not suppressed');
    const fromSub = scanJson(path.join(dir, 'config'));
    assert.deepEqual(fromSub.report.findings.map((f) => f.file), ['copy.json'], 'paths of a parent\'s ignore file are rebased');
  });

  it('warns about malformed .cosmosguardignore lines', () => {
    const dir = tree({ '.cosmosguardignore': 'a.json not-a-fingerprint reason=x\n', 'a.txt': 'nothing\n' });
    const run = runCli(['scan', dir]);
    assert.equal(run.status, 0);
    assert.match(run.stderr, /warning: \.cosmosguardignore:1: entry ignored: the second field must be a finding's 32-character fingerprint/);
  });

  it('writes suppressed findings to SARIF with "suppressions" the validator accepts', () => {
    const a = connectionString(107).text, b = connectionString(108).text;
    const json = `{ "Cosmos": "${b}" }\n`;
    const [finding] = scanText('app.json', json);
    const dir = tree({
      'a.js': `const c = "${a}"; // cosmos-guard-ignore ${RULE} reason=fixture\n`, 'app.json': json,
      '.cosmosguardignore': `app.json ${finding!.fingerprint} reason=test account until=2999-01-01\n`,
    });
    const out = path.join(tree({}), 'scan.sarif');
    assert.equal(runCli(['scan', dir, '--format', 'sarif', '--output', out]).status, 0);
    const validation = validateSarif(out);
    assert.equal(validation.status, 0, validation.output);
    assert.deepEqual(validation.problems, []);
    const results = (JSON.parse(fs.readFileSync(out, 'utf8')) as { runs: { results: SarifResult[] }[] }).runs[0]!.results;
    assert.deepEqual(results.map((r) => r.suppressions), [
      [{ kind: 'inSource', status: 'accepted', justification: 'fixture' }],
      [{ kind: 'external', status: 'accepted', justification: 'test account (until 2999-01-01)' }],
    ]);
  });

  it('applies suppressions in the worker thread of large scans too', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 450; i++) files[`f${String(i).padStart(3, '0')}.js`] = `// cosmos-guard-ignore ${RULE} reason=bulk fixture\nconst c = "${connectionString(200 + i).text}";\n`;
    const { run, report } = scanJson(tree(files));
    assert.equal(run.status, 0);
    assert.equal(report.findings.length, 0);
    assert.equal((report as unknown as { suppressed: unknown[] }).suppressed.length, 450);
  });

  it('uses the local calendar date for "today"', () => {
    assert.equal(localToday(new Date(2026, 0, 5, 23, 59)), '2026-01-05');
  });
});
