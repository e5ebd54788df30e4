// The three formats of `cosmos-guard audit`. Nothing here is key material: the Activity Log names operations, callers
// and addresses; the keys' entries are dates.
import { isSignedInPrincipal } from '../core/activityLog';
import { describeKeyUsage, keyUsageOf } from '../core/posture';
import { type AuditOutcome } from './auditRunner';
import { keysJson } from './keyUsageJson';

export type AuditFormat = 'table' | 'json' | 'markdown';
export const AUDIT_FORMATS: readonly AuditFormat[] = ['table', 'json', 'markdown'];

/** The public JSON shape (README): the account id, its key operations newest first, and its keys. */
export function auditJson(outcome: AuditOutcome, now: number): string {
  return `${JSON.stringify({
    account: outcome.accountId,
    events: (outcome.events ?? []).map((e) => ({ time: e.time, operation: e.operation, caller: e.caller, clientIp: e.clientIp ?? null, status: e.status })),
    keys: outcome.account ? keysJson(outcome.account, now) : [],
  }, null, 2)}\n`;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

const when = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function eventRows(outcome: AuditOutcome): string[][] {
  return (outcome.events ?? []).map((e) => [when(e.time), e.operation,
    `${e.caller}${outcome.signedIn && isSignedInPrincipal(e, outcome.signedIn) ? ' (you)' : ''}`, e.clientIp ?? '-', e.status]);
}

function keyRows(outcome: AuditOutcome, now: number): string[][] {
  if (!outcome.account) return [];
  return keyUsageOf(outcome.account, now).map((u) => [u.label, u.generated?.slice(0, 10) ?? 'before 2022-06-18', describeKeyUsage(u.phrase)]);
}

function notes(outcome: AuditOutcome): string[] {
  const out: string[] = [];
  if (outcome.logError) out.push(`The Activity Log could not be read: ${outcome.logError}`);
  if (outcome.truncated) out.push('Only the newest operations are listed: the history has more pages than Cosmos Guard reads.');
  if (outcome.events && !outcome.signedIn) out.push(`Your own identity is unknown (${outcome.signedInUnknownReason ?? 'no token claims'}); your operations are not marked.`);
  if (outcome.accountError) out.push(`The account could not be read: ${outcome.accountError}`);
  return out;
}

function auditTable(outcome: AuditOutcome, now: number): string {
  const parts: string[] = [`Key access of ${outcome.accountName}, last ${outcome.days} days, newest first:`];
  const events = eventRows(outcome);
  if (outcome.events && events.length === 0) parts.push('No key was listed or regenerated.');
  if (events.length) parts.push(table([['TIME', 'OPERATION', 'CALLER', 'CLIENT IP', 'RESULT'], ...events]));
  const keys = keyRows(outcome, now);
  if (keys.length) parts.push('', table([['KEY', 'REGENERATED', 'LAST USE'], ...keys]));
  const n = notes(outcome);
  if (n.length) parts.push('', ...n);
  return `${parts.join('\n')}\n`;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function auditMarkdown(outcome: AuditOutcome, now: number, toolVersion: string): string {
  const lines = [`# Key access: ${cell(outcome.accountName)}`, '', `\`${outcome.accountId}\` — last ${outcome.days} days, newest first (Cosmos Guard ${toolVersion}).`, ''];
  const events = eventRows(outcome);
  if (outcome.events && events.length === 0) lines.push('No key was listed or regenerated.');
  if (events.length) {
    lines.push('| Time | Operation | Caller | Client IP | Result |', '| --- | --- | --- | --- | --- |');
    for (const r of events) lines.push(`| ${r.map(cell).join(' | ')} |`);
  }
  const keys = keyRows(outcome, now);
  if (keys.length) {
    lines.push('', '## Keys', '', '| Key | Regenerated | Last use |', '| --- | --- | --- |');
    for (const r of keys) lines.push(`| ${r.map(cell).join(' | ')} |`);
  }
  const n = notes(outcome);
  if (n.length) lines.push('', ...n.map((x) => `> ${cell(x)}`));
  return `${lines.join('\n')}\n`;
}

export function formatAuditReport(format: AuditFormat, outcome: AuditOutcome, now: number, toolVersion: string): string {
  switch (format) {
    case 'json': return auditJson(outcome, now);
    case 'table': return auditTable(outcome, now);
    case 'markdown': return auditMarkdown(outcome, now, toolVersion);
  }
}
