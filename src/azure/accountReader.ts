// Reads Cosmos DB accounts as ARM JSON with the api-version that reports key usage (`2026-04-01-preview`:
// `keysMetadata.<key>.approximateLastUsageTime`, which @azure/arm-cosmosdb 17 neither requests nor keeps), through the
// SDK client's own pipeline (ArmJsonClient). Where the preview is refused (a sovereign cloud, Azure Stack, a proxy,
// a rollout in progress) it reads again with the SDK's stable api-version and remembers the refusal for that endpoint,
// so the next load costs no more requests than before. Same requests as the SDK: one list per subscription (every
// page), one GET per account read.
import { RestError } from '@azure/core-rest-pipeline';
import { type AccountSnapshot } from '../core/posture';
import { snapshotFromArmJson } from './accountMapping';
import { type ArmJsonClient } from './armJsonClient';

/** Reports `approximateLastUsageTime` per key (Microsoft's "safe key rotation" preview). */
export const KEY_USAGE_API_VERSION = '2026-04-01-preview';
/** The api-version of @azure/arm-cosmosdb 17 (what its operations send). */
export const STABLE_ACCOUNT_API_VERSION = '2026-03-15';

/** An ARM list longer than this is an error rather than a silently shortened audit. */
const MAX_LIST_PAGES = 1000;

/** ARM's answers to an api-version the resource provider (or this cloud) does not serve. */
const REFUSAL_CODES = /^(NoRegisteredProviderFound|InvalidApiVersionParameter|InvalidApiVersion|UnsupportedApiVersion|InvalidResourceType)$/i;

export function isApiVersionRefusal(error: unknown): boolean {
  return error instanceof RestError && (error.statusCode === 400 || error.statusCode === 404) && REFUSAL_CODES.test(error.code ?? '');
}

/** The endpoints that refused the preview api-version. */
export class PreviewApiMemory {
  private readonly refused = new Set<string>();

  refuses(endpoint: string): boolean {
    return this.refused.has(endpoint.toLowerCase());
  }

  remember(endpoint: string): void {
    this.refused.add(endpoint.toLowerCase());
  }
}

export interface AccountReadContext {
  readonly json: ArmJsonClient;
  readonly endpoint: string;
  readonly previewApi: PreviewApiMemory;
  readonly signal?: AbortSignal;
}

/** Runs `read` with the preview api-version unless the endpoint refused it before; falls back once on a refusal. */
async function withKeyUsage<T>(context: AccountReadContext, read: (apiVersion: string) => Promise<T>): Promise<{ value: T; keyUsageReported: boolean }> {
  if (!context.previewApi.refuses(context.endpoint)) {
    try {
      return { value: await read(KEY_USAGE_API_VERSION), keyUsageReported: true };
    } catch (error) {
      if (!isApiVersionRefusal(error)) throw error;
      context.previewApi.remember(context.endpoint);
    }
  }
  return { value: await read(STABLE_ACCOUNT_API_VERSION), keyUsageReported: false };
}

export interface AccountList {
  /** Each account's raw ARM JSON, in the order ARM listed them (map them with `snapshotFromArmJson`). */
  readonly items: readonly unknown[];
  readonly keyUsageReported: boolean;
}

/** Every account of a subscription (all pages). Throws a RestError (or a refused-link Error) when the list cannot be read. */
export async function listAccounts(context: AccountReadContext, subscriptionId: string): Promise<AccountList> {
  const path = `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.DocumentDB/databaseAccounts`;
  const { value, keyUsageReported } = await withKeyUsage(context, async (apiVersion) => {
    const items: unknown[] = [];
    const pages = context.json.pages(context.json.url(`${path}?api-version=${apiVersion}`), context.signal, MAX_LIST_PAGES);
    for (;;) {
      const page = await pages.next();
      if (page.done) {
        if (page.value.truncated) throw new Error(`The account list of subscription ${subscriptionId} has more than ${MAX_LIST_PAGES} pages; giving up.`);
        return items;
      }
      items.push(...page.value.value);
    }
  });
  return { items: value, keyUsageReported };
}

export interface AccountRef {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly accountName: string;
}

/** One account as it is now, with its keys' last use when Azure reports it. Throws a RestError on failure. */
export async function readAccount(context: AccountReadContext, ref: AccountRef): Promise<AccountSnapshot> {
  const path = `/subscriptions/${encodeURIComponent(ref.subscriptionId)}/resourceGroups/${encodeURIComponent(ref.resourceGroup)}`
    + `/providers/Microsoft.DocumentDB/databaseAccounts/${encodeURIComponent(ref.accountName)}`;
  const { value, keyUsageReported } = await withKeyUsage(context,
    (apiVersion) => context.json.get(context.json.url(`${path}?api-version=${apiVersion}`), context.signal));
  return snapshotFromArmJson(value, keyUsageReported);
}
