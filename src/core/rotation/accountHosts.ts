// Which Cosmos DB account an endpoint host found next to a leaked key belongs to. An account answers on its
// `documentEndpoint` host (NoSQL, and MongoDB 3.2 on port 10255) and on one host per API derived from its name
// (`<name>.mongo.cosmos.azure.com`, `.table.`, `.cassandra.`, `.gremlin.`; older accounts on
// `<name>.table.cosmosdb.azure.com`, `.cassandra.cosmosdb.`, `.gremlin.cosmosdb.`; the dedicated gateway on
// `<name>.sqlx.cosmos.azure.com`), in its cloud (`azure.com`, `azure.us`, `azure.cn`); regional endpoints add the
// region: `<name>-westeurope.documents.azure.com`; private endpoints add a `privatelink.` label.
import { type AccountSnapshot } from '../posture/accountSnapshot';

export type HostedAccount = Pick<AccountSnapshot, 'name'> & Partial<Pick<AccountSnapshot, 'documentEndpoint' | 'location'>>;

const API_LABELS = ['documents', 'mongo.cosmos', 'table.cosmos', 'cassandra.cosmos', 'gremlin.cosmos', 'sqlx.cosmos',
  'table.cosmosdb', 'cassandra.cosmosdb', 'gremlin.cosmosdb'] as const;
const PUBLIC_SUFFIX = 'azure.com';

/**
 * `contoso.documents.azure.com:443`, `https://…/` or the private endpoint's `contoso.privatelink.documents.azure.com`
 * → `contoso.documents.azure.com`.
 */
export function normaliseHost(host: string): string {
  let h = host.trim().toLowerCase();
  const scheme = h.indexOf('://');
  if (scheme >= 0) h = h.slice(scheme + 3);
  h = h.replace(/[/?#].*$/, '').replace(/:\d*$/, '').replace(/\.$/, '');
  return h.replace(/\.privatelink\./, '.');
}

/** The cloud part of the account's hosts: what follows `.documents.` in its endpoint (`azure.com` when unknown). */
function cloudSuffix(account: HostedAccount): string {
  const host = account.documentEndpoint ? normaliseHost(account.documentEndpoint) : '';
  const at = host.indexOf('.documents.');
  return at >= 0 ? host.slice(at + '.documents.'.length) : PUBLIC_SUFFIX;
}

/** Every global (non-regional) host the account answers on. */
export function accountHosts(account: HostedAccount): string[] {
  const name = account.name.toLowerCase();
  const suffix = cloudSuffix(account);
  const hosts = new Set(API_LABELS.map((api) => `${name}.${api}.${suffix}`));
  if (account.documentEndpoint) hosts.add(normaliseHost(account.documentEndpoint));
  return [...hosts];
}

function regionSlug(location: string | undefined): string | undefined {
  const slug = (location ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  return slug || undefined;
}

/** True when `host` is one of the account's global hosts. */
export function isAccountHost(host: string, account: HostedAccount): boolean {
  return accountHosts(account).includes(normaliseHost(host));
}

/** True when `host` is the account's regional endpoint in its own region (`<name>-<region>.documents.<cloud>`). */
function isRegionalHost(host: string, account: HostedAccount): boolean {
  const region = regionSlug(account.location);
  if (!region) return false;
  const name = account.name.toLowerCase();
  const suffix = cloudSuffix(account);
  return API_LABELS.some((api) => normaliseHost(host) === `${name}-${region}.${api}.${suffix}`);
}

/**
 * The accounts a host belongs to: those answering on it directly; only when none does, those whose regional
 * endpoint it is (an account named `contoso-westeurope` must not be mistaken for contoso's West Europe region).
 */
export function accountsForHost<T extends HostedAccount>(host: string, accounts: readonly T[]): T[] {
  if (!host.trim()) return [];
  const direct = accounts.filter((a) => isAccountHost(host, a));
  return direct.length ? direct : accounts.filter((a) => isRegionalHost(host, a));
}
