// The "Data Access (Microsoft Entra ID)" row of an account and what it holds: the account's data-plane role
// assignments (sqlRoleAssignments) — principal, role, scope — or why there are none or they could not be read. Loaded
// when the row is expanded (accountEvidenceLoader.ts). Accounts of the other APIs get a row that says why it does not
// apply to them, and reads nothing.
import * as vscode from 'vscode';
import { type KeylessSupport, type RoleAssignment, type RoleAssignmentsEvidence } from '../../core/keyless';
import { escapeMarkdown } from './accountTooltip';

/** A row under Data Access that is not an assignment (loading, a failure, none). */
export interface DataAccessMessage {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon: vscode.ThemeIcon;
}

function markdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text, true);
  md.isTrusted = false;
  return md;
}

/** "the account", "database orders", "container orders/items" (the scope as Azure returned it when not under the account). */
export function scopeText(assignment: Pick<RoleAssignment, 'relativeScope' | 'scope'>): string {
  if (assignment.relativeScope === undefined) return assignment.scope;
  const parts = /^\/dbs\/([^/]+)(?:\/colls\/([^/]+))?$/.exec(assignment.relativeScope);
  if (!parts) return vscode.l10n.t('the account');
  return parts[2] ? vscode.l10n.t('container {0}/{1}', parts[1]!, parts[2]) : vscode.l10n.t('database {0}', parts[1]!);
}

/** The Data Access row itself: its description says how many assignments, or why none can be shown. */
export function dataAccessItem(accountId: string, support: KeylessSupport, evidence: RoleAssignmentsEvidence | undefined, loading: boolean): vscode.TreeItem {
  const supported = support.supported;
  const item = new vscode.TreeItem(vscode.l10n.t('Data Access (Microsoft Entra ID)'),
    supported ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `dataAccess:${accountId.toLowerCase()}`;
  item.iconPath = new vscode.ThemeIcon('shield');
  item.contextValue = supported ? 'dataAccess' : 'dataAccess.otherApi';
  if (!support.supported) {
    item.description = vscode.l10n.t('not available for {0} accounts', support.apiLabel);
    item.tooltip = markdown(escapeMarkdown(otherApiExplanation(support)));
    return item;
  }
  if (loading) item.description = vscode.l10n.t('Reading role assignments…');
  else if (evidence?.status === 'unreadable') item.description = vscode.l10n.t('Could not read the role assignments');
  else if (evidence?.status === 'read') {
    const n = evidence.assignments.length;
    item.description = n === 0 ? vscode.l10n.t('No role assignments') : n === 1 ? vscode.l10n.t('1 role assignment') : vscode.l10n.t('{0} role assignments', n);
  }
  item.tooltip = markdown(vscode.l10n.t('Who may read or write this account\'s data with a Microsoft Entra ID token: its data-plane role assignments '
    + '(sqlRoleAssignments — not Azure RBAC role assignments). Read when you expand this row; needs '
    + 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/read.'));
  return item;
}

/** Why the switch to Microsoft Entra ID is offered for NoSQL accounts only. */
export function otherApiExplanation(support: Extract<KeylessSupport, { supported: false }>): string {
  return vscode.l10n.t('{0} accounts cannot rely on Microsoft Entra ID alone: turning key authentication off (disableLocalAuth) and data-plane '
    + 'role assignments are offered for API for NoSQL accounts only — Azure Policy and PSRule treat disableLocalAuth as a NoSQL-only setting, and '
    + 'Azure has refused it for other APIs. Keep this account\'s keys safe instead: rotate them (Rotate Keys Safely…) and keep them out of code '
    + 'and settings.', support.apiLabel);
}

/** One assignment: the principal as the label; role and scope as the description. */
export function roleAssignmentItem(accountId: string, assignment: RoleAssignment): vscode.TreeItem {
  const item = new vscode.TreeItem(assignment.principalId, vscode.TreeItemCollapsibleState.None);
  item.id = `roleAssignment:${accountId.toLowerCase()}:${assignment.name.toLowerCase()}`;
  item.description = `${assignment.roleName} · ${scopeText(assignment)}`;
  item.iconPath = new vscode.ThemeIcon('person');
  item.tooltip = markdown([
    `**${escapeMarkdown(assignment.roleName)}**`, '',
    `| | |`, `| --- | --- |`,
    `| ${vscode.l10n.t('Principal (object id)')} | ${escapeMarkdown(assignment.principalId)} |`,
    `| ${vscode.l10n.t('Scope')} | ${escapeMarkdown(scopeText(assignment))} |`,
    `| ${vscode.l10n.t('Assignment')} | ${escapeMarkdown(assignment.name)} |`,
  ].join('\n'));
  item.contextValue = 'roleAssignment';
  return item;
}

/** The notes under Data Access: reading, a failure with its reason, or none (and what that means with keys off). */
export function dataAccessMessages(accountId: string, evidence: RoleAssignmentsEvidence | undefined, loading: boolean): DataAccessMessage[] {
  const id = (what: string) => `dataAccess:${what}:${accountId.toLowerCase()}`;
  if (loading || !evidence) {
    return [{ id: id('loading'), label: vscode.l10n.t('Reading role assignments…'), icon: new vscode.ThemeIcon('loading~spin') }];
  }
  if (evidence.status === 'unreadable') {
    return [{ id: id('failed'), label: vscode.l10n.t('Role assignments could not be read'),
      description: evidence.missingPermission ? vscode.l10n.t('missing permission {0}', evidence.missingPermission) : evidence.message,
      tooltip: escapeMarkdown(evidence.message), icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')) }];
  }
  if (evidence.assignments.length > 0) return [];
  return [{ id: id('none'), label: vscode.l10n.t('None: with keys off, nobody could read data'),
    tooltip: escapeMarkdown(vscode.l10n.t('No principal has a data-plane role on this account. Give your applications\' identities one (Switch to '
      + 'Microsoft Entra ID…) before turning key authentication off.')),
    icon: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) }];
}
