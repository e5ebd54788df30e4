// End-to-end tests of `cosmos-guard posture`: the built dist/cli.js in a child process, talking real HTTPS to an
// ARM emulator running in this process, trusted the way users trust a private CA (NODE_EXTRA_CA_CERTS), with the
// static token from COSMOS_GUARD_ARM_TOKEN.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startArmEmulator, type ArmEmulator } from '../../arm-emulator/armEmulator';
import { FORBIDDEN } from '../azure/support/emulatorHarness';
import { CLI, runCliAgainst, validateSarif, type CliRun } from './cliHarness';

const DEMO_PROD = '1f3e5a7c-9b2d-4c6e-8f10-0a2b4c6d8e01';
const HEALTHY_SUB = '6e6e6e6e-0000-4000-8000-00000000600d';

/** Runs `cosmos-guard posture` against the emulator (its endpoint unless the test passes one). */
function posture(emu: ArmEmulator, args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const endpoint = args.includes('--arm-endpoint') ? [] : ['--arm-endpoint', emu.url];
  return runCliAgainst(emu, ['posture', ...endpoint, ...args], { env });
}

interface JsonReport {
  accounts: { id: string; name: string; subscriptionId: string; resourceGroup: string; findings: { rule: string; severity: string; message: string }[] }[];
  errors: { subscriptionId: string | null; code: string; message: string }[];
}

function assertNoKeys(emu: ArmEmulator, run: CliRun): void {
  for (const secret of emu.keyValues()) assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), 'key material in the output');
}

describe('cosmos-guard posture (CLI)', function () {
  this.timeout(60_000);
  let demo: ArmEmulator;

  before(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
    demo = await startArmEmulator({ scenario: 'demo' });
  });
  after(() => demo.close());
  beforeEach(() => demo.reset());

  it('--format json prints exactly {accounts:[{id,name,subscriptionId,resourceGroup,findings,keys,unchecked}],errors:[]} and exits 1 on high findings', async () => {
    const run = await posture(demo, ['--format', 'json']);
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(Object.keys(report), ['accounts', 'errors']);
    assert.deepEqual(report.errors, []);
    assert.equal(report.accounts.length, 7);
    for (const a of report.accounts) {
      assert.deepEqual(Object.keys(a), ['id', 'name', 'subscriptionId', 'resourceGroup', 'findings', 'keys', 'unchecked']);
      for (const f of a.findings) assert.deepEqual(Object.keys(f), ['rule', 'severity', 'message']);
    }
    const legacy = report.accounts.find((a) => a.name === 'contoso-legacy')!;
    assert.equal(legacy.id, `/subscriptions/${DEMO_PROD}/resourceGroups/rg-legacy/providers/Microsoft.DocumentDB/databaseAccounts/contoso-legacy`);
    assert.equal(legacy.subscriptionId, DEMO_PROD);
    assert.equal(legacy.resourceGroup, 'rg-legacy');
    assert.deepEqual(legacy.findings.slice(0, 3).map((f) => [f.rule, f.severity]),
      [['stale-keys', 'high'], ['chaosdb-primary-key', 'high'], ['notebook-workspace', 'high']]);
    assert.deepEqual(report.accounts.find((a) => a.name === 'contoso-catalog')!.findings, []);
    assert.match(run.stderr, /cosmos-guard: 7 accounts in 3 subscriptions: 4 with high-severity findings, 2 with medium \(\d+\.\d s, 8 ARM requests, credential: COSMOS_GUARD_ARM_TOKEN\)\.\n$/);
    assertNoKeys(demo, run);
    // Posture reads account settings only: one list and one Defender plan per subscription, one notebook look-up, never keys.
    assert.deepEqual(demo.requests.map((r) => r.method), ['GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'GET']);
    assert.ok(demo.requests.every((r) => !/listKeys|readonlykeys|listConnectionStrings/i.test(r.path)));
  });

  it('prints an aligned table by default, one line per finding, and the clean account too', async () => {
    const run = await posture(demo, []);
    assert.equal(run.status, 1);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^SUBSCRIPTION +ACCOUNT +RESOURCE GROUP +SEVERITY +RULE +FINDING$/);
    const column = lines[0]!.indexOf('SEVERITY');
    for (const line of lines.slice(1)) assert.match(line.slice(column), /^(high|medium|low|info|ok|unchecked) /, line);
    assert.ok(lines.some((l) => /^Contoso Production +contoso-catalog +rg-catalog +ok +- +No findings\.$/.test(l)));
    assertNoKeys(demo, run);
  });

  it('exits 0 when no account has a high-severity finding', async () => {
    const healthy = await startArmEmulator({ scenario: { subscriptions: [{ subscriptionId: HEALTHY_SUB, displayName: 'Healthy', defenderForCosmosDb: 'Standard', accounts: [
      { name: 'tidy', resourceGroup: 'rg', createdAt: '-300d', keysGeneratedAt: '-20d', privateEndpoints: [{ name: 'pe', status: 'Approved' }],
        properties: { disableLocalAuth: true, publicNetworkAccess: 'Disabled', disableKeyBasedMetadataWriteAccess: true } },
      { name: 'tls10', resourceGroup: 'rg', createdAt: '-300d', keysGeneratedAt: '-20d', privateEndpoints: [{ name: 'pe2', status: 'Approved' }],
        properties: { disableLocalAuth: true, publicNetworkAccess: 'Disabled', disableKeyBasedMetadataWriteAccess: true, minimalTlsVersion: 'Tls' } },
    ] }] } });
    try {
      const run = await posture(healthy, ['--format', 'json']);
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as JsonReport;
      assert.deepEqual(report.accounts.map((a) => [a.name, a.findings.map((f) => f.severity)]), [['tidy', []], ['tls10', ['medium']]]);
    } finally {
      await healthy.close();
    }
  });

  it('exits 2 when a subscription cannot be read, still printing everything readable, with the reason', async () => {
    const restricted = await startArmEmulator({ scenario: 'forbidden' });
    try {
      const run = await posture(restricted, ['--format', 'json']);
      assert.equal(run.status, 2, run.stderr);
      const report = JSON.parse(run.stdout) as JsonReport;
      assert.deepEqual(report.accounts.map((a) => a.name), ['fully-accessible', 'reader-only']);
      assert.deepEqual(report.errors, [{ subscriptionId: FORBIDDEN.forbidden, code: 'AuthorizationFailed',
        message: `Missing permission Microsoft.DocumentDB/databaseAccounts/read to list the Cosmos DB accounts of subscription ${FORBIDDEN.forbidden} `
          + '(403 AuthorizationFailed). Ask for the Reader or Cosmos DB Account Reader role on it.' }]);
      assert.match(run.stderr, /cosmos-guard: warning: Missing permission Microsoft\.DocumentDB\/databaseAccounts\/read/);
      assert.match(run.stderr, /1 item could not be read \(1 subscription\)/);
      const table = await posture(restricted, []);
      assert.equal(table.status, 2);
      assert.match(table.stdout, /\nNOT READ \(the report is incomplete\)\nSUBSCRIPTION +CODE +REASON\nForbidden Subscription \(9e0f1a2b-3c4d-4e5f-9a7b-000000000403\) +AuthorizationFailed +Missing permission/);
    } finally {
      await restricted.close();
    }
  });

  it('exits 2 with a notebook look-up that failed (the account\'s notebook finding is unknown)', async () => {
    demo.addFault({ path: /contoso-legacy\/notebookWorkspaces/, status: 403 });
    const run = await posture(demo, ['--format', 'json']);
    assert.equal(run.status, 2);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(report.accounts.length, 7);
    assert.deepEqual(report.errors.map((e) => [e.subscriptionId, e.code]), [[DEMO_PROD, 'AuthorizationFailed']]);
    assert.match(report.errors[0]!.message, /^Missing permission Microsoft\.DocumentDB\/databaseAccounts\/notebookWorkspaces\/read to check the notebook workspace of contoso-legacy \(403 AuthorizationFailed\).* Its notebook-workspace finding is unknown\.$/);
    assert.ok(!report.accounts.find((a) => a.name === 'contoso-legacy')!.findings.some((f) => f.rule === 'notebook-workspace'));
  });

  it('reports a subscription list it cannot read (wrong token) as an error with a null subscription id, exit 2', async () => {
    const run = await posture(demo, ['--format', 'json'], { COSMOS_GUARD_ARM_TOKEN: 'not-the-token' });
    assert.equal(run.status, 2);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(report.accounts, []);
    assert.equal(report.errors.length, 1);
    assert.equal(report.errors[0]!.subscriptionId, null);
    assert.equal(report.errors[0]!.code, 'InvalidAuthenticationToken');
    assert.match(report.errors[0]!.message, /did not accept the sign-in to list subscriptions at https:\/\/localhost:\d+ \(401 InvalidAuthenticationToken\)/);
  });

  it('audits only the given subscriptions, keeping their names', async () => {
    const run = await posture(demo, ['--subscription', DEMO_PROD.toUpperCase(), '-s', `/subscriptions/${DEMO_PROD}`, '--format', 'markdown']);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /^# Azure Cosmos DB posture\n\n3 accounts in 1 subscription: 2 with high-severity findings — Cosmos Guard \d+\.\d+\.\d+\.\n/);
    assert.match(run.stdout, /\| contoso-legacy \| Contoso Production \| rg-legacy \| high \| \d+ \| \d+ \| \d+ \| \d+ \|/);
    assert.match(run.stdout, /\n## contoso-legacy\n\n`\/subscriptions\/1f3e5a7c[^`]+`\n\n- \*\*high\*\* \[stale-keys\]\(https:\/\/github\.com\/cosmos-guard\/cosmos-guard#posture-stale-keys\): Keys not rotated/);
    assert.ok(!run.stdout.includes('fabrikam'));
  });

  it('applies --max-key-age-days: 230-day-old keys are not stale at 300', async () => {
    const run = await posture(demo, ['--format', 'json', '--max-key-age-days', '300']);
    const orders = (JSON.parse(run.stdout) as JsonReport).accounts.find((a) => a.name === 'contoso-orders')!;
    assert.ok(!orders.findings.some((f) => f.rule === 'stale-keys'));
  });

  it('writes SARIF 2.1.0 that the official validator accepts, located by resource id, with errors as notifications', async () => {
    demo.addFault({ path: /^\/subscriptions\/3b5d7f9a-2c4e-4a6b-8d0f-1c3e5a7b9d03\/providers\/Microsoft\.DocumentDB\/databaseAccounts\?/, status: 403 });
    const run = await posture(demo, ['--format', 'sarif']);
    assert.equal(run.status, 2);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-guard-posture-sarif-'));
    try {
      const file = path.join(dir, 'posture.sarif');
      fs.writeFileSync(file, run.stdout);
      const validation = validateSarif(file);
      assert.equal(validation.status, 0, validation.output);
      assert.deepEqual(validation.problems, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const log = JSON.parse(run.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string; defaultConfiguration: { enabled: boolean } }[] } };
      results: { ruleId: string; level: string; locations: { logicalLocations: { fullyQualifiedName: string; kind: string }[] }[];
        partialFingerprints: Record<string, string> }[];
      invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { message: { text: string } }[] }[] }[] };
    assert.equal(log.version, '2.1.0');
    const [sarifRun] = log.runs;
    assert.equal(sarifRun!.tool.driver.rules.length, 15);
    assert.equal(sarifRun!.tool.driver.rules.find((r) => r.id === 'no-customer-managed-key')!.defaultConfiguration.enabled, false);
    const legacyId = `/subscriptions/${DEMO_PROD}/resourceGroups/rg-legacy/providers/Microsoft.DocumentDB/databaseAccounts/contoso-legacy`;
    const legacy = sarifRun!.results.filter((r) => r.locations[0]!.logicalLocations[0]!.fullyQualifiedName === legacyId);
    assert.deepEqual(legacy.slice(0, 2).map((r) => [r.ruleId, r.level]), [['stale-keys', 'error'], ['chaosdb-primary-key', 'error']]);
    assert.ok(sarifRun!.results.every((r) => r.locations[0]!.logicalLocations[0]!.kind === 'resource' && /^[0-9a-f]{64}$/.test(r.partialFingerprints['cosmosGuardPosture/v1']!)));
    assert.equal(sarifRun!.invocations[0]!.executionSuccessful, false);
    assert.match(sarifRun!.invocations[0]!.toolExecutionNotifications![0]!.message.text, /^Missing permission/);
  });

  it('keeps the Azure SDK out of dist/cli.js (scan stays fast) and VS Code out of both CLI bundles', () => {
    const cli = fs.readFileSync(CLI, 'utf8');
    const chunk = fs.readFileSync(path.join(path.dirname(CLI), 'cli-azure.js'), 'utf8');
    assert.ok(!cli.includes('CosmosDBManagementClient') && chunk.includes('CosmosDBManagementClient'));
    for (const bundle of [cli, chunk]) assert.ok(!/require\(["']vscode["']\)|vscode-azext-azureauth/.test(bundle));
  });

  it('rejects bad options with a usage error (exit 2) before any request', async () => {
    const cases: [string[], RegExp][] = [
      [['--arm-endpoint', 'http://localhost:1'], /--arm-endpoint: The ARM endpoint must use https:\/\//],
      [['--format', 'xml'], /--format must be one of table, json, sarif, markdown \(got 'xml'\)/],
      [['--max-key-age-days', '0'], /--max-key-age-days needs a whole number of days, 1 or more \(got '0'\)/],
      [['--max-key-age-days', '1.5'], /--max-key-age-days needs a whole number/],
      [['--subscription', 'prod'], /--subscription needs a subscription id \(a GUID\), got 'prod'/],
      [['extra'], /unexpected argument 'extra'/],
      [['--max-concurrent-requests', '0'], /--max-concurrent-requests needs a whole number from 1 to 64 \(got '0'\)/],
    ];
    for (const [args, message] of cases) {
      const run = await posture(demo, args);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, message);
      assert.match(run.stderr, /Run 'cosmos-guard posture --help' for usage\./);
    }
    assert.deepEqual(demo.requests, []);
  });
});
