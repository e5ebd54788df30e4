// `cosmos-guard audit` and the key-usage parts of `cosmos-guard posture` (the `keys` and `unchecked` JSON fields,
// `--deep`), end to end: the built CLI in a child process, real HTTPS to the ARM emulator, the real SDK pipeline.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startArmEmulator, type ArmEmulator } from '../../arm-emulator/armEmulator';
import { DEMO } from '../azure/support/emulatorHarness';
import { CLI, runCliAgainst, type CliRun } from './cliHarness';

const ORDERS = `/subscriptions/${DEMO.contosoProd}/resourceGroups/rg-orders/providers/Microsoft.DocumentDB/databaseAccounts/contoso-orders`;
const INVENTORY = `/subscriptions/${DEMO.contosoDev}/resourceGroups/rg-inventory/providers/Microsoft.DocumentDB/databaseAccounts/contoso-inventory`;

interface KeyJson { kind: string; generated: string | null; lastUsed: string | null; usage: string }
interface PostureJson {
  accounts: { name: string; findings: { rule: string; severity: string; message: string }[]; keys: KeyJson[]; unchecked: { rule: string; reason: string }[] }[];
}
interface AuditJson {
  account: string;
  events: { time: string; operation: string; caller: string; clientIp: string | null; status: string }[];
  keys: KeyJson[];
}

function cli(emu: ArmEmulator, args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return runCliAgainst(emu, [...args, '--arm-endpoint', emu.url], { env });
}

function assertNoKeys(emu: ArmEmulator, run: CliRun): void {
  for (const secret of emu.keyValues()) assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), 'key material in the output');
}

describe('cosmos-guard audit and key usage in posture (CLI)', function () {
  this.timeout(60_000);
  let demo: ArmEmulator;

  before(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
    demo = await startArmEmulator({ scenario: 'demo', pageSize: 3 });
  });
  after(() => demo.close());
  beforeEach(() => demo.reset());

  it('posture --format json gives each account its keys: kind, generated, lastUsed (null when not reported)', async () => {
    const run = await cli(demo, ['posture', '--format', 'json']);
    const report = JSON.parse(run.stdout) as PostureJson;
    const orders = report.accounts.find((a) => a.name === 'contoso-orders')!;
    assert.deepEqual(orders.keys.map((k) => [k.kind, k.usage, k.lastUsed === null]), [
      ['primary', 'used', false], ['secondary', 'never', true], ['primaryReadonly', 'used', false], ['secondaryReadonly', 'never', true]]);
    for (const k of orders.keys) assert.deepEqual(Object.keys(k), ['kind', 'generated', 'lastUsed', 'usage']);
    assert.match(orders.keys[0]!.generated!, /^\d{4}-\d{2}-\d{2}T/);
    assert.match(orders.findings.find((f) => f.rule === 'unused-key')!.message,
      /^Not used in the last 30 days, yet still valid: secondary \(no use reported\), primary read-only \(last used \d{4}-\d{2}-\d{2}\), secondary read-only \(no use reported\)\. Regenerating an unused key breaks nothing\. Neither read-only key is used\.$/);
    const legacy = report.accounts.find((a) => a.name === 'contoso-legacy')!;
    assert.deepEqual(legacy.keys.map((k) => [k.kind, k.generated === null, k.lastUsed, k.usage]), [
      ['primary', true, null, 'not-reported'], ['secondary', false, null, 'not-reported'], ['primaryReadonly', true, null, 'not-reported'],
      ['secondaryReadonly', true, null, 'not-reported']]);
    assert.deepEqual(legacy.unchecked.map((u) => u.rule), ['unused-key']);
    const telemetry = report.accounts.find((a) => a.name === 'fabrikam-telemetry')!;
    assert.deepEqual(telemetry.unchecked, [{ rule: 'defender-off', reason: 'missing permission Microsoft.Security/pricings/read' }]);
    assert.ok(report.accounts.find((a) => a.name === 'contoso-inventory')!.findings.some((f) => f.rule === 'defender-off' && f.severity === 'low'));
    assert.ok(!orders.findings.some((f) => f.rule === 'defender-off'), 'Contoso Production has Defender on');
    assert.ok(report.accounts.every((a) => !a.findings.some((f) => f.rule === 'no-diagnostic-logs' || f.rule === 'keys-read-recently')),
      'those need --deep');
    assert.match(run.stderr, /cosmos-guard: note: \d+ rule checks could not be made \(.*defender-off.*\); see "unchecked" in the report\./);
    assertNoKeys(demo, run);
  });

  it('posture --deep reads diagnostic settings and the last 7 days of key reads, two requests per account', async () => {
    const plain = await cli(demo, ['posture', '--format', 'json']);
    const before = Number(/(\d+) ARM requests/.exec(plain.stderr)![1]);
    demo.clearRequests();
    const run = await cli(demo, ['posture', '--format', 'json', '--deep']);
    const report = JSON.parse(run.stdout) as PostureJson;
    const after = Number(/(\d+) ARM requests/.exec(run.stderr)![1]);
    assert.ok(after >= before + 2 * 7, `${before} → ${after}`);
    const orders = report.accounts.find((a) => a.name === 'contoso-orders')!;
    const read = orders.findings.find((f) => f.rule === 'keys-read-recently')!;
    assert.equal(read.severity, 'medium');
    assert.match(read.message, /^Keys were read by 2 principals other than you in the last 7 days: mallory@fabrikam\.com \(listConnectionStrings, last .*\); application 3f8a1c2e-5b7d-4e9f-a1c3-5d7e9f1b3c5e \(listKeys, last .*\)\.$/);
    assert.ok(!read.message.includes('developer@contoso.com'), 'the signed-in user\'s own read is left out');
    assert.ok(!orders.findings.some((f) => f.rule === 'no-diagnostic-logs'), 'orders sends DataPlaneRequests to Log Analytics');
    const sessions = report.accounts.find((a) => a.name === 'contoso-sessions')!;
    assert.match(sessions.findings.find((f) => f.rule === 'no-diagnostic-logs')!.message, /\(control-plane-only\) sends DataPlaneRequests/);
    const inventory = report.accounts.find((a) => a.name === 'contoso-inventory')!;
    assert.deepEqual(inventory.unchecked.map((u) => [u.rule, u.reason]), [
      ['keys-read-recently', 'missing permission Microsoft.Insights/eventtypes/values/read'],
      ['no-diagnostic-logs', 'missing permission Microsoft.Insights/diagnosticSettings/read']]);
    assert.equal(run.status, 1, 'unchecked rules do not make the report incomplete');
  });

  it('audit prints the key history newest first, marks the signed-in user, and each key\'s last use', async () => {
    const run = await cli(demo, ['audit', ORDERS]);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], 'Key access of contoso-orders, last 90 days, newest first:');
    assert.match(lines[1]!, /^TIME +OPERATION +CALLER +CLIENT IP +RESULT$/);
    assert.match(lines[2]!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC +listConnectionStrings +mallory@fabrikam\.com +198\.51\.100\.23 +Succeeded$/);
    assert.ok(lines.some((l) => /listKeys +developer@contoso\.com \(you\) +203\.0\.113\.40 +Succeeded$/.test(l)));
    assert.ok(lines.some((l) => /listReadOnlyKeys +analyst@contoso\.com +203\.0\.113\.41 +Failed$/.test(l)));
    assert.ok(lines.some((l) => /^primary +\d{4}-\d{2}-\d{2} +last used about 3 h ago$/.test(l)), run.stdout);
    assert.ok(lines.some((l) => /^secondary +\d{4}-\d{2}-\d{2} +no use reported$/.test(l)));
    assert.match(run.stderr, /cosmos-guard: 5 key operations in 90 days \(\d+\.\d s, \d+ ARM requests, credential: COSMOS_GUARD_ARM_TOKEN\)\./);
    assertNoKeys(demo, run);
    assert.ok(demo.requests.every((r) => r.method === 'GET'), 'audit only reads');
  });

  it('audit --format json has exactly {account, events:[{time,operation,caller,clientIp,status}], keys:[{kind,generated,lastUsed,usage}]}', async () => {
    const run = await cli(demo, ['audit', ORDERS, '--format', 'json', '--days', '30']);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as AuditJson;
    assert.deepEqual(Object.keys(report), ['account', 'events', 'keys']);
    assert.equal(report.account, ORDERS);
    for (const e of report.events) assert.deepEqual(Object.keys(e), ['time', 'operation', 'caller', 'clientIp', 'status']);
    assert.deepEqual(report.events.map((e) => e.operation), ['listConnectionStrings', 'listKeys', 'listKeys', 'listReadOnlyKeys'], 'the 40-day-old read is outside 30 days');
    assert.ok(report.events.every((e, i) => i === 0 || report.events[i - 1]!.time >= e.time), 'newest first');
    assert.deepEqual(report.keys.map((k) => k.kind), ['primary', 'secondary', 'primaryReadonly', 'secondaryReadonly']);
    const page = demo.requests.filter((r) => r.path.includes('eventtypes'));
    assert.ok(page.length >= 2, 'paged (3 events a page)');
  });

  it('audit --format markdown', async () => {
    const run = await cli(demo, ['audit', ORDERS, '--format', 'markdown']);
    assert.match(run.stdout, /^# Key access: contoso-orders\n\n`\/subscriptions\/[^`]+` — last 90 days, newest first \(Cosmos Guard \d+\.\d+\.\d+\)\.\n\n\| Time \| Operation \| Caller \| Client IP \| Result \|/);
    assert.match(run.stdout, /\n## Keys\n\n\| Key \| Regenerated \| Last use \|/);
  });

  it('audit exits 2 when the Activity Log cannot be read, naming the missing permission', async () => {
    const run = await cli(demo, ['audit', INVENTORY, '--format', 'json']);
    assert.equal(run.status, 2);
    const report = JSON.parse(run.stdout) as AuditJson;
    assert.deepEqual(report.events, []);
    assert.equal(report.keys.length, 4, 'the keys are still reported');
    assert.match(run.stderr, /cosmos-guard: error: the Activity Log of contoso-inventory could not be read: Missing permission Microsoft\.Insights\/eventtypes\/values\/read to read the Activity Log of contoso-inventory \(403 AuthorizationFailed\)/);
  });

  it('audit says your identity is unknown with a static token that is not a JWT', async () => {
    const plain = await startArmEmulator({ scenario: 'demo', token: 'static-not-a-jwt' });
    try {
      const run = await cli(plain, ['audit', ORDERS]);
      assert.equal(run.status, 0, run.stderr);
      assert.ok(!run.stdout.includes('(you)'));
      assert.match(run.stdout, /Your own identity is unknown \(the ARM token is not a JWT, so it names nobody\); your operations are not marked\./);
    } finally {
      await plain.close();
    }
  });

  it('audit rejects bad arguments with a usage error before any request', async () => {
    const cases: [string[], RegExp][] = [
      [['audit'], /missing ACCOUNT_RESOURCE_ID/],
      [['audit', '/subscriptions/x'], /Not a Cosmos DB account resource id/],
      [['audit', ORDERS, '--days', '91'], /--days needs a whole number from 1 to 90 \(the Activity Log keeps 90 days; got '91'\)/],
      [['audit', ORDERS, '--days', '0'], /--days needs a whole number from 1 to 90/],
      [['audit', ORDERS, '--format', 'sarif'], /--format must be one of table, json, markdown \(got 'sarif'\)/],
      [['audit', ORDERS, ORDERS], /unexpected argument/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(demo, args);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, message);
    }
    assert.deepEqual(demo.requests, []);
  });
});
