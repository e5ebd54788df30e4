import * as assert from 'node:assert/strict';
import { clientLanguageOf, KEY_BASED_CLIENT_RULE, keyBasedClientFindings } from '../../../src/core/clients';
import { decodeFileBytes, mayContainSecretBytes, scanFileText, scanRuleById, scanTriggersFor } from '../../../src/core/scan';
import { applySuppressions } from '../../../src/core/suppression';
import { conn, key } from './clientCases';

const JS = "const { CosmosClient } = require('@azure/cosmos');\n";

describe('cosmos-key-based-client findings in a scan', () => {
  const text = `${JS}const client = new CosmosClient(\n  '${conn(7)}');\n`;

  it('read only files of the five languages, whatever the name (Object\'s members are no extensions)', () => {
    assert.deepEqual(['a.ts', 'B.PY', 'x.d.ts', 'x.constructor', 'x.__proto__', 'x.toString', 'x.hasOwnProperty', 'js'].map(clientLanguageOf),
      ['typescript', 'python', undefined, undefined, undefined, undefined, undefined, undefined]);
    assert.deepEqual(keyBasedClientFindings('src/db.constructor', text), []);
  });

  it('are information, cover the construction, and name the form, never the key', () => {
    const [f] = keyBasedClientFindings('src/db.js', text);
    assert.ok(f);
    assert.deepEqual([f.rule, f.kind, f.severity, f.line, f.column, f.endLine, f.endColumn], ['cosmos-key-based-client', 'key-based-client', 'info', 2, 16, 3, `  '${conn(7)}')`.length + 1]);
    assert.equal(text.slice(f.startOffset, f.endOffset), `new CosmosClient(\n  '${conn(7)}')`);
    assert.equal(f.message, 'Cosmos DB client authenticates with a connection string written in the code — use Microsoft Entra ID (DefaultAzureCredential).');
    assert.deepEqual(f.client, { language: 'javascript', credential: 'connection-string', source: 'literal', rewrite: 'aadCredentials: new DefaultAzureCredential()' });
    const serialised = JSON.stringify(f);
    assert.ok(!serialised.includes(key(7).slice(0, 16)) && !serialised.includes(key(7).slice(-12)), 'no key material');
    assert.equal(f.hint, '');
  });

  it('say where the key comes from, and why there is no rewrite when there is none', () => {
    const [f] = keyBasedClientFindings('db.py', 'from azure.cosmos import CosmosClient\nc = CosmosClient.from_connection_string(os.environ["COSMOS_CONNECTION_STRING"])\n');
    assert.equal(f?.message, 'Cosmos DB client authenticates with a connection string read from configuration — use Microsoft Entra ID (DefaultAzureCredential).');
    assert.equal(f?.client.rewrite, null);
    assert.match(f?.client.noRewriteReason ?? '', /endpoint/);
  });

  it('keep their fingerprint when the construction moves or is reformatted, and differ between constructions', () => {
    const [a] = keyBasedClientFindings('src/db.js', text);
    const [moved] = keyBasedClientFindings('src/db.js', `// header\n\n${text.replace('(\n  ', '( /* inline */ ')}`);
    assert.equal(moved?.fingerprint, a?.fingerprint);
    const [other] = keyBasedClientFindings('src/db.js', `${JS}const client = new CosmosClient('${conn(8)}');\n`);
    assert.notEqual(other?.fingerprint, a?.fingerprint);
    assert.match(a?.fingerprint ?? '', /^[0-9a-f]{32}$/);
  });

  it('join the secret rules\' findings in scanFileText, in order, unless the rule is turned off', () => {
    const all = scanFileText('src/db.js', text);
    assert.deepEqual(all.map((f) => f.rule), ['cosmos-key-based-client', 'cosmos-sql-connection-string']);
    assert.deepEqual(scanFileText('src/db.js', text, { keyBasedClients: false }).map((f) => f.rule), ['cosmos-sql-connection-string']);
    const keyFromEnvironment = `${JS}const c = new CosmosClient({ endpoint, key: process.env.COSMOS_KEY });\n`;
    assert.deepEqual(scanFileText('src/db.js', keyFromEnvironment).map((f) => f.rule), ['cosmos-key-based-client']);
  });

  it('reach files without any secret: the byte pre-check lets them through — for the languages the rule reads, while it is on', () => {
    const bytes = new TextEncoder().encode(`${JS}const c = new CosmosClient({ endpoint, key: process.env.COSMOS_KEY });\n`);
    assert.equal(mayContainSecretBytes(bytes), true);
    assert.equal(mayContainSecretBytes(new TextEncoder().encode('const x = 1;\n')), false);
    assert.equal(decodeFileBytes(bytes, {}, { skipWithoutTriggers: true, triggers: scanTriggersFor('src/db.js') }).kind, 'text');
    assert.equal(decodeFileBytes(bytes, {}, { skipWithoutTriggers: true, triggers: scanTriggersFor('docs/db.json') }).kind, 'noSecret');
    assert.equal(decodeFileBytes(bytes, {}, { skipWithoutTriggers: true, triggers: scanTriggersFor('src/db.js', { keyBasedClients: false }) }).kind, 'noSecret');
  });

  it('can be suppressed by a comment naming the rule', () => {
    const suppressed = `${JS}// cosmos-guard-ignore cosmos-key-based-client reason=migrating in Q3\nconst c = new CosmosClient({ endpoint, key });\n`;
    const out = applySuppressions(scanFileText('a.js', suppressed), { text: suppressed, today: '2026-01-01' });
    assert.deepEqual(out.problems, []);
    assert.equal(out.suppressed, 1);
    assert.equal(out.findings[0]?.suppression?.justification, 'migrating in Q3');
    assert.equal(scanRuleById(KEY_BASED_CLIENT_RULE.id)?.defaultSeverity, 'info');
  });
});
