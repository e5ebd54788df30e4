// `cosmos-guard scan` and the code rule cosmos-key-based-client: reported as information (JSON `client` details,
// SARIF level note), never failing the scan unless --fail-on info, turned off with --disable-rule.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { connectionString, runCli, treesRemovedAfter, validateSarif } from './cliHarness';

type JsonFinding = { file: string; line: number; rule: string; kind: string; severity: string; message: string; client?: Record<string, unknown> };
interface Report {
  findings: JsonFinding[];
  keyBasedClients: JsonFinding[];
  suppressed: { rule: string }[];
}

describe('cosmos-guard scan: key-based Cosmos clients', () => {
  const tree = treesRemovedAfter();

  const fromEnvironment = "const { CosmosClient } = require('@azure/cosmos');\nconst client = new CosmosClient({ endpoint: process.env.COSMOS_ENDPOINT, key: process.env.COSMOS_KEY });\n";
  const python = 'from azure.cosmos import CosmosClient\nimport os\nclient = CosmosClient.from_connection_string(os.environ["COSMOS_CONNECTION_STRING"])\n';

  it('reports them as information with the client details, apart from the findings, and exits 0 when nothing else is found', () => {
    const dir = tree({ 'src/db.js': fromEnvironment, 'app/db.py': python, 'README.md': 'new CosmosClient({ endpoint, key })\n' });
    const run = runCli(['scan', dir, '--format', 'json']);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(report.findings, [], 'JSON "findings" holds secrets only');
    assert.deepEqual(report.keyBasedClients.map((f) => [f.file, f.line, f.rule, f.kind, f.severity]), [
      ['app/db.py', 3, 'cosmos-key-based-client', 'key-based-client', 'info'],
      ['src/db.js', 2, 'cosmos-key-based-client', 'key-based-client', 'info'],
    ]);
    assert.deepEqual(report.keyBasedClients[1]!.client, { language: 'javascript', credential: 'account-key', source: 'configuration', rewrite: 'aadCredentials: new DefaultAzureCredential()' });
    assert.deepEqual(report.keyBasedClients[0]!.client, {
      language: 'python', credential: 'connection-string', source: 'configuration', rewrite: null,
      noRewriteReason: 'the connection string holds the endpoint, and the code does not have it separately',
    });
    assert.match(run.stderr, /^cosmos-guard: no findings, 2 key-based clients \(information\); scanned 3 files/);
  });

  it('prints a text line per client, and fails with --fail-on info', () => {
    const dir = tree({ 'src/db.js': fromEnvironment });
    const run = runCli(['scan', dir]);
    assert.equal(run.status, 0);
    assert.equal(run.stdout, 'src/db.js:2:16: info cosmos-key-based-client Cosmos DB client authenticates with an account key read from configuration — use Microsoft Entra ID (DefaultAzureCredential).\n');
    assert.equal(runCli(['scan', dir, '--fail-on', 'info']).status, 1);
    assert.equal(runCli(['scan', dir, '--fail-on', 'error']).status, 0);
  });

  it('fails on a hard-coded secret as before, the client noted next to it', () => {
    const s = connectionString(31);
    const dir = tree({ 'src/db.js': `const { CosmosClient } = require('@azure/cosmos');\nconst client = new CosmosClient("${s.text}");\n` });
    const run = runCli(['scan', dir, '--format', 'json']);
    assert.equal(run.status, 1);
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual([report.findings.map((f) => f.rule), report.keyBasedClients.map((f) => f.rule)], [['cosmos-sql-connection-string'], ['cosmos-key-based-client']]);
    assert.ok(!run.stdout.includes(s.key.slice(0, 20)), 'no key material');
    assert.match(run.stderr, /1 finding in 1 file, 1 key-based client \(information\)/);
  });

  it('is turned off with --disable-rule, which refuses secret rules and unknown ids', () => {
    const dir = tree({ 'src/db.js': fromEnvironment });
    const off = runCli(['scan', dir, '--format', 'json', '--disable-rule', 'cosmos-key-based-client', '--fail-on', 'info']);
    assert.equal(off.status, 0);
    assert.deepEqual([(JSON.parse(off.stdout) as Report).findings, (JSON.parse(off.stdout) as Report).keyBasedClients], [[], []]);
    const secret = runCli(['scan', dir, '--disable-rule', 'cosmos-sql-connection-string']);
    assert.equal(secret.status, 2);
    assert.match(secret.stderr, /--disable-rule: 'cosmos-sql-connection-string' reports secrets and cannot be turned off/);
    const unknown = runCli(['scan', dir, '--disable-rule', 'cosmos-nope']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown rule 'cosmos-nope'; rules that can be turned off: cosmos-key-based-client/);
    assert.equal(runCli(['scan', dir, '--fail-on', 'notice']).status, 2);
  });

  it('honours a suppression comment naming the rule', () => {
    const [imports, construction] = fromEnvironment.split('\n');
    const dir = tree({ 'src/db.js': `${imports}\n// cosmos-guard-ignore cosmos-key-based-client reason=moves to Entra ID with the next release\n${construction}\n` });
    const run = runCli(['scan', dir, '--format', 'json', '--fail-on', 'info']);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual([report.findings.length, report.keyBasedClients.length, report.suppressed.map((f) => f.rule)], [0, 0, ['cosmos-key-based-client']]);
    assert.doesNotMatch(run.stderr, /warning/);
  });

  it('writes SARIF with level note, the rule described, and passes the official validator', function () {
    this.timeout(120_000);
    const dir = tree({ 'src/db.js': fromEnvironment });
    const run = runCli(['scan', dir, '--format', 'sarif']);
    assert.equal(run.status, 0);
    const log = JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: { id: string; defaultConfiguration: { level: string }; helpUri: string }[] } };
      results: { ruleId: string; ruleIndex: number; level: string; properties?: { client?: unknown } }[] }[] };
    const [result] = log.runs[0]!.results;
    assert.deepEqual([result?.ruleId, result?.level], ['cosmos-key-based-client', 'note']);
    const rule = log.runs[0]!.tool.driver.rules[result!.ruleIndex]!;
    assert.deepEqual([rule.id, rule.defaultConfiguration.level, rule.helpUri],
      ['cosmos-key-based-client', 'note', 'https://github.com/cosmos-guard/cosmos-guard#rule-cosmos-key-based-client']);
    assert.deepEqual(result?.properties?.client, { language: 'javascript', credential: 'account-key', source: 'configuration', rewrite: 'aadCredentials: new DefaultAzureCredential()' });
    const file = path.join(tree({}), 'clients.sarif');
    fs.writeFileSync(file, run.stdout);
    const validation = validateSarif(file);
    assert.deepEqual(validation.problems, [], validation.output);
  });
});
