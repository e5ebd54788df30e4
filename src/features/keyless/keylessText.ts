// The switch's words, localised: each readiness fact (core/keyless gives the facts and English), how long ago
// something happened, and the modal texts of turning keys off and on. Only names, kinds, counts and times — never a key.
import * as vscode from 'vscode';
import { LOCAL_AUTH_DISABLED_ERROR, type KeylessReadiness, type ReadinessItem } from '../../core/keyless';
import { describeKeyUsage, parseTimestamp } from '../../core/posture';

/** "about 2 h ago", "5 min ago", "3 days ago" (or the date when it cannot be read). */
export function agoText(iso: string, now: number): string {
  const at = parseTimestamp(iso);
  if (at === undefined) return iso;
  const ms = Math.max(0, now - at);
  if (ms < 3_600_000) return vscode.l10n.t('{0} min ago', Math.max(1, Math.round(ms / 60_000)));
  if (ms < 2 * 86_400_000) return vscode.l10n.t('about {0} h ago', Math.round(ms / 3_600_000));
  return vscode.l10n.t('{0} days ago', Math.floor(ms / 86_400_000));
}

/** One readiness fact in plain words. */
export function readinessText(item: ReadinessItem, now: number): string {
  switch (item.kind) {
    case 'keyUsed': return vscode.l10n.t('The {0} key was {1}.', item.keyLabel, describeKeyUsage(item.phrase));
    case 'keyUsageNotReported': return vscode.l10n.t('Azure does not report when this account\'s keys were last used.');
    case 'keyReads': return vscode.l10n.t('Keys were listed {0} times by {1}, the latest {2}.', item.count, item.callers.join(', '), agoText(item.latest, now));
    case 'noKeyReads': return vscode.l10n.t('Nobody listed the keys since {0}.', item.since.slice(0, 10));
    case 'keyReadsUnknown': return vscode.l10n.t('Who listed the keys is unknown: {0}.', item.why);
    case 'keyRequests': return vscode.l10n.t('{0} key-authenticated requests in the last 7 days, the latest {1}, from {2}.', item.requests,
      agoText(item.last, now), item.clients.join(', '));
    case 'noKeyRequests': return vscode.l10n.t('No key-authenticated requests in the last {0} days (Log Analytics).', item.days);
    case 'keyRequestsUnknown': return vscode.l10n.t('Key-authenticated requests are unknown: {0}.', item.why);
    case 'roleAssignments': return item.count === 1 ? vscode.l10n.t('1 data-plane role assignment exists.')
      : vscode.l10n.t('{0} data-plane role assignments exist.', item.count);
    case 'noRoleAssignments': return vscode.l10n.t('No data-plane role assignments: with keys off, nobody could read data.');
    case 'roleAssignmentsUnknown': return vscode.l10n.t('The data-plane role assignments are unknown: {0}.', item.why);
  }
}

/** The verdict in a line: the placeholder of the evidence step. */
export function verdictText(readiness: KeylessReadiness, now: number): string {
  const first = (level: ReadinessItem['level']) => readiness.items.find((i) => i.level === level);
  switch (readiness.verdict) {
    case 'ready': return vscode.l10n.t('Ready: no sign of key use.');
    case 'notReady': return vscode.l10n.t('Not ready: {0}', readinessText(first('blocker') ?? readiness.items[0]!, now));
    case 'unknown': return vscode.l10n.t('Not known: {0}', readinessText(first('unknown') ?? readiness.items[0]!, now));
    case 'alreadyOff': return vscode.l10n.t('Key authentication is already off.');
    case 'unsupported': return vscode.l10n.t('Not available for this account\'s API.');
  }
}

/** The evidence lines of the modal: blockers first, then what is unknown, then the rest. */
export function evidenceText(readiness: KeylessReadiness, now: number): string {
  const order: Readonly<Record<ReadinessItem['level'], number>> = { blocker: 0, unknown: 1, caution: 2, ok: 3 };
  const icon: Readonly<Record<ReadinessItem['level'], string>> = { blocker: '⚠', unknown: '?', caution: '!', ok: '✓' };
  return [...readiness.items].sort((a, b) => order[a.level] - order[b.level]).map((i) => `${icon[i.level]} ${readinessText(i, now)}`).join('\n');
}

/** What turning keys off breaks, with the error clients then get. */
export function keysOffConsequenceText(accountName: string): string {
  return vscode.l10n.t('Every client of {0} still using a key or connection string gets 401 "{1}" — at once, until it uses Microsoft Entra ID. '
    + 'Key-based metadata writes (creating databases and containers with a key) stop too.', accountName, LOCAL_AUTH_DISABLED_ERROR)
    + ' ' + vscode.l10n.t('Azure checks the account again right before the change. Turn Key Authentication Back On… reverses it.');
}

/** What turning keys back on means. */
export function keysOnConsequenceText(accountName: string): string {
  return vscode.l10n.t('The keys of {0} work again: anyone holding one — a leaked connection string too — can read and change all data. '
    + 'Consider rotating the keys (Rotate Keys Safely…) before or after.', accountName);
}

/** A long-running change's progress, in words. */
export function progressText(step: 'checking' | 'sending' | 'waiting' | 'done'): string {
  switch (step) {
    case 'checking': return vscode.l10n.t('checking the account again');
    case 'sending': return vscode.l10n.t('sending');
    case 'waiting': return vscode.l10n.t('waiting for Azure');
    case 'done': return vscode.l10n.t('done');
  }
}
