// Whether Cosmos Guard offers to turn key authentication off for an account: NoSQL only. Azure Policy (5450f5bd) and
// PSRule treat `disableLocalAuth` as a NoSQL-only setting, and the service itself answered "DisableLocalAuth is only
// allowed to be configured for SQL API account" for the others. Whether that has changed is not documented, so the
// other APIs get this explanation instead of the flow.
import { apiOf, type AccountSnapshot, type CosmosApi } from '../posture';

export type KeylessSupport =
  | { readonly supported: true }
  | { readonly supported: false; readonly api: CosmosApi; readonly apiLabel: string; readonly reason: string };

const API_LABELS: Readonly<Record<CosmosApi, string>> = {
  nosql: 'NoSQL', mongodb: 'MongoDB', cassandra: 'Apache Cassandra', table: 'Table', gremlin: 'Apache Gremlin',
};

export function apiLabel(api: CosmosApi): string {
  return API_LABELS[api];
}

export function keylessSupport(snapshot: Pick<AccountSnapshot, 'kind' | 'capabilities'>): KeylessSupport {
  const api = apiOf(snapshot);
  if (api === 'nosql') return { supported: true };
  const label = API_LABELS[api];
  return {
    supported: false, api, apiLabel: label,
    reason: `This account uses the API for ${label}. Turning key authentication off (disableLocalAuth) and data-plane role assignments are `
      + `offered for API for NoSQL accounts only: Azure Policy and PSRule treat disableLocalAuth as a NoSQL-only setting, and Azure has `
      + `refused it for other APIs ("DisableLocalAuth is only allowed to be configured for SQL API account"). Keep this account's keys `
      + 'rotated and out of code instead.',
  };
}
