// Key regeneration as a long-running operation, driven by the real SDK poller: success, failure, conflicts,
// slow operations, Retry-After on polls, and restorePoller resuming from serialize() (a window reload).
import * as assert from 'node:assert/strict';
import { isRestError, restorePoller } from '@azure/arm-cosmosdb';
import { startArmEmulator, type ArmEmulator } from '../../arm-emulator/armEmulator';
import { DEMO, FORBIDDEN, cosmosClient, rawRequest, rejection } from './support/emulatorHarness';

const FAST = { updateIntervalInMs: 10 };

describe('ARM emulator: regenerateKey long-running operation', () => {
  let emu: ArmEmulator;
  let clock: Date;

  before(async () => {
    clock = new Date('2026-05-01T12:00:00Z');
    emu = await startArmEmulator({ scenario: 'demo', now: () => clock, lroPolls: 2 });
  });
  after(() => emu.close());
  beforeEach(() => {
    clock = new Date('2026-05-01T12:00:00Z');
    emu.reset();
  });

  it('answers 202 with Azure-AsyncOperation and Location on the emulator origin', async () => {
    const r = await rawRequest(emu, 'POST',
      `/subscriptions/${DEMO.contosoProd}/resourceGroups/rg-orders/providers/Microsoft.DocumentDB/databaseAccounts/contoso-orders/regenerateKey?api-version=2026-03-15`,
      { body: { keyKind: 'secondary' } });
    assert.equal(r.status, 202);
    assert.equal(r.text, '');
    const asyncOp = String(r.headers['azure-asyncoperation']);
    assert.match(asyncOp, new RegExp(`^${emu.url}/subscriptions/${DEMO.contosoProd}/providers/Microsoft\\.DocumentDB/locations/westeurope/operationsStatus/[0-9a-f-]{36}\\?api-version=2026-03-15$`));
    assert.match(String(r.headers.location), /\/operationResults\/[0-9a-f-]{36}\?api-version=2026-03-15$/);
    const path = asyncOp.slice(emu.url.length);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((((await rawRequest(emu, 'GET', path)).json) as { status: string }).status);
    assert.deepEqual(statuses, ['InProgress', 'InProgress', 'Succeeded']);
    const result = await rawRequest(emu, 'GET', String(r.headers.location).slice(emu.url.length));
    assert.equal(result.status, 200);
  });

  it('regenerates a key: new value served, generation time advanced, old and new values in keyValues()', async () => {
    const client = cosmosClient(emu, DEMO.contosoProd);
    const before = emu.account('contoso-orders');
    const oldKey = (await client.databaseAccounts.listKeys('rg-orders', 'contoso-orders')).primaryMasterKey!;
    assert.equal(oldKey, before.keys.primary);
    clock = new Date('2026-05-02T08:30:00Z');
    const poller = client.databaseAccounts.regenerateKey('rg-orders', 'contoso-orders', { keyKind: 'primary' }, FAST);
    await poller;
    assert.equal(poller.isDone, true);
    assert.equal(poller.operationState?.status, 'succeeded');
    const after = await client.databaseAccounts.get('rg-orders', 'contoso-orders');
    assert.equal(after.keysMetadata?.primaryMasterKey?.generationTime?.toISOString(), '2026-05-02T08:30:00.000Z');
    assert.equal(after.keysMetadata?.secondaryMasterKey?.generationTime?.getTime(), before.keysMetadata.secondary?.getTime(),
      'other keys keep their generation time');
    const newKey = (await client.databaseAccounts.listKeys('rg-orders', 'contoso-orders')).primaryMasterKey!;
    assert.notEqual(newKey, oldKey);
    assert.equal(newKey.slice(76, 80), 'ACDb');
    assert.equal(emu.account('contoso-orders').keys.secondary, before.keys.secondary);
    const values = emu.keyValues();
    assert.ok(values.includes(oldKey) && values.includes(newKey));
    const ops = emu.account('contoso-orders').operations;
    assert.deepEqual(ops.map((o) => [o.keyKind, o.status, o.polls]), [['primary', 'Succeeded', 3]]);
  });

  it('sets the generation time of the ChaosDB-era account\'s missing primary key', async () => {
    const client = cosmosClient(emu, DEMO.contosoProd);
    assert.equal((await client.databaseAccounts.get('rg-legacy', 'contoso-legacy')).keysMetadata?.primaryMasterKey, undefined);
    await client.databaseAccounts.regenerateKey('rg-legacy', 'contoso-legacy', { keyKind: 'primary' }, FAST);
    const after = await client.databaseAccounts.get('rg-legacy', 'contoso-legacy');
    assert.equal(after.keysMetadata?.primaryMasterKey?.generationTime?.getTime(), clock.getTime());
  });

  it('polls Azure-AsyncOperation until Succeeded, then makes the final GET on Location', async () => {
    await cosmosClient(emu, DEMO.contosoProd).databaseAccounts.regenerateKey('rg-orders', 'contoso-orders', { keyKind: 'secondaryReadonly' }, FAST);
    const kinds = emu.requests.map((r) => `${r.method} ${/\/(regenerateKey|operationsStatus|operationResults)/.exec(r.path)?.[1] ?? '?'} ${r.status}`);
    assert.deepEqual(kinds, [
      'POST regenerateKey 202', 'GET operationsStatus 200', 'GET operationsStatus 200', 'GET operationsStatus 200', 'GET operationResults 200',
    ]);
  });

  it('rejects the poller with the service\'s code and message when the operation fails, and changes nothing', async () => {
    emu.addFault({ path: '/regenerateKey', lroOutcome: 'Failed', code: 'KeyRegenerationFailed', message: 'Regeneration failed in region West Europe.', times: 1 });
    const client = cosmosClient(emu, DEMO.contosoProd);
    const before = emu.account('contoso-orders');
    const poller = client.databaseAccounts.regenerateKey('rg-orders', 'contoso-orders', { keyKind: 'primary' }, FAST);
    const err = await rejection(poller.pollUntilDone());
    assert.equal(err.message, 'The long-running operation has failed. KeyRegenerationFailed. Regeneration failed in region West Europe.');
    assert.equal(isRestError(err), false, 'core-lro reports a failed operation as a plain Error, not a RestError');
    assert.equal(poller.operationState?.status, 'failed');
    const after = emu.account('contoso-orders');
    assert.equal(after.keys.primary, before.keys.primary);
    assert.equal(after.keysMetadata.primary?.getTime(), before.keysMetadata.primary?.getTime());
    assert.equal(after.activeOperationId, undefined, 'a failed operation releases the account');
    assert.ok(!emu.requests.some((r) => r.path.includes('operationResults')), 'no final GET after a failure');
  });

  it('fails operations an account is configured to fail', async () => {
    const failing = await startArmEmulator({ scenario: { subscriptions: [{ subscriptionId: DEMO.contosoProd, displayName: 's', accounts: [
      { name: 'doomed', resourceGroup: 'rg', regenerate: { outcome: 'Failed', polls: 0, error: { code: 'Conflict', message: 'Account is being restored.' } } },
    ] }] } });
    try {
      const err = await rejection(cosmosClient(failing, DEMO.contosoProd).databaseAccounts.regenerateKey('rg', 'doomed', { keyKind: 'secondary' }, FAST)
        .pollUntilDone());
      assert.match(err.message, /Conflict\. Account is being restored\.$/);
    } finally {
      await failing.close();
    }
  });

  it('answers 409 Conflict to a second regeneration while one runs on the same account, and accepts it afterwards', async () => {
    const client = cosmosClient(emu, DEMO.contosoProd);
    const first = client.databaseAccounts.regenerateKey('rg-orders', 'contoso-orders', { keyKind: 'secondary' }, FAST);
    await first.submitted();
    const err = await rejection(client.databaseAccounts.regenerateKey('rg-orders', 'contoso-orders', { keyKind: 'primary' }, FAST).pollUntilDone());
    assert.ok(isRestError(err));
    assert.equal(err.statusCode, 409);
    assert.equal(err.code, 'Conflict');
    assert.match(err.message, /^There is already an operation in progress which requires exclusive lock on this service contoso-orders/);
    // Another account is not locked.
    await client.databaseAccounts.regenerateKey('rg-catalog', 'contoso-catalog', { keyKind: 'secondary' }, FAST);
    await first;
    await client.databaseAccounts.regenerateKey('rg-orders', 'contoso-orders', { keyKind: 'primary' }, FAST);
    assert.deepEqual(emu.account('contoso-orders').operations.map((o) => `${o.keyKind}:${o.status}`), ['secondary:Succeeded', 'primary:Succeeded']);
  });

  it('resumes with restorePoller from serialize() on a new client and finishes the operation', async () => {
    const original = cosmosClient(emu, DEMO.contosoProd);
    const before = emu.account('contoso-orders').keys.secondary;
    const poller = original.databaseAccounts.regenerateKey('rg-orders', 'contoso-orders', { keyKind: 'secondary' }, FAST);
    await poller.submitted();
    await poller.poll();
    assert.equal(poller.isDone, false);
    const serialized = await poller.serialize();
    const state = JSON.parse(serialized) as { state: { status: string; config: Record<string, unknown> } };
    assert.equal(state.state.status, 'running');
    assert.equal(state.state.config.requestMethod, 'POST');
    assert.match(String(state.state.config.operationLocation), /operationsStatus/);
    assert.match(String(state.state.config.resourceLocation), /operationResults/);
    assert.ok(!serialized.includes(before), 'serialized state carries no key');

    // A "window reload": a fresh client, only the serialized string survives.
    const reloaded = cosmosClient(emu, DEMO.contosoProd);
    const restored = restorePoller(reloaded, serialized, reloaded.databaseAccounts.regenerateKey, FAST);
    await restored.pollUntilDone();
    assert.equal(restored.operationState?.status, 'succeeded');
    const [op] = emu.account('contoso-orders').operations;
    assert.equal(op?.status, 'Succeeded');
    assert.equal(op.polls, 3, 'one poll before the reload, two after');
    assert.notEqual(emu.account('contoso-orders').keys.secondary, before);
    assert.ok(emu.requests.some((r) => r.path.includes('operationResults') && r.status === 200), 'the restored poller makes the final GET');
  });

  it('makes a restored poller fail with 404 when the emulator was reset (operation state lost)', async () => {
    const client = cosmosClient(emu, DEMO.contosoProd);
    const poller = client.databaseAccounts.regenerateKey('rg-orders', 'contoso-orders', { keyKind: 'primary' }, FAST);
    await poller.submitted();
    const serialized = await poller.serialize();
    emu.reset();
    const err = await rejection(restorePoller(client, serialized, client.databaseAccounts.regenerateKey, FAST).pollUntilDone());
    assert.ok(isRestError(err));
    assert.equal(err.statusCode, 404);
  });

  it('runs a slow operation for its duration (fault lroDurationMs) and reports InProgress meanwhile', async () => {
    // Long enough that the first status poll comes back 'running' even on a busy machine; the elapsed time can only
    // be longer than the duration, never shorter.
    emu.addFault({ path: '/regenerateKey', lroDurationMs: 1500, times: 1 });
    const client = cosmosClient(emu, DEMO.contosoProd);
    const started = performance.now();
    const poller = client.databaseAccounts.regenerateKey('rg-orders', 'contoso-orders', { keyKind: 'primary' }, { updateIntervalInMs: 50 });
    const progress: string[] = [];
    poller.onProgress((s) => progress.push(s.status));
    await poller;
    assert.ok(performance.now() - started >= 1490);
    assert.ok(progress.filter((s) => s === 'running').length >= 1, `progress: ${progress.join(',')}`);
    assert.equal(progress.at(-1), 'succeeded');
  });

  it('honours Retry-After on poll answers over the client\'s update interval', async () => {
    const slowPolls = await startArmEmulator({ scenario: 'demo', lroPolls: 1, lroRetryAfterSeconds: 1 });
    try {
      await cosmosClient(slowPolls, DEMO.contosoProd).databaseAccounts.regenerateKey('rg-orders', 'contoso-orders', { keyKind: 'primary' }, FAST);
      const polls = slowPolls.requests.filter((r) => r.path.includes('operationsStatus'));
      assert.equal(polls.length, 2);
      const gap = polls[1]!.at - polls[0]!.at;
      assert.ok(gap >= 950, `second poll came ${gap} ms after the first`);
    } finally {
      await slowPolls.close();
    }
  });

  it('rejects an unknown keyKind with 400 and a least-privilege caller with 403', async () => {
    const client = cosmosClient(emu, DEMO.contosoProd);
    const bad = await rejection(client.databaseAccounts.regenerateKey('rg-orders', 'contoso-orders', { keyKind: 'tertiary' }, FAST)
      .pollUntilDone());
    assert.equal(bad.statusCode, 400);
    assert.match(bad.message, /Invalid keyKind 'tertiary'/);
    const restricted = await startArmEmulator({ scenario: 'forbidden' });
    try {
      const denied = await rejection(cosmosClient(restricted, FORBIDDEN.allowed).databaseAccounts
        .regenerateKey('rg-app', 'reader-only', { keyKind: 'primary' }, FAST).pollUntilDone());
      assert.ok(isRestError(denied));
      assert.equal(denied.statusCode, 403);
      assert.match(denied.message, /regenerateKey\/action/);
    } finally {
      await restricted.close();
    }
  });

  it('retries a 503 on the status poll and still finishes', async () => {
    emu.addFault({ method: 'GET', path: '/operationsStatus/', status: 503, times: 1 });
    await cosmosClient(emu, DEMO.contosoProd).databaseAccounts.regenerateKey('rg-orders', 'contoso-orders', { keyKind: 'primary' }, FAST);
    const polls = emu.requests.filter((r) => r.path.includes('operationsStatus')).map((r) => r.status);
    assert.deepEqual(polls, [503, 200, 200, 200]);
    assert.equal(emu.account('contoso-orders').operations[0]?.status, 'Succeeded');
  });
});
