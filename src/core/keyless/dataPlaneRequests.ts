// Which credentials the account's data-plane requests used, from its resource logs in Log Analytics
// (`CDBDataPlaneRequests`, resource-specific mode): the query Cosmos Guard sends, and the reading of its answer —
// untrusted rows, read by column name, every string bounded, at most MAX_DATA_PLANE_GROUPS groups, linear in the
// answer. `KeyType` is filled in direct mode, `AuthTokenType` in gateway mode; both name the key (PrimaryMasterKey…)
// for key-authenticated requests, `AadToken` for Microsoft Entra ID, `ResourceToken` for resource tokens (which turning
// local authentication off stops as well).
import { parseTimestamp } from '../posture';

export const DATA_PLANE_QUERY_DAYS = 7;
/** Groups kept; the query asks for one more, to tell that there were more. */
export const MAX_DATA_PLANE_GROUPS = 200;

/** The KQL sent to Log Analytics, for the account's resource (the time span is sent beside it, too). */
export function dataPlaneRequestsQuery(days = DATA_PLANE_QUERY_DAYS): string {
  return [
    'CDBDataPlaneRequests',
    `| where TimeGenerated > ago(${Math.max(1, Math.min(90, Math.floor(days)))}d)`,
    '| where isnotempty(KeyType) or isnotempty(AuthTokenType)',
    '| summarize requests = count(), last = max(TimeGenerated) by KeyType, AuthTokenType, ClientIpAddress, UserAgent',
    '| order by last desc',
    `| take ${MAX_DATA_PLANE_GROUPS + 1}`,
  ].join('\n');
}

export type DataPlaneCredential = 'key' | 'resourceToken' | 'entraId' | 'other';

export interface DataPlaneRequestGroup {
  readonly credential: DataPlaneCredential;
  readonly keyType?: string;
  readonly authTokenType?: string;
  readonly clientIp?: string;
  readonly userAgent?: string;
  readonly requests: number;
  /** The newest request of the group, ISO 8601. */
  readonly last: string;
}

export type DataPlaneUnavailableReason =
  | 'noSetting' | 'notLogAnalytics' | 'settingsUnreadable' | 'forbidden' | 'tableMissing' | 'timeout' | 'noEndpoint' | 'failed';

export type DataPlaneRequestsEvidence =
  | {
    readonly status: 'read';
    /** The start of the window queried (ISO 8601). */
    readonly since: string;
    readonly days: number;
    /** Newest first. */
    readonly groups: readonly DataPlaneRequestGroup[];
    /** More groups than MAX_DATA_PLANE_GROUPS: the oldest are missing. */
    readonly truncated: boolean;
    /** The diagnostic settings that send data-plane requests to Log Analytics. */
    readonly settings: readonly string[];
  }
  | { readonly status: 'unavailable'; readonly reason: DataPlaneUnavailableReason; readonly message: string; readonly missingPermission?: string };

/** What a credential name says (`PrimaryMasterKey`, `SecondaryReadOnlyMasterKey`, `AadToken`, `ResourceToken`…). */
export function credentialOf(name: string | undefined): DataPlaneCredential | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  if (n.includes('masterkey') || n === 'primary' || n === 'secondary' || n.includes('readonlykey') || n === 'key') return 'key';
  if (n.includes('resourcetoken')) return 'resourceToken';
  if (n.includes('aad') || n.includes('entra')) return 'entraId';
  return 'other';
}

/** The groups that stop working once key authentication is off: keys and resource tokens. */
export function keyAuthenticatedGroups(groups: readonly DataPlaneRequestGroup[]): DataPlaneRequestGroup[] {
  return groups.filter((g) => g.credential === 'key' || g.credential === 'resourceToken');
}

const COLUMNS = { keyType: 'keytype', authTokenType: 'authtokentype', clientIp: 'clientipaddress', userAgent: 'useragent', requests: 'requests', last: 'last' } as const;

const cell = (v: unknown, max: number): string | undefined => {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t ? t.slice(0, max) : undefined;
};

function count(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,15}$/.test(v.trim()) ? Number(v.trim()) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * The groups of the query's table (`columns`: the column names in order; `rows`: arrays of cells, datetimes as ISO
 * strings). Rows without a count or a valid time are skipped and counted; a table without the needed columns gives
 * no groups and `skippedRows` = its row count.
 */
export function parseDataPlaneRequestRows(table: { readonly columns: readonly string[]; readonly rows: readonly unknown[] }):
  { readonly groups: DataPlaneRequestGroup[]; readonly truncated: boolean; readonly skippedRows: number } {
  const index: Partial<Record<keyof typeof COLUMNS, number>> = {};
  table.columns.slice(0, 100).forEach((name, i) => {
    const lower = typeof name === 'string' ? name.toLowerCase() : '';
    for (const [key, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) if (lower === column && index[key] === undefined) index[key] = i;
  });
  const rows = table.rows.length;
  if (index.requests === undefined || index.last === undefined) return { groups: [], truncated: false, skippedRows: rows };
  const groups: DataPlaneRequestGroup[] = [];
  let skippedRows = 0;
  for (const raw of table.rows.slice(0, MAX_DATA_PLANE_GROUPS)) {
    const row = Array.isArray(raw) ? raw as readonly unknown[] : undefined;
    const requests = row ? count(row[index.requests]) : undefined;
    const lastText = row ? cell(row[index.last], 40) : undefined;
    const lastMs = parseTimestamp(lastText);
    if (!row || requests === undefined || lastMs === undefined) {
      skippedRows++;
      continue;
    }
    const at = (i: number | undefined, max: number) => (i === undefined ? undefined : cell(row[i], max));
    const keyType = at(index.keyType, 64), authTokenType = at(index.authTokenType, 64);
    const clientIp = at(index.clientIp, 64), userAgent = at(index.userAgent, 256);
    groups.push({
      credential: credentialOf(keyType) ?? credentialOf(authTokenType) ?? 'other',
      ...(keyType ? { keyType } : {}), ...(authTokenType ? { authTokenType } : {}),
      ...(clientIp ? { clientIp } : {}), ...(userAgent ? { userAgent } : {}),
      requests, last: new Date(lastMs).toISOString(),
    });
  }
  groups.sort((a, b) => (a.last < b.last ? 1 : a.last > b.last ? -1 : 0));
  return { groups, truncated: rows > MAX_DATA_PLANE_GROUPS, skippedRows };
}

/** "20.50.2.17 (cosmos-netstandard-sdk/3.46.0…)", for lists of clients. */
export function describeClient(group: Pick<DataPlaneRequestGroup, 'clientIp' | 'userAgent'>): string {
  const agent = group.userAgent ? (group.userAgent.length > 60 ? `${group.userAgent.slice(0, 60)}…` : group.userAgent) : undefined;
  const ip = group.clientIp ?? 'unknown address';
  return agent ? `${ip} (${agent})` : ip;
}
