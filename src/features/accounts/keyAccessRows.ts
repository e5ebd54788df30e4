// The "Key Access (90 days)" row of an account and what it holds: every listKeys, readonlykeys, listConnectionStrings
// and regenerateKey of the last 90 days (the Activity Log), newest first — time, operation, caller, client IP, result —
// or why it could not be read. Loaded when the row is expanded (accountEvidenceLoader.ts).
import * as vscode from 'vscode';
import { isSignedInPrincipal, type KeyAccessEvent } from '../../core/activityLog';
import { type KeyAccessEvidence } from '../../core/posture';
import { escapeMarkdown } from './accountTooltip';

/** At most this many operations are shown as rows; `cosmos-guard audit` prints them all. */
export const MAX_EVENT_ROWS = 200;

/** A row under Key Access that is not an operation (loading, a failure, a note). */
export interface KeyAccessMessage {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon: vscode.ThemeIcon;
}

const OPERATION_LABEL: Readonly<Record<KeyAccessEvent['operation'], string>> = {
  listKeys: 'listKeys', listReadOnlyKeys: 'readonlykeys', listConnectionStrings: 'listConnectionStrings', regenerateKey: 'regenerateKey',
};

function markdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text, true);
  md.isTrusted = false;
  return md;
}

const utc = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** Whether the signed-in principal made this operation (unknown identity: never). */
export function isYours(evidence: KeyAccessEvidence | undefined, event: KeyAccessEvent): boolean {
  return evidence?.status === 'read' && evidence.signedIn !== undefined && isSignedInPrincipal(event, evidence.signedIn);
}

/** The Key Access row itself: collapsed until the user opens it; its description says what it holds. */
export function keyAccessItem(accountId: string, evidence: KeyAccessEvidence | undefined, loading: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('Key Access (90 days)'), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `keyAccess:${accountId.toLowerCase()}`;
  item.iconPath = new vscode.ThemeIcon('history');
  item.contextValue = 'keyAccess';
  if (loading) item.description = vscode.l10n.t('Reading the Activity Log…');
  else if (evidence?.status === 'unreadable') item.description = vscode.l10n.t('Could not read the Activity Log');
  else if (evidence?.status === 'read') {
    const n = evidence.events.length;
    const others = evidence.events.filter((e) => !isYours(evidence, e)).length;
    item.description = n === 0 ? vscode.l10n.t('No key operations')
      : evidence.signedIn ? vscode.l10n.t('{0} operations, {1} by others', n, others) : vscode.l10n.t('{0} operations', n);
  }
  item.tooltip = markdown(vscode.l10n.t('Who listed or regenerated this account\'s keys in the last 90 days (the Activity Log\'s listKeys, readonlykeys, '
    + 'listConnectionStrings and regenerateKey operations). Read when you expand this row; needs Microsoft.Insights/eventtypes/values/read.'));
  return item;
}

/** One operation: time as the label; operation, caller (you marked), client IP and result as the description. */
export function keyAccessEventItem(accountId: string, index: number, event: KeyAccessEvent, yours: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(utc(event.time), vscode.TreeItemCollapsibleState.None);
  item.id = `keyAccessEvent:${accountId.toLowerCase()}:${index}`;
  const caller = yours ? vscode.l10n.t('{0} (you)', event.caller) : event.caller;
  item.description = [OPERATION_LABEL[event.operation], caller, event.clientIp ?? vscode.l10n.t('no client IP'), event.status].join(' · ');
  const failed = /^(failed|canceled|cancelled)$/i.test(event.status);
  item.iconPath = new vscode.ThemeIcon(event.operation === 'regenerateKey' ? 'sync' : 'key',
    failed ? new vscode.ThemeColor('list.errorForeground') : yours ? undefined : new vscode.ThemeColor('list.warningForeground'));
  item.tooltip = markdown([
    `**${escapeMarkdown(OPERATION_LABEL[event.operation])}** — ${escapeMarkdown(event.status)}`, '',
    `| | |`, `| --- | --- |`,
    `| ${vscode.l10n.t('Time')} | ${event.time} |`,
    `| ${vscode.l10n.t('Caller')} | ${escapeMarkdown(event.caller)}${event.callerKind === 'application' ? ` (${vscode.l10n.t('application')})` : ''}${yours ? ` — ${vscode.l10n.t('you')}` : ''} |`,
    ...(event.objectId ? [`| ${vscode.l10n.t('Object id')} | ${escapeMarkdown(event.objectId)} |`] : []),
    `| ${vscode.l10n.t('Client IP')} | ${escapeMarkdown(event.clientIp ?? '—')} |`,
  ].join('\n'));
  item.contextValue = 'keyAccessEvent';
  return item;
}

/** The notes under Key Access: reading, a failure with its reason, nothing found, an unknown identity, a cut history. */
export function keyAccessMessages(accountId: string, evidence: KeyAccessEvidence | undefined, loading: boolean): KeyAccessMessage[] {
  const id = (what: string) => `keyAccess:${what}:${accountId.toLowerCase()}`;
  if (loading || !evidence) {
    return [{ id: id('loading'), label: vscode.l10n.t('Reading the Activity Log…'), icon: new vscode.ThemeIcon('loading~spin') }];
  }
  if (evidence.status === 'unreadable') {
    return [{ id: id('failed'), label: evidence.missingPermission ? vscode.l10n.t('Missing permission {0}', evidence.missingPermission) : evidence.message,
      description: evidence.missingPermission ? vscode.l10n.t('the Activity Log could not be read') : undefined, tooltip: escapeMarkdown(evidence.message),
      icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')) }];
  }
  const out: KeyAccessMessage[] = [];
  if (evidence.events.length === 0) out.push({ id: id('none'), label: vscode.l10n.t('No key was listed or regenerated in 90 days'), icon: new vscode.ThemeIcon('pass') });
  if (!evidence.signedIn && evidence.events.length > 0) {
    out.push({ id: id('identity'), label: vscode.l10n.t('Your own identity is unknown'), description: evidence.signedInUnknownReason,
      tooltip: escapeMarkdown(vscode.l10n.t('Your own operations cannot be told apart from others\' ({0}).', evidence.signedInUnknownReason ?? '')),
      icon: new vscode.ThemeIcon('info') });
  }
  if (evidence.events.length > MAX_EVENT_ROWS) {
    out.push({ id: id('more'), label: vscode.l10n.t('{0} older operations not shown', evidence.events.length - MAX_EVENT_ROWS),
      description: vscode.l10n.t('cosmos-guard audit lists them all'), icon: new vscode.ThemeIcon('ellipsis') });
  }
  if (evidence.truncated) {
    out.push({ id: id('truncated'), label: vscode.l10n.t('The oldest operations were not read'), description: vscode.l10n.t('the history has more pages than Cosmos Guard reads'),
      icon: new vscode.ThemeIcon('warning') });
  }
  return out;
}
