// Renders the AccountsModel as the "Accounts" tree: directories that need a sign-in, then subscription → account →
// findings, the rules that could not be checked, "Key Access (90 days)" and "Data Access (Microsoft Entra ID)". Rows run
// no command when clicked; actions are in the inline and context menus (package.json). Expanding an account reads its
// diagnostic settings, expanding Key Access its Activity Log, Data Access its role assignments: VS Code asks for a
// node's children only when it is expanded.
import * as vscode from 'vscode';
import { type SubscriptionRef, type TenantNeedingSignIn } from '../../azure/armSubscription';
import { type KeyAccessEvent } from '../../core/activityLog';
import { keylessSupport, type RoleAssignment } from '../../core/keyless';
import { apiOf, type AccountSnapshot, type PostureFinding, type PostureSeverity } from '../../core/posture';
import { type AccountAnnotations } from './accountAnnotations';
import { accountUri } from './accountDecorations';
import { type AccountsModel, type EvaluatedAccount, type EvidencePart, isAtRisk, type SubscriptionEntry } from './accountsModel';
import { accountTooltip, escapeMarkdown, findingTooltip, subscriptionTooltip } from './accountTooltip';
import { dataAccessItem, dataAccessMessages, roleAssignmentItem } from './dataAccessRows';
import { isYours, keyAccessEventItem, keyAccessItem, keyAccessMessages, MAX_EVENT_ROWS } from './keyAccessRows';

export type AccountsNode =
  | { readonly kind: 'tenant'; readonly tenant: TenantNeedingSignIn }
  | { readonly kind: 'subscription'; readonly entry: SubscriptionEntry }
  | { readonly kind: 'account'; readonly subscription: SubscriptionRef; readonly account: EvaluatedAccount }
  | { readonly kind: 'finding'; readonly subscription: SubscriptionRef; readonly account: EvaluatedAccount; readonly finding: PostureFinding }
  | { readonly kind: 'keyAccess'; readonly subscription: SubscriptionRef; readonly account: EvaluatedAccount }
  | { readonly kind: 'keyAccessEvent'; readonly account: EvaluatedAccount; readonly event: KeyAccessEvent; readonly index: number; readonly yours: boolean }
  | { readonly kind: 'dataAccess'; readonly subscription: SubscriptionRef; readonly account: EvaluatedAccount }
  | { readonly kind: 'roleAssignment'; readonly account: EvaluatedAccount; readonly assignment: RoleAssignment }
  | { readonly kind: 'message'; readonly id: string; readonly label: string; readonly description?: string; readonly tooltip?: string;
    readonly icon?: vscode.ThemeIcon; readonly contextValue?: string; readonly subscription?: SubscriptionEntry };

/** Context values, matched by `viewItem` in package.json menus. */
export const ItemContext = {
  tenantNeedsSignIn: 'tenantNeedsSignIn',
  subscription: 'subscription',
  subscriptionFailed: 'subscriptionFailed',
  subscriptionNeedsSignIn: 'subscriptionNeedsSignIn',
  account: 'account',
  /** An account with an unfinished guided key rotation. */
  accountRotating: 'accountRotating',
  finding: 'finding',
  /** The *Key Authentication Enabled* finding (its inline action is Switch to Microsoft Entra ID…). */
  findingLocalAuth: 'finding.localAuth',
  message: 'message',
  /** A rule that could not be checked for an account (its evidence could not be read). */
  unchecked: 'unchecked',
} as const;

/**
 * An account row's context value: `account` (or `accountRotating`), then `.keysOff` for a NoSQL account that accepts
 * no keys and `.otherApi` for the APIs that cannot turn keys off, so menus offer the switch and its reverse only
 * where they apply (package.json matches `^(account|accountRotating)(\.|$)` for every account).
 */
export function accountContextValue(snapshot: AccountSnapshot, rotating: boolean): string {
  const base = rotating ? ItemContext.accountRotating : ItemContext.account;
  if (apiOf(snapshot) !== 'nosql') return `${base}.otherApi`;
  return snapshot.disableLocalAuth === true ? `${base}.keysOff` : base;
}

/** Reads an account's on-demand evidence when its row (or its Key Access row) is expanded. */
export interface EvidenceRequester {
  ensure(snapshot: AccountSnapshot, part: EvidencePart): void;
}

const SEVERITY_ICONS: Readonly<Record<PostureSeverity, [string, string | undefined]>> = {
  high: ['error', 'list.errorForeground'],
  medium: ['warning', 'list.warningForeground'],
  low: ['info', undefined],
  info: ['circle-outline', undefined],
};

export function severityThemeIcon(severity: PostureSeverity): vscode.ThemeIcon {
  const [id, colour] = SEVERITY_ICONS[severity];
  return new vscode.ThemeIcon(id, colour ? new vscode.ThemeColor(colour) : undefined);
}

function markdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text, true);
  md.isTrusted = false;
  return md;
}

const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many).replace('{0}', String(n));

/** "2 issues · West Europe": the finding count and the region. */
export function accountDescription(account: EvaluatedAccount): string {
  const n = account.summary.total;
  const issues = n === 0 ? vscode.l10n.t('No issues') : n === 1 ? vscode.l10n.t('1 issue') : vscode.l10n.t('{0} issues', n);
  return account.snapshot.location ? `${issues} · ${account.snapshot.location}` : issues;
}

function subscriptionDescription(entry: SubscriptionEntry): string {
  const tenant = entry.ref.tenantName ? `${entry.ref.tenantName} · ` : '';
  switch (entry.status) {
    case 'loading': return `${tenant}${vscode.l10n.t('Loading…')}`;
    case 'failed': return vscode.l10n.t('Could not read: {0}', entry.failure.statusCode ? `${entry.failure.statusCode} ${entry.failure.code}` : entry.failure.code);
    case 'ok': {
      const n = entry.accounts.length;
      const atRisk = entry.accounts.filter(isAtRisk).length;
      const accounts = plural(n, vscode.l10n.t('1 account'), vscode.l10n.t('{0} accounts', n));
      return `${tenant}${accounts}${atRisk ? ` · ${vscode.l10n.t('{0} at risk', atRisk)}` : ''}`;
    }
  }
}

export class AccountsTreeProvider implements vscode.TreeDataProvider<AccountsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AccountsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: { dispose(): void }[] = [];
  private annotations: AccountAnnotations | undefined;

  constructor(private readonly model: AccountsModel, private readonly clock: () => number = Date.now, private readonly evidence?: EvidenceRequester) {
    this.subscriptions.push(model.onDidChange(() => this.changed.fire(undefined)));
  }

  /** Shows what another feature says about accounts (key rotations) on their rows. */
  setAnnotations(annotations: AccountAnnotations | undefined): void {
    this.annotations = annotations;
    if (annotations) this.subscriptions.push(annotations.onDidChange(() => this.changed.fire(undefined)));
    this.changed.fire(undefined);
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.changed.dispose();
  }

  /**
   * What VS Code calls for an expanded node: its children, and — the node being open — the evidence it shows is read
   * if it is not yet (an account's diagnostic settings, a Key Access row's Activity Log).
   */
  getChildren(node?: AccountsNode): AccountsNode[] {
    if (node?.kind === 'account') this.evidence?.ensure(node.account.snapshot, 'diagnosticSettings');
    if (node?.kind === 'keyAccess') this.evidence?.ensure(node.account.snapshot, 'keyAccess');
    if (node?.kind === 'dataAccess' && keylessSupport(node.account.snapshot).supported) this.evidence?.ensure(node.account.snapshot, 'roleAssignments');
    return this.children(node);
  }

  /** The children as they are now, reading nothing (for tests and the row walker). */
  children(node?: AccountsNode): AccountsNode[] {
    if (!node) {
      // Nothing at all when a welcome view should show (signed out, no subscriptions, …): the state says which.
      if (this.model.state() !== 'ready') return [];
      return [
        ...this.model.tenantsNeedingSignIn.map((tenant): AccountsNode => ({ kind: 'tenant', tenant })),
        ...this.model.visibleSubscriptions().map((entry): AccountsNode => ({ kind: 'subscription', entry })),
      ];
    }
    switch (node.kind) {
      case 'subscription': return this.subscriptionChildren(node.entry);
      case 'account': return this.accountChildren(node.subscription, this.current(node.account));
      case 'keyAccess': return this.keyAccessChildren(this.current(node.account));
      case 'dataAccess': return this.dataAccessChildren(this.current(node.account));
      default: return [];
    }
  }

  /** The account as the model has it now: an element handed back to us may predate evidence read since. */
  private current(account: EvaluatedAccount): EvaluatedAccount {
    return this.model.account(account.snapshot.id)?.account ?? account;
  }

  getTreeItem(node: AccountsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'tenant': return this.tenantItem(node.tenant);
      case 'subscription': return this.subscriptionItem(node.entry);
      case 'account': return this.accountItem(node.subscription, node.account);
      case 'finding': return this.findingItem(node.account, node.finding);
      case 'keyAccess': {
        const account = this.current(node.account);
        return keyAccessItem(account.snapshot.id, account.snapshot.keyAccess, account.loading.includes('keyAccess'));
      }
      case 'keyAccessEvent': return keyAccessEventItem(node.account.snapshot.id, node.index, node.event, node.yours);
      case 'dataAccess': {
        const account = this.current(node.account);
        return dataAccessItem(account.snapshot.id, keylessSupport(account.snapshot), this.model.evidence(account.snapshot.id)?.roleAssignments,
          account.loading.includes('roleAssignments'));
      }
      case 'roleAssignment': return roleAssignmentItem(node.account.snapshot.id, node.assignment);
      case 'message': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        if (node.description) item.description = node.description;
        if (node.tooltip) item.tooltip = markdown(node.tooltip);
        if (node.icon) item.iconPath = node.icon;
        item.contextValue = node.contextValue ?? ItemContext.message;
        return item;
      }
    }
  }

  private subscriptionChildren(entry: SubscriptionEntry): AccountsNode[] {
    const id = entry.ref.subscriptionId;
    switch (entry.status) {
      case 'loading':
        return [{ kind: 'message', id: `loading:${id}`, label: vscode.l10n.t('Loading accounts…'), icon: new vscode.ThemeIcon('loading~spin') }];
      case 'failed': {
        const needsSignIn = entry.failure.kind === 'challenge' || entry.failure.kind === 'unauthenticated';
        return [{
          kind: 'message', id: `failure:${id}`, label: entry.failure.message, tooltip: subscriptionTooltip(entry.ref, entry.failure),
          icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
          contextValue: needsSignIn ? ItemContext.subscriptionNeedsSignIn : ItemContext.subscriptionFailed, subscription: entry,
        }];
      }
      case 'ok': {
        const rows: AccountsNode[] = entry.accounts.map((account) => ({ kind: 'account', subscription: entry.ref, account }));
        for (const u of entry.unreadable) {
          rows.push({ kind: 'message', id: `unreadable:${id}:${u.id ?? u.name}`, label: u.name, description: vscode.l10n.t('Could not read this account'),
            tooltip: u.reason, icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')) });
        }
        if (rows.length === 0) {
          rows.push({ kind: 'message', id: `empty:${id}`, label: vscode.l10n.t('No Cosmos DB accounts'), icon: new vscode.ThemeIcon('info') });
        }
        return rows;
      }
    }
  }

  private accountChildren(subscription: SubscriptionRef, account: EvaluatedAccount): AccountsNode[] {
    const id = account.snapshot.id;
    const rows: AccountsNode[] = account.findings.map((finding) => ({ kind: 'finding', subscription, account, finding }));
    for (const u of account.unchecked) {
      rows.push({ kind: 'message', id: `unchecked:${id}:${u.rule}`, label: vscode.l10n.t('{0}: could not be checked', u.title), description: u.reason,
        tooltip: escapeMarkdown(vscode.l10n.t('{0} could not be checked: {1}. This is not a pass.', u.title, u.reason)), icon: new vscode.ThemeIcon('question'),
        contextValue: ItemContext.unchecked });
    }
    if (account.snapshot.notebookWorkspace === 'unknown') {
      rows.push({ kind: 'message', id: `notebook:${id}`, label: vscode.l10n.t('Notebook workspace not checked'),
        description: account.notebookFailure?.message, tooltip: account.notebookFailure?.message, icon: new vscode.ThemeIcon('question') });
    }
    if (account.loading.includes('diagnosticSettings')) {
      rows.push({ kind: 'message', id: `diagnostics:${id}`, label: vscode.l10n.t('Reading diagnostic settings…'), icon: new vscode.ThemeIcon('loading~spin') });
    }
    if (account.findings.length === 0) {
      rows.unshift({ kind: 'message', id: `clean:${id}`, label: vscode.l10n.t('No issues found'), icon: new vscode.ThemeIcon('pass') });
    }
    rows.push({ kind: 'keyAccess', subscription, account }, { kind: 'dataAccess', subscription, account });
    return rows;
  }

  private dataAccessChildren(account: EvaluatedAccount): AccountsNode[] {
    if (!keylessSupport(account.snapshot).supported) return [];
    const evidence = this.model.evidence(account.snapshot.id)?.roleAssignments;
    const loading = account.loading.includes('roleAssignments');
    // Not asked for yet (a walk of the rows rather than an expansion): nothing to show, nothing read.
    if (!evidence && !loading) return [];
    const assignments: AccountsNode[] = evidence?.status === 'read' && !loading
      ? evidence.assignments.map((assignment) => ({ kind: 'roleAssignment', account, assignment })) : [];
    return [...assignments, ...dataAccessMessages(account.snapshot.id, evidence, loading).map((m): AccountsNode => ({ kind: 'message', ...m }))];
  }

  private keyAccessChildren(account: EvaluatedAccount): AccountsNode[] {
    const evidence = account.snapshot.keyAccess;
    const loading = account.loading.includes('keyAccess');
    // Not asked for yet (a walk of the rows rather than an expansion): nothing to show, nothing read.
    if (!evidence && !loading) return [];
    const events: AccountsNode[] = evidence?.status === 'read' && !loading
      ? evidence.events.slice(0, MAX_EVENT_ROWS).map((event, index) => ({ kind: 'keyAccessEvent', account, event, index, yours: isYours(evidence, event) }))
      : [];
    const notes: AccountsNode[] = keyAccessMessages(account.snapshot.id, evidence, loading).map((m) => ({ kind: 'message', ...m }));
    return [...events, ...notes];
  }

  private tenantItem(tenant: TenantNeedingSignIn): vscode.TreeItem {
    const item = new vscode.TreeItem(tenant.displayName, vscode.TreeItemCollapsibleState.None);
    item.id = `tenant:${tenant.tenantId}`;
    item.description = vscode.l10n.t('Sign-in required');
    item.tooltip = markdown(vscode.l10n.t('The directory {0} ({1}) needs its own sign-in (for example multi-factor authentication) before its '
      + 'subscriptions can be listed. Use **Sign In to Directory…**.', tenant.displayName, tenant.tenantId));
    item.iconPath = new vscode.ThemeIcon('organization', new vscode.ThemeColor('list.warningForeground'));
    item.contextValue = ItemContext.tenantNeedsSignIn;
    return item;
  }

  private subscriptionItem(entry: SubscriptionEntry): vscode.TreeItem {
    const total = this.model.subscriptions.length;
    // A handful of subscriptions open by default; with many, the user opens the ones they want (VS Code remembers).
    const state = total <= 5 || entry.status === 'failed' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(entry.ref.name, state);
    item.id = `subscription:${entry.ref.subscriptionId}`;
    item.description = subscriptionDescription(entry);
    item.tooltip = markdown(subscriptionTooltip(entry.ref, entry.status === 'failed' ? entry.failure : undefined));
    item.iconPath = entry.status === 'failed' ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')) : new vscode.ThemeIcon('azure');
    item.contextValue = entry.status === 'failed' ? ItemContext.subscriptionFailed : ItemContext.subscription;
    return item;
  }

  private accountItem(subscription: SubscriptionRef, account: EvaluatedAccount): vscode.TreeItem {
    const item = new vscode.TreeItem(account.snapshot.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `account:${account.snapshot.id.toLowerCase()}`;
    const annotation = this.annotations?.annotationOf(account.snapshot.id);
    item.description = annotation ? `${annotation.status} · ${accountDescription(account)}` : accountDescription(account);
    item.resourceUri = accountUri(account.snapshot, account.summary.worst);
    item.iconPath = new vscode.ThemeIcon('database');
    const tooltip = accountTooltip(account, subscription, this.clock(), this.model.unusedKeyDays);
    item.tooltip = markdown(annotation ? `${tooltip}\n\n---\n\n${annotation.tooltip}` : tooltip);
    item.contextValue = accountContextValue(account.snapshot, annotation?.rotating === true);
    return item;
  }

  private findingItem(account: EvaluatedAccount, finding: PostureFinding): vscode.TreeItem {
    const item = new vscode.TreeItem(finding.title, vscode.TreeItemCollapsibleState.None);
    item.id = `finding:${account.snapshot.id.toLowerCase()}:${finding.rule}`;
    item.description = finding.message;
    item.iconPath = severityThemeIcon(finding.severity);
    item.tooltip = markdown(findingTooltip(finding, { snapshot: account.snapshot, now: this.clock(), unusedKeyDays: this.model.unusedKeyDays }));
    item.contextValue = finding.rule === 'local-auth-enabled' ? ItemContext.findingLocalAuth : ItemContext.finding;
    return item;
  }
}
