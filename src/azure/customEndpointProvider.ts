// Subscriptions from a configured ARM endpoint with a static bearer token: the project's ARM emulator (npm start,
// host and UI tests) or CI. A Microsoft sign-in is never used here, so pointing the endpoint somewhere else can
// never send a real Microsoft token to that host; and the token comes from the environment, not from settings.
import { describeArmFailure, type ArmFailure } from './armFailure';
import { customCloud, type ArmCloud } from './armCloud';
import { ArmDirectory } from './armDirectory';
import { type ArmSubscription, type Disposable, type SubscriptionListing, type SubscriptionProvider } from './armSubscription';
import { type CosmosClientFactory } from './cosmosClientFactory';
import { isAbortError } from './requestSignal';
import { ARM_TOKEN_ENV, StaticTokenCredential } from './staticTokenCredential';

/** Listing subscriptions failed as a whole; `failure` says why. */
export class SubscriptionListingError extends Error {
  override readonly name = 'SubscriptionListingError';
  constructor(readonly failure: ArmFailure) {
    super(failure.message);
  }
}

export class CustomEndpointProvider implements SubscriptionProvider {
  readonly kind = 'custom-endpoint';
  readonly cloud: ArmCloud;

  /** Throws an `ArmEndpointError` for an endpoint that is not https. */
  constructor(endpoint: string, private readonly token: string | undefined, private readonly factory: CosmosClientFactory) {
    this.cloud = customCloud(endpoint);
  }

  get description(): string {
    return this.cloud.resourceManagerEndpoint;
  }

  async listSubscriptions(options: { readonly filtered: boolean; readonly signal?: AbortSignal }): Promise<SubscriptionListing> {
    if (!this.token?.trim()) {
      throw new Error(`The custom ARM endpoint ${this.cloud.resourceManagerEndpoint} needs a bearer token in the ${ARM_TOKEN_ENV} environment `
        + 'variable of the VS Code (or CLI) process; Cosmos Guard never sends your Microsoft sign-in to a custom endpoint.');
    }
    const credential = new StaticTokenCredential(this.token);
    const directory = new ArmDirectory(this.cloud, credential, this.factory);
    try {
      const [subscriptions, tenants] = await Promise.all([directory.listSubscriptions(options.signal), directory.listTenants(options.signal)]);
      const tenantNames = new Map(tenants.map((t) => [t.tenantId.toLowerCase(), t.displayName]));
      return {
        kind: 'subscriptions',
        tenantsNeedingSignIn: [],
        subscriptions: subscriptions.map((s): ArmSubscription => {
          const tenantName = tenantNames.get(s.tenantId.toLowerCase());
          return { subscriptionId: s.subscriptionId, name: s.displayName, tenantId: s.tenantId, cloud: this.cloud, credential,
            ...(tenantName ? { tenantName } : {}) };
        }),
      };
    } catch (error) {
      if (isAbortError(error) && options.signal?.aborted) throw error;
      throw new SubscriptionListingError(describeArmFailure(error, { kind: 'listSubscriptions', endpoint: this.cloud.resourceManagerEndpoint }));
    }
  }

  signIn(): Promise<boolean> {
    // Nothing to sign in to: the token is static. "Signed in" means a token is configured.
    return Promise.resolve(Boolean(this.token?.trim()));
  }

  onDidChangeSessions(): Disposable {
    return { dispose: () => undefined };
  }

  dispose(): void {
    // Nothing held open: clients are per discovery.
  }
}
