// JSON bodies in the shapes of the official ARM examples (api-version 2026-03-15, see
// shared/fixtures/arm-examples): database accounts, notebook workspaces, keys, connection strings, operation
// status, subscriptions, tenants, and the ARM error envelope.
import { isMongo, type AccountState, type EmulatorState, type OperationState, type SubscriptionState } from './emulatorState';
import type { KeyKind, TenantSpec } from './scenario';

export const API_VERSION = '2026-03-15';
/** The api-version that adds `keysMetadata.<key>.approximateLastUsageTime` (Microsoft's "safe key rotation" preview). */
export const KEY_USAGE_API_VERSION = '2026-04-01-preview';

export type Json = Record<string, unknown>;

export interface ArmError {
  readonly code: string;
  readonly message: string;
}

export function errorBody(code: string, message: string): Json {
  return { error: { code, message } };
}

const KEYS_METADATA_NAMES: Readonly<Record<KeyKind, string>> = {
  primary: 'primaryMasterKey',
  secondary: 'secondaryMasterKey',
  primaryReadonly: 'primaryReadonlyMasterKey',
  secondaryReadonly: 'secondaryReadonlyMasterKey',
};

function iso(d: Date): string {
  // ARM writes whole seconds without a fraction when there is none ("2022-02-25T20:30:11Z").
  return d.toISOString().replace('.000Z', 'Z');
}

function regionEntry(a: AccountState): Json {
  return {
    id: `${a.name}-${a.locationSlug}`,
    locationName: a.location,
    documentEndpoint: `https://${a.name}-${a.locationSlug}.documents.azure.com:443/`,
    provisioningState: 'Succeeded',
    failoverPriority: 0,
    isZoneRedundant: false,
  };
}

/** The account as ARM returns it; `apiVersion` 2026-04-01-preview adds each key's last use (where the scenario reports it). */
export function accountResource(a: AccountState, apiVersion = API_VERSION): Json {
  const reportsUsage = apiVersion === KEY_USAGE_API_VERSION;
  const keysMetadata: Json = {};
  for (const [kind, name] of Object.entries(KEYS_METADATA_NAMES) as [KeyKind, string][]) {
    const when = a.keysMetadata[kind];
    const used = reportsUsage ? a.keysLastUsed[kind] : undefined;
    if (!when && used === undefined) continue;
    keysMetadata[name] = {
      ...(when ? { generationTime: iso(when) } : {}),
      ...(used === undefined ? {} : { approximateLastUsageTime: used === null ? null : iso(used) }),
    };
  }
  const privateEndpointConnections = (a.spec.privateEndpoints ?? []).map((pe) => ({
    id: `${a.id}/privateEndpointConnections/${pe.name}`,
    properties: {
      privateEndpoint: { id: `/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/Microsoft.Network/privateEndpoints/${pe.name}` },
      privateLinkServiceConnectionState: {
        status: pe.status,
        actionsRequired: 'None',
        description: pe.status === 'Approved' ? 'Auto-Approved' : pe.status === 'Pending' ? 'Awaiting approval' : '',
      },
      groupId: isMongo(a) ? 'MongoDB' : 'Sql',
      provisioningState: 'Succeeded',
    },
  }));
  const mongo = isMongo(a);
  const properties: Json = {
    provisioningState: 'Succeeded',
    documentEndpoint: `https://${a.name}.documents.azure.com:443/`,
    ...(mongo ? { mongoEndpoint: `https://${a.name}.mongo.cosmos.azure.com:443/` } : {}),
    ipRules: [],
    isVirtualNetworkFilterEnabled: false,
    virtualNetworkRules: [],
    databaseAccountOfferType: 'Standard',
    disableKeyBasedMetadataWriteAccess: false,
    defaultIdentity: 'FirstPartyIdentity',
    consistencyPolicy: { defaultConsistencyLevel: 'Session', maxIntervalInSeconds: 5, maxStalenessPrefix: 100 },
    writeLocations: [regionEntry(a)],
    readLocations: [regionEntry(a)],
    locations: [regionEntry(a)],
    failoverPolicies: [{ id: `${a.name}-${a.locationSlug}`, locationName: a.location, failoverPriority: 0 }],
    privateEndpointConnections,
    cors: [],
    capabilities: a.capabilities.map((name) => ({ name })),
    enableAutomaticFailover: false,
    enableMultipleWriteLocations: false,
    enableFreeTier: false,
    apiProperties: mongo ? { serverVersion: '4.2' } : {},
    enableAnalyticalStorage: false,
    analyticalStorageConfiguration: { schemaType: 'WellDefined' },
    enableBurstCapacity: false,
    enablePriorityBasedExecution: false,
    defaultPriorityLevel: 'High',
    enablePerRegionPerPartitionAutoscale: false,
    enablePartitionMerge: false,
    enforceHierarchicalPartitionKeyIdLastLevel: false,
    instanceId: a.instanceId,
    createMode: 'Default',
    backupPolicy: {
      type: 'Periodic',
      periodicModeProperties: { backupIntervalInMinutes: 240, backupRetentionIntervalInHours: 8, backupStorageRedundancy: 'Geo' },
    },
    networkAclBypass: 'None',
    networkAclBypassResourceIds: [],
    publicNetworkAccess: 'Enabled',
    disableLocalAuth: false,
    keysMetadata,
    minimalTlsVersion: 'Tls12',
    ...(a.spec.properties ?? {}),
    ...a.keyless.properties,
  };
  return {
    id: a.id,
    name: a.name,
    location: a.location,
    type: 'Microsoft.DocumentDB/databaseAccounts',
    kind: a.kind,
    tags: { ...(a.spec.tags ?? {}) },
    ...(a.createdAt ? { systemData: { createdAt: iso(a.createdAt) } } : {}),
    identity: a.spec.identity ?? { type: 'None' },
    properties,
  };
}

export function notebookWorkspaceResource(a: AccountState, status: string): Json {
  return {
    id: `${a.id}/notebookWorkspaces/default`,
    name: 'default',
    type: 'Microsoft.DocumentDB/databaseAccounts/notebookWorkspaces',
    properties: {
      notebookServerEndpoint: `https://${a.name}.notebook.${a.locationSlug}.cosmos.azure.com:443/`,
      status,
    },
  };
}

export function listKeysBody(a: AccountState): Json {
  return {
    primaryMasterKey: a.keys.primary,
    secondaryMasterKey: a.keys.secondary,
    primaryReadonlyMasterKey: a.keys.primaryReadonly,
    secondaryReadonlyMasterKey: a.keys.secondaryReadonly,
  };
}

export function readOnlyKeysBody(a: AccountState): Json {
  return { primaryReadonlyMasterKey: a.keys.primaryReadonly, secondaryReadonlyMasterKey: a.keys.secondaryReadonly };
}

export function connectionStringsBody(state: EmulatorState, a: AccountState): Json {
  return { connectionStrings: state.connectionStrings(a) };
}

export function operationPath(op: OperationState, kind: 'operationsStatus' | 'operationResults'): string {
  return `/subscriptions/${op.subscriptionId}/providers/Microsoft.DocumentDB/locations/${op.locationSlug}/${kind}/${op.id}`;
}

export function operationStatusBody(op: OperationState): Json {
  return {
    id: operationPath(op, 'operationsStatus'),
    name: op.id,
    status: op.status,
    startTime: iso(op.startTime),
    ...(op.endTime ? { endTime: iso(op.endTime) } : {}),
    ...(op.status === 'Failed' && op.error ? { error: { code: op.error.code, message: op.error.message } } : {}),
  };
}

export function subscriptionResource(s: SubscriptionState): Json {
  return {
    id: `/subscriptions/${s.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: s.subscriptionId,
    tenantId: s.tenantId,
    displayName: s.spec.displayName,
    state: s.spec.state ?? 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  };
}

export function tenantResource(t: TenantSpec): Json {
  const domain = t.defaultDomain ?? `${t.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '')}.onmicrosoft.com`;
  return {
    id: `/tenants/${t.tenantId}`,
    tenantId: t.tenantId,
    tenantCategory: 'Home',
    countryCode: 'US',
    displayName: t.displayName,
    domains: [domain],
    defaultDomain: domain,
    tenantType: 'AAD',
  };
}
