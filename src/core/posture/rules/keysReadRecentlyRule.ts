import { isSignedInPrincipal, KEY_READ_OPERATIONS, type KeyAccessEvent, type KeyOperation } from '../../activityLog';
import { whyUnreadable } from '../accountEvidence';
import { type KeyReader } from '../postureFinding';
import { DAY_MS, parseTimestamp } from '../timestamps';
import { definePostureRule } from './postureRule';

const MAX_IPS = 3;
const MAX_NAMED = 5;

function readersOf(events: readonly KeyAccessEvent[]): KeyReader[] {
  const byCaller = new Map<string, { caller: string; callerKind: KeyAccessEvent['callerKind']; operations: Set<KeyOperation>; count: number;
    last: string; clientIps: Set<string> }>();
  for (const e of events) {
    const key = e.caller.toLowerCase();
    const reader = byCaller.get(key) ?? { caller: e.caller, callerKind: e.callerKind, operations: new Set(), count: 0, last: e.time, clientIps: new Set() };
    reader.operations.add(e.operation);
    reader.count++;
    if (e.time > reader.last) reader.last = e.time;
    if (e.clientIp && reader.clientIps.size < MAX_IPS) reader.clientIps.add(e.clientIp);
    byCaller.set(key, reader);
  }
  return [...byCaller.values()]
    .map((r) => ({ caller: r.caller, callerKind: r.callerKind, operations: KEY_READ_OPERATIONS.filter((o) => r.operations.has(o)), count: r.count,
      last: r.last, clientIps: [...r.clientIps] }))
    .sort((a, b) => (a.last < b.last ? 1 : a.last > b.last ? -1 : 0));
}

function describe(r: KeyReader): string {
  const who = r.callerKind === 'application' ? `application ${r.caller}` : r.caller;
  return `${who} (${r.operations.join(', ')}${r.count > 1 ? ` ×${r.count}` : ''}, last ${r.last.slice(0, 16).replace('T', ' ')} UTC)`;
}

export const keysReadRecentlyRule = definePostureRule<'keys-read-recently'>({
  id: 'keys-read-recently',
  title: 'Keys Read Recently',
  description: 'Someone other than you listed the account\'s keys or connection strings within the key-read period (7 days by default), according to the Activity Log.',
  defaultSeverity: 'medium',
  defaultEnabled: true,
  referenceUrl: 'https://learn.microsoft.com/azure/cosmos-db/monitor-account-key-updates',
  remediation: 'Check that each principal listed is expected to hold the keys (a deployment pipeline, an app setting, a colleague). If not, rotate ' +
    'the keys ("Cosmos Guard: Rotate Keys Safely…") and remove its listKeys permission; better, move clients to Microsoft Entra ID so nobody ' +
    'needs to read keys.',
}, (snapshot, options) => {
  const evidence = snapshot.keyAccess;
  if (evidence?.status !== 'read') return undefined;
  const sinceMs = options.nowMs - options.keyReadDays * DAY_MS;
  const reads = evidence.events.filter((e) => KEY_READ_OPERATIONS.includes(e.operation) && !/^(failed|canceled|cancelled)$/i.test(e.status)
    && (parseTimestamp(e.time) ?? -Infinity) >= sinceMs && !(evidence.signedIn && isSignedInPrincipal(e, evidence.signedIn)));
  if (reads.length === 0) return undefined;
  const readers = readersOf(reads);
  const named = readers.slice(0, MAX_NAMED).map(describe).join('; ');
  const more = readers.length > MAX_NAMED ? `; and ${readers.length - MAX_NAMED} more` : '';
  const days = `${options.keyReadDays} ${options.keyReadDays === 1 ? 'day' : 'days'}`;
  const message = evidence.signedIn
    ? `Keys were read by ${readers.length === 1 ? 'someone' : `${readers.length} principals`} other than you in the last ${days}: ${named}${more}.`
    : `Keys were read in the last ${days} by: ${named}${more}. Your own identity is unknown` +
      `${evidence.signedInUnknownReason ? ` (${evidence.signedInUnknownReason})` : ''}, so your own reads may be among them.`;
  return { message, detail: { keyReadDays: options.keyReadDays, readers, signedInKnown: evidence.signedIn !== undefined } };
}, (snapshot) => (snapshot.keyAccess?.status === 'unreadable' ? whyUnreadable(snapshot.keyAccess) : undefined));
