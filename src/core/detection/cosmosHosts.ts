// Cosmos DB endpoint host names, every API and cloud: `<account>.documents.azure.com` (NoSQL, and MongoDB 3.2 on
// port 10255), `<account>.{mongo,cassandra,gremlin,table}.cosmos.azure.com`, the older
// `<account>.{table,cassandra,gremlin}.cosmosdb.azure.com`, the dedicated gateway `<account>.sqlx.cosmos.azure.com`,
// vCore clusters `<cluster>[.global].mongocluster.cosmos.azure.com`, with `privatelink.` and regional labels, in
// the public cloud, US Government (`azure.us`), China (`azure.cn`) and the retired Germany cloud
// (`microsoftazure.de`).

/** The suffix that makes a host a Cosmos DB host. Starts with a literal dot: fast on any input. */
export const COSMOS_HOST_SUFFIX =
  /\.(?:documents|(?:mongo|cassandra|gremlin|table|sqlx|mongocluster)\.cosmos(?:db)?)\.(?:azure\.(?:com|us|cn)|microsoftazure\.de|usgovcloudapi\.net|chinacloudapi\.cn)\b/i;

const HOST_CHARS = /^[a-z0-9.-]+$/i;

/** The Cosmos suffix that ends `host` (a look-alike such as `x.documents.azure.com.example.org` has none). */
function cosmosSuffix(host: string): string | undefined {
  const h = host.endsWith('.') ? host.slice(0, -1) : host;
  const m = COSMOS_HOST_SUFFIX.exec(h);
  return m && m.index + m[0].length === h.length && HOST_CHARS.test(h) ? m[0] : undefined;
}

/** True when `host` is a Cosmos DB endpoint host name (any API, any cloud). */
export function isCosmosHost(host: string): boolean {
  return cosmosSuffix(host) !== undefined;
}

export type HostApi = 'sql' | 'mongo' | 'cassandra' | 'gremlin' | 'table' | 'vcore';

/** The API a Cosmos host serves, or undefined for other hosts. */
export function hostApi(host: string): HostApi | undefined {
  const suffix = cosmosSuffix(host);
  if (!suffix) return undefined;
  const label = suffix.slice(1, suffix.indexOf('.', 1)).toLowerCase();
  switch (label) {
    case 'documents': case 'sqlx': return 'sql';
    case 'mongocluster': return 'vcore';
    default: return label as HostApi;
  }
}

/**
 * The first Cosmos host name in `s` (optionally of one API): the suffix match, extended back over its labels.
 * Linear: every match is extended back by at most 100 characters.
 */
export function firstCosmosHost(s: string, api?: HostApi): string | undefined {
  const re = new RegExp(COSMOS_HOST_SUFFIX.source, 'gi');
  for (let m = re.exec(s); m; m = re.exec(s)) {
    let b = m.index;
    while (b > 0 && m.index - b < 100 && /[a-z0-9.-]/i.test(s[b - 1]!)) b--;
    const host = s.slice(b, m.index + m[0].length);
    if (b < m.index && (!api || hostApi(host) === api)) return host;
  }
  return undefined;
}
