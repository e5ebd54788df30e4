// The emulator's Activity Log: key operations on its accounts — seeded from the scenario (`keyAccess`, plus
// `activityLogNoise` other events) and recorded live as clients call listKeys, readonlykeys, listConnectionStrings
// and regenerateKey — served in Azure Monitor's EventData shape, two events per operation (Started with the HTTP
// request, then Succeeded or Failed), newest first, as `eventtypes/management/values` answers.
import { randomUUID } from 'node:crypto';
import { type EmulatorCaller } from './armHttp';
import { type Json } from './armResources';
import { resolveDate } from './scenario';
import { type KeyAction } from './scenarioEvidence';

const OPERATION_TITLES: Readonly<Record<KeyAction | 'write', string>> = {
  listKeys: 'List Keys', readonlykeys: 'List Read-Only Keys', listConnectionStrings: 'List Connection Strings',
  regenerateKey: 'Rotate keys of a database account', write: 'Update database account',
};

export interface ActivityRecord {
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly resourceGroup: string;
  readonly action: KeyAction | 'write';
  readonly status: 'Started' | 'Succeeded' | 'Failed';
  readonly time: Date;
  readonly correlationId: string;
  readonly caller: EmulatorCaller;
  readonly clientIp?: string;
}

/** What the book needs to know about an account. */
export interface ActivityAccount {
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly id: string;
  readonly resourceGroup: string;
}

export class ActivityLogBook {
  private readonly records: ActivityRecord[] = [];
  private readonly started = new Map<string, ActivityRecord>();

  /** Seeds the scenario's history. `rnd` makes seeded ids stable across runs. */
  seed(account: ActivityAccount, spec: { keyAccess?: readonly { at: string; operation: KeyAction; caller: string; application?: boolean;
    clientIp?: string; status?: 'Succeeded' | 'Failed' }[]; activityLogNoise?: number }, now: Date, rnd: () => number): void {
    for (const e of spec.keyAccess ?? []) {
      const caller: EmulatorCaller = e.application
        ? { kind: 'application', applicationId: e.caller, objectId: principalObjectId(`app:${e.caller}`) }
        : { kind: 'user', upn: e.caller, objectId: principalObjectId(e.caller), applicationId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46' };
      const time = resolveDate(e.at, now);
      this.operation(account, e.operation, caller, e.clientIp, e.status ?? 'Succeeded', time, guid(rnd));
    }
    const system: EmulatorCaller = { kind: 'application', applicationId: 'a3a5b7c9-0000-4000-8000-00000000d0c5', objectId: guid(rnd) };
    for (let i = 0; i < (spec.activityLogNoise ?? 0); i++) {
      this.operation(account, 'write', system, undefined, 'Succeeded', new Date(now.getTime() - (i + 0.5) * 86_400_000), guid(rnd));
    }
  }

  /** A whole operation: Started (with the client IP) half a second before `time`, and its outcome at `time`. */
  operation(account: ActivityAccount, action: KeyAction | 'write', caller: EmulatorCaller, clientIp: string | undefined,
    outcome: 'Succeeded' | 'Failed', time: Date, correlationId: string = randomUUID()): void {
    const base = { subscriptionId: account.subscriptionId, tenantId: account.tenantId, accountId: account.id, resourceGroup: account.resourceGroup,
      action, caller, correlationId };
    this.records.push({ ...base, status: 'Started', time: new Date(time.getTime() - 500), ...(clientIp ? { clientIp } : {}) });
    this.records.push({ ...base, status: outcome, time });
  }

  /** The Started event of a long-running operation (a regeneration); `finish` writes its outcome. */
  start(account: ActivityAccount, action: KeyAction, caller: EmulatorCaller, clientIp: string | undefined, time: Date, correlationId: string): void {
    const record: ActivityRecord = { subscriptionId: account.subscriptionId, tenantId: account.tenantId, accountId: account.id,
      resourceGroup: account.resourceGroup, action, caller, correlationId, status: 'Started', time, ...(clientIp ? { clientIp } : {}) };
    this.records.push(record);
    this.started.set(correlationId, record);
  }

  finish(correlationId: string, outcome: 'Succeeded' | 'Failed', time: Date): void {
    const started = this.started.get(correlationId);
    if (!started) return;
    this.started.delete(correlationId);
    const { clientIp: _ip, ...rest } = started;
    this.records.push({ ...rest, status: outcome, time });
  }

  /** Events of one resource in a time window, newest first. */
  query(subscriptionId: string, resourceUri: string, fromMs: number, toMs: number): ActivityRecord[] {
    const sub = subscriptionId.toLowerCase(), uri = resourceUri.toLowerCase();
    return this.records
      .filter((r) => r.subscriptionId.toLowerCase() === sub && r.accountId.toLowerCase() === uri && r.time.getTime() >= fromMs && r.time.getTime() <= toMs)
      .sort((a, b) => b.time.getTime() - a.time.getTime());
  }
}

/** A stable object id for a principal named in a scenario (the same name is the same principal everywhere). */
export function principalObjectId(name: string): string {
  let h = 0x811c9dc5;
  const hex: string[] = [];
  for (let round = 0; hex.join('').length < 32; round++) {
    for (const c of `${round}:${name.toLowerCase()}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
    hex.push(h.toString(16).padStart(8, '0'));
  }
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-8${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

function guid(rnd: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Azure writes 7 fractional digits. */
function ticks(d: Date): string {
  return d.toISOString().replace('Z', '0000Z');
}

/** One record as Azure Monitor's EventData. */
export function activityEventJson(r: ActivityRecord): Json {
  const operation = r.action === 'write' ? 'Microsoft.DocumentDB/databaseAccounts/write' : `Microsoft.DocumentDB/databaseAccounts/${r.action}/action`;
  const eventDataId = `${r.correlationId}-${r.status === 'Started' ? 1 : 2}`;
  const claims: Json = {
    'http://schemas.microsoft.com/identity/claims/objectidentifier': r.caller.objectId,
    appid: r.caller.applicationId,
    idtyp: r.caller.kind === 'application' ? 'app' : 'user',
    ...(r.caller.upn ? { 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': r.caller.upn, name: r.caller.upn } : {}),
    ...(r.clientIp ? { ipaddr: r.clientIp } : {}),
  };
  return {
    authorization: { action: operation, scope: r.accountId },
    caller: r.caller.upn ?? r.caller.objectId,
    channels: 'Operation',
    claims,
    correlationId: r.correlationId,
    description: '',
    eventDataId,
    eventName: { value: r.status === 'Started' ? 'BeginRequest' : 'EndRequest', localizedValue: r.status === 'Started' ? 'Begin request' : 'End request' },
    category: { value: 'Administrative', localizedValue: 'Administrative' },
    ...(r.status === 'Started' ? { httpRequest: { clientRequestId: r.correlationId, clientIpAddress: r.clientIp ?? '', method: r.action === 'write' ? 'PUT' : 'POST' } } : {}),
    id: `${r.accountId}/events/${eventDataId}/ticks/${r.time.getTime() * 10_000}`,
    level: 'Informational',
    resourceGroupName: r.resourceGroup,
    resourceProviderName: { value: 'Microsoft.DocumentDB', localizedValue: 'Microsoft.DocumentDB' },
    resourceId: r.accountId,
    resourceType: { value: 'Microsoft.DocumentDB/databaseAccounts', localizedValue: 'Microsoft.DocumentDB/databaseAccounts' },
    operationId: r.correlationId,
    operationName: { value: operation, localizedValue: OPERATION_TITLES[r.action] },
    status: { value: r.status, localizedValue: r.status },
    subStatus: { value: r.status === 'Succeeded' ? 'OK' : '', localizedValue: r.status === 'Succeeded' ? 'OK (HTTP Status Code: 200)' : '' },
    eventTimestamp: ticks(r.time),
    submissionTimestamp: ticks(new Date(r.time.getTime() + 15_000)),
    subscriptionId: r.subscriptionId,
    tenantId: r.tenantId,
  };
}
