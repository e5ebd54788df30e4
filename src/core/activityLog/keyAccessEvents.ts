// The Activity Log's key operations on one account, as plain data: who listed or regenerated its keys, when, from
// where, with what result. Input is the raw JSON of `Microsoft.Insights/eventtypes/management/values` items (Azure
// Monitor "EventData"), untrusted: every field is checked, every string bounded, and the work is linear in the input.
// Azure writes several events per operation (Started, then Succeeded or Failed; the client IP usually only on the
// first); they are merged into one entry per operation.

/** An ISO 8601 instant with an explicit zone, as Azure Monitor writes them; a zone-less time would depend on the machine. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

function instantMs(value: string | undefined): number | undefined {
  if (value === undefined || !INSTANT.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The key operations Cosmos Guard reports, named as `cosmos-guard audit` prints them. */
export type KeyOperation = 'listKeys' | 'listReadOnlyKeys' | 'listConnectionStrings' | 'regenerateKey';
export const KEY_OPERATIONS: readonly KeyOperation[] = ['listKeys', 'listReadOnlyKeys', 'listConnectionStrings', 'regenerateKey'];

/** Operations that hand keys to the caller (a regeneration does not show the new key). */
export const KEY_READ_OPERATIONS: readonly KeyOperation[] = ['listKeys', 'listReadOnlyKeys', 'listConnectionStrings'];

/** `operationName.value` of each, lower-cased (ARM compares them case-insensitively). */
const OPERATION_NAMES: Readonly<Record<string, KeyOperation>> = {
  'microsoft.documentdb/databaseaccounts/listkeys/action': 'listKeys',
  'microsoft.documentdb/databaseaccounts/readonlykeys/action': 'listReadOnlyKeys',
  'microsoft.documentdb/databaseaccounts/listconnectionstrings/action': 'listConnectionStrings',
  'microsoft.documentdb/databaseaccounts/regeneratekey/action': 'regenerateKey',
};

/** The Azure RBAC action that names each operation (for messages and docs). */
export const KEY_OPERATION_ACTIONS: Readonly<Record<KeyOperation, string>> = {
  listKeys: 'Microsoft.DocumentDB/databaseAccounts/listKeys/action',
  listReadOnlyKeys: 'Microsoft.DocumentDB/databaseAccounts/readonlykeys/action',
  listConnectionStrings: 'Microsoft.DocumentDB/databaseAccounts/listConnectionStrings/action',
  regenerateKey: 'Microsoft.DocumentDB/databaseAccounts/regenerateKey/action',
};

export type CallerKind = 'user' | 'application' | 'unknown';

/** One key operation on the account. */
export interface KeyAccessEvent {
  /** When it was asked for (the operation's first event), ISO 8601 UTC. */
  readonly time: string;
  readonly operation: KeyOperation;
  /** Who: a user's UPN, an application's id (client id), else the caller's object id, else `unknown`. */
  readonly caller: string;
  readonly callerKind: CallerKind;
  /** The caller's Microsoft Entra object id, when the event carries it. */
  readonly objectId?: string;
  /** The application (client) id of the caller's token, when the event carries it. */
  readonly applicationId?: string;
  readonly clientIp?: string;
  /** The operation's final status: `Succeeded`, `Failed`, `Canceled`, or `Started`/`Accepted` when no later event came. */
  readonly status: string;
}

const CLAIM_UPN = ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn', 'upn', 'unique_name',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name'];
const CLAIM_OBJECT_ID = ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'];
const CLAIM_APP_ID = ['appid', 'azp'];
const MAX_FIELD = 256;
const FINAL_STATUSES = new Set(['succeeded', 'failed', 'canceled', 'cancelled']);

type Json = Readonly<Record<string, unknown>>;

function record(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : undefined;
}

/** A trimmed, bounded, single-line string, or undefined. Control characters never reach a tree row or a terminal. */
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const clean = value.slice(0, MAX_FIELD * 4).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
  if (!clean) return undefined;
  return clean.length > MAX_FIELD ? `${clean.slice(0, MAX_FIELD)}…` : clean;
}

function localizable(value: unknown): string | undefined {
  return text(record(value)?.value) ?? text(value);
}

function firstClaim(claims: Json | undefined, names: readonly string[]): string | undefined {
  if (!claims) return undefined;
  for (const name of names) {
    const value = text(claims[name]);
    if (value) return value;
  }
  return undefined;
}

/** One event as read, before merging. */
interface EventRow {
  readonly timeMs: number;
  readonly operation: KeyOperation;
  readonly group: string;
  readonly status: string;
  readonly upn?: string;
  readonly objectId?: string;
  readonly applicationId?: string;
  readonly callerField?: string;
  readonly appToken: boolean;
  readonly clientIp?: string;
}

function readEvent(raw: unknown, index: number, accountId: string | undefined): EventRow | undefined {
  const e = record(raw);
  if (!e) return undefined;
  const name = localizable(e.operationName)?.toLowerCase();
  const operation = name === undefined ? undefined : OPERATION_NAMES[name];
  if (!operation) return undefined;
  const resource = text(e.resourceId);
  if (accountId !== undefined && resource !== undefined && resource.toLowerCase() !== accountId.toLowerCase()) return undefined;
  const timeMs = instantMs(text(e.eventTimestamp));
  if (timeMs === undefined) return undefined;
  const claims = record(e.claims);
  const upnClaim = firstClaim(claims, CLAIM_UPN);
  const callerField = text(e.caller);
  const upn = upnClaim?.includes('@') ? upnClaim : callerField?.includes('@') ? callerField : undefined;
  const group = text(e.correlationId) ?? text(e.operationId) ?? text(e.eventDataId) ?? `#${index}`;
  return {
    timeMs, operation, group: `${group.toLowerCase()}|${operation}`,
    status: localizable(e.status) ?? 'Unknown',
    ...(upn ? { upn } : {}),
    ...optional('objectId', firstClaim(claims, CLAIM_OBJECT_ID)),
    ...optional('applicationId', firstClaim(claims, CLAIM_APP_ID)),
    ...optional('callerField', callerField),
    appToken: firstClaim(claims, ['idtyp'])?.toLowerCase() === 'app',
    ...optional('clientIp', text(record(e.httpRequest)?.clientIpAddress) ?? firstClaim(claims, ['ipaddr'])),
  };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function merge(rows: readonly EventRow[]): KeyAccessEvent {
  const first = rows.reduce((a, b) => (b.timeMs < a.timeMs ? b : a));
  const pick = <K extends keyof EventRow>(k: K): EventRow[K] | undefined => rows.find((r) => r[k] !== undefined)?.[k];
  // The last event with a final status wins; without one, the latest status said.
  const byTime = [...rows].sort((a, b) => a.timeMs - b.timeMs);
  const final = [...byTime].reverse().find((r) => FINAL_STATUSES.has(r.status.toLowerCase())) ?? byTime[byTime.length - 1]!;
  const upn = pick('upn'), objectId = pick('objectId'), applicationId = pick('applicationId'), callerField = pick('callerField');
  const application = !upn && (rows.some((r) => r.appToken) || applicationId !== undefined);
  const caller = upn ?? (application ? applicationId : undefined) ?? callerField ?? objectId ?? 'unknown';
  const callerKind: CallerKind = upn ? 'user' : application ? 'application' : 'unknown';
  const clientIp = pick('clientIp');
  return {
    time: new Date(first.timeMs).toISOString(), operation: first.operation, caller, callerKind,
    ...(objectId ? { objectId } : {}), ...(applicationId ? { applicationId } : {}), ...(clientIp ? { clientIp } : {}),
    status: final.status,
  };
}

/**
 * The key operations among raw Activity Log events, one entry per operation, newest first. Events of other
 * operations, of another resource than `accountId` (when given), or without a readable time are left out.
 */
export function keyAccessEvents(rawEvents: Iterable<unknown>, accountId?: string): KeyAccessEvent[] {
  const groups = new Map<string, EventRow[]>();
  let index = 0;
  for (const raw of rawEvents) {
    const row = readEvent(raw, index++, accountId);
    if (!row) continue;
    const rows = groups.get(row.group);
    if (rows) rows.push(row);
    else groups.set(row.group, [row]);
  }
  return [...groups.values()].map(merge).sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
}

/** Whether raw events are worth keeping: cheap pre-filter for pages, so a long history is not held in memory. */
export function isKeyOperationEvent(raw: unknown): boolean {
  const name = localizable(record(raw)?.operationName)?.toLowerCase();
  return name !== undefined && OPERATION_NAMES[name] !== undefined;
}
