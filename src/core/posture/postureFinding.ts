import { type CallerKind, type KeyOperation } from '../activityLog';
import { type KeyName } from './accountSnapshot';
import { type PostureRuleId } from './postureRuleIds';

export type PostureSeverity = 'high' | 'medium' | 'low' | 'info';

/** Worst first. */
export const SEVERITIES: readonly PostureSeverity[] = ['high', 'medium', 'low', 'info'];

/** The key kind the regenerate API takes for each key (`DatabaseAccountRegenerateKeyParameters.keyKind`). */
export type KeyKind = 'primary' | 'secondary' | 'primaryReadonly' | 'secondaryReadonly';

/** One key's age, for findings and for tooltips that show every key. */
export interface KeyAge {
  readonly key: KeyName;
  readonly keyKind: KeyKind;
  /** `primary`, `secondary`, `primary read-only`, `secondary read-only`. */
  readonly label: string;
  /** The recorded generation time (ISO 8601), or `undefined` when none is recorded. */
  readonly generatedAt: string | undefined;
  /** Whole days since generation (rounded down, never negative); `undefined` means "before 2022-06-18". */
  readonly ageDays: number | undefined;
}

export interface StaleKeysDetail {
  readonly maxKeyAgeDays: number;
  /** All four keys, stale or not, in `KEY_NAMES` order. */
  readonly keys: readonly KeyAge[];
  /** The keys that made the finding, in `KEY_NAMES` order. */
  readonly staleKeys: readonly KeyName[];
  /** Local (key) authentication is on (NoSQL accounts): what raises the severity to high. */
  readonly localAuthEnabled: boolean;
}

export interface ChaosDbPrimaryKeyDetail {
  /** `systemData.createdAt`, or `undefined` when unknown (which counts as "maybe before the cutoff"). */
  readonly createdAt: string | undefined;
}

export interface NotebookWorkspaceDetail {
  /** The ChaosDB primary-key condition also holds: what raises the severity to high. */
  readonly chaosDbPrimaryKey: boolean;
}

export interface LocalAuthDetail {
  /** As read; `undefined` means never set, which leaves keys enabled. */
  readonly disableLocalAuth: boolean | undefined;
}

export interface OpenNetworkDetail {
  readonly publicNetworkAccess: string | undefined;
  /** Whether account keys work on this account (NoSQL with local auth on, or any other API): high when true. */
  readonly keysUsable: boolean;
  /** Private endpoint connections that exist but are not approved (pending, rejected, disconnected): they give no protection. */
  readonly unapprovedPrivateEndpoints: number;
}

export interface AzureDatacentersDetail {
  /** The matching IP rules as written. */
  readonly ipRules: readonly string[];
}

export interface PublicNetworkAccessDetail {
  readonly publicNetworkAccess: string | undefined;
}

export interface MetadataWriteDetail {
  readonly disableKeyBasedMetadataWriteAccess: boolean | undefined;
}

export interface TlsDetail {
  readonly minimalTlsVersion: string | undefined;
}

export type CustomerManagedKeyDetail = Record<string, never>;

/** A key Azure reports unused, with what it said. */
export interface UnusedKey {
  readonly key: KeyName;
  readonly keyKind: KeyKind;
  readonly label: string;
  /** Azure's approximate last use, or undefined when it reports none since the key was generated. */
  readonly lastUsed: string | undefined;
}

export interface UnusedKeyDetail {
  readonly unusedKeyDays: number;
  readonly unusedKeys: readonly UnusedKey[];
  /** Pairs whose two keys are both unused: nothing needs that pair at all. */
  readonly unusedPairs: readonly ('readWrite' | 'readOnly')[];
}

/** One principal that read keys, summed over its operations in the window. */
export interface KeyReader {
  readonly caller: string;
  readonly callerKind: CallerKind;
  readonly operations: readonly KeyOperation[];
  readonly count: number;
  /** The newest read (ISO 8601). */
  readonly last: string;
  /** Client IP addresses seen, at most a few. */
  readonly clientIps: readonly string[];
}

export interface KeysReadRecentlyDetail {
  readonly keyReadDays: number;
  /** Newest read first. */
  readonly readers: readonly KeyReader[];
  /** Whether the signed-in principal was known (and its own reads left out). */
  readonly signedInKnown: boolean;
}

export interface NoPrivateEndpointDetail {
  readonly publicNetworkAccess: string | undefined;
  /** Private endpoint connections that exist but are not approved. */
  readonly unapprovedPrivateEndpoints: number;
}

export interface DiagnosticLogsDetail {
  /** Names of the account's diagnostic settings (none of which sends data-plane request logs anywhere). */
  readonly settings: readonly string[];
}

export interface DefenderOffDetail {
  /** `Free`, or whatever else Azure said. */
  readonly pricingTier: string;
}

/** Structured detail per rule, for UIs that show more than the one-line message. */
export interface PostureDetails {
  'stale-keys': StaleKeysDetail;
  'chaosdb-primary-key': ChaosDbPrimaryKeyDetail;
  'notebook-workspace': NotebookWorkspaceDetail;
  'local-auth-enabled': LocalAuthDetail;
  'open-network': OpenNetworkDetail;
  'azure-datacenters-allowed': AzureDatacentersDetail;
  'public-network-access': PublicNetworkAccessDetail;
  'metadata-write-by-key': MetadataWriteDetail;
  'tls-below-1-2': TlsDetail;
  'no-customer-managed-key': CustomerManagedKeyDetail;
  'unused-key': UnusedKeyDetail;
  'keys-read-recently': KeysReadRecentlyDetail;
  'no-private-endpoint': NoPrivateEndpointDetail;
  'no-diagnostic-logs': DiagnosticLogsDetail;
  'defender-off': DefenderOffDetail;
}

/** A finding of one rule; narrow on `rule` to get its typed `detail`. */
export interface PostureFindingOf<Id extends PostureRuleId> {
  readonly rule: Id;
  /** The rule's title (Title Case), for tooltips and lists. */
  readonly title: string;
  readonly severity: PostureSeverity;
  /** One line; names what is wrong (never key material: a snapshot holds none). */
  readonly message: string;
  readonly docsUrl: string;
  readonly remediation: string;
  readonly detail: PostureDetails[Id];
}

export type PostureFinding = { [Id in PostureRuleId]: PostureFindingOf<Id> }[PostureRuleId];
