// `GET /subscriptions` and `GET /tenants` on any ARM endpoint, for the routes that do not sign in through VS Code
// (the CLI, a custom endpoint): VS Code's route gets both from @microsoft/vscode-azext-azureauth.
import { createRestError, getClient, type Client } from '@azure-rest/core-client';
import type { TokenCredential } from '@azure/core-auth';
import { type ArmCloud } from './armCloud';
import { type CosmosClientFactory } from './cosmosClientFactory';
import { withRequestSignal } from './requestSignal';

/** The Resource Manager api-version for subscriptions and tenants. */
export const SUBSCRIPTIONS_API_VERSION = '2022-12-01';

export interface ListedSubscription {
  readonly subscriptionId: string;
  readonly displayName: string;
  readonly tenantId: string;
  /** `Enabled`, `Warned`, `PastDue`, `Disabled`, `Deleted`. */
  readonly state: string;
}

export interface ListedTenant {
  readonly tenantId: string;
  readonly displayName: string;
  readonly defaultDomain?: string;
}

interface Page<T> {
  readonly value?: readonly T[];
  readonly nextLink?: string | null;
}

/**
 * Reads every page of an ARM collection. A `nextLink` must stay on the endpoint's origin: the pipeline attaches the
 * bearer token to whatever URL it is given, and a page link pointing elsewhere would hand the token over.
 */
async function readAll<T>(client: Client, cloud: ArmCloud, path: string, signal: AbortSignal | undefined): Promise<T[]> {
  const origin = new URL(cloud.resourceManagerEndpoint).origin;
  const items: T[] = [];
  let next: string | undefined = `${cloud.resourceManagerEndpoint}${path}?api-version=${SUBSCRIPTIONS_API_VERSION}`;
  for (let pages = 0; next !== undefined; pages++) {
    if (pages >= 1000) throw new Error(`${path}: more than 1000 pages; giving up.`);
    if (new URL(next).origin !== origin) throw new Error(`${path}: the next page link leaves ${origin}; refusing to follow it.`);
    const response = await client.pathUnchecked(next).get({ ...(signal ? { abortSignal: signal } : {}) });
    if (response.status !== '200') throw createRestError(response);
    const body = response.body as Page<T> | undefined;
    items.push(...(body?.value ?? []));
    next = typeof body?.nextLink === 'string' && body.nextLink ? body.nextLink : undefined;
  }
  return items;
}

interface RawSubscription { subscriptionId?: string; displayName?: string; tenantId?: string; state?: string }
interface RawTenant { tenantId?: string; displayName?: string; defaultDomain?: string }

/** Reads subscriptions and tenants of one principal on one ARM endpoint. */
export class ArmDirectory {
  private readonly client: Client;

  constructor(private readonly cloud: ArmCloud, credential: TokenCredential, factory: CosmosClientFactory) {
    this.client = getClient(cloud.resourceManagerEndpoint, credential, factory.clientOptions(cloud));
  }

  /** Every subscription the principal can see, sorted by display name. Throws the SDK's RestError on failure. */
  async listSubscriptions(signal?: AbortSignal): Promise<ListedSubscription[]> {
    const run = () => readAll<RawSubscription>(this.client, this.cloud, '/subscriptions', signal);
    const raw = signal ? await withRequestSignal(signal, run) : await run();
    return raw
      .filter((s): s is RawSubscription & { subscriptionId: string } => typeof s.subscriptionId === 'string' && s.subscriptionId !== '')
      .map((s) => ({ subscriptionId: s.subscriptionId, displayName: s.displayName ?? s.subscriptionId, tenantId: s.tenantId ?? '', state: s.state ?? 'Enabled' }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.subscriptionId.localeCompare(b.subscriptionId));
  }

  /** The principal's directories; an empty list when the endpoint cannot say (names are only decoration). */
  async listTenants(signal?: AbortSignal): Promise<ListedTenant[]> {
    try {
      const raw = await readAll<RawTenant>(this.client, this.cloud, '/tenants', signal);
      return raw.filter((t): t is RawTenant & { tenantId: string } => typeof t.tenantId === 'string' && t.tenantId !== '')
        .map((t) => ({ tenantId: t.tenantId, displayName: t.displayName ?? t.tenantId, ...(t.defaultDomain ? { defaultDomain: t.defaultDomain } : {}) }));
    } catch {
      return [];
    }
  }
}
