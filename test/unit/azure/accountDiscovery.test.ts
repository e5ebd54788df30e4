// The account discovery with the real @azure/arm-cosmosdb 17 over HTTPS against the ARM emulator: what it reads,
// what it never calls, and every fault the issue lists — a forbidden subscription, 5xx, timeouts, 429 with and
// without Retry-After, dropped connections, paging, notebook look-ups, a claims challenge, and cancellation.
import * as assert from 'node:assert/strict';
import { startArmEmulator, type ArmEmulator } from '../../arm-emulator/armEmulator';
import { discoverAccounts, type DiscoveryResult, type SubscriptionDiscovery } from '../../../src/azure/accountDiscovery';
import { type ArmSubscription } from '../../../src/azure/armSubscription';
import { DEMO, FORBIDDEN, PAGING_SUBSCRIPTION } from './support/emulatorHarness';
import { NEVER_MS, whenTrue } from '../../support/waiting';
import { emulatorSubscriptions, maxInFlight, requestsTo, testFactory } from './support/discoveryHarness';

const NOTEBOOK_SUB = '5a5a5a5a-0000-4000-8000-00000000b00c';

function byName(result: DiscoveryResult): Map<string, SubscriptionDiscovery> {
  return new Map(result.subscriptions.map((s) => [s.subscription.name, s]));
}

function ok(result: SubscriptionDiscovery | undefined): Extract<SubscriptionDiscovery, { status: 'ok' }> {
  assert.ok(result, 'no such subscription in the result');
  assert.equal(result.status, 'ok', result.status === 'failed' ? result.failure.message : '');
  return result;
}

function failed(result: SubscriptionDiscovery | undefined): Extract<SubscriptionDiscovery, { status: 'failed' }> {
  assert.ok(result, 'no such subscription in the result');
  assert.equal(result.status, 'failed');
  return result;
}

// Matches the list request with or without its query string (fault rules see path + query, requestsTo the path).
const listPath = (sub: string) => new RegExp(`^/subscriptions/${sub}/providers/Microsoft\\.DocumentDB/databaseAccounts(\\?|$)`, 'i');

describe('account discovery against the ARM emulator', () => {
  let emu: ArmEmulator;
  let subscriptions: ArmSubscription[];

  before(async () => {
    emu = await startArmEmulator({ scenario: 'demo' });
    subscriptions = await emulatorSubscriptions(emu);
  });
  after(() => emu.close());
  beforeEach(() => emu.reset());

  it('lists the demo subscriptions sorted by name, with tenant names, on the custom endpoint', () => {
    assert.deepEqual(subscriptions.map((s) => [s.name, s.tenantName]),
      [['Contoso Dev/Test', 'Contoso'], ['Contoso Production', 'Contoso'], ['Fabrikam Shared Services', 'Fabrikam']]);
    assert.ok(subscriptions.every((s) => s.cloud.resourceManagerEndpoint === emu.url && s.cloud.name === 'Custom'));
  });

  it('finds every account with one list per subscription and one notebook look-up, for the only pre-ChaosDB NoSQL account', async () => {
    const result = await discoverAccounts(subscriptions, { clientFactory: testFactory(emu) });
    const subs = byName(result);
    assert.deepEqual(ok(subs.get('Contoso Production')).accounts.map((a) => a.snapshot.name), ['contoso-orders', 'contoso-legacy', 'contoso-catalog']);
    assert.deepEqual(ok(subs.get('Contoso Dev/Test')).accounts.map((a) => a.snapshot.name), ['contoso-sessions', 'contoso-analytics', 'contoso-inventory']);
    assert.deepEqual(ok(subs.get('Fabrikam Shared Services')).accounts.map((a) => a.snapshot.name), ['fabrikam-telemetry']);
    const all = result.subscriptions.flatMap((s) => (s.status === 'ok' ? s.accounts : []));
    const notebook = Object.fromEntries(all.map((a) => [a.snapshot.name, a.snapshot.notebookWorkspace]));
    assert.deepEqual(notebook, {
      'contoso-orders': 'not-checked', 'contoso-legacy': 'present', 'contoso-catalog': 'not-checked', 'contoso-sessions': 'not-checked',
      'contoso-analytics': 'not-checked', 'contoso-inventory': 'not-checked', 'fabrikam-telemetry': 'not-checked',
    });
    const legacy = all.find((a) => a.snapshot.name === 'contoso-legacy')!.snapshot;
    assert.equal(legacy.createdAt, '2020-06-15T08:30:00.000Z');
    assert.equal(legacy.keysMetadata.primaryMasterKey, undefined);
    assert.equal(legacy.minimalTlsVersion, 'Tls');
    assert.equal(legacy.resourceGroup, 'rg-legacy');
    assert.equal(legacy.subscriptionId, DEMO.contosoProd);
    const sessions = all.find((a) => a.snapshot.name === 'contoso-sessions')!.snapshot;
    assert.equal(sessions.kind, 'MongoDB');
    assert.deepEqual(sessions.capabilities, ['EnableMongo']);
    assert.deepEqual(all.find((a) => a.snapshot.name === 'contoso-analytics')!.snapshot.ipRules, ['0.0.0.0', '203.0.113.0/24']);
    assert.deepEqual(all.find((a) => a.snapshot.name === 'contoso-inventory')!.snapshot.privateEndpointStatuses, ['Pending']);
    // Exactly: 3 account lists, 3 Defender plans (one per subscription) and 1 notebook list. No GET per account.
    assert.deepEqual(emu.requests.map((r) => `${r.method} ${r.path.split('?')[0]!.replace(/^\/subscriptions\/[^/]+/, '/subscriptions/*')}`).sort(), [
      'GET /subscriptions/*/providers/Microsoft.DocumentDB/databaseAccounts',
      'GET /subscriptions/*/providers/Microsoft.DocumentDB/databaseAccounts',
      'GET /subscriptions/*/providers/Microsoft.DocumentDB/databaseAccounts',
      'GET /subscriptions/*/providers/Microsoft.Security/pricings/CosmosDbs',
      'GET /subscriptions/*/providers/Microsoft.Security/pricings/CosmosDbs',
      'GET /subscriptions/*/providers/Microsoft.Security/pricings/CosmosDbs',
      'GET /subscriptions/*/resourceGroups/rg-legacy/providers/Microsoft.DocumentDB/databaseAccounts/contoso-legacy/notebookWorkspaces',
    ]);
  });

  it('never calls listKeys, readonlykeys, listConnectionStrings or anything but GET (request log)', async () => {
    const big = await startArmEmulator({ scenario: 'bench' });
    try {
      const factory = testFactory(big);
      const subs = await emulatorSubscriptions(big, factory);
      const result = await discoverAccounts(subs, { clientFactory: factory });
      assert.equal(result.subscriptions.flatMap((s) => (s.status === 'ok' ? s.accounts : [])).length, 200);
      assert.ok(big.requests.length > 0);
      for (const r of big.requests) {
        assert.equal(r.method, 'GET', r.path);
        assert.doesNotMatch(r.path, /listKeys|readonlykeys|listConnectionStrings|regenerateKey|listConnectionInfo/i);
        assert.match(r.path.split('?')[0]!, /^\/(subscriptions|tenants)(\/[^/]+\/providers\/Microsoft\.DocumentDB\/databaseAccounts|\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.DocumentDB\/databaseAccounts\/[^/]+\/notebookWorkspaces|\/[^/]+\/providers\/Microsoft\.Security\/pricings\/CosmosDbs)?$/);
      }
      // 40 lists (with the api-version that reports key usage) + one notebook look-up for each of the 40 ChaosDB-era
      // accounts + one Defender plan per subscription (+ subscriptions and tenants).
      assert.equal(requestsTo(big, /notebookWorkspaces$/).length, 40);
      assert.equal(requestsTo(big, /databaseAccounts$/).length, 40);
      assert.equal(requestsTo(big, /pricings\/CosmosDbs$/).length, 40);
      assert.ok(big.requests.filter((r) => /databaseAccounts\?/.test(r.path)).every((r) => r.path.includes('api-version=2026-04-01-preview')));
      assert.equal(factory.requestCount, 122);
    } finally {
      await big.close();
    }
  });

  it('turns a 403 subscription into a failed entry naming the missing permission, while the other loads', async () => {
    const restricted = await startArmEmulator({ scenario: 'forbidden' });
    try {
      const subs = await emulatorSubscriptions(restricted);
      const result = byName(await discoverAccounts(subs, { clientFactory: testFactory(restricted) }));
      const denied = failed(result.get('Forbidden Subscription'));
      assert.equal(denied.subscription.subscriptionId, FORBIDDEN.forbidden);
      assert.equal(denied.failure.kind, 'forbidden');
      assert.equal(denied.failure.statusCode, 403);
      assert.equal(denied.failure.code, 'AuthorizationFailed');
      assert.equal(denied.failure.message, `Missing permission Microsoft.DocumentDB/databaseAccounts/read to list the Cosmos DB accounts of subscription `
        + `${FORBIDDEN.forbidden} (403 AuthorizationFailed). Ask for the Reader or Cosmos DB Account Reader role on it.`);
      assert.match(denied.failure.requestId ?? '', /^[0-9a-f-]{36}$/);
      assert.deepEqual(ok(result.get('Allowed Subscription')).accounts.map((a) => a.snapshot.name), ['reader-only', 'fully-accessible']);
    } finally {
      await restricted.close();
    }
  });

  it('retries a 500 and succeeds; a persistent 503 fails that subscription only, after the retries', async () => {
    emu.addFault({ path: listPath(DEMO.contosoProd), status: 500, times: 1 });
    emu.addFault({ path: listPath(DEMO.contosoDev), status: 503 });
    const result = byName(await discoverAccounts(subscriptions, { clientFactory: testFactory(emu) }));
    assert.equal(ok(result.get('Contoso Production')).accounts.length, 3);
    const down = failed(result.get('Contoso Dev/Test'));
    assert.equal(down.failure.kind, 'server');
    assert.equal(down.failure.message, `Azure Resource Manager failed to list the Cosmos DB accounts of subscription ${DEMO.contosoDev} `
      + '(503 ServiceUnavailable), also after retries. Try again later.');
    assert.deepEqual(requestsTo(emu, listPath(DEMO.contosoDev)).map((r) => r.status), [503, 503, 503]);
    assert.deepEqual(requestsTo(emu, listPath(DEMO.contosoProd)).map((r) => r.status), [500, 200]);
    assert.equal(ok(result.get('Fabrikam Shared Services')).accounts.length, 1);
  });

  it('fails a subscription that does not answer within the time limit, and only that one', async () => {
    // Its answer never comes: only the time limit can end the discovery. The limit is long enough for the others to
    // answer on a busy machine.
    emu.addFault({ path: listPath(DEMO.fabrikam), latencyMs: NEVER_MS });
    const result = byName(await discoverAccounts(subscriptions, { clientFactory: testFactory(emu), operationTimeoutMs: 5000 }));
    const slow = failed(result.get('Fabrikam Shared Services'));
    assert.equal(slow.failure.kind, 'timeout');
    assert.equal(slow.failure.message, `No answer from localhost:${emu.port} within 5 s while trying to list the Cosmos DB accounts of subscription ${DEMO.fabrikam}.`);
    assert.equal(ok(result.get('Contoso Production')).accounts.length, 3);
    assert.equal(ok(result.get('Contoso Dev/Test')).accounts.length, 3);
  });

  it('honours Retry-After on a 429 (the retry comes about a second later) and succeeds', async () => {
    emu.addFault({ path: listPath(DEMO.contosoProd), status: 429, retryAfterSeconds: 1, times: 1 });
    const result = byName(await discoverAccounts(subscriptions, { clientFactory: testFactory(emu) }));
    assert.equal(ok(result.get('Contoso Production')).accounts.length, 3);
    const [throttled, retried] = requestsTo(emu, listPath(DEMO.contosoProd));
    assert.equal(throttled?.status, 429);
    assert.equal(retried?.status, 200);
    const gap = retried.at - throttled.at;
    assert.ok(gap >= 950 && gap < 3000, `retried ${gap} ms after the 429`);
  });

  it('reports a 429 without Retry-After as throttled (the SDK does not retry it)', async () => {
    emu.addFault({ path: listPath(DEMO.contosoProd), status: 429 });
    const result = byName(await discoverAccounts(subscriptions, { clientFactory: testFactory(emu) }));
    const throttled = failed(result.get('Contoso Production'));
    assert.equal(throttled.failure.kind, 'throttled');
    assert.match(throttled.failure.message, /throttled the requests .* \(429 TooManyRequests\) and retries did not help\. Wait a minute, then refresh\.$/);
    assert.equal(requestsTo(emu, listPath(DEMO.contosoProd)).length, 1);
  });

  it('reports persistently dropped connections as a network failure (ECONNRESET) after the retries', async () => {
    emu.addFault({ path: listPath(DEMO.contosoDev), drop: true });
    const result = byName(await discoverAccounts(subscriptions, { clientFactory: testFactory(emu) }));
    const dropped = failed(result.get('Contoso Dev/Test'));
    assert.equal(dropped.failure.kind, 'network');
    assert.equal(dropped.failure.code, 'ECONNRESET');
    assert.equal(dropped.failure.message, `Could not reach localhost:${emu.port} (ECONNRESET) to list the Cosmos DB accounts of subscription `
      + `${DEMO.contosoDev}, after retries. Check the network or proxy, then refresh.`);
  });

  it('recognises a claims challenge (MFA, conditional access) on a 401 and keeps its WWW-Authenticate header', async () => {
    const challenge = 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="insufficient_claims", '
      + 'claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19"';
    emu.addFault({ path: listPath(DEMO.contosoProd), status: 401, code: 'InvalidAuthenticationToken', wwwAuthenticate: challenge });
    emu.addFault({ path: listPath(DEMO.fabrikam), status: 401, code: 'ExpiredAuthenticationToken' });
    const result = byName(await discoverAccounts(subscriptions, { clientFactory: testFactory(emu) }));
    const mfa = failed(result.get('Contoso Production'));
    assert.equal(mfa.failure.kind, 'challenge');
    assert.equal(mfa.failure.wwwAuthenticate, challenge);
    assert.match(mfa.failure.message, /additional sign-in \(multi-factor authentication or a conditional access policy\)/);
    const expired = failed(result.get('Fabrikam Shared Services'));
    assert.equal(expired.failure.kind, 'unauthenticated');
    assert.equal(expired.failure.wwwAuthenticate, undefined);
    assert.match(expired.failure.message, /did not accept the sign-in .* \(401 ExpiredAuthenticationToken\)\. The session may have expired/);
    assert.equal(ok(result.get('Contoso Dev/Test')).accounts.length, 3);
  });

  it('calls onSubscription as each subscription finishes, the slow one last', async () => {
    // Its answer never comes; it finishes (failed) at the time limit, long after the others on any machine.
    emu.addFault({ path: listPath(DEMO.contosoProd), latencyMs: NEVER_MS });
    const order: string[] = [];
    await discoverAccounts(subscriptions, { clientFactory: testFactory(emu), operationTimeoutMs: 5000, onSubscription: (s) => order.push(s.subscription.name) });
    assert.equal(order.length, 3);
    assert.equal(order[2], 'Contoso Production');
  });
});

describe('account discovery: paging, notebooks, concurrency and cancellation', () => {
  it('follows every page: 12 accounts served 5 per page in 3 requests', async () => {
    const emu = await startArmEmulator({ scenario: 'paging' });
    try {
      const subs = await emulatorSubscriptions(emu);
      assert.equal(subs.length, 6, 'the subscription list is paged too');
      const result = await discoverAccounts(subs, { clientFactory: testFactory(emu) });
      const paged = result.subscriptions.find((s) => s.subscription.subscriptionId === PAGING_SUBSCRIPTION);
      assert.deepEqual(ok(paged).accounts.map((a) => a.snapshot.name), Array.from({ length: 12 }, (_, i) => `page-account-${String(i + 1).padStart(2, '0')}`));
      assert.equal(requestsTo(emu, listPath(PAGING_SUBSCRIPTION)).length, 3);
      assert.ok(result.subscriptions.filter((s) => s.subscription.subscriptionId !== PAGING_SUBSCRIPTION).every((s) => ok(s).accounts.length === 0));
    } finally {
      await emu.close();
    }
  });

  it('maps notebook look-ups: list → present, empty → absent, 400 and 404 → absent, 500 and 403 → unknown with the reason', async () => {
    const old = '2020-01-01T00:00:00Z';
    const emu = await startArmEmulator({ scenario: { subscriptions: [{ subscriptionId: NOTEBOOK_SUB, displayName: 'Notebooks', accounts: [
      { name: 'nb-present', resourceGroup: 'rg', createdAt: old, notebookWorkspace: 'present' },
      { name: 'nb-creating', resourceGroup: 'rg', createdAt: old, notebookWorkspace: { status: 'Creating' } },
      { name: 'nb-empty', resourceGroup: 'rg', createdAt: old },
      { name: 'nb-bad-request', resourceGroup: 'rg', createdAt: old, notebookWorkspace: 'badRequest' },
      { name: 'nb-not-found', resourceGroup: 'rg', createdAt: old },
      { name: 'nb-broken', resourceGroup: 'rg', createdAt: old,
        notebookWorkspace: { error: { status: 500, code: 'InternalServerError', message: 'Notebook service down' } } },
      { name: 'nb-denied', resourceGroup: 'rg', createdAt: old,
        notebookWorkspace: { error: { status: 403, code: 'AuthorizationFailed', message: 'no' } } },
      { name: 'nb-no-created-at', resourceGroup: 'rg', createdAt: null },
      { name: 'mongo-old', resourceGroup: 'rg', createdAt: old, kind: 'MongoDB', notebookWorkspace: 'badRequest' },
      { name: 'nosql-new', resourceGroup: 'rg', createdAt: '-100d', notebookWorkspace: 'present' },
    ] }] } });
    try {
      emu.addFault({ path: /nb-not-found\/notebookWorkspaces/, status: 404, code: 'NotFound' });
      const subs = await emulatorSubscriptions(emu);
      const [only] = (await discoverAccounts(subs, { clientFactory: testFactory(emu) })).subscriptions;
      const accounts = ok(only).accounts;
      assert.deepEqual(Object.fromEntries(accounts.map((a) => [a.snapshot.name, a.snapshot.notebookWorkspace])), {
        'nb-present': 'present', 'nb-creating': 'present', 'nb-empty': 'absent', 'nb-bad-request': 'absent', 'nb-not-found': 'absent',
        'nb-broken': 'unknown', 'nb-denied': 'unknown', 'nb-no-created-at': 'absent', 'mongo-old': 'not-checked', 'nosql-new': 'not-checked',
      });
      const broken = accounts.find((a) => a.snapshot.name === 'nb-broken')!;
      assert.equal(broken.notebookFailure?.kind, 'server');
      assert.equal(broken.notebookFailure.message, 'Azure Resource Manager failed to check the notebook workspace of nb-broken (500 InternalServerError), '
        + 'also after retries. Try again later.');
      const denied = accounts.find((a) => a.snapshot.name === 'nb-denied')!;
      assert.match(denied.notebookFailure?.message ?? '', /^Missing permission Microsoft\.DocumentDB\/databaseAccounts\/notebookWorkspaces\/read/);
      assert.ok(accounts.filter((a) => a.snapshot.notebookWorkspace !== 'unknown').every((a) => a.notebookFailure === undefined));
      assert.equal(requestsTo(emu, /mongo-old|nosql-new/).length, 0, 'no look-up where it cannot matter');
    } finally {
      await emu.close();
    }
  });

  it('keeps at most maxConcurrentRequests ARM operations in flight', async () => {
    // Each answer takes 250 ms, so requests the client starts together overlap at the emulator even on a busy machine.
    const emu = await startArmEmulator({ scenario: { generate: { subscriptions: 12, accountsPerSubscription: 5 } }, latencyMs: 250 });
    try {
      const subs = await emulatorSubscriptions(emu);
      emu.clearRequests();
      const result = await discoverAccounts(subs, { clientFactory: testFactory(emu), maxConcurrentRequests: 3 });
      assert.equal(result.subscriptions.flatMap((s) => ok(s).accounts).length, 60);
      const inFlight = maxInFlight(emu.requests);
      assert.ok(inFlight <= 3 && inFlight >= 2, `max in flight: ${inFlight}`);
    } finally {
      await emu.close();
    }
  });

  it('aborts requests in flight when cancelled, starts no new ones, and rejects with an AbortError', async () => {
    const emu = await startArmEmulator({ scenario: 'demo' });
    try {
      const factory = testFactory(emu);
      const subs = await emulatorSubscriptions(emu, factory);
      // The account lists never answer: only the abort can end the discovery.
      emu.addFault({ path: /\/databaseAccounts\?/, latencyMs: NEVER_MS });
      const listed = factory.requestCount;
      const controller = new AbortController();
      const pending = discoverAccounts(subs, { clientFactory: factory, signal: controller.signal, maxConcurrentRequests: 2 });
      await whenTrue(() => factory.requestCount === listed + 2); // two lists in flight, the third queued
      controller.abort();
      await assert.rejects(pending, (e: Error) => e.name === 'AbortError');
      const sentBeforeAbort = factory.requestCount;
      assert.equal(sentBeforeAbort - listed, 2, 'two lists were in flight, the third was queued');
      await new Promise((resolve) => setImmediate(resolve)); // a queued list would start as the aborted ones settle
      assert.equal(factory.requestCount, sentBeforeAbort, 'nothing was sent after the abort');
    } finally {
      await emu.close();
    }
  });

  it('aborts a next-page request too (the SDK does not pass the signal to later pages; our policy does)', async () => {
    const emu = await startArmEmulator({ scenario: 'paging' });
    try {
      const factory = testFactory(emu);
      const subs = (await emulatorSubscriptions(emu, factory)).filter((s) => s.subscriptionId === PAGING_SUBSCRIPTION);
      emu.addFault({ path: /skipToken/i, latencyMs: NEVER_MS }); // only the abort can end the wait for the second page
      const controller = new AbortController();
      const pending = discoverAccounts(subs, { clientFactory: factory, signal: controller.signal });
      // Wait until the second page is in flight, then cancel.
      const before = factory.requestCount;
      await whenTrue(() => factory.requestCount >= before + 2);
      controller.abort();
      await assert.rejects(pending, (e: Error) => e.name === 'AbortError');
    } finally {
      await emu.close();
    }
  });

  it('times out a slow next page as well (each operation has one time limit, pages included)', async () => {
    const emu = await startArmEmulator({ scenario: 'paging' });
    try {
      const subs = (await emulatorSubscriptions(emu)).filter((s) => s.subscriptionId === PAGING_SUBSCRIPTION);
      emu.addFault({ path: /skipToken/i, latencyMs: NEVER_MS }); // only the time limit can end the wait for the second page
      const [only] = (await discoverAccounts(subs, { clientFactory: testFactory(emu), operationTimeoutMs: 5000 })).subscriptions;
      assert.equal(failed(only).failure.kind, 'timeout');
    } finally {
      await emu.close();
    }
  });
});
