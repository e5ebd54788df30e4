// Subscriptions of the Microsoft accounts signed in to VS Code, through @microsoft/vscode-azext-azureauth 5.1:
// every account and tenant, the subscription filter shared with the Azure Resources extension
// (`azureResourceGroups.selectedSubscriptions`), and the cloud from `microsoft-sovereign-cloud.environment`.
// Each subscription's endpoint, portal and token scope come from its own environment (sovereign clouds work).
// This is the only file of src/azure that needs the `vscode` module at run time (through the library), so the
// CLI never imports it.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import {
  getSessionFromVSCode, isNotSignedInError, VSCodeAzureSubscriptionProvider, type AzureSubscription, type AzureSubscriptionProvider, type AzureTenant,
} from '@microsoft/vscode-azext-azureauth';
import type * as vscode from 'vscode';
import { armTokenScope, cloudFromEnvironment } from './armCloud';
import { type ArmSubscription, type Disposable, type SubscriptionListing, type SubscriptionProvider, type TenantNeedingSignIn } from './armSubscription';

export class VSCodeSubscriptionProvider implements SubscriptionProvider {
  readonly kind = 'vscode';
  readonly description = 'Azure';

  /** `inner` is the library's provider (or, in tests, anything with its interface). */
  constructor(private readonly inner: AzureSubscriptionProvider & Partial<Disposable>) {}

  static create(logger?: vscode.LogOutputChannel): VSCodeSubscriptionProvider {
    return new VSCodeSubscriptionProvider(new VSCodeAzureSubscriptionProvider(logger));
  }

  async listSubscriptions(options: { readonly filtered: boolean; readonly signal?: AbortSignal }): Promise<SubscriptionListing> {
    if (!await this.inner.isSignedIn()) return { kind: 'signedOut' };
    let subscriptions: AzureSubscription[];
    let tenants: AzureTenant[];
    try {
      [subscriptions, tenants] = await Promise.all([this.inner.getSubscriptions(options.filtered), this.inner.getTenants()]);
    } catch (error) {
      if (isNotSignedInError(error)) return { kind: 'signedOut' };
      throw new Error(`Could not list your Azure subscriptions: ${error instanceof Error ? error.message : String(error)}`);
    }
    const tenantsNeedingSignIn: TenantNeedingSignIn[] = [];
    const tenantNames = new Map<string, string>();
    for (const tenant of tenants) {
      if (!tenant.tenantId) continue;
      tenantNames.set(tenant.tenantId.toLowerCase(), tenant.displayName ?? tenant.tenantId);
      // A directory without a session (MFA required there, or never signed in to) hides its subscriptions: list it
      // so the user can sign in to it, as the Azure Resources extension does.
      if (!await this.inner.isSignedIn(tenant.tenantId, tenant.account)) {
        tenantsNeedingSignIn.push({
          tenantId: tenant.tenantId, displayName: tenant.displayName ?? tenant.tenantId, accountLabel: tenant.account.label,
          ...(tenant.defaultDomain ? { defaultDomain: tenant.defaultDomain } : {}),
        });
      }
    }
    // The library lists a subscription once per account (and tenant) that can see it; one row each is enough.
    const seen = new Set<string>();
    const unique = subscriptions.filter((s) => {
      const id = s.subscriptionId.toLowerCase();
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    return {
      kind: 'subscriptions',
      tenantsNeedingSignIn: dedupeTenants(tenantsNeedingSignIn),
      subscriptions: unique.map((s) => toArmSubscription(s, tenantNames.get(s.tenantId.toLowerCase()))),
    };
  }

  signIn(tenantId?: string): Promise<boolean> {
    return this.inner.signIn(tenantId);
  }

  onDidChangeSessions(listener: () => void): Disposable {
    const a = this.inner.onDidSignIn(listener);
    const b = this.inner.onDidSignOut(listener);
    return { dispose: () => { a.dispose(); b.dispose(); } };
  }

  dispose(): void {
    this.inner.dispose?.();
  }
}

function dedupeTenants(tenants: readonly TenantNeedingSignIn[]): TenantNeedingSignIn[] {
  const byId = new Map<string, TenantNeedingSignIn>();
  for (const t of tenants) if (!byId.has(t.tenantId.toLowerCase())) byId.set(t.tenantId.toLowerCase(), t);
  return [...byId.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

function toArmSubscription(s: AzureSubscription, tenantName: string | undefined): ArmSubscription {
  const cloud = cloudFromEnvironment(s.environment);
  return {
    subscriptionId: s.subscriptionId,
    name: s.name,
    tenantId: s.tenantId,
    cloud,
    // The library's credential returns the VS Code session's token whatever scope is asked; the Cosmos client
    // still gets this cloud's scope (cosmosClientFactory.ts), which matters if the credential is ever swapped.
    credential: s.credential,
    ...(tenantName ? { tenantName } : {}),
    answerChallenge: async (wwwAuthenticate) => {
      const session = await s.authentication.getSessionWithScopes({ wwwAuthenticate, fallbackScopes: [armTokenScope(cloud)] });
      return Boolean(session);
    },
    scopedCredential: scopedCredential(s),
  };
}

/**
 * A credential for other resources than ARM (Key Vault), from the same VS Code account and directory: silently
 * when VS Code can, otherwise VS Code asks the user once to allow the new scope.
 */
function scopedCredential(s: AzureSubscription): TokenCredential {
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      const list = Array.isArray(scopes) ? scopes : [scopes];
      const tenantId = options?.tenantId ?? s.tenantId;
      const session = await getSessionFromVSCode(list, tenantId, { silent: true, account: s.account })
        ?? await getSessionFromVSCode(list, tenantId, { createIfNone: true, account: s.account });
      if (!session) return null;
      // VS Code renews sessions itself; a token asked for again gets the current one.
      return { token: session.accessToken, expiresOnTimestamp: Date.now() + 5 * 60_000 };
    },
  };
}
