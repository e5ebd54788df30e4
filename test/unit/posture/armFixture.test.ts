// End to end on the official DatabaseAccounts_Get example: map the ARM JSON into a snapshot by hand (the real
// SDK mapping will live in src/azure/) and check what posture says about a realistic account.
import * as assert from 'node:assert/strict';
import {
  evaluatePosture, keyAges, notebookStateFromList, parseAccountId, resourceGroupOf, shouldLookUpNotebookWorkspace,
  type AccountKind, type AccountSnapshot, type NotebookWorkspaceState,
} from '../../../src/core/posture';
import accountGet from './fixtures/CosmosDBDatabaseAccountGet.json';
import notebookList from './fixtures/CosmosDBNotebookWorkspaceList.json';
import { NOW } from './postureTestKit';

interface ArmAccount {
  id: string; name: string; location: string; kind?: string;
  systemData?: { createdAt?: string };
  properties: {
    documentEndpoint?: string; capabilities?: { name?: string }[];
    keysMetadata?: Partial<Record<'primaryMasterKey' | 'secondaryMasterKey' | 'primaryReadonlyMasterKey' | 'secondaryReadonlyMasterKey', { generationTime?: string }>>;
    disableLocalAuth?: boolean; publicNetworkAccess?: string; ipRules?: { ipAddressOrRange?: string }[];
    isVirtualNetworkFilterEnabled?: boolean; virtualNetworkRules?: unknown[];
    privateEndpointConnections?: { properties?: { privateLinkServiceConnectionState?: { status?: string } } }[];
    disableKeyBasedMetadataWriteAccess?: boolean; minimalTlsVersion?: string; keyVaultKeyUri?: string;
  };
}

function snapshotOf(body: ArmAccount, notebookWorkspace: NotebookWorkspaceState = 'not-checked'): AccountSnapshot {
  const p = body.properties;
  const km = p.keysMetadata ?? {};
  return {
    id: body.id,
    name: body.name,
    subscriptionId: parseAccountId(body.id).subscriptionId,
    resourceGroup: resourceGroupOf(body.id)!,
    location: body.location,
    kind: (body.kind ?? 'GlobalDocumentDB') as AccountKind,
    capabilities: (p.capabilities ?? []).map((c) => c.name ?? '').filter(Boolean),
    ...(body.systemData?.createdAt ? { createdAt: body.systemData.createdAt } : {}),
    ...(p.documentEndpoint ? { documentEndpoint: p.documentEndpoint } : {}),
    keysMetadata: {
      primaryMasterKey: km.primaryMasterKey?.generationTime,
      secondaryMasterKey: km.secondaryMasterKey?.generationTime,
      primaryReadonlyMasterKey: km.primaryReadonlyMasterKey?.generationTime,
      secondaryReadonlyMasterKey: km.secondaryReadonlyMasterKey?.generationTime,
    },
    disableLocalAuth: p.disableLocalAuth,
    publicNetworkAccess: p.publicNetworkAccess,
    ipRules: (p.ipRules ?? []).map((r) => r.ipAddressOrRange ?? '').filter(Boolean),
    isVirtualNetworkFilterEnabled: p.isVirtualNetworkFilterEnabled,
    virtualNetworkRuleCount: (p.virtualNetworkRules ?? []).length,
    privateEndpointStatuses: (p.privateEndpointConnections ?? []).map((c) => c.properties?.privateLinkServiceConnectionState?.status ?? 'Unknown'),
    disableKeyBasedMetadataWriteAccess: p.disableKeyBasedMetadataWriteAccess,
    minimalTlsVersion: p.minimalTlsVersion,
    keyVaultKeyUri: p.keyVaultKeyUri,
    notebookWorkspace,
  };
}

const body = accountGet.responses['200'].body as ArmAccount;
const withProperties = (props: Partial<ArmAccount['properties']>): ArmAccount => ({ ...body, properties: { ...body.properties, ...props } });
const summary = (s: AccountSnapshot): [string, string][] => evaluatePosture(s, { now: NOW }).map((f) => [f.rule, f.severity]);

describe('posture on the DatabaseAccounts_Get example (ddb1)', () => {
  const ddb1 = snapshotOf(body);

  it('maps the example as expected', () => {
    assert.equal(ddb1.subscriptionId, 'subid');
    assert.equal(ddb1.resourceGroup, 'rg1');
    assert.equal(ddb1.createdAt, undefined);
    assert.deepEqual(ddb1.privateEndpointStatuses, ['Approved']);
    assert.deepEqual(keyAges(ddb1, NOW).map((k) => k.ageDays), [1419, 1419, 1419, 1419]);
  });

  it('as published: stale keys and key auth (high), TLS 1.0 (medium), public access and metadata writes (low)', () => {
    assert.deepEqual(summary(ddb1), [
      ['stale-keys', 'high'], ['local-auth-enabled', 'high'], ['tls-below-1-2', 'medium'], ['public-network-access', 'low'], ['metadata-write-by-key', 'low'],
    ]);
    const stale = evaluatePosture(ddb1, { now: NOW })[0]!;
    assert.equal(stale.message, 'Keys not rotated in 60+ days: primary 1419 days, secondary 1419 days, primary read-only 1419 days, secondary read-only 1419 days.');
  });

  it('the approved private endpoint keeps it from counting as open; the same account without it is open', () => {
    assert.deepEqual(summary(snapshotOf(withProperties({ privateEndpointConnections: [] }))).map(([r]) => r).includes('open-network'), true);
    const pending = withProperties({ privateEndpointConnections: [{ properties: { privateLinkServiceConnectionState: { status: 'Pending' } } }] });
    assert.deepEqual(evaluatePosture(snapshotOf(pending), { now: NOW }).find((f) => f.rule === 'open-network')?.severity, 'high');
  });

  it('needs a notebook lookup (NoSQL, creation date unknown), and the List example means a workspace is present', () => {
    assert.equal(shouldLookUpNotebookWorkspace(ddb1), true);
    const state = notebookStateFromList(notebookList.responses['200'].body.value.length);
    assert.equal(state, 'present');
    // The primary key has a generation time, so this is not a ChaosDB-era key: medium.
    assert.deepEqual(summary(snapshotOf(body, state)).find(([r]) => r === 'notebook-workspace'), ['notebook-workspace', 'medium']);
  });

  it('hardened variant: only what is left to fix', () => {
    const hardened = snapshotOf(withProperties({
      disableLocalAuth: true, publicNetworkAccess: 'Disabled', disableKeyBasedMetadataWriteAccess: true, minimalTlsVersion: 'Tls12',
    }));
    assert.deepEqual(summary(hardened), [['stale-keys', 'medium']]);
  });

  it('rotated today: nothing at all', () => {
    const today = new Date(NOW).toISOString();
    const rotated = snapshotOf(withProperties({
      disableLocalAuth: true, publicNetworkAccess: 'Disabled', disableKeyBasedMetadataWriteAccess: true, minimalTlsVersion: 'Tls12',
      keysMetadata: { primaryMasterKey: { generationTime: today }, secondaryMasterKey: { generationTime: today },
        primaryReadonlyMasterKey: { generationTime: today }, secondaryReadonlyMasterKey: { generationTime: today } },
    }));
    assert.deepEqual(summary(rotated), []);
  });

  it('a pre-2022-06-18 primary key on the example account is a ChaosDB-era key', () => {
    const old = snapshotOf({ ...withProperties({ keysMetadata: { ...body.properties.keysMetadata, primaryMasterKey: {} } }), systemData: { createdAt: '2021-03-12T22:05:09Z' } }, 'present');
    assert.deepEqual(summary(old).slice(0, 4), [['stale-keys', 'high'], ['chaosdb-primary-key', 'high'], ['notebook-workspace', 'high'], ['local-auth-enabled', 'high']]);
  });
});
