// Fault injection against the real SDK: authentication and authorization failures, throttling with Retry-After,
// 5xx retries, dropped connections, latency, rule expiry, and the cross-process control endpoint.
import * as assert from 'node:assert/strict';
import { isRestError } from '@azure/arm-cosmosdb';
import { startArmEmulator, type ArmEmulator, type RequestLogEntry } from '../../arm-emulator/armEmulator';
import { EmulatorControlClient } from '../../arm-emulator/controlClient';
import { DEMO, FORBIDDEN, collect, cosmosClient, rawRequest, rejection } from './support/emulatorHarness';

const ORDERS = `/subscriptions/${DEMO.contosoProd}/resourceGroups/rg-orders/providers/Microsoft.DocumentDB/databaseAccounts/contoso-orders`;

function forPath(entries: readonly RequestLogEntry[], fragment: string): RequestLogEntry[] {
  return entries.filter((e) => e.path.includes(fragment));
}

describe('ARM emulator faults with the real SDK', () => {
  let emu: ArmEmulator;

  before(async () => {
    emu = await startArmEmulator({ scenario: 'demo' });
  });
  after(() => emu.close());
  beforeEach(() => emu.reset());

  it('rejects a wrong token with 401 InvalidAuthenticationToken, without retrying', async () => {
    const err = await rejection(cosmosClient(emu, DEMO.contosoProd, { token: 'not-the-token' }).databaseAccounts.get('rg-orders', 'contoso-orders'));
    assert.ok(isRestError(err));
    assert.equal(err.statusCode, 401);
    assert.equal(err.code, 'InvalidAuthenticationToken');
    assert.deepEqual(emu.requests.map((r) => r.status), [401]);
  });

  it('answers a request without Authorization with 401, WWW-Authenticate and the ARM error shape', async () => {
    const r = await rawRequest(emu, 'GET', `${ORDERS}?api-version=2026-03-15`, { token: null });
    assert.equal(r.status, 401);
    assert.match(String(r.headers['www-authenticate']), /^Bearer authorization_uri="[^"]+", error="invalid_token"/);
    assert.deepEqual(r.json, { error: { code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing." } });
  });

  it('answers 403 AuthorizationFailed naming the action, scope and caller for a forbidden subscription', async () => {
    const restricted = await startArmEmulator({ scenario: 'forbidden' });
    try {
      const expected = "The client 'd2c1b0a9-8f7e-4d6c-b5a4-0000000000a1' with object id 'e3d2c1b0-a9f8-4e7d-8c6b-0000000000a2' does not "
        + "have authorization to perform action 'Microsoft.DocumentDB/databaseAccounts/read' over scope "
        + `'/subscriptions/${FORBIDDEN.forbidden}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
      const raw = await rawRequest(restricted, 'GET', `/subscriptions/${FORBIDDEN.forbidden}/providers/Microsoft.DocumentDB/databaseAccounts?api-version=2026-03-15`);
      assert.equal(raw.status, 403);
      assert.deepEqual(raw.json, { error: { code: 'AuthorizationFailed', message: expected } });
      // SDK quirk: paged operations throw "Pagination failed with unexpected statusCode 403"; only code and statusCode
      // carry the service's answer (no details, no body).
      const err = await rejection(collect(cosmosClient(restricted, FORBIDDEN.forbidden).databaseAccounts.list()));
      assert.ok(isRestError(err));
      assert.equal(err.statusCode, 403);
      assert.equal(err.code, 'AuthorizationFailed');
      assert.equal(err.message, 'Pagination failed with unexpected statusCode 403');
      assert.equal(err.details, undefined);
      // Non-paged operations keep the ARM message, and the ErrorResponse in details.
      const getErr = await rejection(cosmosClient(restricted, FORBIDDEN.forbidden).databaseAccounts.get('rg-secret', 'hidden-account'));
      assert.equal(getErr.code, 'AuthorizationFailed');
      assert.match(getErr.message, /^The client '[^']+' with object id '[^']+' does not have authorization to perform action 'Microsoft\.DocumentDB\/databaseAccounts\/read' over scope '\/subscriptions\/[^']+\/resourceGroups\/rg-secret\/providers\/Microsoft\.DocumentDB\/databaseAccounts\/hidden-account'/);
      assert.equal((getErr.details as { error?: { code?: string } } | undefined)?.error?.code, 'AuthorizationFailed');
      // The subscription itself is still visible, as for a user with access to the subscription but not to Cosmos DB.
      assert.equal((await rawRequest(restricted, 'GET', `/subscriptions/${FORBIDDEN.forbidden}?api-version=2022-12-01`)).status, 200);
    } finally {
      await restricted.close();
    }
  });

  it('denies listKeys to a least-privilege caller (403) while get and readonlykeys still work', async () => {
    const restricted = await startArmEmulator({ scenario: 'forbidden' });
    try {
      const client = cosmosClient(restricted, FORBIDDEN.allowed);
      const err = await rejection(client.databaseAccounts.listKeys('rg-app', 'reader-only'));
      assert.ok(isRestError(err));
      assert.equal(err.statusCode, 403);
      assert.equal(err.code, 'AuthorizationFailed');
      assert.match(err.message, /'Microsoft\.DocumentDB\/databaseAccounts\/listKeys\/action' over scope '\/subscriptions\/[^']+\/resourceGroups\/rg-app\/providers\/Microsoft\.DocumentDB\/databaseAccounts\/reader-only'/);
      const cs = await rejection(client.databaseAccounts.listConnectionStrings('rg-app', 'reader-only'));
      assert.equal(cs.statusCode, 403);
      assert.equal((await client.databaseAccounts.get('rg-app', 'reader-only')).name, 'reader-only');
      const ro = await client.databaseAccounts.listReadOnlyKeys('rg-app', 'reader-only');
      assert.equal(ro.primaryReadonlyMasterKey, restricted.account('reader-only').keys.primaryReadonly);
      assert.equal((await client.databaseAccounts.listKeys('rg-app', 'fully-accessible')).primaryMasterKey,
        restricted.account('fully-accessible').keys.primary);
    } finally {
      await restricted.close();
    }
  });

  it('honours Retry-After on 429: the retry arrives about one second after the throttled request', async () => {
    emu.addFault({ method: 'GET', path: 'contoso-orders?', status: 429, retryAfterSeconds: 1, times: 1 });
    const a = await cosmosClient(emu, DEMO.contosoProd).databaseAccounts.get('rg-orders', 'contoso-orders');
    assert.equal(a.name, 'contoso-orders');
    const [throttled, retried, ...rest] = forPath(emu.requests, 'contoso-orders');
    assert.equal(rest.length, 0);
    assert.equal(throttled?.status, 429);
    assert.equal(retried?.status, 200);
    const gap = retried.at - throttled.at;
    // retryDelayInMs is 50 and maxRetryDelayInMs 200 here, so only the Retry-After header explains a ~1 s gap.
    assert.ok(gap >= 950 && gap < 3000, `retry came ${gap} ms after the 429`);
  });

  it('surfaces a 429 without Retry-After at once: the SDK does not retry it', async () => {
    emu.addFault({ path: 'contoso-orders?', status: 429 });
    const err = await rejection(cosmosClient(emu, DEMO.contosoProd).databaseAccounts.get('rg-orders', 'contoso-orders'));
    assert.equal(err.statusCode, 429);
    assert.equal(err.code, 'TooManyRequests');
    assert.deepEqual(forPath(emu.requests, 'contoso-orders').map((r) => r.status), [429]);
  });

  it('retries a single 503 and a single 500 and then succeeds', async () => {
    emu.addFault({ path: 'contoso-orders?', status: 503, times: 1 });
    emu.addFault({ path: 'contoso-legacy?', status: 500, times: 1 });
    const client = cosmosClient(emu, DEMO.contosoProd);
    assert.equal((await client.databaseAccounts.get('rg-orders', 'contoso-orders')).name, 'contoso-orders');
    assert.equal((await client.databaseAccounts.get('rg-legacy', 'contoso-legacy')).name, 'contoso-legacy');
    assert.deepEqual(forPath(emu.requests, 'contoso-orders').map((r) => r.status), [503, 200]);
    assert.deepEqual(forPath(emu.requests, 'contoso-legacy').map((r) => r.status), [500, 200]);
    assert.equal(emu.faults().length, 0, 'rules with times: 1 expire after one match');
  });

  it('retries POST actions too (listKeys after a 503)', async () => {
    emu.addFault({ method: 'POST', path: '/listKeys', status: 503, times: 1 });
    const keys = await cosmosClient(emu, DEMO.contosoProd).databaseAccounts.listKeys('rg-orders', 'contoso-orders');
    assert.equal(keys.primaryMasterKey, emu.account('contoso-orders').keys.primary);
    assert.deepEqual(forPath(emu.requests, 'listKeys').map((r) => r.status), [503, 200]);
  });

  it('gives up on a persistent 500 after 1 + maxRetries attempts with the service\'s error', async () => {
    emu.addFault({ path: 'contoso-orders?', status: 500, code: 'InternalServerError', message: 'Backend exploded' });
    const err = await rejection(cosmosClient(emu, DEMO.contosoProd).databaseAccounts.get('rg-orders', 'contoso-orders'));
    assert.ok(isRestError(err));
    assert.equal(err.statusCode, 500);
    assert.equal(err.code, 'InternalServerError');
    assert.equal(err.message, 'Backend exploded');
    assert.deepEqual(forPath(emu.requests, 'contoso-orders').map((r) => r.status), [500, 500, 500]);
  });

  it('retries once after a dropped connection and succeeds', async () => {
    emu.addFault({ path: 'contoso-orders?', drop: true, times: 1 });
    const a = await cosmosClient(emu, DEMO.contosoProd).databaseAccounts.get('rg-orders', 'contoso-orders');
    assert.equal(a.name, 'contoso-orders');
    const entries = forPath(emu.requests, 'contoso-orders');
    assert.deepEqual(entries.map((r) => r.status), [0, 200]);
    assert.match(entries[0]!.fault ?? '', /drop/);
  });

  it('surfaces persistently dropped connections as a RestError with code ECONNRESET after the retries', async () => {
    emu.addFault({ path: 'contoso-orders?', drop: true });
    const err = await rejection(cosmosClient(emu, DEMO.contosoProd).databaseAccounts.get('rg-orders', 'contoso-orders'));
    assert.ok(isRestError(err));
    assert.equal(err.code, 'ECONNRESET');
    assert.equal(err.statusCode, undefined);
    assert.deepEqual(forPath(emu.requests, 'contoso-orders').map((r) => r.status), [0, 0, 0]);
  });

  it('delays answers by a fault\'s latency and by the global latency', async () => {
    const client = cosmosClient(emu, DEMO.contosoProd);
    emu.addFault({ path: 'contoso-orders?', latencyMs: 300, times: 1 });
    await client.databaseAccounts.get('rg-orders', 'contoso-orders');
    const slow = forPath(emu.requests, 'contoso-orders');
    assert.equal(slow.length, 1);
    assert.ok(slow[0]!.durationMs >= 290, `took ${slow[0]!.durationMs} ms`);
    emu.clearRequests();
    emu.setLatency(150);
    await client.databaseAccounts.get('rg-legacy', 'contoso-legacy');
    await client.databaseAccounts.get('rg-catalog', 'contoso-catalog');
    assert.equal(emu.requests.length, 2);
    for (const r of emu.requests) assert.ok(r.durationMs >= 140, `took ${r.durationMs} ms`);
  });

  it('applies the first matching rule, counts down times, and matches method and RegExp paths', async () => {
    emu.addFault({ method: 'POST', path: /contoso-orders/, status: 409, times: 1 });
    emu.addFault({ method: 'GET', path: /\/databaseAccounts\/contoso-orders\?/i, status: 404, code: 'ResourceNotFound', message: 'first', times: 2 });
    emu.addFault({ method: 'GET', path: 'contoso-orders', status: 400, message: 'second' });
    const client = cosmosClient(emu, DEMO.contosoProd);
    const first = await rejection(client.databaseAccounts.get('rg-orders', 'contoso-orders'));
    assert.equal(first.message, 'first');
    assert.equal(emu.faults().length, 3);
    await rejection(client.databaseAccounts.get('rg-orders', 'contoso-orders'));
    assert.equal(emu.faults().length, 2, 'the times: 2 rule has expired');
    const third = await rejection(client.databaseAccounts.get('rg-orders', 'contoso-orders'));
    assert.equal(third.message, 'second');
    assert.equal(third.statusCode, 400);
    const conflict = await rejection(client.databaseAccounts.listKeys('rg-orders', 'contoso-orders'));
    assert.equal(conflict.statusCode, 409);
    assert.equal(conflict.code, 'Conflict');
  });

  it('adds WWW-Authenticate to an injected 401', async () => {
    emu.addFault({ path: 'contoso-orders?', status: 401, times: 1 });
    const r = await rawRequest(emu, 'GET', `${ORDERS}?api-version=2026-03-15`);
    assert.equal(r.status, 401);
    assert.ok(r.headers['www-authenticate']);
    assert.equal((r.json as { error: { code: string } }).error.code, 'InvalidAuthenticationToken');
  });

  it('refuses options that would break paging or timing', async () => {
    await assert.rejects(startArmEmulator({ scenario: 'empty', pageSize: 0 }), /pageSize must be an integer >= 1/);
    await assert.rejects(startArmEmulator({ scenario: 'empty', lroPolls: -1 }), /lroPolls must be an integer >= 0/);
  });

  it('rejects fault rules that cannot do anything', () => {
    assert.throws(() => emu.addFault({ path: 'x' }), /set status, drop, latencyMs, linkOrigin or an lro\* field/);
    assert.throws(() => emu.addFault({ status: 200 }), /status must be an integer from 400 to 599/);
    assert.throws(() => emu.addFault({ status: 500, lroOutcome: 'Failed' }), /cannot also set status or drop/);
    assert.throws(() => emu.addFault({ linkOrigin: 'https://x:1/path' }), /linkOrigin must be an origin such as https:\/\/host:port/);
    assert.throws(() => emu.addFault({ linkOrigin: 'https://x:1', status: 500 }), /linkOrigin rewrites a normal answer/);
  });
});

describe('ARM emulator control endpoint (cross-process)', () => {
  let emu: ArmEmulator;

  before(async () => {
    emu = await startArmEmulator({ scenario: 'demo' });
  });
  after(() => emu.close());
  beforeEach(() => emu.reset());

  it('accepts fault rules as JSON from a plain https.request, including RegExp paths', async () => {
    const added = await rawRequest(emu, 'POST', '/__emulator/faults',
      { body: [{ method: 'GET', pathRegExp: 'databaseAccounts/contoso-catalog\\?', status: 503, times: 1 }] });
    assert.equal(added.status, 201);
    assert.deepEqual(added.json, { added: 1 });
    const listed = await rawRequest(emu, 'GET', '/__emulator/faults');
    assert.deepEqual((listed.json as { value: unknown[] }).value,
      [{ method: 'GET', pathRegExp: new RegExp('databaseAccounts/contoso-catalog\\?').source, status: 503, times: 1 }]);
    await cosmosClient(emu, DEMO.contosoProd).databaseAccounts.get('rg-catalog', 'contoso-catalog');
    const log = await rawRequest(emu, 'GET', '/__emulator/requests');
    const entries = (log.json as { value: RequestLogEntry[] }).value;
    assert.deepEqual(entries.map((e) => [e.method, e.status]), [['GET', 503], ['GET', 200]]);
    assert.ok(entries.every((e) => !e.path.startsWith('/__emulator')), 'control calls are not logged as ARM requests');
  });

  it('clears faults, resets state and returns key values; all of it behind the bearer token', async () => {
    assert.equal((await rawRequest(emu, 'GET', '/__emulator/requests', { token: null })).status, 401);
    assert.equal((await rawRequest(emu, 'POST', '/__emulator/faults', { token: 'wrong', body: { status: 500 } })).status, 401);
    assert.equal((await rawRequest(emu, 'GET', '/__emulator/health', { token: null })).status, 200);
    assert.equal((await rawRequest(emu, 'POST', '/__emulator/faults', { body: { path: 'x' } })).status, 400);
    await rawRequest(emu, 'POST', '/__emulator/faults', { body: { status: 500 } });
    assert.equal(emu.faults().length, 1);
    assert.equal((await rawRequest(emu, 'DELETE', '/__emulator/faults')).status, 204);
    assert.equal(emu.faults().length, 0);
    const values = (await rawRequest(emu, 'GET', '/__emulator/key-values')).json as { value: string[] };
    assert.ok(values.value.includes(emu.account('contoso-orders').keys.primary));
    emu.addFault({ status: 503 });
    assert.equal((await rawRequest(emu, 'POST', '/__emulator/reset')).status, 204);
    assert.equal(emu.faults().length, 0);
  });

  it('works through EmulatorControlClient with the CA file path, as a separate process would use it', async () => {
    const ctl = new EmulatorControlClient({ url: emu.url, token: emu.token, caPath: emu.caPath });
    await ctl.addFaults({ method: 'GET', path: /contoso-legacy\?/, status: 500, times: 1 });
    await ctl.setLatency(100);
    await cosmosClient(emu, DEMO.contosoProd).databaseAccounts.get('rg-legacy', 'contoso-legacy');
    const log = await ctl.requests();
    assert.deepEqual(log.map((e) => e.status), [500, 200]);
    assert.ok(log.every((e) => e.durationMs >= 95));
    assert.ok((await ctl.keyValues()).includes(emu.account('contoso-legacy').keys.primary));
    await ctl.reset();
    assert.deepEqual(await ctl.requests(), []);
  });
});
