// What the account discovery needs to know about a subscription, and the interface both sign-in routes implement:
// VS Code's Microsoft accounts (vscodeSubscriptionProvider.ts) and a custom ARM endpoint with a static token
// (customEndpointProvider.ts, for the emulator and CI). Nothing here depends on `vscode`.
import type { TokenCredential } from '@azure/core-auth';
import { type ArmCloud } from './armCloud';

/** A subscription as plain data: safe to keep, log and show (no credential). */
export interface SubscriptionRef {
  readonly subscriptionId: string;
  /** Display name. */
  readonly name: string;
  readonly tenantId: string;
  /** The directory's display name, when known. */
  readonly tenantName?: string;
  readonly cloud: ArmCloud;
}

/** A subscription the caller can talk to: its data plus the credential for its tenant and cloud. */
export interface ArmSubscription extends SubscriptionRef {
  readonly credential: TokenCredential;
  /**
   * Answers an ARM claims challenge (`WWW-Authenticate` with `insufficient_claims`: multi-factor authentication or a
   * conditional access policy) by asking the user to sign in again; resolves to true when a new session was granted.
   * Only sign-in routes that can prompt the user have it.
   */
  readonly answerChallenge?: (wwwAuthenticate: string) => Promise<boolean>;
  /**
   * A credential that gets a token for the scope it is asked for, for data-plane services such as Key Vault (the
   * ARM `credential` of the VS Code route returns the ARM session's token whatever the scope). Absent where a token
   * must go to Resource Manager only: a custom endpoint's static token is never sent anywhere else.
   */
  readonly scopedCredential?: TokenCredential;
}

/** A directory the user belongs to but has no session for, so its subscriptions cannot be listed. */
export interface TenantNeedingSignIn {
  readonly tenantId: string;
  readonly displayName: string;
  readonly defaultDomain?: string;
  /** The VS Code account label it belongs to. */
  readonly accountLabel?: string;
}

export type SubscriptionListing =
  | { readonly kind: 'signedOut' }
  | {
    readonly kind: 'subscriptions';
    /** Sorted by name; at most one entry per subscription id. */
    readonly subscriptions: readonly ArmSubscription[];
    readonly tenantsNeedingSignIn: readonly TenantNeedingSignIn[];
  };

export interface Disposable {
  dispose(): void;
}

/** One way of signing in to Azure and listing subscriptions. */
export interface SubscriptionProvider extends Disposable {
  /** `vscode`: Microsoft accounts in VS Code; `custom-endpoint`: a configured ARM endpoint with a static token. */
  readonly kind: 'vscode' | 'custom-endpoint';
  /** Where requests go, for messages ("Azure", "https://localhost:8443"). */
  readonly description: string;
  /**
   * The subscriptions to audit. `filtered`: apply the shared subscription filter (Azure Resources'
   * `azureResourceGroups.selectedSubscriptions`) where the route has one. Throws an Error with a user-facing
   * message when listing fails as a whole.
   */
  listSubscriptions(options: { readonly filtered: boolean; readonly signal?: AbortSignal }): Promise<SubscriptionListing>;
  /** Asks the user to sign in (to one tenant when given); resolves to whether a session exists afterwards. */
  signIn(tenantId?: string): Promise<boolean>;
  /** Fires after the user signed in or out somewhere (the Accounts menu, another extension). */
  onDidChangeSessions(listener: () => void): Disposable;
}

/** The plain-data part of a subscription. */
export function subscriptionRef(s: SubscriptionRef): SubscriptionRef {
  return {
    subscriptionId: s.subscriptionId, name: s.name, tenantId: s.tenantId, cloud: s.cloud,
    ...(s.tenantName === undefined ? {} : { tenantName: s.tenantName }),
  };
}
