// Key operations under a slow or hostile Resource Manager, with the real @azure/arm-cosmosdb 17 over HTTPS against
// the ARM emulator: every key operation has a time limit and says so when it expires (none leaves "Asking Azure…"
// up), each poll of a running regeneration has its own, and a nextLink, Azure-AsyncOperation or Location URL on
// another origin is refused before any token is sent — paging and polling included.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { startArmEmulator, type ArmEmulator } from '../../arm-emulator/armEmulator';
import { discoverAccounts } from '../../../src/azure/accountDiscovery';
import { customCloud } from '../../../src/azure/armCloud';
import { isArmUrl } from '../../../src/azure/armRequestPolicies';
import { CosmosClientFactory } from '../../../src/azure/cosmosClientFactory';
import { KeyOperations, type AccountTarget } from '../../../src/azure/keyOperations';
import { StaticTokenCredential } from '../../../src/azure/staticTokenCredential';
import { DEMO, PAGING_SUBSCRIPTION, keyOperationFailure, rejection } from './support/emulatorHarness';
import { emulatorSubscriptions, FAST_RETRY, testFactory } from './support/discoveryHarness';
import { NEVER_MS } from '../../support/waiting';

/** A TCP listener on loopback that counts connections and never answers: where a foreign URL would lead. */
async function foreignHost(): Promise<{ origin: string; connections: () => number; close: () => Promise<void> }> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    connections: () => count,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

const failureOf = keyOperationFailure;

describe('key operations under a slow or hostile Resource Manager', () => {
  let emu: ArmEmulator;
  let orders: AccountTarget;
  // A limit far below the emulator's delay (3 s) and far above a normal answer: the outcome does not depend on load.
  const quick = (emulator: ArmEmulator, factory = testFactory(emulator)) => new KeyOperations(factory, { pollIntervalMs: 10,
    timeLimits: { regenerateKeyMs: 150, readAccountMs: 150, listKeysMs: 150, listConnectionStringsMs: 150 } });

  before(async () => {
    emu = await startArmEmulator({ scenario: 'demo', lroPolls: 1 });
    orders = { subscriptionId: DEMO.contosoProd, resourceGroup: 'rg-orders', accountName: 'contoso-orders', cloud: customCloud(emu.url),
      credential: new StaticTokenCredential(emu.token) };
  });
  after(() => emu.close());
  beforeEach(() => emu.reset());

  it('gives up on a regeneration request Azure does not answer, says so, and says it may have started', async () => {
    emu.addFault({ path: '/regenerateKey', latencyMs: 3000, times: 1 });
    const error = await failureOf(quick(emu).startRegeneration(orders, 'primary'));
    assert.equal(error.failure.kind, 'timeout');
    assert.match(error.failure.message, /^No answer from localhost:\d+ within 0\.2 s while trying to regenerate the primary read-write key of contoso-orders\. It may have started anyway: the key's generation time tells/);
  });

  it('gives up on reading the account, its keys or a connection string when Azure does not answer', async () => {
    const cases: [RegExp, (ops: KeyOperations) => Promise<unknown>, RegExp][] = [
      [/databaseAccounts\/contoso-orders\?/, (ops) => ops.readAccount(orders), /while trying to read the account contoso-orders\.$/],
      [/\/listKeys/, (ops) => ops.currentKeys(orders), /while trying to read the keys of contoso-orders\.$/],
      [/\/listConnectionStrings/, (ops) => ops.connectionString(orders, 'secondary'),
        /while trying to read the connection string of the secondary read-write key of contoso-orders\.$/],
    ];
    for (const [path, call, message] of cases) {
      emu.addFault({ path, latencyMs: 3000, times: 1 });
      const error = await failureOf(call(quick(emu)));
      assert.equal(error.failure.kind, 'timeout', String(path));
      assert.match(error.failure.message, message);
    }
  });

  it('still reports the caller\'s own cancellation as a cancellation, not a time limit', async () => {
    emu.addFault({ path: /databaseAccounts\/contoso-orders\?/, latencyMs: 3000, times: 1 });
    const controller = new AbortController();
    const pending = quick(emu).readAccount(orders, controller.signal);
    controller.abort();
    assert.equal((await rejection(pending)).name, 'AbortError');
  });

  it('bounds each poll of a running regeneration: a hung status request ends the watch with a time-limit failure', async () => {
    // Started without the short limit (a busy machine may take longer than 150 ms to answer the request itself), then
    // followed with it, as after a window reload.
    const handle = await new KeyOperations(testFactory(emu), { pollIntervalMs: 10 }).startRegeneration(orders, 'secondary');
    const factory = new CosmosClientFactory({ userAgentPrefix: 'cosmos-guard-test/0.0.0', caPem: emu.caPem, retryOptions: FAST_RETRY, requestTimeLimitMs: 150 });
    const ops = new KeyOperations(factory, { pollIntervalMs: 10 });
    emu.addFault({ path: '/operationsStatus/', latencyMs: NEVER_MS, times: 1 });
    const error = await failureOf(ops.resumeRegeneration(orders, 'secondary', handle.pollerState).wait());
    assert.equal(error.failure.kind, 'timeout');
    assert.match(error.failure.message, /while trying to follow the regeneration of the secondary read-write key of contoso-orders/);
  });

  it('refuses to follow a regeneration whose status URLs point at another origin, before sending anything there', async () => {
    const elsewhere = await foreignHost();
    try {
      emu.addFault({ path: '/regenerateKey', linkOrigin: elsewhere.origin, times: 1 });
      const ops = new KeyOperations(testFactory(emu), { pollIntervalMs: 10 });
      const handle = await ops.startRegeneration(orders, 'primary');
      const error = await failureOf(handle.wait());
      assert.equal(error.failure.kind, 'untrusted');
      assert.match(error.failure.message, new RegExp(`pointed at ${elsewhere.origin.replace(/\./g, '\\.')} for the next step, which is not ${emu.url}; Cosmos Guard does not send its token there\\.$`));
      assert.equal(elsewhere.connections(), 0, 'not even a connection was made');
    } finally {
      await elsewhere.close();
    }
  });

  it('refuses a next page on another origin: the subscription fails with the reason, no token leaves', async () => {
    const paging = await startArmEmulator({ scenario: 'paging' });
    const elsewhere = await foreignHost();
    try {
      const subs = (await emulatorSubscriptions(paging)).filter((s) => s.subscriptionId === PAGING_SUBSCRIPTION);
      paging.addFault({ path: `/subscriptions/${PAGING_SUBSCRIPTION}/providers/Microsoft.DocumentDB/databaseAccounts`, linkOrigin: elsewhere.origin, times: 1 });
      const [result] = (await discoverAccounts(subs, { clientFactory: testFactory(paging), lookUpNotebooks: false })).subscriptions;
      assert.equal(result?.status, 'failed');
      assert.match(result.status === 'failed' ? result.failure.message : '', /Cosmos Guard does not send its token there/);
      assert.equal(elsewhere.connections(), 0);
    } finally {
      await elsewhere.close();
      await paging.close();
    }
  });

  it('allows a real cloud\'s regional hosts but nothing else; a custom endpoint only its own origin', () => {
    const azure = { name: 'AzureCloud', resourceManagerEndpoint: 'https://management.azure.com' };
    assert.equal(isArmUrl(azure, 'https://management.azure.com/subscriptions?x=1'), true);
    assert.equal(isArmUrl(azure, 'https://westus.management.azure.com/x'), true);
    assert.equal(isArmUrl(azure, 'https://management.azure.com.evil.example/x'), false);
    assert.equal(isArmUrl(azure, 'http://management.azure.com/x'), false);
    assert.equal(isArmUrl(azure, 'https://user:pw@management.azure.com/x'), false);
    const custom = customCloud('https://localhost:8443');
    assert.equal(isArmUrl(custom, 'https://localhost:8443/a'), true);
    assert.equal(isArmUrl(custom, 'https://localhost:8444/a'), false);
    assert.equal(isArmUrl(custom, 'https://sub.localhost:8443/a'), false);
    assert.equal(isArmUrl(custom, 'not a url'), false);
  });
});
