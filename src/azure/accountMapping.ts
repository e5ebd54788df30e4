// SDK account → core snapshot. The snapshot is what the posture rules read; the SDK type never leaves src/azure.
import type { DatabaseAccountGetResults } from '@azure/arm-cosmosdb';
import {
  parseAccountId, type AccountKind, type AccountSnapshot, type KeyName, type NotebookWorkspaceState,
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
