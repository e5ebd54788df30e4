// The two formats of `cosmos-guard keyless`. Nothing here is key material: key usage is dates, the Activity Log names
// operations and callers, role assignments name principals and roles, the logs name clients. Untrusted text (callers,
// user agents, role names) is escaped for the terminal in the text format; JSON carries it as data.
import { KEY_READ_OPERATIONS, type KeyAccessEvent } from '../core/activityLog';
import { describeScope, evidenceLines, keylessSupport, type DataPlaneRequestsEvidence, type RoleAssignmentsEvidence } from '../core/keyless';
import { apiOf, describeKeyUsage, keyUsageOf, whyUnreadable, type KeyAccessEvidence } from '../core/posture';
import { type KeylessOutcome } from './keylessRunner';
import { keysJson } from './keyUsageJson';
import { escapeMessage } from './terminalText';

export type KeylessFormat = 'text' | 'json';
export const KEYLESS_FORMATS: readonly KeylessFormat[] = ['text', 'json'];

const unavailableJson = (status: string, message: string, missingPermission?: string) => ({ status, message, ...(missingPermission ? { missingPermission } : {}) });

/** The operations that handed keys out (listKeys, readonlykeys, listConnectionStrings); undefined when not read. */
function keyReads(evidence: KeyAccessEvidence | undefined): KeyAccessEvent[] | undefined {
  return evidence?.status === 'read' ? evidence.events.filter((e) => KEY_READ_OPERATIONS.includes(e.operation)) : undefined;
}

function scopeOf(a: { relativeScope?: string; scope: string }): string {
  return a.relativeScope ?? a.scope;
}

/** The public JSON shape (README): account, localAuthDisabled, keys, keyReads, roleAssignments, plus the logs and the verdict. */
export function keylessJson(outcome: KeylessOutcome, now: number): string {
  const { account, evidence } = outcome;
  const reads = keyReads(evidence.keyAccess);
  const roles = evidence.dataAccess?.roleAssignments;
  const requests = evidence.dataAccess?.dataPlaneRequests;
  return `${JSON.stringify({
    account: outcome.accountId,
    localAuthDisabled: account ? account.disableLocalAuth === true : null,
    keyBasedMetadataWriteDisabled: account ? account.disableKeyBasedMetadataWriteAccess === true : null,
    api: account ? apiOf(account) : null,
    keys: account ? keysJson(account, now) : [],
    keyReads: reads ? reads.map((e) => ({ time: e.time, operation: e.operation, caller: e.caller, clientIp: e.clientIp ?? null, status: e.status })) : null,
    ...(evidence.keyAccess?.status === 'unreadable' ? { keyReadsUnavailable: unavailableJson('unreadable', evidence.keyAccess.message, evidence.keyAccess.missingPermission) } : {}),
    roleAssignments: roles?.status === 'read' ? roles.assignments.map((a) => ({ principalId: a.principalId, role: a.roleName, scope: scopeOf(a),
      roleDefinitionId: a.roleDefinitionId, id: a.id })) : null,
    ...(roles?.status === 'unreadable' ? { roleAssignmentsUnavailable: unavailableJson('unreadable', roles.message, roles.missingPermission) } : {}),
    dataPlaneRequests: requests ?? null,
    readiness: outcome.readiness ? { verdict: outcome.readiness.verdict, headline: outcome.readiness.headline, evidence: evidenceLines(outcome.readiness) } : null,
    ...(outcome.accountError ? { accountError: outcome.accountError } : {}),
  }, null, 2)}\n`;
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd());
}

const when = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function roleLines(roles: RoleAssignmentsEvidence | undefined): string[] {
  if (!roles) return ['  not read'];
  if (roles.status === 'unreadable') return [`  could not be read (${whyUnreadable(roles)})`];
  if (roles.assignments.length === 0) return ['  none: with keys off, nobody could read data'];
  return table([['PRINCIPAL', 'ROLE', 'SCOPE'], ...roles.assignments.map((a) => [a.principalId, escapeMessage(a.roleName),
    a.relativeScope ? `${a.relativeScope} (${escapeMessage(describeScope(a.relativeScope))})` : escapeMessage(a.scope)])]);
}

function requestLines(requests: DataPlaneRequestsEvidence | undefined): string[] {
  if (!requests) return ['  not read'];
  if (requests.status === 'unavailable') return [`  unavailable: ${escapeMessage(requests.message)}`];
  if (requests.groups.length === 0) return [`  no requests with a key or token type logged in the last ${requests.days} days`];
  const rows = requests.groups.map((g) => [String(g.requests), g.credential === 'entraId' ? 'Entra ID' : g.credential === 'resourceToken' ? 'resource token'
    : g.credential, escapeMessage(g.keyType ?? g.authTokenType ?? '-'), escapeMessage(g.clientIp ?? '-'), when(g.last), escapeMessage(g.userAgent ?? '-')]);
  return [...table([['REQUESTS', 'CREDENTIAL', 'TYPE', 'CLIENT IP', 'LAST', 'USER AGENT'], ...rows]),
    ...(requests.truncated ? ['  (more client groups than listed, or an incomplete answer)'] : [])];
}

function keyReadLines(evidence: KeyAccessEvidence | undefined, days: number): string[] {
  if (!evidence) return ['  not read'];
  if (evidence.status === 'unreadable') return [`  could not be read (${escapeMessage(whyUnreadable(evidence))})`];
  const reads = keyReads(evidence) ?? [];
  if (reads.length === 0) return [`  nobody listed keys or connection strings in the last ${days} days`];
  return table([['TIME', 'OPERATION', 'CALLER', 'CLIENT IP', 'RESULT'], ...reads.map((e) => [when(e.time), e.operation, escapeMessage(e.caller),
    escapeMessage(e.clientIp ?? '-'), escapeMessage(e.status)])]);
}

export function keylessText(outcome: KeylessOutcome, now: number): string {
  const { account, evidence } = outcome;
  const lines = [`Moving ${outcome.accountName} off keys`, `  ${outcome.accountId}`];
  if (!account) lines.push('', `The account could not be read: ${escapeMessage(outcome.accountError ?? 'unknown error')}`);
  if (account) {
    const support = keylessSupport(account);
    lines.push(`Key authentication: ${account.disableLocalAuth === true ? 'off (disableLocalAuth is true)' : 'on'}`);
    if (!support.supported) lines.push('', escapeMessage(support.reason));
    if (outcome.readiness) lines.push(`Readiness: ${escapeMessage(outcome.readiness.headline)}`);
    lines.push('', 'Keys (last use as Azure reports it):',
      ...table(keyUsageOf(account, now).map((u) => [u.label, describeKeyUsage(u.phrase)])));
  }
  lines.push('', `Key reads (Activity Log, last ${outcome.keyReadDays} days):`, ...keyReadLines(evidence.keyAccess, outcome.keyReadDays));
  const requests = evidence.dataAccess?.dataPlaneRequests;
  lines.push('', `Data-plane requests by credential (Log Analytics${requests?.status === 'read' ? `, last ${requests.days} days` : ''}):`, ...requestLines(requests));
  lines.push('', 'Data-plane role assignments (Microsoft Entra ID):', ...roleLines(evidence.dataAccess?.roleAssignments));
  if (outcome.readiness && outcome.readiness.items.length) lines.push('', 'Evidence:', ...evidenceLines(outcome.readiness).map((l) => `  - ${escapeMessage(l)}`));
  return `${lines.join('\n')}\n`;
}

export function formatKeylessReport(format: KeylessFormat, outcome: KeylessOutcome, now: number): string {
  return format === 'json' ? keylessJson(outcome, now) : keylessText(outcome, now);
}
