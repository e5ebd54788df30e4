// Key usage evidence over the real pipeline of @azure/arm-cosmosdb against the ARM emulator: the account list with
// the preview api-version (and its fallback, remembered per endpoint), the Defender plan during discovery, and the
// on-demand evidence (Activity Log with paging, diagnostic settings) with 403s named by their permission.
import { createHttpHeaders, type HttpClient, type Pipeline, type PipelineRequest } from '@azure/core-rest-pipeline';
import * as assert from 'node:assert/strict';
import net from 'node:net';
import { DEMO_USER, startArmEmulator, type ArmEmulator } from '../../arm-emulator/armEmulator';
import { discoverAccounts, type DiscoveryResult } from '../../../src/azure/accountDiscovery';
import { readAccountEvidence, type EvidenceTarget } from '../../../src/azure/accountEvidence';
import { AZURE_PUBLIC_CLOUD } from '../../../src/azure/armCloud';
import { ArmJsonClient } from '../../../src/azure/armJsonClient';
import { type ArmSubscription } from '../../../src/azure/armSubscription';
import { KeyOperations } from '../../../src/azure/keyOperations';
import { StaticTokenCredential } from '../../../src/azure/staticTokenCredential';
import { type AccountSnapshot } from '../../../src/core/posture';
import { DEMO } from './support/emulatorHarness';
import { emulatorSubscriptions, requestsTo, testFactory } from './support/discoveryHarness';


function account(result: DiscoveryResult, name: string): AccountSnapshot {
  for (const s of result.subscriptions) {
    const found = s.status === 'ok' ? s.accounts.find((a) => a.snapshot.name === name) : undefined;
    if (found) return found.snapshot;
  }
  throw new Error(`no account ${name}`);
}

function target(emu: ArmEmulator, subscription: ArmSubscription, snapshot: AccountSnapshot, token = emu.token): EvidenceTarget {
  return { subscriptionId: snapshot.subscriptionId, resourceGroup: snapshot.resourceGroup, accountName: snapshot.name, accountId: snapshot.id,
    cloud: subscription.cloud, credential: new StaticTokenCredential(token) };
}

describe('key usage evidence against the ARM emulator', () => {
  let emu: ArmEmulator;

  before(async () => { emu = await startArmEmulator({ scenario: 'demo', pageSize: 2 }); });
  after(() => emu.close());
  beforeEach(() => emu.reset());

  it('reads each key\'s last use from the account list itself (preview api-version), with no extra request', async () => {
    const factory = testFactory(emu);
    const subs = await emulatorSubscriptions(emu, factory);
    emu.clearRequests();
    const result = await discoverAccounts(subs, { clientFactory: factory });
    const orders = account(result, 'contoso-orders');
    assert.equal(orders.keysLastUsed?.secondaryMasterKey, null, 'never used');
    assert.match(orders.keysLastUsed?.primaryMasterKey ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.ok(Date.now() - Date.parse(orders.keysLastUsed.primaryMasterKey!) < 4 * 3_600_000);
    assert.deepEqual(account(result, 'contoso-legacy').keysLastUsed, {}, 'the preview answered, but reports nothing for legacy');
    const lists = requestsTo(emu, /databaseAccounts$/);
    assert.ok(lists.length >= 3 && lists.every((r) => r.path.includes('api-version=2026-04-01-preview')));
    assert.equal(lists.filter((r) => !r.path.includes('skipToken')).length, 3, 'one list per subscription (plus its next pages)');
  });

  it('falls back to the stable api-version where the preview is refused, and does not ask again on the next load', async () => {
    emu.addFault({ path: /api-version=2026-04-01-preview/, status: 400, code: 'NoRegisteredProviderFound',
      message: "No registered resource provider found for location 'westeurope' and API version '2026-04-01-preview' for type 'databaseAccounts'." });
    const factory = testFactory(emu);
    const subs = await emulatorSubscriptions(emu, factory);
    const first = await discoverAccounts(subs, { clientFactory: factory });
    const orders = account(first, 'contoso-orders');
    assert.equal(orders.keysLastUsed, undefined, 'usage not reported');
    assert.equal(orders.keysMetadata.primaryMasterKey !== undefined, true, 'the rest of the account is read as before');
    const refusedThenStable = requestsTo(emu, /databaseAccounts$/).map((r) => /api-version=([^&]+)/.exec(r.path)![1]);
    assert.ok(refusedThenStable.includes('2026-04-01-preview') && refusedThenStable.includes('2026-03-15'));
    emu.clearRequests();
    await discoverAccounts(subs, { clientFactory: factory });
    assert.ok(requestsTo(emu, /databaseAccounts$/).every((r) => r.path.includes('api-version=2026-03-15')), 'the refusal is remembered');
  });

  it('reads the Defender plan once per subscription with accounts: on, off, or could not be checked (403 names the permission)', async () => {
    const factory = testFactory(emu);
    const result = await discoverAccounts(await emulatorSubscriptions(emu, factory), { clientFactory: factory });
    assert.deepEqual(account(result, 'contoso-orders').defenderPlan, { status: 'read', pricingTier: 'Standard' });
    assert.deepEqual(account(result, 'contoso-inventory').defenderPlan, { status: 'read', pricingTier: 'Free' });
    const fabrikam = account(result, 'fabrikam-telemetry').defenderPlan;
    assert.equal(fabrikam?.status, 'unreadable');
    assert.equal(fabrikam?.status === 'unreadable' && fabrikam.missingPermission, 'Microsoft.Security/pricings/read');
    assert.equal(requestsTo(emu, /pricings\/CosmosDbs$/).length, 3);
    assert.equal(requestsTo(emu, new RegExp(`${DEMO.fabrikam}/providers/Microsoft.Security`)).length, 1);
  });

  it('treats a subscription not registered with Microsoft.Security as Defender off', async () => {
    const other = await startArmEmulator({ scenario: { subscriptions: [{ subscriptionId: '6c6c6c6c-0000-4000-8000-000000000001', displayName: 'New',
      defenderForCosmosDb: 'notRegistered', accounts: [{ name: 'fresh', resourceGroup: 'rg' }] }] } });
    try {
      const factory = testFactory(other);
      const result = await discoverAccounts(await emulatorSubscriptions(other, factory), { clientFactory: factory });
      assert.deepEqual(account(result, 'fresh').defenderPlan, { status: 'read', pricingTier: 'Free' });
    } finally {
      await other.close();
    }
  });

  it('reads the account with its keys\' last use for key operations (the rotation\'s fresh read)', async () => {
    const subs = await emulatorSubscriptions(emu);
    const prod = subs.find((s) => s.subscriptionId === DEMO.contosoProd)!;
    const snapshot = await new KeyOperations(testFactory(emu)).readAccount({ subscriptionId: DEMO.contosoProd, resourceGroup: 'rg-orders', accountName: 'contoso-orders',
      cloud: prod.cloud, credential: prod.credential });
    assert.equal(snapshot.keysLastUsed?.secondaryReadonlyMasterKey, null);
    assert.ok(snapshot.keysLastUsed?.primaryMasterKey);
  });

  describe('on demand (the expanded account, posture --deep, audit)', () => {
    let subs: ArmSubscription[];
    let orders: AccountSnapshot, inventory: AccountSnapshot, legacy: AccountSnapshot;

    beforeEach(async () => {
      const factory = testFactory(emu);
      subs = await emulatorSubscriptions(emu, factory);
      const result = await discoverAccounts(subs, { clientFactory: factory });
      [orders, inventory, legacy] = ['contoso-orders', 'contoso-inventory', 'contoso-legacy'].map((n) => account(result, n)) as [AccountSnapshot, AccountSnapshot, AccountSnapshot];
      emu.clearRequests();
    });
    const sub = (s: AccountSnapshot) => subs.find((x) => x.subscriptionId === s.subscriptionId)!;

    it('lists key operations of 90 days newest first, merged per operation, over every page, and knows who "you" are', async () => {
      const evidence = await readAccountEvidence(testFactory(emu), target(emu, sub(orders), orders), { keyAccessDays: 90, diagnosticSettings: true });
      const access = evidence.keyAccess;
      assert.equal(access?.status, 'read');
      if (access?.status !== 'read') return;
      assert.deepEqual(access.events.map((e) => [e.operation, e.caller, e.callerKind, e.clientIp, e.status]), [
        ['listConnectionStrings', 'mallory@fabrikam.com', 'user', '198.51.100.23', 'Succeeded'],
        ['listKeys', '3f8a1c2e-5b7d-4e9f-a1c3-5d7e9f1b3c5e', 'application', '20.50.2.17', 'Succeeded'],
        ['listKeys', 'developer@contoso.com', 'user', '203.0.113.40', 'Succeeded'],
        ['listReadOnlyKeys', 'analyst@contoso.com', 'user', '203.0.113.41', 'Failed'],
        ['listKeys', '3f8a1c2e-5b7d-4e9f-a1c3-5d7e9f1b3c5e', 'application', '20.50.2.17', 'Succeeded'],
      ]);
      assert.deepEqual(access.signedIn, { kind: 'user', objectId: DEMO_USER.objectId, upn: DEMO_USER.upn });
      assert.equal(access.truncated, false);
      const pages = requestsTo(emu, /eventtypes\/management\/values$/);
      assert.equal(pages.length, 5, '10 events, 2 a page');
      assert.ok(pages.every((r) => { const q = new URL(r.path, emu.url).searchParams;
        return q.get('api-version') === '2015-04-01' && q.get('$filter')?.includes(`resourceUri eq '${orders.id}'`); }), pages.map((r) => r.path).join('\n'));
      assert.deepEqual(evidence.diagnosticSettings?.status === 'read' && evidence.diagnosticSettings.settings.map((s) => s.name), ['orders-to-log-analytics']);
    });

    it('filters other operations out client-side, and says when the history was cut at the page limit', async () => {
      const evidence = await readAccountEvidence(testFactory(emu), target(emu, sub(legacy), legacy), { keyAccessDays: 90 }, { maxActivityLogPages: 10 });
      assert.equal(evidence.keyAccess?.status === 'read' && evidence.keyAccess.truncated, true);
      const full = await readAccountEvidence(testFactory(emu), target(emu, sub(legacy), legacy), { keyAccessDays: 90 });
      assert.deepEqual(full.keyAccess?.status === 'read' && full.keyAccess.events.map((e) => e.caller), ['ops-oncall@contoso.com']);
      assert.ok(requestsTo(emu, /eventtypes/).length > 100, '120 other operations were paged through');
    });

    it('names the permission a 403 misses: the Activity Log and the diagnostic settings', async () => {
      const evidence = await readAccountEvidence(testFactory(emu), target(emu, sub(inventory), inventory), { keyAccessDays: 7, diagnosticSettings: true });
      assert.equal(evidence.keyAccess?.status === 'unreadable' && evidence.keyAccess.missingPermission, 'Microsoft.Insights/eventtypes/values/read');
      assert.match(evidence.keyAccess?.status === 'unreadable' ? evidence.keyAccess.message : '', /^Missing permission Microsoft\.Insights\/eventtypes\/values\/read to read the Activity Log of contoso-inventory \(403 AuthorizationFailed\)/);
      assert.equal(evidence.diagnosticSettings?.status === 'unreadable' && evidence.diagnosticSettings.missingPermission, 'Microsoft.Insights/diagnosticSettings/read');
    });

    it('says the identity is unknown for a static token that is not a JWT', async () => {
      const plain = await startArmEmulator({ scenario: 'demo', token: 'a-static-token-not-a-jwt' });
      try {
        const plainSubs = await emulatorSubscriptions(plain);
        const prod = plainSubs.find((s) => s.subscriptionId === DEMO.contosoProd)!;
        const evidence = await readAccountEvidence(testFactory(plain), target(plain, prod, orders, plain.token), { keyAccessDays: 7 });
        assert.equal(evidence.keyAccess?.status, 'read');
        assert.equal(evidence.keyAccess?.status === 'read' && evidence.keyAccess.signedIn, undefined);
        assert.equal(evidence.keyAccess?.status === 'read' && evidence.keyAccess.signedInUnknownReason, 'the ARM token is not a JWT, so it names nobody');
      } finally {
        await plain.close();
      }
    });

    it('records live key reads and regenerations, and a regenerated key has no use yet', async () => {
      const factory = testFactory(emu);
      const ops = new KeyOperations(factory, { pollIntervalMs: 10 });
      const t = target(emu, sub(orders), orders);
      await ops.connectionString(t, 'secondary');
      await (await ops.startRegeneration(t, 'primary')).wait();
      const evidence = await readAccountEvidence(factory, t, { keyAccessDays: 1 });
      assert.deepEqual(evidence.keyAccess?.status === 'read' && evidence.keyAccess.events.slice(0, 2).map((e) => [e.operation, e.caller, e.status]), [
        ['regenerateKey', DEMO_USER.upn, 'Succeeded'], ['listConnectionStrings', DEMO_USER.upn, 'Succeeded']]);
      assert.equal((await ops.readAccount(t)).keysLastUsed?.primaryMasterKey, null);
    });

    it('refuses an Activity Log nextLink on another origin before anything is sent there (custom endpoint)', async () => {
      let connections = 0;
      const elsewhere = net.createServer((socket) => { connections++; socket.destroy(); });
      await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
      try {
        const foreign = `https://127.0.0.1:${(elsewhere.address() as net.AddressInfo).port}`;
        emu.addFault({ path: '/eventtypes/management/values', linkOrigin: foreign, times: 1 });
        const evidence = await readAccountEvidence(testFactory(emu), target(emu, sub(orders), orders), { keyAccessDays: 90 });
        assert.equal(evidence.keyAccess?.status, 'unreadable');
        assert.match(evidence.keyAccess?.status === 'unreadable' ? evidence.keyAccess.message : '',
          /^Could not read the Activity Log of contoso-orders: Azure Resource Manager pointed at https:\/\/127\.0\.0\.1:\d+ for the next step/);
        assert.equal(connections, 0, 'no connection, so no token, went elsewhere');
      } finally {
        await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
      }
    });

    it('stops at the user\'s cancellation', async () => {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(readAccountEvidence(testFactory(emu), target(emu, sub(orders), orders), { keyAccessDays: 90 }, { signal: controller.signal }),
        (e: Error) => e.name === 'AbortError');
    });
  });
});

describe('ArmJsonClient', () => {
  it('refuses a nextLink on another origin before sending anything there (no token leaves the endpoint)', async () => {
    const sent: string[] = [];
    const pipeline = { sendRequest: (_client: HttpClient, request: PipelineRequest) => {
      sent.push(request.url);
      return Promise.resolve({ request, status: 200, headers: createHttpHeaders(),
        bodyAsText: JSON.stringify({ value: [1], nextLink: 'https://attacker.example/next?api-version=1' }) });
    } } as unknown as Pipeline;
    const json = new ArmJsonClient(pipeline, {} as HttpClient, AZURE_PUBLIC_CLOUD);
    const pages = json.pages(json.url('/subscriptions/s/x?api-version=1'));
    assert.deepEqual((await pages.next()).value, { value: [1] });
    await assert.rejects(pages.next(), /pointed at https:\/\/attacker\.example for the next step, which is not https:\/\/management\.azure\.com; Cosmos Guard does not send its token there/);
    assert.deepEqual(sent, ['https://management.azure.com/subscriptions/s/x?api-version=1']);
  });

  it('turns an ARM error body into a RestError with its code, status and message', async () => {
    const pipeline = { sendRequest: (_c: HttpClient, request: PipelineRequest) => Promise.resolve({ request, status: 403, headers: createHttpHeaders(),
      bodyAsText: JSON.stringify({ error: { code: 'AuthorizationFailed', message: 'The client … does not have authorization' } }) }) } as unknown as Pipeline;
    const json = new ArmJsonClient(pipeline, {} as HttpClient, AZURE_PUBLIC_CLOUD);
    await assert.rejects(json.get(json.url('/x')), (e: Error & { statusCode?: number; code?: string }) =>
      e.statusCode === 403 && e.code === 'AuthorizationFailed' && /does not have authorization/.test(e.message));
  });
});

