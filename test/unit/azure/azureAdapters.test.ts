// The small adapters of src/azure: clouds and endpoints, the SDK → snapshot mapping, error messages, the custom
// endpoint route (token, TLS, sign-in errors) and the VS Code route over a stand-in for the azureauth provider.
import '../support/fakeVscode';
import * as assert from 'node:assert/strict';
import { Environment } from '@azure/ms-rest-azure-env';
import type { AccessToken } from '@azure/core-auth';
import { startArmEmulator, type ArmEmulator } from '../../arm-emulator/armEmulator';
import { toAccountSnapshot, type SdkAccount } from '../../../src/azure/accountMapping';
import { discoverAccounts } from '../../../src/azure/accountDiscovery';
import {
  armTokenScope, AZURE_PUBLIC_CLOUD, ArmEndpointError, cloudFromEnvironment, customCloud, normaliseArmEndpoint, portalResourceUrl,
} from '../../../src/azure/armCloud';
import { describeArmFailure, isClaimsChallenge } from '../../../src/azure/armFailure';
import { CosmosClientFactory } from '../../../src/azure/cosmosClientFactory';
import { CustomEndpointProvider, SubscriptionListingError } from '../../../src/azure/customEndpointProvider';
import { VSCodeSubscriptionProvider } from '../../../src/azure/vscodeSubscriptionProvider';
import { evaluatePosture, type AccountSnapshot } from '../../../src/core/posture';
import { DEMO } from './support/emulatorHarness';
import { emulatorSubscriptions, FAST_RETRY, testFactory } from './support/discoveryHarness';

const ID = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg1/providers/Microsoft.DocumentDB/databaseAccounts/ddb1';

describe('ARM clouds and endpoints', () => {
  it('takes endpoint, token scope and portal from the subscription\'s environment (sovereign clouds)', () => {
    const china = cloudFromEnvironment(Environment.ChinaCloud);
    assert.deepEqual(china, { name: 'AzureChinaCloud', resourceManagerEndpoint: 'https://management.chinacloudapi.cn', portalUrl: 'https://portal.azure.cn',
      keyVaultDnsSuffix: 'vault.azure.cn', logAnalyticsEndpoint: 'https://api.loganalytics.azure.cn' });
    assert.equal(armTokenScope(china), 'https://management.chinacloudapi.cn/.default');
    const usgov = cloudFromEnvironment(Environment.USGovernment);
    assert.equal(armTokenScope(usgov), 'https://management.usgovcloudapi.net/.default');
    assert.equal(usgov.logAnalyticsEndpoint, 'https://api.loganalytics.us');
    assert.equal(cloudFromEnvironment(Environment.AzureCloud).logAnalyticsEndpoint, 'https://api.loganalytics.io');
    assert.equal(cloudFromEnvironment({ ...Environment.AzureCloud, name: 'Stack', resourceManagerEndpointUrl: 'https://management.local.azurestack.external' })
      .logAnalyticsEndpoint, undefined, 'unknown for a custom cloud');
    assert.equal(usgov.portalUrl, 'https://portal.azure.us');
    assert.equal(usgov.keyVaultDnsSuffix, 'vault.usgovcloudapi.net');
    assert.equal(cloudFromEnvironment(Environment.AzureCloud).keyVaultDnsSuffix, 'vault.azure.net');
    // Public cloud: the environment's endpoint has a trailing slash; the scope must not get a double one.
    assert.equal(armTokenScope(cloudFromEnvironment(Environment.AzureCloud)), 'https://management.azure.com/.default');
    assert.equal(cloudFromEnvironment(Environment.GermanCloud).portalUrl, 'https://portal.microsoftazure.de');
  });

  it('accepts only https endpoints without credentials, query or fragment', () => {
    assert.equal(normaliseArmEndpoint(' https://localhost:8443/ '), 'https://localhost:8443');
    assert.equal(normaliseArmEndpoint('https://arm.contoso.example/proxy/'), 'https://arm.contoso.example/proxy');
    assert.throws(() => normaliseArmEndpoint('http://localhost:8443'), (e: Error) => e instanceof ArmEndpointError && /must use https:\/\//.test(e.message));
    assert.throws(() => normaliseArmEndpoint('https://user:pw@localhost'), /user name or password/);
    assert.throws(() => normaliseArmEndpoint('https://localhost/?x=1'), /query string or fragment/);
    assert.throws(() => normaliseArmEndpoint('localhost:8443'), /must use https|not a URL/);
    assert.throws(() => customCloud('ftp://x'), ArmEndpointError);
  });

  it('links a resource in its own portal and directory', () => {
    assert.equal(portalResourceUrl(AZURE_PUBLIC_CLOUD, 'c0de0001-7e4a-4c2a-9b1e-3f5a7c9e1b2d', ID),
      `https://portal.azure.com/#@c0de0001-7e4a-4c2a-9b1e-3f5a7c9e1b2d/resource${ID}/overview`);
    assert.equal(portalResourceUrl(cloudFromEnvironment(Environment.ChinaCloud), undefined, ID), `https://portal.azure.cn/#/resource${ID}/overview`);
  });
});

describe('SDK account → posture snapshot', () => {
  const base: SdkAccount = {
    id: ID, name: 'ddb1', location: 'West US', kind: 'GlobalDocumentDB',
    systemData: { createdAt: new Date('2021-03-12T22:05:09Z') },
    keysMetadata: { primaryMasterKey: { generationTime: new Date('2022-02-25T20:30:11Z') }, secondaryMasterKey: {},
      primaryReadonlyMasterKey: { generationTime: new Date('2022-02-25T20:30:11Z') }, secondaryReadonlyMasterKey: { generationTime: new Date('2022-02-25T20:30:11Z') } },
    disableLocalAuth: false, publicNetworkAccess: 'Enabled', ipRules: [{ ipAddressOrRange: '23.43.230.120' }],
    isVirtualNetworkFilterEnabled: false, virtualNetworkRules: [],
    privateEndpointConnections: [{ privateLinkServiceConnectionState: { status: 'Approved' } }, { }],
    disableKeyBasedMetadataWriteAccess: false, minimalTlsVersion: 'Tls', documentEndpoint: 'https://ddb1.documents.azure.com:443/',
  };

  it('maps the flattened v17 fields, Dates to ISO strings, and ids to subscription and resource group', () => {
    const s = toAccountSnapshot(base, 'present');
    assert.deepEqual(s, {
      id: ID, name: 'ddb1', subscriptionId: '00000000-1111-2222-3333-444444444444', resourceGroup: 'rg1', location: 'West US',
      kind: 'GlobalDocumentDB', capabilities: [], createdAt: '2021-03-12T22:05:09.000Z', documentEndpoint: 'https://ddb1.documents.azure.com:443/',
      keysMetadata: { primaryMasterKey: '2022-02-25T20:30:11.000Z', primaryReadonlyMasterKey: '2022-02-25T20:30:11.000Z',
        secondaryReadonlyMasterKey: '2022-02-25T20:30:11.000Z' },
      disableLocalAuth: false, publicNetworkAccess: 'Enabled', ipRules: ['23.43.230.120'], isVirtualNetworkFilterEnabled: false,
      virtualNetworkRuleCount: 0, privateEndpointStatuses: ['Approved', 'Unknown'], disableKeyBasedMetadataWriteAccess: false,
      minimalTlsVersion: 'Tls', notebookWorkspace: 'present',
    } satisfies AccountSnapshot);
  });

  it('folds the legacy ipRangeFilter into ipRules (so 0.0.0.0 there still counts), without duplicates', () => {
    const s = toAccountSnapshot({ ...base, ipRules: [{ ipAddressOrRange: '23.43.230.120' }], ipRangeFilter: '23.43.230.120, 0.0.0.0,,104.42.195.92' });
    assert.deepEqual(s.ipRules, ['23.43.230.120', '0.0.0.0', '104.42.195.92']);
    assert.ok(evaluatePosture(s, { now: Date.UTC(2026, 0, 1) }).some((f) => f.rule === 'azure-datacenters-allowed'));
  });

  it('defaults the kind to GlobalDocumentDB, keeps MongoDB, and leaves out what ARM did not say', () => {
    const bare = toAccountSnapshot({ id: ID });
    assert.equal(bare.kind, 'GlobalDocumentDB');
    assert.equal(bare.name, 'ddb1');
    assert.equal(bare.createdAt, undefined);
    assert.deepEqual(bare.keysMetadata, {});
    assert.ok(!('disableLocalAuth' in bare) && !('minimalTlsVersion' in bare) && !('keyVaultKeyUri' in bare));
    assert.equal(bare.notebookWorkspace, 'not-checked');
    assert.equal(toAccountSnapshot({ id: ID, kind: 'mongodb', capabilities: [{ name: 'EnableMongo' }, {}] }).kind, 'MongoDB');
    assert.deepEqual(toAccountSnapshot({ id: ID, capabilities: [{ name: 'EnableMongo' }, {}] }).capabilities, ['EnableMongo']);
  });

  it('refuses an account without a usable resource id', () => {
    assert.throws(() => toAccountSnapshot({ name: 'x' }), /Not a Cosmos DB account resource id/);
    assert.throws(() => toAccountSnapshot({ id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x' }), /Not a Cosmos DB/);
  });
});

describe('ARM failure messages', () => {
  const op = { kind: 'listAccounts', subscriptionId: 'sub-1' } as const;
  const restError = (statusCode: number | undefined, code: string, headers: Record<string, string> = {}) => Object.assign(new Error('Pagination failed'), {
    name: 'RestError', statusCode, code, request: { url: 'https://management.azure.com/subscriptions/sub-1/providers/x' },
    response: { headers: { get: (n: string) => headers[n.toLowerCase()] } },
  });

  it('names the host, the status and ARM\'s code, and what to do', () => {
    assert.equal(describeArmFailure(restError(404, 'SubscriptionNotFound'), op).message,
      'Subscription sub-1 was not found (404 SubscriptionNotFound): it may have been deleted, moved to another directory, or belong to another cloud.');
    assert.equal(describeArmFailure(restError(403, 'RequestDisallowedByPolicy'), op).message,
      'Azure refused to list the Cosmos DB accounts of subscription sub-1 (403 RequestDisallowedByPolicy); a policy or a disabled subscription can cause this.');
    assert.equal(describeArmFailure(restError(409, 'Conflict'), op).kind, 'other');
    assert.equal(describeArmFailure(restError(undefined, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'), op).kind, 'tls');
    assert.equal(describeArmFailure(Object.assign(new Error('no az'), { name: 'CredentialUnavailableError' }), op).message,
      'Could not get an Azure token to list the Cosmos DB accounts of subscription sub-1: no az');
    assert.equal(describeArmFailure(restError(401, 'InvalidAuthenticationToken', { 'x-ms-request-id': 'rid-1' }), op).requestId, 'rid-1');
  });

  it('tells a claims challenge from a plain 401', () => {
    assert.equal(isClaimsChallenge('Bearer error="insufficient_claims", claims="e30="'), true);
    assert.equal(isClaimsChallenge('Bearer authorization_uri="https://login", error="invalid_token"'), false);
    assert.equal(isClaimsChallenge(undefined), false);
  });

  it('masks key material that reaches a message', () => {
    const key = `${'A'.repeat(86)}==`;
    const m = describeArmFailure(new Error(`boom AccountKey=${key};`), op).message;
    assert.ok(!m.includes(key), m);
  });
});

describe('the custom ARM endpoint route', () => {
  let emu: ArmEmulator;
  before(async () => {
    emu = await startArmEmulator({ scenario: 'demo' });
  });
  after(() => emu.close());

  it('refuses to run without a static token, and says where the token comes from', async () => {
    const provider = new CustomEndpointProvider(emu.url, undefined, testFactory(emu));
    await assert.rejects(provider.listSubscriptions({ filtered: true }),
      /needs a bearer token in the COSMOS_GUARD_ARM_TOKEN environment variable .* never sends your Microsoft sign-in to a custom endpoint/);
    assert.equal(await provider.signIn(), false);
  });

  it('refuses an http:// endpoint before any request', () => {
    assert.throws(() => new CustomEndpointProvider(emu.url.replace('https:', 'http:'), emu.token, testFactory(emu)), ArmEndpointError);
  });

  it('reports a wrong token as one listing failure with the reason', async () => {
    const error = await new CustomEndpointProvider(emu.url, 'wrong-token', testFactory(emu)).listSubscriptions({ filtered: true }).then(
      () => assert.fail('listing should fail'), (e: unknown) => e);
    assert.ok(error instanceof SubscriptionListingError);
    assert.equal(error.failure.kind, 'unauthenticated');
    assert.equal(error.failure.statusCode, 401);
    assert.match(error.message, new RegExp(`did not accept the sign-in to list subscriptions at ${emu.url.replace(/[.]/g, '\\.')} \\(401 InvalidAuthenticationToken\\)`));
  });

  it('reports an untrusted certificate with the NODE_EXTRA_CA_CERTS hint (this process does not trust the emulator CA)', async () => {
    const untrusting = new CosmosClientFactory({ userAgentPrefix: 'cosmos-guard-test/0', retryOptions: FAST_RETRY });
    const error = await new CustomEndpointProvider(emu.url, emu.token, untrusting).listSubscriptions({ filtered: true }).then(
      () => assert.fail('listing should fail'), (e: unknown) => e);
    assert.ok(error instanceof SubscriptionListingError);
    assert.equal(error.failure.kind, 'tls');
    assert.match(error.message, /TLS certificate of localhost:\d+ is not trusted \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\).*NODE_EXTRA_CA_CERTS/);
  });

  it('asks the credential for the custom cloud\'s own scope, not public Azure\'s', async () => {
    const scopes: string[][] = [];
    const subs = await emulatorSubscriptions(emu);
    const recording = subs.map((s) => ({ ...s, credential: { getToken: (sc: string | string[]): Promise<AccessToken> => {
      scopes.push([sc].flat());
      return Promise.resolve({ token: emu.token, expiresOnTimestamp: Date.now() + 3_600_000 });
    } } }));
    const result = await discoverAccounts(recording.filter((s) => s.subscriptionId === DEMO.fabrikam), { clientFactory: testFactory(emu) });
    assert.equal(result.subscriptions[0]?.status, 'ok');
    assert.deepEqual([...new Set(scopes.map((s) => s.join(' ')))], [`${emu.url}/.default`]);
  });
});

describe('the VS Code sign-in route (over a stand-in for the azureauth provider)', () => {
  const account = { id: 'acct-1', label: 'someone@contoso.com' };
  const credential = { getToken: () => Promise.resolve({ token: 't', expiresOnTimestamp: 0 }) };
  const challenges: unknown[] = [];
  const sub = (subscriptionId: string, name: string, tenantId: string, environment: Environment) => ({
    subscriptionId, name, tenantId, environment, credential, account, isCustomCloud: false,
    authentication: { getSession: () => undefined, getSessionWithScopes: (request: unknown) => { challenges.push(request); return { accessToken: 'new' }; } },
  });

  function fake(signedIn: boolean) {
    const calls: unknown[] = [];
    return {
      calls,
      isSignedIn: (tenantId?: string) => Promise.resolve(signedIn && tenantId !== 'tenant-mfa'),
      getSubscriptions: (filter: unknown) => {
        calls.push(filter);
        return Promise.resolve([
          sub('s-2', 'Beta', 'tenant-a', Environment.AzureCloud), sub('s-1', 'Alpha', 'tenant-cn', Environment.ChinaCloud),
          sub('s-2', 'Beta', 'tenant-a', Environment.AzureCloud),
        ]);
      },
      getTenants: () => Promise.resolve([
        { tenantId: 'tenant-a', displayName: 'Contoso', account }, { tenantId: 'tenant-cn', displayName: 'Contoso China', account },
        { tenantId: 'tenant-mfa', displayName: 'Fabrikam', defaultDomain: 'fabrikam.onmicrosoft.com', account },
      ]),
      signIn: () => Promise.resolve(true),
      signOut: () => Promise.resolve(),
      onDidSignIn: () => ({ dispose: () => undefined }),
      onDidSignOut: () => ({ dispose: () => undefined }),
    };
  }

  it('is signed out when VS Code has no Microsoft session', async () => {
    const provider = new VSCodeSubscriptionProvider(fake(false) as never);
    assert.deepEqual(await provider.listSubscriptions({ filtered: true }), { kind: 'signedOut' });
  });

  it('keeps one entry per subscription, each with its own cloud, names tenants, and lists tenants that need a sign-in', async () => {
    const inner = fake(true);
    const listing = await new VSCodeSubscriptionProvider(inner as never).listSubscriptions({ filtered: true });
    assert.equal(listing.kind, 'subscriptions');
    if (listing.kind !== 'subscriptions') return;
    assert.deepEqual(inner.calls, [true], 'the shared Azure Resources filter is applied');
    assert.deepEqual(listing.subscriptions.map((s) => [s.subscriptionId, s.tenantName, s.cloud.resourceManagerEndpoint]),
      [['s-2', 'Contoso', 'https://management.azure.com'], ['s-1', 'Contoso China', 'https://management.chinacloudapi.cn']]);
    assert.deepEqual(listing.tenantsNeedingSignIn, [{ tenantId: 'tenant-mfa', displayName: 'Fabrikam', accountLabel: 'someone@contoso.com',
      defaultDomain: 'fabrikam.onmicrosoft.com' }]);
    assert.equal(await listing.subscriptions[1]!.answerChallenge!('Bearer claims="x"'), true);
    assert.deepEqual(challenges, [{ wwwAuthenticate: 'Bearer claims="x"', fallbackScopes: ['https://management.chinacloudapi.cn/.default'] }]);
  });
});
