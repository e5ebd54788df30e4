// The key operations of src/azure with the real @azure/arm-cosmosdb 17 over HTTPS against the ARM emulator:
// regeneration (accepted, followed, failed, refused, conflicting, resumed from stored poller state), the keys for
// "which key leaked?", connection strings on demand, and the plain-words failures each one gives.
import * as assert from 'node:assert/strict';
import { startArmEmulator, type ArmEmulator } from '../../arm-emulator/armEmulator';
import { customCloud } from '../../../src/azure/armCloud';
import {
  KeyOperations, UntrustedPollerStateError, type AccountTarget,
} from '../../../src/azure/keyOperations';
import { checkLeakedKeys, type CandidateAccount } from '../../../src/azure/leakedKeyCheck';
import { StaticTokenCredential } from '../../../src/azure/staticTokenCredential';
import { DEMO, FORBIDDEN, keyOperationFailure, rejection } from './support/emulatorHarness';
import { NEVER_MS } from '../../support/waiting';
import { testFactory } from './support/discoveryHarness';

function target(emu: ArmEmulator, subscriptionId: string, resourceGroup: string, accountName: string): CandidateAccount {
  return {
    subscriptionId, resourceGroup, accountName, cloud: customCloud(emu.url), credential: new StaticTokenCredential(emu.token),
    accountId: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.DocumentDB/databaseAccounts/${accountName}`,
  };
}

const failureOf = keyOperationFailure;

describe('key operations against the ARM emulator', () => {
  let emu: ArmEmulator;
  let ops: KeyOperations;
  let orders: AccountTarget;

  before(async () => {
    emu = await startArmEmulator({ scenario: 'demo', lroPolls: 1 });
    ops = new KeyOperations(testFactory(emu), { pollIntervalMs: 10 });
    orders = target(emu, DEMO.contosoProd, 'rg-orders', 'contoso-orders');
  });
  after(() => emu.close());
  beforeEach(() => emu.reset());

  it('regenerates a key: accepted with a serializable poller state (no key in it), followed to the end, metadata updated', async () => {
    const before = emu.account('contoso-orders');
    const handle = await ops.startRegeneration(orders, 'secondary');
    assert.ok(!emu.keyValues().some((k) => handle.pollerState.includes(k)), 'the stored poller state carries no key');
    assert.match(handle.pollerState, /operationsStatus/);
    const statuses: string[] = [];
    await handle.wait(undefined, (s) => statuses.push(s));
    assert.equal(statuses.at(-1), 'succeeded');
    const after = emu.account('contoso-orders');
    assert.notEqual(after.keys.secondary, before.keys.secondary);
    assert.equal(after.keys.primary, before.keys.primary);
    const snapshot = await ops.readAccount(orders);
    assert.equal(snapshot.keysMetadata.secondaryMasterKey, after.keysMetadata.secondary?.toISOString());
  });

  it('resumes from the stored poller state on a new client (a window reload) and finishes', async () => {
    emu.addFault({ path: '/regenerateKey', lroPolls: 3, times: 1 });
    const handle = await ops.startRegeneration(orders, 'primary');
    const reloaded = new KeyOperations(testFactory(emu), { pollIntervalMs: 10 });
    await reloaded.resumeRegeneration(orders, 'primary', handle.pollerState).wait();
    assert.equal(emu.account('contoso-orders').operations[0]?.status, 'Succeeded');
  });

  it('stops following when cancelled, while the operation goes on in Azure', async () => {
    // The operation needs three status polls to finish: cancelled before the first, it is still running in Azure.
    emu.addFault({ path: '/regenerateKey', lroPolls: 3, times: 1 });
    const handle = await ops.startRegeneration(orders, 'primary');
    const controller = new AbortController();
    const waiting = handle.wait(controller.signal);
    controller.abort();
    const error = await rejection(waiting);
    assert.equal(error.name, 'AbortError');
    assert.equal(emu.account('contoso-orders').operations[0]?.status, 'InProgress');
    await ops.resumeRegeneration(orders, 'primary', handle.pollerState).wait();
    assert.equal(emu.account('contoso-orders').operations[0]?.status, 'Succeeded');
  });

  it('says in plain words why an operation failed, with the service\'s code and message', async () => {
    emu.addFault({ path: '/regenerateKey', lroOutcome: 'Failed', code: 'KeyRegenerationFailed', message: 'Regeneration failed in region West Europe.', times: 1 });
    const handle = await ops.startRegeneration(orders, 'primary');
    const error = await failureOf(handle.wait());
    assert.equal(error.failure.kind, 'operationFailed');
    assert.equal(error.message, 'Azure could not regenerate the primary read-write key of contoso-orders: '
      + 'Regeneration failed in region West Europe (KeyRegenerationFailed).');
  });

  it('names the missing permission on 403, and starts nothing', async () => {
    const restricted = await startArmEmulator({ scenario: 'forbidden' });
    try {
      const restrictedOps = new KeyOperations(testFactory(restricted), { pollIntervalMs: 10 });
      const error = await failureOf(restrictedOps.startRegeneration(target(restricted, FORBIDDEN.allowed, 'rg-app', 'reader-only'), 'primary'));
      assert.equal(error.failure.kind, 'forbidden');
      assert.equal(error.message, 'Missing permission Microsoft.DocumentDB/databaseAccounts/regenerateKey/action to regenerate the primary read-write '
        + 'key of reader-only (403 AuthorizationFailed). Ask for a role that includes it on the account, such as DocumentDB Account Contributor '
        + '(Cosmos DB Operator does not).');
      assert.equal(restricted.account('reader-only').operations.length, 0);
    } finally {
      await restricted.close();
    }
  });

  it('explains 409 while another regeneration runs on the account, quoting Azure', async () => {
    emu.addFault({ path: '/regenerateKey', lroDurationMs: NEVER_MS, times: 1 }); // still running however slow the machine
    await ops.startRegeneration(orders, 'secondary');
    const error = await failureOf(ops.startRegeneration(orders, 'primary'));
    assert.equal(error.failure.kind, 'conflict');
    assert.match(error.message, /^Another operation is running on contoso-orders, so Azure did not start regenerating the primary read-write key of contoso-orders \(409 Conflict\)\. Azure runs one key regeneration \(or account update\) at a time: wait for it to finish, then try again\. Azure said: There is already an operation in progress/);
  });

  it('reports an operation Azure no longer knows (404 after a reset) as such', async () => {
    const handle = await ops.startRegeneration(orders, 'primary');
    emu.reset();
    const error = await failureOf(ops.resumeRegeneration(orders, 'primary', handle.pollerState).wait());
    assert.equal(error.failure.kind, 'notFound');
    assert.match(error.message, /^Azure no longer knows the operation that was regenerating the primary read-write key of contoso-orders \(404 NotFound\)/);
  });

  it('refuses stored poller state pointing anywhere but the Resource Manager host', async () => {
    const handle = await ops.startRegeneration(orders, 'primary');
    const evil = handle.pollerState.replaceAll(emu.url, 'https://attacker.example');
    assert.throws(() => ops.resumeRegeneration(orders, 'primary', evil), UntrustedPollerStateError);
    assert.throws(() => ops.resumeRegeneration(orders, 'primary', handle.pollerState.replaceAll('https://', 'http://')), UntrustedPollerStateError);
    assert.throws(() => ops.resumeRegeneration(orders, 'primary', '{not json'), UntrustedPollerStateError);
    assert.ok(!emu.requests.some((r) => r.path.includes('attacker')));
  });

  it('fetches the connection string of one key on demand', async () => {
    const secondary = await ops.connectionString(orders, 'secondary');
    assert.equal(secondary, `AccountEndpoint=https://contoso-orders.documents.azure.com:443/;AccountKey=${emu.account('contoso-orders').keys.secondary};`);
    const mongo = await ops.connectionString(target(emu, DEMO.contosoDev, 'rg-web', 'contoso-sessions'), 'primaryReadonly');
    assert.ok(mongo.startsWith('mongodb://contoso-sessions:'));
    assert.ok(mongo.includes(encodeURIComponent(emu.account('contoso-sessions').keys.primaryReadonly)));
  });

  it('names listConnectionStrings\' permission on 403', async () => {
    const error = await failureOf(ops.connectionString(target(emu, DEMO.fabrikam, 'rg-telemetry', 'fabrikam-telemetry'), 'primary'));
    assert.match(error.message, /^Missing permission Microsoft\.DocumentDB\/databaseAccounts\/listConnectionStrings\/action to read the connection string of the primary read-write key of fabrikam-telemetry \(403 AuthorizationFailed\)\./);
  });

  it('reads the current keys, falling back to the read-only keys without listKeys permission', async () => {
    const full = await ops.currentKeys(orders);
    assert.equal(full.readOnlyOnly, false);
    assert.deepEqual(full.keys, emu.account('contoso-orders').keys);
    const telemetry = await ops.currentKeys(target(emu, DEMO.fabrikam, 'rg-telemetry', 'fabrikam-telemetry'));
    assert.equal(telemetry.readOnlyOnly, true);
    assert.deepEqual(Object.keys(telemetry.keys).sort(), ['primaryReadonly', 'secondaryReadonly']);
  });

  it('finds which account key a leaked secret is, reading each candidate account\'s keys once', async () => {
    const keys = emu.account('contoso-orders').keys;
    const catalog = target(emu, DEMO.contosoProd, 'rg-catalog', 'contoso-catalog');
    const telemetry = target(emu, DEMO.fabrikam, 'rg-telemetry', 'fabrikam-telemetry');
    const ordersCandidate = target(emu, DEMO.contosoProd, 'rg-orders', 'contoso-orders');
    emu.clearRequests();
    const outcomes = await checkLeakedKeys([
      { secret: keys.secondaryReadonly, accounts: [catalog, ordersCandidate] },
      { secret: keys.primary, accounts: [ordersCandidate] },
      { secret: 'not-a-current-key', accounts: [ordersCandidate, telemetry] },
    ], ops);
    assert.deepEqual(outcomes.map((o) => o.match && [o.match.accountName, o.match.keyKind]),
      [['contoso-orders', 'secondaryReadonly'], ['contoso-orders', 'primary'], undefined]);
    assert.deepEqual(outcomes[2]!.checked, ['contoso-orders', 'fabrikam-telemetry']);
    assert.deepEqual(outcomes[2]!.readOnlyOnly, ['fabrikam-telemetry']);
    const listKeys = emu.requests.filter((r) => /\/listKeys\?/i.test(r.path)).map((r) => r.path.split('/')[8]);
    assert.deepEqual(listKeys.sort(), ['contoso-catalog', 'contoso-orders', 'fabrikam-telemetry'], 'once per account, only candidates');
  });

  it('reports accounts whose keys could not be read, and still compares the others', async () => {
    emu.addFault({ path: /contoso-catalog\/listKeys/i, status: 503 });
    const ordersCandidate = target(emu, DEMO.contosoProd, 'rg-orders', 'contoso-orders');
    const [outcome] = await checkLeakedKeys([{ secret: emu.account('contoso-orders').keys.primary,
      accounts: [target(emu, DEMO.contosoProd, 'rg-catalog', 'contoso-catalog'), ordersCandidate] }], ops);
    assert.equal(outcome!.match?.keyKind, 'primary');
    assert.equal(outcome!.failures[0]?.accountName, 'contoso-catalog');
    assert.match(outcome!.failures[0]?.failure.message ?? '', /503/);
  });
});
