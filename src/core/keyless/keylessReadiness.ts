// Whether turning key authentication off would break something, from the evidence at hand: each key's last use (Azure's
// key usage), who read the keys (Activity Log), key-authenticated data-plane requests (Log Analytics) and the role
// assignments that would let anyone read data afterwards. A source that could not be read is "unknown", never a pass:
// the verdict is "ready" only when every source was read and none speaks against it. Items are data (the extension
// localises them by `kind`); `describeReadinessItem` words them in English for the CLI and logs.
import { KEY_READ_OPERATIONS } from '../activityLog';
import {
  DEFAULT_KEY_READ_DAYS, describeKeyUsage, KEY_IN_USE_WINDOW_DAYS, keyUsageOf, parseTimestamp, usedWithin, whyUnreadable,
  type AccountSnapshot, type KeyAccessEvidence, type KeyUsagePhrase,
} from '../posture';
import { type DataAccessEvidence } from './dataAccessEvidence';
import { describeClient, keyAuthenticatedGroups } from './dataPlaneRequests';
import { keylessSupport } from './keylessSupport';

export type ReadinessLevel = 'blocker' | 'caution' | 'unknown' | 'ok';

export type ReadinessItem =
  | { readonly kind: 'keyUsed'; readonly level: 'blocker' | 'caution'; readonly keyLabel: string; readonly phrase: KeyUsagePhrase; readonly lastUsed?: string }
  | { readonly kind: 'keyUsageNotReported'; readonly level: 'unknown'; readonly keyLabel?: string }
  | { readonly kind: 'keyReads'; readonly level: 'caution'; readonly count: number; readonly callers: readonly string[]; readonly latest: string; readonly since: string }
  | { readonly kind: 'noKeyReads'; readonly level: 'ok'; readonly since: string }
  | { readonly kind: 'keyReadsUnknown'; readonly level: 'unknown'; readonly why: string }
  | { readonly kind: 'keyRequests'; readonly level: 'blocker'; readonly groups: number; readonly requests: number; readonly last: string;
    readonly clients: readonly string[]; readonly days: number }
  | { readonly kind: 'noKeyRequests'; readonly level: 'ok'; readonly days: number }
  | { readonly kind: 'keyRequestsUnknown'; readonly level: 'unknown'; readonly why: string }
  | { readonly kind: 'roleAssignments'; readonly level: 'ok'; readonly count: number }
  | { readonly kind: 'noRoleAssignments'; readonly level: 'blocker' }
  | { readonly kind: 'roleAssignmentsUnknown'; readonly level: 'unknown'; readonly why: string };

export type ReadinessVerdict = 'ready' | 'notReady' | 'unknown' | 'alreadyOff' | 'unsupported';

export interface KeylessReadiness {
  readonly verdict: ReadinessVerdict;
  /** Keys first, then key reads, data-plane requests, role assignments. */
  readonly items: readonly ReadinessItem[];
  /** "not ready: primary key last used about 2 h ago". */
  readonly headline: string;
}

export interface ReadinessInput {
  readonly snapshot: Pick<AccountSnapshot, 'kind' | 'capabilities' | 'keysMetadata' | 'keysLastUsed' | 'disableLocalAuth'>;
  readonly keyAccess?: KeyAccessEvidence;
  readonly dataAccess?: DataAccessEvidence;
  readonly now: Date | number;
  /** Key reads within this many days count (default 7). */
  readonly keyReadDays?: number;
}

const MAX_NAMED = 5;
const DAY_MS = 86_400_000;

function keyItems(input: ReadinessInput): ReadinessItem[] {
  const usage = keyUsageOf(input.snapshot, input.now);
  if (usage.every((u) => u.state === 'not-reported')) return [{ kind: 'keyUsageNotReported', level: 'unknown' }];
  const items: ReadinessItem[] = [];
  for (const u of usage) {
    if (u.state === 'not-reported') items.push({ kind: 'keyUsageNotReported', level: 'unknown', keyLabel: u.label });
    else if (u.state === 'used') {
      const recent = usedWithin(u, input.now, KEY_IN_USE_WINDOW_DAYS * DAY_MS);
      items.push({ kind: 'keyUsed', level: recent ? 'blocker' : 'caution', keyLabel: u.label, phrase: u.phrase, ...(u.lastUsed ? { lastUsed: u.lastUsed } : {}) });
    }
  }
  return items;
}

function keyReadItem(evidence: KeyAccessEvidence | undefined, nowMs: number, days: number): ReadinessItem {
  if (!evidence) return { kind: 'keyReadsUnknown', level: 'unknown', why: 'the Activity Log was not read' };
  if (evidence.status === 'unreadable') return { kind: 'keyReadsUnknown', level: 'unknown', why: whyUnreadable(evidence) };
  const fromMs = Math.max(nowMs - days * DAY_MS, parseTimestamp(evidence.since) ?? -Infinity);
  const since = new Date(fromMs).toISOString();
  const reads = evidence.events.filter((e) => KEY_READ_OPERATIONS.includes(e.operation) && !/^(failed|canceled|cancelled)$/i.test(e.status)
    && (parseTimestamp(e.time) ?? -Infinity) >= fromMs);
  if (reads.length === 0) return { kind: 'noKeyReads', level: 'ok', since };
  const callers: string[] = [];
  let latest = reads[0]!.time;
  for (const e of reads) {
    if (e.time > latest) latest = e.time;
    if (callers.length < MAX_NAMED && !callers.some((c) => c.toLowerCase() === e.caller.toLowerCase())) callers.push(e.caller);
  }
  return { kind: 'keyReads', level: 'caution', count: reads.length, callers, latest, since };
}

function requestItem(evidence: DataAccessEvidence | undefined): ReadinessItem {
  const d = evidence?.dataPlaneRequests;
  if (!d) return { kind: 'keyRequestsUnknown', level: 'unknown', why: 'the data-plane logs were not read' };
  if (d.status === 'unavailable') return { kind: 'keyRequestsUnknown', level: 'unknown', why: d.message };
  const keyed = keyAuthenticatedGroups(d.groups);
  if (keyed.length === 0) {
    // A cut-off answer may hide key-authenticated groups among the older ones.
    return d.truncated ? { kind: 'keyRequestsUnknown', level: 'unknown', why: 'the log answer had more client groups than Cosmos Guard reads' }
      : { kind: 'noKeyRequests', level: 'ok', days: d.days };
  }
  let requests = 0;
  let last = keyed[0]!.last;
  for (const g of keyed) {
    requests += g.requests;
    if (g.last > last) last = g.last;
  }
  return { kind: 'keyRequests', level: 'blocker', groups: keyed.length, requests, last, clients: keyed.slice(0, MAX_NAMED).map(describeClient), days: d.days };
}

function roleItem(evidence: DataAccessEvidence | undefined): ReadinessItem {
  const r = evidence?.roleAssignments;
  if (!r) return { kind: 'roleAssignmentsUnknown', level: 'unknown', why: 'the role assignments were not read' };
  if (r.status === 'unreadable') return { kind: 'roleAssignmentsUnknown', level: 'unknown', why: whyUnreadable(r) };
  return r.assignments.length === 0 ? { kind: 'noRoleAssignments', level: 'blocker' } : { kind: 'roleAssignments', level: 'ok', count: r.assignments.length };
}

export function keylessReadiness(input: ReadinessInput): KeylessReadiness {
  const nowMs = input.now instanceof Date ? input.now.getTime() : input.now;
  const support = keylessSupport(input.snapshot);
  if (!support.supported) return { verdict: 'unsupported', items: [], headline: `not offered: the account uses the API for ${support.apiLabel}` };
  const items = [...keyItems(input), keyReadItem(input.keyAccess, nowMs, input.keyReadDays ?? DEFAULT_KEY_READ_DAYS), requestItem(input.dataAccess),
    roleItem(input.dataAccess)];
  if (input.snapshot.disableLocalAuth === true) return { verdict: 'alreadyOff', items, headline: 'key authentication is already off' };
  const blocker = items.find((i) => i.level === 'blocker');
  if (blocker) return { verdict: 'notReady', items, headline: `not ready: ${describeReadinessItem(blocker)}` };
  const unknown = items.find((i) => i.level === 'unknown');
  if (unknown) return { verdict: 'unknown', items, headline: `not known to be safe: ${describeReadinessItem(unknown)}` };
  return { verdict: 'ready', items, headline: 'ready: no key use found, and role assignments exist' };
}

const utc = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function describeReadinessItem(item: ReadinessItem): string {
  switch (item.kind) {
    case 'keyUsed': return `${item.keyLabel} key ${describeKeyUsage(item.phrase)}`;
    case 'keyUsageNotReported': return item.keyLabel ? `${item.keyLabel} key: last use unknown (Azure did not report it)`
      : 'last use of the keys unknown (Azure did not report key usage for this account)';
    case 'keyReads': return `keys read ${plural(item.count, 'time')} since ${utc(item.since)} (Activity Log), the last at ${utc(item.latest)}, by `
      + `${item.callers.join(', ')}`;
    case 'noKeyReads': return `nobody read the keys since ${utc(item.since)} (Activity Log)`;
    case 'keyReadsUnknown': return `who read the keys: unknown (${item.why})`;
    case 'keyRequests': return `${plural(item.requests, 'request')} with a key or resource token in the last ${plural(item.days, 'day')} from `
      + `${plural(item.groups, 'client group')}, the last at ${utc(item.last)}: ${item.clients.join('; ')}`;
    case 'noKeyRequests': return `no data-plane requests with a key or resource token in the last ${plural(item.days, 'day')} (Log Analytics)`;
    case 'keyRequestsUnknown': return `data-plane requests with a key or resource token: unknown (${item.why})`;
    case 'roleAssignments': return `${plural(item.count, 'data-plane role assignment')}`;
    case 'noRoleAssignments': return 'no role assignments: with keys off, nobody could read data';
    case 'roleAssignmentsUnknown': return `data-plane role assignments: unknown (${item.why})`;
  }
}

/** Every item in words, blockers first, then unknowns, cautions, and what speaks for the switch. */
export function evidenceLines(readiness: KeylessReadiness): string[] {
  const order: Readonly<Record<ReadinessLevel, number>> = { blocker: 0, unknown: 1, caution: 2, ok: 3 };
  return [...readiness.items].sort((a, b) => order[a.level] - order[b.level]).map(describeReadinessItem);
}

/** What the service answers a key-based client once key authentication is off. */
export const LOCAL_AUTH_DISABLED_ERROR = 'Local Authorization is disabled. Use an AAD token to authorize all requests.';

export function keysOffConsequence(accountName: string): string {
  return `Every client still using a key or a connection string for ${accountName} gets 401 "${LOCAL_AUTH_DISABLED_ERROR}" — on its next `
    + 'request, with no grace period. Only Microsoft Entra ID identities with a data-plane role assignment can read or write data; key-based '
    + 'metadata writes (creating databases and containers with a key) stop too. You can turn key authentication back on.';
}

export function keysOnConsequence(accountName: string): string {
  return `Keys and connection strings of ${accountName} work again at once: anyone holding one, including an old or leaked copy, can read and `
    + 'write data. Rotate the keys afterwards if they may have leaked.';
}
