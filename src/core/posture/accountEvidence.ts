// What posture learns about an account beyond its own properties, each from a request of its own that the caller
// may not be allowed to make: the subscription's Defender plan (read during the view's load), the account's
// diagnostic settings and the Activity Log of its keys (read only on demand: the expanded account, `posture --deep`,
// `audit`, the rotation and keyless flows). Absent evidence means "not read"; `unreadable` says why it could not be,
// so a rule reports "could not be checked" rather than passing.
import { type KeyAccessEvent, type SignedInPrincipal } from '../activityLog';

/** A request for evidence failed; `message` is the ARM failure in plain words. */
export interface UnreadableEvidence {
  readonly status: 'unreadable';
  readonly message: string;
  /** The RBAC action a 403 named, e.g. `Microsoft.Security/pricings/read`. */
  readonly missingPermission?: string;
}

/** One diagnostic setting of the account, as plain data. */
export interface DiagnosticSetting {
  readonly name: string;
  /** Destinations; a setting without any sends nothing. */
  readonly workspaceId?: string;
  readonly storageAccountId?: string;
  readonly eventHubAuthorizationRuleId?: string;
  readonly marketplacePartnerId?: string;
  /** Log categories (`DataPlaneRequests`) or category groups (`audit`, `allLogs`) and whether each is on. */
  readonly logs: readonly { readonly category?: string; readonly categoryGroup?: string; readonly enabled: boolean }[];
}

export type DiagnosticSettingsEvidence = { readonly status: 'read'; readonly settings: readonly DiagnosticSetting[] } | UnreadableEvidence;

/** `Microsoft.Security/pricings/CosmosDbs` of the account's subscription: `Standard` means Defender for Azure Cosmos DB is on. */
export type DefenderPlanEvidence = { readonly status: 'read'; readonly pricingTier: string } | UnreadableEvidence;

export type KeyAccessEvidence =
  | {
    readonly status: 'read';
    /** The start of the window read (ISO 8601); events before it are unknown, not absent. */
    readonly since: string;
    /** Newest first. */
    readonly events: readonly KeyAccessEvent[];
    /** The principal whose reads are the user's own; undefined when its identity could not be told (a static, non-JWT token). */
    readonly signedIn?: SignedInPrincipal;
    /** Why `signedIn` is unknown, for the message. */
    readonly signedInUnknownReason?: string;
    /** More pages than Cosmos Guard reads: the oldest operations of the window are missing. */
    readonly truncated: boolean;
  }
  | UnreadableEvidence;

/** "missing permission X" when a 403 named one, else the failure's own words. */
export function whyUnreadable(evidence: UnreadableEvidence): string {
  return evidence.missingPermission ? `missing permission ${evidence.missingPermission}` : evidence.message;
}
