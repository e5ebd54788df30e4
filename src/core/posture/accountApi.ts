import { type AccountSnapshot } from './accountSnapshot';

/** The data-plane API an account serves; rules that only make sense for NoSQL (local auth, notebooks) check it. */
export type CosmosApi = 'nosql' | 'mongodb' | 'cassandra' | 'table' | 'gremlin';

// Azure Policy (5450f5bd, Cosmos_DisableLocalAuth_AuditDeny) tells the APIs apart by these exact capability names;
// look-alikes such as `EnableMongoRoleBasedAccessControl` or `EnableMongo16MBDocumentSupport` do not change the API.
const API_CAPABILITIES: readonly (readonly [string, CosmosApi])[] = [
  ['enablemongo', 'mongodb'],
  ['enablecassandra', 'cassandra'],
  ['enabletable', 'table'],
  ['enablegremlin', 'gremlin'],
];

/**
 * The account's API, from its capabilities (as Azure Policy does) and its kind: `MongoDB` accounts created before
 * MongoDB 3.6 have no `EnableMongo` capability, and `Parse` accounts (the retired Parse Server offer) are MongoDB
 * API accounts too.
 */
export function apiOf(snapshot: Pick<AccountSnapshot, 'kind' | 'capabilities'>): CosmosApi {
  const names = new Set(snapshot.capabilities.map((c) => c.toLowerCase()));
  for (const [capability, api] of API_CAPABILITIES) if (names.has(capability)) return api;
  const kind = snapshot.kind.toLowerCase();
  if (kind === 'mongodb' || kind === 'parse') return 'mongodb';
  return 'nosql';
}
