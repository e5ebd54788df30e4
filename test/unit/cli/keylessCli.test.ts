// End-to-end tests of `cosmos-guard keyless`, `local-auth` and `roles grant`: the built dist/cli.js in a child process
// against the ARM emulator's `keyless` scenario over HTTPS. Exit codes, what is printed (never a key), and — from the
// emulator's request log — that `keyless` changes nothing and that nothing is sent without --yes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startArmEmulator, type ArmEmulator } from '../../arm-emulator/armEmulator';
import { HANG_MS, NEVER_MS } from '../../support/waiting';
import { keylessAccountId, NEW_PRINCIPAL } from '../azure/support/keylessHarness';
import { CLI, runCliAgainst, type CliRun } from './cliHarness';

const READY = keylessAccountId('keyless-ready');

describe('cosmos-guard keyless, local-auth and roles (CLI)', function () {
  this.timeout(HANG_MS);
  let emu: ArmEmulator;

  before(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
    emu = await startArmEmulator({ scenario: 'keyless', lroPolls: 0 });
  });
  after(() => emu.close());
  beforeEach(() => emu.reset());

  const cli = (args: readonly string[]): Promise<CliRun> => runCliAgainst(emu, [...args, '--arm-endpoint', emu.url]);
  /** Runs the CLI and presses Ctrl+C once it says it is waiting (its handler is in place then). */
  const interrupted = (args: readonly string[]): Promise<CliRun> => runCliAgainst(emu, [...args, '--arm-endpoint', emu.url], {
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
  const writes = () => emu.requests.filter((r) => r.method !== 'GET' && !(r.method === 'POST' && /\/query$/.test(r.path.split('?')[0]!)));
  function assertNoKeys(run: CliRun): void {
    for (const secret of emu.keyValues()) assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), 'key material in the output');
  }

  describe('keyless', () => {
    it('prints the evidence and the verdict as JSON and changes nothing (exit 0)', async () => {
      const run = await cli(['keyless', READY, '--format', 'json']);
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as Record<string, unknown> & { keys: { kind: string; lastUsed: string | null }[];
        keyReads: { operation: string; caller: string }[]; roleAssignments: { principalId: string; role: string; scope: string }[];
        dataPlaneRequests: { status: string; groups: unknown[] }; readiness: { verdict: string; headline: string } };
      assert.equal(report.account, READY);
      assert.equal(report.localAuthDisabled, false);
      assert.deepEqual(report.keys.map((k) => [k.kind, k.lastUsed === null]), [['primary', false], ['secondary', true], ['primaryReadonly', false], ['secondaryReadonly', true]]);
      assert.deepEqual(report.keyReads.map((e) => [e.operation, e.caller]), [['listKeys', 'build-agent@keylesslab.onmicrosoft.com'],
        ['listConnectionStrings', 'developer@contoso.com']]);
      assert.deepEqual(report.roleAssignments.map((a) => [a.principalId, a.role, a.scope]), [
        ['aa11bb22-cc33-4d44-8e55-ff6677889900', 'Cosmos DB Built-in Data Reader', '/'],
        ['bb22cc33-dd44-4e55-9f66-0077889900aa', 'Orders Writer', '/dbs/orders/colls/items']]);
      assert.equal(report.dataPlaneRequests.status, 'read');
      assert.equal(report.dataPlaneRequests.groups.length, 4);
      assert.equal(report.readiness.verdict, 'notReady');
      assert.match(report.readiness.headline, /^not ready: primary key last used about 2 h ago$/);
      assert.match(run.stderr, /Nothing was changed\.\n$/);
      assert.deepEqual(writes(), [], 'no PATCH, PUT or POST other than the log query');
      assertNoKeys(run);
    });

    it('prints a text report that states each unknown source as unknown, with its reason', async () => {
      const run = await cli(['keyless', keylessAccountId('keyless-locked-down')]);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^Moving keyless-locked-down off keys\n/);
      assert.match(run.stdout, /Data-plane role assignments \(Microsoft Entra ID\):\n {2}could not be read \(missing permission Microsoft\.DocumentDB\/databaseAccounts\/sqlRoleAssignments\/read\)/);
      assert.match(run.stdout, /unavailable: the diagnostic settings could not be read \(missing permission Microsoft\.Insights\/diagnosticSettings\/read\)/);
      assert.match(run.stdout, /Readiness: not known to be safe: /);
      const ready = await cli(['keyless', READY]);
      assert.match(ready.stdout, /Readiness: not ready: primary key last used about 2 h ago/);
      assert.match(ready.stdout, /920 +key +PrimaryMasterKey +20\.50\.2\.17/);
      assert.match(ready.stdout, /aa11bb22-cc33-4d44-8e55-ff6677889900 +Cosmos DB Built-in Data Reader +\/ \(the account\)/);
      assert.deepEqual(writes(), []);
    });

    it('explains why a MongoDB account has no switch, and exits 2 when the account cannot be read or the input is wrong', async () => {
      const mongo = await cli(['keyless', keylessAccountId('keyless-mongo')]);
      assert.equal(mongo.status, 0, mongo.stderr);
      assert.match(mongo.stdout, /This account uses the API for MongoDB\. .*NoSQL-only/);
      const missing = await cli(['keyless', keylessAccountId('no-such-account')]);
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /the account could not be read: .*404/);
      const usage = await cli(['keyless', '/subscriptions/x']);
      assert.equal(usage.status, 2);
      assert.match(usage.stderr, /Not a Cosmos DB account resource id/);
      const format = await cli(['keyless', READY, '--format', 'sarif']);
      assert.equal(format.status, 2);
      assert.match(format.stderr, /--format must be one of text, json/);
    });
  });

  describe('local-auth', () => {
    it('sends nothing without --yes (exit 2), and says what would break', async () => {
      const run = await cli(['local-auth', 'disable', READY]);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /refusing to turn key authentication off for keyless-ready without --yes: Every client still using a key .* gets 401 "Local Authorization is disabled\. Use an AAD token to authorize all requests\."/);
      assert.match(run.stderr, /Nothing was sent\./);
      assert.equal(emu.requests.length, 0, 'not even a GET');
      const bad = await cli(['local-auth', 'switch-off', READY, '--yes']);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /expected disable or enable, got 'switch-off'/);
      assert.equal(emu.requests.length, 0);
    });

    it('turns keys off and back on, waiting for Azure (exit 0), and reports an account already there without a PATCH', async () => {
      const off = await cli(['local-auth', 'disable', READY, '--yes']);
      assert.equal(off.status, 0, off.stderr);
      assert.equal(off.stdout, `Turned key authentication off for keyless-ready.\naccount: ${READY}\ndisableLocalAuth: true\ndisableKeyBasedMetadataWriteAccess: true\n`);
      assert.match(off.stderr, /warning: the primary key was last used about 2 h ago; its clients get 401 once keys are off\./);
      assert.equal(emu.requests.filter((r) => r.method === 'PATCH').length, 1);
      emu.clearRequests();
      const again = await cli(['local-auth', 'disable', READY, '--yes']);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /^Key authentication is already off for keyless-ready; nothing was sent\.\n/);
      assert.deepEqual(writes(), []);
      const on = await cli(['local-auth', 'enable', READY, '--yes']);
      assert.equal(on.status, 0, on.stderr);
      assert.match(on.stdout, /^Turned key authentication back on for keyless-ready\.\n.*\ndisableLocalAuth: false\ndisableKeyBasedMetadataWriteAccess: false\n$/);
    });

    it('exits 1 with the service\'s reason when Azure refuses, and 2 for a non-NoSQL account without a PATCH', async () => {
      const refused = await cli(['local-auth', 'disable', keylessAccountId('keyless-recent-key'), '--yes']);
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /error: Azure refused to turn key authentication off for keyless-recent-key: Local authentication cannot be disabled .*used in the last 12 hours/);
      const forbidden = await cli(['local-auth', 'disable', keylessAccountId('keyless-locked-down'), '--yes']);
      assert.equal(forbidden.status, 1);
      assert.match(forbidden.stderr, /Missing permission Microsoft\.DocumentDB\/databaseAccounts\/write/);
      emu.clearRequests();
      const mongo = await cli(['local-auth', 'disable', keylessAccountId('keyless-mongo'), '--yes']);
      assert.equal(mongo.status, 2);
      assert.match(mongo.stderr, /This account uses the API for MongoDB\./);
      assert.deepEqual(emu.requests.map((r) => r.method), ['GET'], 'only the account was read');
    });

    it('stops waiting on Ctrl+C (exit 130) while Azure goes on updating', async () => {
      emu.addFault({ method: 'PATCH', lroDurationMs: NEVER_MS, times: 1 });
      const run = await interrupted(['local-auth', 'disable', keylessAccountId('keyless-no-workspace'), '--yes']);
      assert.equal(run.status, 130, run.stderr);
      assert.match(run.stderr, /stopped waiting; the update of keyless-no-workspace may go on in Azure/);
    });
  });

  describe('roles grant', () => {
    const grant = (extra: readonly string[]) => cli(['roles', 'grant', READY, '--principal', NEW_PRINCIPAL, '--role', 'reader', ...extra]);

    it('sends nothing without --yes or with a bad principal or scope (exit 2)', async () => {
      const cases: [readonly string[], RegExp][] = [
        [['roles', 'grant', READY, '--principal', NEW_PRINCIPAL, '--role', 'reader'], /refusing to grant Cosmos DB Built-in Data Reader on the account of keyless-ready to dd44ee55-ff66-4a77-8b88-2299001122cc without --yes/],
        [['roles', 'grant', READY, '--principal', 'someone@contoso.com', '--role', 'reader', '--yes'], /--principal must be an object id/],
        [['roles', 'grant', READY, '--principal', NEW_PRINCIPAL, '--role', 'owner', '--yes'], /--role must be reader or contributor/],
        [['roles', 'grant', READY, '--principal', NEW_PRINCIPAL, '--role', 'reader', '--scope', '/orders', '--yes'], /--scope: Not a data-plane scope/],
        [['roles', 'grant', READY, '--role', 'reader', '--yes'], /missing --principal/],
        [['roles', 'revoke', READY], /unknown action 'revoke'/],
      ];
      for (const [args, message] of cases) {
        const run = await cli(args);
        assert.equal(run.status, 2, args.join(' '));
        assert.match(run.stderr, message);
      }
      assert.equal(emu.requests.length, 0);
    });

    it('creates the assignment (exit 0), then reports the identical one without sending a second', async () => {
      const created = await grant(['--scope', '/dbs/orders', '--yes']);
      assert.equal(created.status, 0, created.stderr);
      assert.match(created.stdout, /^Granted Cosmos DB Built-in Data Reader on database orders of keyless-ready to dd44ee55-ff66-4a77-8b88-2299001122cc\.\nassignment: .*\/sqlRoleAssignments\/[0-9a-f-]{36}\nprincipal: dd44ee55-ff66-4a77-8b88-2299001122cc\nrole: Cosmos DB Built-in Data Reader\nscope: \/dbs\/orders\n$/);
      assert.equal(emu.requests.filter((r) => r.method === 'PUT').length, 1);
      emu.clearRequests();
      const again = await grant(['--scope', '/dbs/orders/', '--yes']);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /^An identical role assignment exists already: .*; nothing was sent\.\n/);
      assert.deepEqual(writes(), []);
    });

    it('exits 1 when Azure refuses', async () => {
      const run = await cli(['roles', 'grant', keylessAccountId('keyless-locked-down'), '--principal', NEW_PRINCIPAL, '--role', 'contributor', '--yes']);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /Missing permission Microsoft\.DocumentDB\/databaseAccounts\/sqlRoleAssignments\/read/);
      emu.addFault({ method: 'PUT', path: /sqlRoleAssignments\//, status: 400, code: 'BadRequest', times: 1,
        message: 'The principal [dd44ee55-ff66-4a77-8b88-2299001122cc] could not be found in the tenant.\r\nActivityId: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d, Microsoft.Azure.Documents.Common/2.14.0' });
      const refused = await cli(['roles', 'grant', READY, '--principal', NEW_PRINCIPAL, '--role', 'reader', '--yes']);
      assert.equal(refused.status, 1);
      assert.equal(refused.stderr.split('\n').find((l) => l.includes('error:')), 'cosmos-guard roles: error: Azure refused to create the role assignment on '
        + 'keyless-ready: The principal [dd44ee55-ff66-4a77-8b88-2299001122cc] could not be found in the tenant. (400 BadRequest).');
    });

    it('stops waiting on Ctrl+C (exit 130)', async () => {
      emu.addFault({ method: 'PUT', path: /sqlRoleAssignments\//, lroDurationMs: NEVER_MS, times: 1 });
      const run = await interrupted(['roles', 'grant', READY, '--principal', NEW_PRINCIPAL, '--role', 'reader', '--yes']);
      assert.equal(run.status, 130, run.stderr);
      assert.match(run.stderr, /stopped waiting; Azure may still create the assignment/);
    });
  });
});
