// Account (as the SDK types it, or as ARM's JSON) → core snapshot. The snapshot is what the posture rules read; the
// SDK type never leaves src/azure.
import type { DatabaseAccountGetResults } from '@azure/arm-cosmosdb';
import {
  KEY_NAMES, parseAccountId, type AccountKind, type AccountSnapshot, type KeyName, type KeysLastUsed, type NotebookWorkspaceState,
} from '../core/posture';

/**
 * An account as `databaseAccounts.list`/`get` return it. `ipRangeFilter` is the pre-2019 comma-separated form of
 * the IP firewall: api-version 2026-03-15 no longer returns it and the SDK's deserializer would drop it, but Azure
 * Policy still reads it, so a caller holding an older or raw shape can pass it and it is folded into `ipRules`.
 */
export type SdkAccount = DatabaseAccountGetResults & { readonly ipRangeFilter?: string };

const KINDS: readonly AccountKind[] = ['GlobalDocumentDB', 'MongoDB', 'Parse'];

function kindOf(kind: string | undefined): AccountKind {
  // ARM's default kind; an unknown future kind is treated as NoSQL, and its capabilities still tell the API.
  return KINDS.find((k) => k.toLowerCase() === (kind ?? '').trim().toLowerCase()) ?? 'GlobalDocumentDB';
}

/** ISO 8601 from the SDK's `Date` (or a raw string); `undefined` for anything unusable. */
function instant(value: Date | string | undefined): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function ipRulesOf(account: SdkAccount): string[] {
  const rules = (account.ipRules ?? []).map((r) => r.ipAddressOrRange?.trim() ?? '').filter(Boolean);
  const legacy = (account.ipRangeFilter ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  return [...new Set([...rules, ...legacy])];
}

/**
 * Maps one account. Throws (an `InvalidAccountIdError`) when the account has no usable resource id, which the
 * discovery reports as an account it could not read.
 */
export function toAccountSnapshot(account: SdkAccount, notebookWorkspace: NotebookWorkspaceState = 'not-checked'): AccountSnapshot {
  const { subscriptionId, resourceGroup, accountName } = parseAccountId(account.id ?? '');
  const km = account.keysMetadata;
  const keysMetadata: Partial<Record<KeyName, string>> = {};
  const put = (key: KeyName, at: Date | undefined) => {
    const value = instant(at);
    if (value !== undefined) keysMetadata[key] = value;
  };
  put('primaryMasterKey', km?.primaryMasterKey?.generationTime);
  put('secondaryMasterKey', km?.secondaryMasterKey?.generationTime);
  put('primaryReadonlyMasterKey', km?.primaryReadonlyMasterKey?.generationTime);
  put('secondaryReadonlyMasterKey', km?.secondaryReadonlyMasterKey?.generationTime);
  const createdAt = instant(account.systemData?.createdAt);
  return {
    id: account.id!,
    name: account.name ?? accountName,
    subscriptionId,
    resourceGroup,
    location: account.location ?? '',
    kind: kindOf(account.kind),
    capabilities: (account.capabilities ?? []).map((c) => c.name?.trim() ?? '').filter(Boolean),
    ...(createdAt === undefined ? {} : { createdAt }),
    ...(account.documentEndpoint ? { documentEndpoint: account.documentEndpoint } : {}),
    keysMetadata,
    ...(account.disableLocalAuth === undefined ? {} : { disableLocalAuth: account.disableLocalAuth }),
    ...(account.publicNetworkAccess === undefined ? {} : { publicNetworkAccess: account.publicNetworkAccess }),
    ipRules: ipRulesOf(account),
    ...(account.isVirtualNetworkFilterEnabled === undefined ? {} : { isVirtualNetworkFilterEnabled: account.isVirtualNetworkFilterEnabled }),
    virtualNetworkRuleCount: (account.virtualNetworkRules ?? []).length,
    privateEndpointStatuses: (account.privateEndpointConnections ?? []).map((c) => c.privateLinkServiceConnectionState?.status ?? 'Unknown'),
    ...(account.disableKeyBasedMetadataWriteAccess === undefined ? {} : { disableKeyBasedMetadataWriteAccess: account.disableKeyBasedMetadataWriteAccess }),
    ...(account.minimalTlsVersion === undefined ? {} : { minimalTlsVersion: account.minimalTlsVersion }),
    ...(account.keyVaultKeyUri ? { keyVaultKeyUri: account.keyVaultKeyUri } : {}),
    notebookWorkspace,
  };
}

type Json = Record<string, unknown>;
const record = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Json : undefined);

/**
 * `keysMetadata.<key>.approximateLastUsageTime` of each key that carries the field: the instant, or null for "no
 * use". Keys without the field are left out ("not reported").
 */
function lastUsedOf(keysMetadata: unknown): KeysLastUsed {
  const km = record(keysMetadata);
  const out: Partial<Record<KeyName, string | null>> = {};
  for (const key of KEY_NAMES) {
    const entry = record(km?.[key]);
    if (!entry || !('approximateLastUsageTime' in entry)) continue;
    const value = entry.approximateLastUsageTime;
    if (value === null) out[key] = null;
    else if (typeof value === 'string' && value.trim()) {
      const parsed = new Date(value.trim());
      // An unreadable time is kept as written: the core reads it as "not reported", not as a use.
      out[key] = Number.isNaN(parsed.getTime()) ? value.trim().slice(0, 64) : parsed.toISOString();
    }
  }
  return out;
}

/**
 * Maps one account from ARM's JSON (`properties` nested, as the REST API and the emulator send it), the way the
 * SDK's deserializer would flatten it, plus each key's last use when the api-version reported usage. Throws for
 * anything that is not an account with a usable resource id.
 */
export function snapshotFromArmJson(raw: unknown, keyUsageReported: boolean, notebookWorkspace: NotebookWorkspaceState = 'not-checked'): AccountSnapshot {
  const account = record(raw);
  if (!account) throw new Error('The account is not a JSON object.');
  const properties = record(account.properties) ?? {};
  // Instants as the SDK's deserializer makes them (a Date each), so both paths give the same snapshot.
  const date = (v: unknown): unknown => (typeof v === 'string' && v.trim() ? new Date(v) : v);
  const km = record(properties.keysMetadata);
  const keysMetadata = km && Object.fromEntries(Object.entries(km).map(([k, v]) => [k, { generationTime: date(record(v)?.generationTime) }]));
  const systemData = record(account.systemData);
  const connections = Array.isArray(properties.privateEndpointConnections)
    ? properties.privateEndpointConnections.map((c) => ({ ...record(c), ...record(record(c)?.properties) })) : undefined;
  const flat = {
    ...properties, id: account.id, name: account.name, location: account.location, kind: account.kind,
    ...(systemData ? { systemData: { ...systemData, createdAt: date(systemData.createdAt) } } : {}),
    ...(keysMetadata ? { keysMetadata } : {}),
    ...(connections ? { privateEndpointConnections: connections } : {}),
  } as unknown as SdkAccount;
  const snapshot = toAccountSnapshot(flat, notebookWorkspace);
  return keyUsageReported ? { ...snapshot, keysLastUsed: lastUsedOf(properties.keysMetadata) } : snapshot;
}
