// End-to-end tests of `cosmos-guard rotate` and `cosmos-guard scan --verify`: the built dist/cli.js in a child
// process, talking real HTTPS to an ARM emulator in this process (trusted through NODE_EXTRA_CA_CERTS, the static
// token from COSMOS_GUARD_ARM_TOKEN). Exit codes, what is printed (never a key), and which requests were made.
import assert from 'node:assert/strict';
import { type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startArmEmulator, type ArmEmulator } from '../../arm-emulator/armEmulator';
import { HANG_MS, NEVER_MS, whenTrue } from '../../support/waiting';
import { legacyKey, seededRandom } from '../../support/keyFactory';
import { FORBIDDEN } from '../azure/support/emulatorHarness';
import { CLI, makeTree, removeTree, runCliAgainst, validateSarif, type CliRun } from './cliHarness';

const DEMO_PROD = '1f3e5a7c-9b2d-4c6e-8f10-0a2b4c6d8e01';
const DEMO_DEV = '2a4c6e8f-1b3d-4f5a-9c7e-0b1d3f5a7c02';
const FABRIKAM = '3b5d7f9a-2c4e-4a6b-8d0f-1c3e5a7b9d03';
const accountId = (sub: string, rg: string, name: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.DocumentDB/databaseAccounts/${name}`;
const ORDERS = accountId(DEMO_PROD, 'rg-orders', 'contoso-orders');

function cli(emu: ArmEmulator, args: readonly string[], options: { cwd?: string; onSpawn?: (child: ChildProcess) => void } = {}): Promise<CliRun> {
  return runCliAgainst(emu, args, options);
}

function assertNoKeys(emu: ArmEmulator, run: CliRun): void {
  for (const secret of emu.keyValues()) assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), 'key material in the output');
}

describe('cosmos-guard rotate (CLI)', function () {
  this.timeout(HANG_MS);
  let demo: ArmEmulator;

  before(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
    demo = await startArmEmulator({ scenario: 'demo', lroPolls: 0 });
  });
  after(() => demo.close());
  beforeEach(() => demo.reset());

  it('regenerates the key, waits for the operation and prints account, key kind and new generation time (exit 0)', async () => {
    const before = demo.account('contoso-orders');
    const run = await cli(demo, ['rotate', ORDERS, '--key', 'secondary', '--yes', '--arm-endpoint', demo.url]);
    assert.equal(run.status, 0, run.stderr);
    const after = demo.account('contoso-orders');
    assert.notEqual(after.keys.secondary, before.keys.secondary);
    assert.equal(after.keys.primary, before.keys.primary);
    assert.equal(run.stdout, `Regenerated the secondary read-write key of contoso-orders.\naccount: ${ORDERS}\nkey: secondary\n`
      + `generated: ${after.keysMetadata.secondary!.toISOString().replace('.000Z', 'Z')}\n`);
    assert.match(run.stderr, /^cosmos-guard: Azure is regenerating the secondary read-write key of contoso-orders; waiting \(Ctrl\+C stops waiting, not the regeneration\)…\ncosmos-guard: done in \d+ s \(\d+ ARM requests, credential: COSMOS_GUARD_ARM_TOKEN\)\./);
    const step = (p: string) => /\/(regenerateKey|operationsStatus|operationResults)(?:[/?])/.exec(p)?.[1] ?? p.split('?')[0]!.split('/').pop();
    assert.deepEqual(demo.requests.map((r) => `${r.method} ${step(r.path)}`),
      ['GET contoso-orders', 'POST regenerateKey', 'GET operationsStatus', 'GET operationResults', 'GET contoso-orders'],
      'the account is read right before sending, and after');
    assertNoKeys(demo, run);
  });

  it('refuses to regenerate a key whose partner was regenerated within the cooldown (exit 2, nothing sent), unless told to go on', async () => {
    const first = await cli(demo, ['rotate', ORDERS, '--key', 'secondary', '--yes', '--arm-endpoint', demo.url]);
    assert.equal(first.status, 0, first.stderr);
    demo.clearRequests();
    const refused = await cli(demo, ['rotate', ORDERS, '--key', 'primary', '--yes', '--arm-endpoint', demo.url]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /^cosmos-guard rotate: refusing to regenerate the primary read-write key of contoso-orders: its partner, the secondary read-write key, was regenerated 0 min ago \(\d{4}-\d\d-\d\dT[\d:.]+Z\), less than 60 min ago\. Both keys of a pair changing close together breaks every client that has not picked up the new secondary read-write key yet\. Nothing was sent\. Pass --allow-recent-partner once every client uses it\.\n$/);
    assert.equal(refused.stdout, '');
    assert.ok(!demo.requests.some((r) => r.method === 'POST'), 'no regeneration was sent');
    // The other pair is not concerned.
    const readOnly = await cli(demo, ['rotate', ORDERS, '--key', 'primaryReadonly', '--yes', '--arm-endpoint', demo.url]);
    assert.equal(readOnly.status, 0, readOnly.stderr);
    for (const extra of [['--allow-recent-partner'], ['--pair-cooldown-minutes', '0']]) {
      demo.clearRequests();
      const run = await cli(demo, ['rotate', ORDERS, '--key', 'primary', '--yes', ...extra, '--arm-endpoint', demo.url]);
      assert.equal(run.status, 0, `${extra.join(' ')}: ${run.stderr}`);
      assert.equal(demo.requests[0]?.method, 'POST', 'no account read when the check is off');
    }
  });

  it('accepts the read-only keys in either spelling', async () => {
    const run = await cli(demo, ['rotate', ORDERS, '-k', 'secondary-readonly', '-y', '--arm-endpoint', demo.url]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Regenerated the secondary read-only key of contoso-orders\.\n/);
    assert.equal(demo.account('contoso-orders').operations[0]?.keyKind, 'secondaryReadonly');
  });

  it('refuses without --yes, saying what would break, and sends nothing (exit 2)', async () => {
    const run = await cli(demo, ['rotate', ORDERS, '--key', 'primary', '--arm-endpoint', demo.url]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^cosmos-guard rotate: error: refusing to regenerate the primary read-write key of contoso-orders without --yes: Every app, function and tool that connects with this key.*Nothing was sent\.\nRun 'cosmos-guard rotate --help' for usage\.\n$/s);
    assert.equal(run.stdout, '');
    assert.deepEqual(demo.requests, [], 'no ARM request without --yes');
  });

  it('rejects every other usage error with exit 2 before any request', async () => {
    const cases: [string[], RegExp][] = [
      [[], /missing ACCOUNT_RESOURCE_ID/],
      [[ORDERS, '--yes'], /missing --key \(one of primary, secondary, primaryReadonly, secondaryReadonly\)/],
      [[ORDERS, '--key', 'tertiary', '--yes'], /--key must be one of primary, secondary, primaryReadonly, secondaryReadonly \(got 'tertiary'\)/],
      [['/subscriptions/x/resourceGroups/rg', '--key', 'primary', '--yes'], /Not a Cosmos DB account resource id \(it has 4 of the 8 path segments\)/],
      [[ORDERS, ORDERS, '--key', 'primary', '--yes'], /unexpected argument/],
      [[ORDERS, '--key', 'primary', '--yes', '--arm-endpoint', 'http://localhost:1'], /--arm-endpoint: The ARM endpoint must use https:\/\//],
      [[ORDERS, '--key', 'primary', '--yes', '--format', 'json'], /unknown option --format/],
      [[ORDERS, '--key', 'primary', '--yes', '--pair-cooldown-minutes', '1.5'], /--pair-cooldown-minutes must be a whole number of minutes \(got '1.5'\)/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(demo, ['rotate', ...args]);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
    }
    assert.deepEqual(demo.requests, []);
  });

  it('exits 1 with the service\'s message when the operation fails, and changes nothing', async () => {
    demo.addFault({ path: '/regenerateKey', lroOutcome: 'Failed', code: 'KeyRegenerationFailed', message: 'Regeneration failed in region West Europe.', times: 1 });
    const before = demo.account('contoso-orders').keys.primary;
    const run = await cli(demo, ['rotate', ORDERS, '--key', 'primary', '--yes', '--arm-endpoint', demo.url]);
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /cosmos-guard rotate: error: Azure could not regenerate the primary read-write key of contoso-orders: Regeneration failed in region West Europe \(KeyRegenerationFailed\)\.\n$/);
    assert.equal(demo.account('contoso-orders').keys.primary, before);
  });

  it('exits 1 naming the missing permission on 403', async () => {
    const restricted = await startArmEmulator({ scenario: 'forbidden', lroPolls: 0 });
    try {
      const run = await cli(restricted, ['rotate', accountId(FORBIDDEN.allowed, 'rg-app', 'reader-only'), '--key', 'primary', '--yes',
        '--arm-endpoint', restricted.url]);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /error: Missing permission Microsoft\.DocumentDB\/databaseAccounts\/regenerateKey\/action to regenerate the primary read-write key of reader-only \(403 AuthorizationFailed\)/);
    } finally {
      await restricted.close();
    }
  });

  it('exits 1 with 409 while another regeneration runs on the account', async () => {
    // The blocking regeneration does not finish while this test runs, however slow the machine; Ctrl+C ends its CLI.
    demo.addFault({ path: '/regenerateKey', lroDurationMs: NEVER_MS, times: 1 });
    let blockerProcess: ChildProcess | undefined;
    let blockerOutput = '';
    const blocker = cli(demo, ['rotate', ORDERS, '--key', 'secondary', '--yes', '--arm-endpoint', demo.url], { onSpawn: (c) => {
      blockerProcess = c;
      c.stderr!.on('data', (chunk: Buffer) => { blockerOutput += chunk.toString('utf8'); });
    } });
    await whenTrue(() => demo.account('contoso-orders').activeOperationId !== undefined);
    const run = await cli(demo, ['rotate', ORDERS, '--key', 'primary', '--yes', '--arm-endpoint', demo.url]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /error: Another operation is running on contoso-orders, so Azure did not start regenerating the primary read-write key of contoso-orders \(409 Conflict\)/);
    await whenTrue(() => blockerOutput.includes('waiting (Ctrl+C')); // its Ctrl+C handler is in place
    blockerProcess!.kill('SIGINT');
    assert.equal((await blocker).status, 130);
  });

  it('stops waiting on Ctrl+C (exit 130) while Azure goes on regenerating', async () => {
    demo.addFault({ path: '/regenerateKey', lroDurationMs: NEVER_MS, times: 1 });
    const run = await cli(demo, ['rotate', ORDERS, '--key', 'primary', '--yes', '--arm-endpoint', demo.url], {
      onSpawn: (child) => {
        let sent = false;
        child.stderr!.on('data', (c: Buffer) => {
          if (!sent && c.toString('utf8').includes('waiting (Ctrl+C')) {
            sent = true;
            child.kill('SIGINT');
          }
        });
      },
    });
    assert.equal(run.status, 130, `status ${String(run.status)}: ${run.stderr}`);
    assert.match(run.stderr, /stopped waiting; Azure goes on regenerating the primary read-write key of contoso-orders/);
    assert.equal(demo.account('contoso-orders').operations[0]?.status, 'InProgress');
  });
});

describe('cosmos-guard scan --verify (CLI)', function () {
  this.timeout(HANG_MS);
  let demo: ArmEmulator;
  let tree: string | undefined;

  before(async () => {
    demo = await startArmEmulator({ scenario: 'demo', lroPolls: 0 });
  });
  after(() => demo.close());
  beforeEach(() => demo.reset());
  afterEach(() => {
    if (tree) removeTree(tree);
    tree = undefined;
  });

  /** A tree with: orders' current primary, orders' old secondary, an unknown account, a bare key, sessions' Mongo read-only key. */
  function leakyTree(): string {
    const orders = demo.account('contoso-orders').keys;
    const sessions = demo.account('contoso-sessions').keys;
    const stale = legacyKey(seededRandom(99));
    return makeTree({
      'src/db.js': `const live = "AccountEndpoint=https://contoso-orders.documents.azure.com:443/;AccountKey=${orders.primary};";\n`,
      'src/old.js': `const old = "AccountEndpoint=https://contoso-orders.documents.azure.com:443/;AccountKey=${stale};";\n`,
      'src/other.js': `const x = "AccountEndpoint=https://not-ours.documents.azure.com:443/;AccountKey=${legacyKey(seededRandom(7))};";\n`,
      '.env': `COSMOS_KEY=${orders.secondary}\n`,
      'report.py': `MONGO = "mongodb://contoso-sessions:${encodeURIComponent(sessions.primaryReadonly)}@contoso-sessions.mongo.cosmos.azure.com:10255/?ssl=true"\n`,
    });
  }

  it('adds "verified" to JSON findings: the account and key kind of current keys, null otherwise; reads only matched accounts\' keys', async () => {
    tree = leakyTree();
    const run = await cli(demo, ['scan', '.', '--format', 'json', '--verify', '--arm-endpoint', demo.url], { cwd: tree });
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout) as { findings: { file: string; rule: string; verified: unknown }[] };
    const byFile = Object.fromEntries(report.findings.map((f) => [f.file, f.verified]));
    assert.deepEqual(byFile, {
      '.env': null,
      'report.py': { account: accountId(DEMO_DEV, 'rg-web', 'contoso-sessions'), keyKind: 'primaryReadonly' },
      'src/db.js': { account: ORDERS, keyKind: 'primary' },
      'src/old.js': null,
      'src/other.js': null,
    });
    assert.ok(report.findings.every((f) => Object.keys(f).at(-1) === 'verified'));
    const keyReads = demo.requests.filter((r) => /\/(listKeys|readonlykeys)\?/i.test(r.path)).map((r) => r.path.split('/')[8]).sort();
    assert.deepEqual(keyReads, ['contoso-orders', 'contoso-sessions'], 'keys of matched accounts only, once each');
    assert.ok(!demo.requests.some((r) => /notebookWorkspaces|listConnectionStrings|regenerateKey/i.test(r.path)));
    assert.match(run.stderr, /cosmos-guard: verified against 7 accounts \(keys read for 2\): 2 findings are current keys \(credential: COSMOS_GUARD_ARM_TOKEN\)\.\n/);
    assertNoKeys(demo, run);
  });

  it('marks text lines and SARIF results; SARIF stays valid', async () => {
    tree = leakyTree();
    const text = await cli(demo, ['scan', '.', '--verify', '--arm-endpoint', demo.url], { cwd: tree });
    assert.match(text.stdout, /^src\/db\.js:1:\d+: error cosmos-sql-connection-string .* \(verified: current primary read-write key of contoso-orders\)$/m);
    assert.match(text.stdout, /^src\/old\.js:.*\(verified: not a current key of any account you can list\)$/m);
    const sarifFile = path.join(tree, 'out.sarif');
    const sarif = await cli(demo, ['scan', '.', '--format', 'sarif', '--output', sarifFile, '--verify', '--arm-endpoint', demo.url], { cwd: tree });
    assert.equal(sarif.status, 1, sarif.stderr);
    const log = JSON.parse(fs.readFileSync(sarifFile, 'utf8')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; properties?: { verified: unknown } }[] }[] };
    const db = log.runs[0]!.results.find((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'src/db.js');
    assert.deepEqual(db?.properties, { verified: { account: ORDERS, keyKind: 'primary' } });
    const validation = validateSarif(sarifFile);
    assert.deepEqual(validation.problems, [], validation.output);
  });

  it('makes no request and writes no "verified" without --verify, even with a token set', async () => {
    tree = leakyTree();
    const run = await cli(demo, ['scan', '.', '--format', 'json'], { cwd: tree });
    assert.equal(run.status, 1);
    assert.ok(!run.stdout.includes('"verified"'));
    assert.deepEqual(demo.requests, []);
    const misuse = await cli(demo, ['scan', '.', '--arm-endpoint', demo.url], { cwd: tree });
    assert.equal(misuse.status, 2);
    assert.match(misuse.stderr, /--arm-endpoint is only used with --verify/);
  });

  it('compares read-only keys where listKeys is refused, and exits 2 when an account could not be checked', async () => {
    const telemetry = demo.account('fabrikam-telemetry').keys;
    tree = makeTree({
      'a.js': `const a = "AccountEndpoint=https://fabrikam-telemetry.documents.azure.com:443/;AccountKey=${telemetry.secondaryReadonly};";\n`,
      'b.js': `const b = "AccountEndpoint=https://contoso-catalog.documents.azure.com:443/;AccountKey=${demo.account('contoso-catalog').keys.primary};";\n`,
    });
    demo.addFault({ path: /contoso-catalog\/listKeys/i, status: 503 });
    const run = await cli(demo, ['scan', '.', '--format', 'json', '--verify', '--arm-endpoint', demo.url], { cwd: tree });
    assert.equal(run.status, 2, 'incomplete verification');
    const report = JSON.parse(run.stdout) as { findings: { file: string; verified: unknown }[] };
    assert.deepEqual(report.findings.map((f) => [f.file, f.verified]), [
      ['a.js', { account: accountId(FABRIKAM, 'rg-telemetry', 'fabrikam-telemetry'), keyKind: 'secondaryReadonly' }],
      ['b.js', null],
    ]);
    assert.match(run.stderr, /cosmos-guard: warning: Azure Resource Manager failed to read the keys of contoso-catalog \(503 ServiceUnavailable\)/);
    assert.match(run.stderr, /incomplete, see the warnings above/);
    assertNoKeys(demo, run);
  });

  it('never reads keys for findings without a host', async () => {
    tree = makeTree({ 'k.txt': `cosmos_key = "${demo.account('contoso-orders').keys.primary}"\n` });
    const run = await cli(demo, ['scan', '.', '--format', 'json', '--verify', '--arm-endpoint', demo.url], { cwd: tree });
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as { findings: { verified: unknown }[] }).findings.map((f) => f.verified), [null]);
    assert.deepEqual(demo.requests, [], 'nothing to match, so no request at all');
  });
});
