// The one input of the posture engine: what a plain account GET (plus, at most, the notebook workspace child
// resource) says about an account, as plain JSON-safe data, with the evidence read elsewhere when there is any
// (accountEvidence.ts). No SDK types, so the core stays pure and a snapshot can be cached, logged or written to CLI
// output as is; `src/azure/` maps the account's ARM JSON into it. It never holds key material: posture never calls
// listKeys.
import { type DataAccessEvidence } from '../keyless/dataAccessEvidence';
import { type DefenderPlanEvidence, type DiagnosticSettingsEvidence, type KeyAccessEvidence } from './accountEvidence';

/** ARM `kind`; a missing kind means the ARM default, `GlobalDocumentDB`. */
export type AccountKind = 'GlobalDocumentDB' | 'MongoDB' | 'Parse';

/** The four account keys, named as in ARM `keysMetadata` (and `listKeys`), in the portal's order. */
export type KeyName = 'primaryMasterKey' | 'secondaryMasterKey' | 'primaryReadonlyMasterKey' | 'secondaryReadonlyMasterKey';
export const KEY_NAMES: readonly KeyName[] = ['primaryMasterKey', 'secondaryMasterKey', 'primaryReadonlyMasterKey', 'secondaryReadonlyMasterKey'];

/**
 * What is known about the account's (legacy, persistent) notebook workspace:
 * `present` — the `default` workspace exists; `absent` — lookup said none (404, 400 or an empty list);
 * `unknown` — lookup failed otherwise (403, 409, 5xx, timeout); `not-checked` — no lookup was made
 * (see `shouldLookUpNotebookWorkspace`).
 */
export type NotebookWorkspaceState = 'present' | 'absent' | 'unknown' | 'not-checked';

/**
 * Generation time of each key (`keysMetadata.<key>.generationTime`). A missing value means the key was last
 * regenerated before 2022-06-18, when Cosmos DB started recording it.
 */
export type KeysMetadata = Readonly<Partial<Record<KeyName, string>>>;

/**
 * When each key was last used, as `keysMetadata.<key>.approximateLastUsageTime` says (api-version
 * 2026-04-01-preview, Microsoft's "safe key rotation" preview): an ISO 8601 instant, or `null` when Azure reports no
 * use at all. A key missing from the record is "not reported" — the stable api-version answered (the preview one
 * was refused) or Azure said nothing for it — which is not evidence either way.
 */
export type KeysLastUsed = Readonly<Partial<Record<KeyName, string | null>>>;

/**
 * An account as the posture rules see it. Instants are ISO 8601 strings in UTC (e.g. `2022-02-25T20:30:11Z`),
 * as ARM returns them (`date.toISOString()` for the SDK's `Date` fields); an unparseable instant counts as missing.
 * Enum-like strings (`kind`, `publicNetworkAccess`, `minimalTlsVersion`, capability names, endpoint statuses) are
 * compared case-insensitively, as ARM does.
 */
export interface AccountSnapshot {
  /** ARM resource id: `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.DocumentDB/databaseAccounts/{name}`. */
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly kind: AccountKind;
  /** `capabilities[*].name`, e.g. `EnableMongo`, `EnableCassandra`, `EnableTable`, `EnableGremlin`, `EnableServerless`. */
  readonly capabilities: readonly string[];
  /** `systemData.createdAt`; absent on many old accounts. */
  readonly createdAt?: string;
  readonly documentEndpoint?: string;
  readonly keysMetadata: KeysMetadata;
  /** Absent when no api-version that reports key usage answered. */
  readonly keysLastUsed?: KeysLastUsed;
  readonly disableLocalAuth?: boolean;
  /** `Enabled` (the default when absent), `Disabled` or `SecuredByPerimeter`. */
  readonly publicNetworkAccess?: string;
  /**
   * `ipRules[*].ipAddressOrRange` (IPv4 addresses or CIDR ranges; `0.0.0.0` means "all Azure datacenters").
   * The mapping should add the entries of the legacy comma-separated `ipRangeFilter` when an API version returns
   * it, as Azure Policy reads both.
   */
  readonly ipRules: readonly string[];
  readonly isVirtualNetworkFilterEnabled?: boolean;
  readonly virtualNetworkRuleCount: number;
  /** `privateEndpointConnections[*].privateLinkServiceConnectionState.status`: `Approved`, `Pending`, `Rejected`, `Disconnected`. */
  readonly privateEndpointStatuses: readonly string[];
  readonly disableKeyBasedMetadataWriteAccess?: boolean;
  /** `Tls` (1.0), `Tls11`, `Tls12` or `Tls13`; absent on accounts that never set it. */
  readonly minimalTlsVersion?: string;
  /** Customer-managed key; absent (or empty) means Microsoft-managed encryption keys. */
  readonly keyVaultKeyUri?: string;
  readonly notebookWorkspace: NotebookWorkspaceState;
  /** The subscription's Defender for Azure Cosmos DB plan; absent when not read. */
  readonly defenderPlan?: DefenderPlanEvidence;
  /** The account's diagnostic settings; absent when not read (they are read on demand only). */
  readonly diagnosticSettings?: DiagnosticSettingsEvidence;
  /** Key operations from the Activity Log; absent when not read (read on demand only). */
  readonly keyAccess?: KeyAccessEvidence;
  /** Data-plane role assignments and key-authenticated requests (Microsoft Entra ID); absent when not read (on demand only). */
  readonly dataAccess?: DataAccessEvidence;
}
