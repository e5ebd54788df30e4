// The real @azure/arm-cosmosdb 17 client over real HTTPS against the ARM emulator: listing with paging, get with
// the flattened posture fields, notebook workspaces, keys, connection strings, and ARM's 404/405/400 answers.
import * as assert from 'node:assert/strict';
import { CosmosDBManagementClient, isRestError } from '@azure/arm-cosmosdb';
import { startArmEmulator, type ArmEmulator } from '../../arm-emulator/armEmulator';
import { DEMO, PAGING_SUBSCRIPTION, collect, cosmosClient, rawRequest, rejection, staticTokenCredential } from './support/emulatorHarness';

const DAY = 86_400_000;
const NOW = new Date('2026-05-01T12:00:00Z');

describe('ARM emulator with the real SDK: accounts', () => {
  let emu: ArmEmulator;

  before(async () => {
    emu = await startArmEmulator({ scenario: 'demo', now: () => NOW });
  });
  after(() => emu.close());
  beforeEach(() => emu.reset());

  it('serves on https://localhost with a CA the caller can trust', () => {
    assert.match(emu.url, /^https:\/\/localhost:\d+$/);
    assert.match(emu.caPem, /-----BEGIN CERTIFICATE-----/);
    assert.ok(emu.caPath.endsWith('ca.pem'));
  });

  it('asks the credential for the emulator scope and sends the bearer token', async () => {
    const cred = staticTokenCredential(emu.token);
    const client = new CosmosDBManagementClient(cred, DEMO.contosoProd, {
      endpoint: emu.url, credentials: { scopes: [`${emu.url}/.default`] }, tlsOptions: { ca: emu.caPem },
    });
    const accounts = await collect(client.databaseAccounts.list());
    assert.equal(accounts.length, 3);
    assert.deepEqual(cred.scopesSeen[0], [`${emu.url}/.default`]);
  });

  it('lists the demo accounts of a subscription with the official top-level shape', async () => {
    const accounts = await collect(cosmosClient(emu, DEMO.contosoProd).databaseAccounts.list());
    assert.deepEqual(accounts.map((a) => a.name), ['contoso-orders', 'contoso-legacy', 'contoso-catalog']);
    const orders = accounts[0]!;
    assert.equal(orders.id, `/subscriptions/${DEMO.contosoProd}/resourceGroups/rg-orders/providers/Microsoft.DocumentDB/databaseAccounts/contoso-orders`);
    assert.equal(orders.type, 'Microsoft.DocumentDB/databaseAccounts');
    assert.equal(orders.kind, 'GlobalDocumentDB');
    assert.equal(orders.location, 'West Europe');
    assert.deepEqual(orders.tags, { team: 'orders', env: 'prod' });
    assert.equal(orders.documentEndpoint, 'https://contoso-orders.documents.azure.com:443/');
    assert.ok(orders.systemData?.createdAt instanceof Date);
    assert.equal(orders.systemData.createdAt.getTime(), NOW.getTime() - 900 * DAY);
  });

  it('gets stale keys as Dates 230 days old on contoso-orders', async () => {
    const a = await cosmosClient(emu, DEMO.contosoProd).databaseAccounts.get('rg-orders', 'contoso-orders');
    const km = a.keysMetadata;
    for (const k of [km?.primaryMasterKey, km?.secondaryMasterKey, km?.primaryReadonlyMasterKey, km?.secondaryReadonlyMasterKey]) {
      assert.ok(k?.generationTime instanceof Date);
      assert.equal(k.generationTime.getTime(), NOW.getTime() - 230 * DAY);
    }
    assert.equal(a.disableLocalAuth, false);
    assert.equal(a.publicNetworkAccess, 'Enabled');
    assert.equal(a.minimalTlsVersion, 'Tls12');
  });

  it('leaves primaryMasterKey out of keysMetadata on the ChaosDB-era account, which has a notebook workspace', async () => {
    const client = cosmosClient(emu, DEMO.contosoProd);
    const a = await client.databaseAccounts.get('rg-legacy', 'contoso-legacy');
    assert.equal(a.systemData?.createdAt?.toISOString(), '2020-06-15T08:30:00.000Z');
    assert.equal(a.keysMetadata?.primaryMasterKey, undefined);
    assert.equal(a.keysMetadata?.secondaryMasterKey?.generationTime?.getTime(), NOW.getTime() - 420 * DAY);
    assert.equal(a.minimalTlsVersion, 'Tls');
    const workspaces = await collect(client.notebookWorkspaces.listByDatabaseAccount('rg-legacy', 'contoso-legacy'));
    assert.equal(workspaces.length, 1);
    assert.equal(workspaces[0]!.name, 'default');
    assert.equal(workspaces[0]!.status, 'Online');
    const ws = await client.notebookWorkspaces.get('rg-legacy', 'contoso-legacy', 'default');
    assert.equal(ws.type, 'Microsoft.DocumentDB/databaseAccounts/notebookWorkspaces');
    assert.match(ws.notebookServerEndpoint ?? '', /^https:\/\/contoso-legacy\.notebook\.eastus\.cosmos\.azure\.com/);
  });

  it('shows the healthy account\'s hardening: local auth off, private, approved endpoint, TLS 1.2, metadata writes locked', async () => {
    const a = await cosmosClient(emu, DEMO.contosoProd).databaseAccounts.get('rg-catalog', 'contoso-catalog');
    assert.equal(a.disableLocalAuth, true);
    assert.equal(a.publicNetworkAccess, 'Disabled');
    assert.equal(a.minimalTlsVersion, 'Tls12');
    assert.equal(a.disableKeyBasedMetadataWriteAccess, true);
    assert.deepEqual(a.privateEndpointConnections?.map((p) => p.privateLinkServiceConnectionState?.status), ['Approved']);
    assert.equal(a.keysMetadata?.primaryMasterKey?.generationTime?.getTime(), NOW.getTime() - 25 * DAY);
    assert.equal(a.identity?.type, 'SystemAssigned');
    assert.equal(a.backupPolicy?.type, 'Continuous');
  });

  it('serves the MongoDB account, the 0.0.0.0 IP rule and the pending private endpoint in the dev subscription', async () => {
    const accounts = await collect(cosmosClient(emu, DEMO.contosoDev).databaseAccounts.list());
    const byName = new Map(accounts.map((a) => [a.name, a]));
    const mongo = byName.get('contoso-sessions');
    assert.equal(mongo?.kind, 'MongoDB');
    assert.deepEqual(mongo.capabilities?.map((c) => c.name), ['EnableMongo']);
    assert.deepEqual(byName.get('contoso-analytics')?.ipRules?.map((r) => r.ipAddressOrRange), ['0.0.0.0', '203.0.113.0/24']);
    const inventory = byName.get('contoso-inventory');
    assert.deepEqual(inventory?.privateEndpointConnections?.map((p) => p.privateLinkServiceConnectionState?.status), ['Pending']);
    assert.equal(inventory.isVirtualNetworkFilterEnabled, true);
  });

  it('lists by resource group and matches path segments case-insensitively, as ARM does', async () => {
    const client = cosmosClient(emu, DEMO.contosoProd);
    const inGroup = await collect(client.databaseAccounts.listByResourceGroup('RG-Catalog'));
    assert.deepEqual(inGroup.map((a) => a.name), ['contoso-catalog']);
    const r = await rawRequest(emu, 'GET',
      `/SUBSCRIPTIONS/${DEMO.contosoProd}/resourcegroups/RG-ORDERS/PROVIDERS/microsoft.documentdb/DATABASEACCOUNTS/Contoso-Orders?api-version=2026-03-15`);
    assert.equal(r.status, 200);
    assert.equal((r.json as { name: string }).name, 'contoso-orders');
  });

  it('answers a notebook get on an account without a workspace with 404 NotFound and lists none', async () => {
    const client = cosmosClient(emu, DEMO.contosoProd);
    const err = await rejection(client.notebookWorkspaces.get('rg-orders', 'contoso-orders', 'default'));
    assert.ok(isRestError(err));
    assert.equal(err.statusCode, 404);
    assert.equal(err.code, 'NotFound');
    assert.deepEqual(await collect(client.notebookWorkspaces.listByDatabaseAccount('rg-orders', 'contoso-orders')), []);
  });

  it('answers notebook calls on the MongoDB account with 400 BadRequest', async () => {
    const err = await rejection(collect(cosmosClient(emu, DEMO.contosoDev).notebookWorkspaces.listByDatabaseAccount('rg-web', 'contoso-sessions')));
    assert.ok(isRestError(err));
    assert.equal(err.statusCode, 400);
    assert.equal(err.code, 'BadRequest');
  });

  it('serves a configured notebook error and a non-Online workspace status', async () => {
    const custom = await startArmEmulator({ scenario: { subscriptions: [{ subscriptionId: DEMO.contosoProd, displayName: 'x', accounts: [
      { name: 'broken', resourceGroup: 'rg', notebookWorkspace: { error: { status: 500, code: 'InternalServerError', message: 'Notebook service down' } } },
      { name: 'creating', resourceGroup: 'rg', notebookWorkspace: { status: 'Creating' } },
    ] }] } });
    try {
      const client = cosmosClient(custom, DEMO.contosoProd, { retry: { maxRetries: 0 } });
      const err = await rejection(client.notebookWorkspaces.get('rg', 'broken', 'default'));
      assert.ok(isRestError(err));
      assert.equal(err.statusCode, 500);
      assert.equal(err.code, 'InternalServerError');
      assert.equal(err.message, 'Notebook service down');
      assert.equal((await client.notebookWorkspaces.get('rg', 'creating', 'default')).status, 'Creating');
    } finally {
      await custom.close();
    }
  });

  it('lists keys and read-only keys (POST and GET) matching the emulator\'s current keys', async () => {
    const client = cosmosClient(emu, DEMO.contosoProd);
    const state = emu.account('contoso-orders');
    const keys = await client.databaseAccounts.listKeys('rg-orders', 'contoso-orders');
    assert.deepEqual(keys, {
      primaryMasterKey: state.keys.primary, secondaryMasterKey: state.keys.secondary,
      primaryReadonlyMasterKey: state.keys.primaryReadonly, secondaryReadonlyMasterKey: state.keys.secondaryReadonly,
    });
    for (const k of Object.values(keys)) assert.match(k, /^[A-Za-z0-9+/]{86}==$/);
    const expectedRo = { primaryReadonlyMasterKey: state.keys.primaryReadonly, secondaryReadonlyMasterKey: state.keys.secondaryReadonly };
    assert.deepEqual(await client.databaseAccounts.listReadOnlyKeys('rg-orders', 'contoso-orders'), expectedRo);
    assert.deepEqual(await client.databaseAccounts.getReadOnlyKeys('rg-orders', 'contoso-orders'), expectedRo);
  });

  it('generates identifiable keys (ACDb signature) by default and legacy keys where the scenario says so', () => {
    const orders = emu.account('contoso-orders').keys;
    assert.equal(orders.primary.slice(76, 80), 'ACDb');
    assert.equal(orders.primaryReadonly.slice(76, 80), 'ACDb');
    const legacy = emu.account('contoso-legacy').keys;
    assert.notEqual(legacy.primary.slice(76, 80), 'ACDb');
    assert.equal(new Set(Object.values(legacy)).size, 4);
  });

  it('serves the same keys on every start of the same scenario (seeded)', async () => {
    const second = await startArmEmulator({ scenario: 'demo' });
    try {
      assert.deepEqual(second.account('contoso-orders').keys, emu.account('contoso-orders').keys);
    } finally {
      await second.close();
    }
  });

  it('lists SQL connection strings with keyKind and type', async () => {
    const r = await cosmosClient(emu, DEMO.contosoProd).databaseAccounts.listConnectionStrings('rg-orders', 'contoso-orders');
    const keys = emu.account('contoso-orders').keys;
    assert.deepEqual(r.connectionStrings?.map((c) => [c.keyKind, c.type, c.description]), [
      ['Primary', 'Sql', 'Primary SQL Connection String'],
      ['Secondary', 'Sql', 'Secondary SQL Connection String'],
      ['PrimaryReadonly', 'Sql', 'Primary Read-Only SQL Connection String'],
      ['SecondaryReadonly', 'Sql', 'Secondary Read-Only SQL Connection String'],
    ]);
    assert.equal(r.connectionStrings?.[0]?.connectionString, `AccountEndpoint=https://contoso-orders.documents.azure.com:443/;AccountKey=${keys.primary};`);
  });

  it('lists mongodb:// connection strings for the MongoDB account, key URL-encoded', async () => {
    const r = await cosmosClient(emu, DEMO.contosoDev).databaseAccounts.listConnectionStrings('rg-web', 'contoso-sessions');
    const keys = emu.account('contoso-sessions').keys;
    assert.equal(r.connectionStrings?.length, 4);
    assert.equal(r.connectionStrings?.[1]?.type, 'MongoDB');
    assert.equal(r.connectionStrings?.[1]?.keyKind, 'Secondary');
    assert.ok(r.connectionStrings?.[1]?.connectionString?.startsWith(
      `mongodb://contoso-sessions:${encodeURIComponent(keys.secondary)}@contoso-sessions.mongo.cosmos.azure.com:10255/?ssl=true`));
  });

  it('records keys and connection strings in keyValues() and never in the request log', async () => {
    const client = cosmosClient(emu, DEMO.contosoProd);
    const keys = await client.databaseAccounts.listKeys('rg-orders', 'contoso-orders');
    const cs = await client.databaseAccounts.listConnectionStrings('rg-orders', 'contoso-orders');
    const values = new Set(emu.keyValues());
    assert.ok(values.has(keys.primaryMasterKey!));
    assert.ok(values.has(cs.connectionStrings![0]!.connectionString!));
    const log = JSON.stringify(emu.requests);
    assert.match(log, /listKeys/);
    for (const v of values) assert.ok(!log.includes(v), 'request log must not contain key material');
  });

  it('answers 404 SubscriptionNotFound, ResourceGroupNotFound and ResourceNotFound in ARM\'s wording', async () => {
    const missingSub = await rejection(collect(cosmosClient(emu, '00000000-0000-4000-8000-000000000404').databaseAccounts.list()));
    assert.ok(isRestError(missingSub));
    assert.equal(missingSub.statusCode, 404);
    assert.equal(missingSub.code, 'SubscriptionNotFound');
    const client = cosmosClient(emu, DEMO.contosoProd);
    const missingGroup = await rejection(client.databaseAccounts.get('rg-nope', 'contoso-orders'));
    assert.equal(missingGroup.code, 'ResourceGroupNotFound');
    const missingAccount = await rejection(client.databaseAccounts.get('rg-orders', 'nope'));
    assert.ok(isRestError(missingAccount));
    assert.equal(missingAccount.statusCode, 404);
    assert.equal(missingAccount.code, 'ResourceNotFound');
    assert.match(missingAccount.message, /Microsoft\.DocumentDB\/databaseAccounts\/nope' under resource group 'rg-orders' was not found/);
  });

  it('requires api-version, answers 405 for a wrong method and 404 for unknown paths, always in the ARM error shape', async () => {
    const base = `/subscriptions/${DEMO.contosoProd}/resourceGroups/rg-orders/providers/Microsoft.DocumentDB/databaseAccounts/contoso-orders`;
    const noVersion = await rawRequest(emu, 'GET', base);
    assert.equal(noVersion.status, 400);
    assert.deepEqual(Object.keys((noVersion.json as { error: object }).error), ['code', 'message']);
    assert.equal((noVersion.json as { error: { code: string } }).error.code, 'MissingApiVersionParameter');
    const wrongMethod = await rawRequest(emu, 'GET', `${base}/listKeys?api-version=2026-03-15`);
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.allow, 'POST');
    assert.equal((wrongMethod.json as { error: { code: string } }).error.code, 'MethodNotAllowed');
    const unknown = await rawRequest(emu, 'GET', `${base}/sqlDatabases?api-version=2026-03-15`);
    assert.equal(unknown.status, 404);
    assert.equal((unknown.json as { error: { code: string } }).error.code, 'NotFound');
  });

  it('lists subscriptions and tenants in the Resource Manager shapes', async () => {
    const subs = await rawRequest(emu, 'GET', '/subscriptions?api-version=2022-12-01');
    assert.equal(subs.status, 200);
    const value = (subs.json as { value: { subscriptionId: string; displayName: string; tenantId: string; state: string; id: string }[] }).value;
    assert.deepEqual(value.map((s) => s.displayName), ['Contoso Production', 'Contoso Dev/Test', 'Fabrikam Shared Services']);
    assert.equal(value[0]!.id, `/subscriptions/${DEMO.contosoProd}`);
    assert.equal(value[0]!.state, 'Enabled');
    assert.notEqual(value[0]!.tenantId, value[2]!.tenantId);
    const one = await rawRequest(emu, 'GET', `/subscriptions/${DEMO.fabrikam}?api-version=2022-12-01`);
    assert.equal((one.json as { displayName: string }).displayName, 'Fabrikam Shared Services');
    const tenants = await rawRequest(emu, 'GET', '/tenants?api-version=2022-12-01');
    assert.deepEqual((tenants.json as { value: { displayName: string }[] }).value.map((t) => t.displayName), ['Contoso', 'Fabrikam']);
  });
});

describe('ARM emulator with the real SDK: paging', () => {
  let emu: ArmEmulator;

  before(async () => {
    emu = await startArmEmulator({ scenario: 'paging' });
  });
  after(() => emu.close());

  it('follows every nextLink: 12 accounts served 5 per page arrive as 3 pages', async () => {
    const client = cosmosClient(emu, PAGING_SUBSCRIPTION);
    emu.clearRequests();
    const pages = await collect(client.databaseAccounts.list().byPage());
    assert.deepEqual(pages.map((p) => p.length), [5, 5, 2]);
    const names = pages.flat().map((a) => a.name);
    assert.equal(new Set(names).size, 12);
    assert.deepEqual(names, Array.from({ length: 12 }, (_, i) => `page-account-${String(i + 1).padStart(2, '0')}`));
    const paths = emu.requests.map((r) => r.path);
    assert.equal(paths.length, 3);
    assert.match(paths[1]!, /[?&]%24skipToken=/);
    assert.match(paths[1]!, /api-version=2026-03-15/);
  });

  it('gives absolute nextLinks on the emulator origin and pages by resource group too', async () => {
    const first = await rawRequest(emu, 'GET', `/subscriptions/${PAGING_SUBSCRIPTION}/providers/Microsoft.DocumentDB/databaseAccounts?api-version=2026-03-15`);
    const nextLink = (first.json as { nextLink?: string }).nextLink;
    assert.ok(nextLink?.startsWith(`${emu.url}/subscriptions/${PAGING_SUBSCRIPTION}/providers/Microsoft.DocumentDB/databaseAccounts?`));
    const inGroup = await collect(cosmosClient(emu, PAGING_SUBSCRIPTION).databaseAccounts.listByResourceGroup('rg-paging-a'));
    assert.equal(inGroup.length, 8);
  });

  it('pages the subscription list and rejects a forged $skipToken with 400', async () => {
    const first = await rawRequest(emu, 'GET', '/subscriptions?api-version=2022-12-01');
    const body = first.json as { value: unknown[]; nextLink: string };
    assert.equal(body.value.length, 5);
    const second = await rawRequest(emu, 'GET', body.nextLink.slice(emu.url.length));
    assert.equal((second.json as { value: unknown[]; nextLink?: string }).value.length, 1);
    assert.equal((second.json as { nextLink?: string }).nextLink, undefined);
    const forged = await rawRequest(emu, 'GET', '/subscriptions?api-version=2022-12-01&%24skipToken=not-a-token');
    assert.equal(forged.status, 400);
    assert.equal((forged.json as { error: { code: string } }).error.code, 'InvalidSkipToken');
  });

  it('serves an empty subscription as an empty list', async () => {
    const empty = await startArmEmulator({ scenario: 'empty' });
    try {
      const accounts = await collect(cosmosClient(empty, '6c8e0a2b-4d6f-4b8a-9c1e-000000000e01').databaseAccounts.list());
      assert.deepEqual(accounts, []);
    } finally {
      await empty.close();
    }
  });
});
