// The accounts view's commands. Menu commands receive the row's node; commands from the palette get nothing and
// ask (or do nothing visible) instead. Failures go through the error boundary that registered them.
import * as vscode from 'vscode';
import { portalResourceUrl } from '../../azure/armCloud';
import { type SubscriptionRef } from '../../azure/armSubscription';
import { SettingKey, SETTINGS_SECTION } from '../../platform/settingKeys';
import { type AccountsNode } from './accountsTreeProvider';
import { type AccountsView } from './accountsView';

/** The Azure Resources extension's "Select Subscriptions…", whose filter our VS Code sign-in route honours. */
const SHARED_SELECT_SUBSCRIPTIONS = 'azureResourceGroups.selectSubscriptions';

function asNode(arg: unknown): AccountsNode | undefined {
  return typeof arg === 'object' && arg !== null && typeof (arg as { kind?: unknown }).kind === 'string' ? arg as AccountsNode : undefined;
}

/** The account a row stands for (account and finding rows). */
function accountOf(arg: unknown): { id: string; subscription: SubscriptionRef } | undefined {
  const node = asNode(arg);
  if (node?.kind === 'account' || node?.kind === 'finding') return { id: node.account.snapshot.id, subscription: node.subscription };
  return undefined;
}

export class AccountsCommands {
  constructor(private readonly view: AccountsView) {}

  refresh(): Promise<void> {
    return this.view.refresh();
  }

  filterAtRisk(): void {
    this.view.setFilterAtRisk(true);
  }

  showAll(): void {
    this.view.setFilterAtRisk(false);
  }

  async copyAccountId(arg: unknown): Promise<void> {
    const account = accountOf(arg);
    if (!account) return;
    await vscode.env.clipboard.writeText(account.id);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the account id of {0}.', account.id.split('/').pop() ?? ''), 3000);
  }

  async openInPortal(arg: unknown): Promise<boolean> {
    const account = accountOf(arg);
    if (!account) return false;
    return vscode.env.openExternal(vscode.Uri.parse(portalResourceUrl(account.subscription.cloud, account.subscription.tenantId, account.id)));
  }

  async learnMore(arg: unknown): Promise<boolean> {
    const node = asNode(arg);
    if (node?.kind !== 'finding') return false;
    return vscode.env.openExternal(vscode.Uri.parse(node.finding.docsUrl));
  }

  /**
   * Signs in. From a subscription that failed with a claims challenge (MFA, conditional access), answers that
   * challenge; from one whose token was refused, signs in to its directory; otherwise asks VS Code for an account.
   */
  async signIn(arg: unknown): Promise<void> {
    const provider = this.view.subscriptionProvider;
    if (!provider) return this.refresh();
    if (provider.kind !== 'vscode') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Cosmos Guard uses the ARM endpoint {0} with a static token. Clear the setting '
        + 'cosmosGuard.azure.armEndpoint to use your Azure accounts instead.', provider.description));
      return;
    }
    const node = asNode(arg);
    let signedIn: boolean;
    if (node?.kind === 'message' && node.subscription?.status === 'failed') {
      const failure = node.subscription.failure;
      const subscription = this.view.subscription(node.subscription.ref.subscriptionId);
      signedIn = failure.wwwAuthenticate && subscription?.answerChallenge
        ? await subscription.answerChallenge(failure.wwwAuthenticate)
        : await provider.signIn(node.subscription.ref.tenantId);
    } else {
      signedIn = await provider.signIn();
    }
    if (signedIn) await this.refresh();
  }

  /** Signs in to one more directory: the row's, or one picked from those that need it. */
  async signInToTenant(arg: unknown): Promise<void> {
    const provider = this.view.subscriptionProvider;
    if (!provider || provider.kind !== 'vscode') return this.signIn(undefined);
    const node = asNode(arg);
    let tenantId = node?.kind === 'tenant' ? node.tenant.tenantId : undefined;
    if (!tenantId) {
      const tenants = this.view.model.tenantsNeedingSignIn;
      if (tenants.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Every directory of your Azure accounts is signed in.'));
        return;
      }
      const pick = await vscode.window.showQuickPick(tenants.map((t) => ({ label: t.displayName, description: t.tenantId, detail: t.defaultDomain, tenantId: t.tenantId })),
        { title: vscode.l10n.t('Sign In to Directory'), placeHolder: vscode.l10n.t('Directories whose subscriptions need their own sign-in'), matchOnDescription: true });
      tenantId = pick?.tenantId;
    }
    if (tenantId && await provider.signIn(tenantId)) await this.refresh();
  }

  /**
   * Chooses the subscriptions to show. With VS Code accounts and the Azure Resources extension installed, its
   * shared filter is the one to edit (our sign-in route honours it, and so do other Azure extensions); otherwise
   * a quick pick stored in `cosmosGuard.azure.selectedSubscriptions`.
   */
  async selectSubscriptions(): Promise<void> {
    const provider = this.view.subscriptionProvider;
    if (provider?.kind === 'vscode' && (await vscode.commands.getCommands(true)).includes(SHARED_SELECT_SUBSCRIPTIONS)) {
      await vscode.commands.executeCommand(SHARED_SELECT_SUBSCRIPTIONS);
      return;
    }
    if (!provider) return this.refresh();
    const cancel = new vscode.CancellationTokenSource();
    const controller = new AbortController();
    cancel.token.onCancellationRequested(() => controller.abort());
    const listing = vscode.window.withProgress({ location: { viewId: 'cosmosGuard.accounts' } },
      () => provider.listSubscriptions({ filtered: false, signal: controller.signal }));
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const selected = new Set((config.get<string[]>(SettingKey.selectedSubscriptions) ?? []).map((s) => s.toLowerCase()));
    const items = listing.then((l) => (l.kind === 'subscriptions' ? l.subscriptions : []).map((s) => ({
      label: s.name, description: s.subscriptionId, detail: s.tenantName, id: s.subscriptionId.toLowerCase(),
      picked: selected.size === 0 || selected.has(s.subscriptionId.toLowerCase()),
    })));
    try {
      const picked = await vscode.window.showQuickPick(items, {
        title: vscode.l10n.t('Select Subscriptions'), placeHolder: vscode.l10n.t('Subscriptions whose Cosmos DB accounts Cosmos Guard shows'),
        canPickMany: true, matchOnDescription: true, matchOnDetail: true,
      }, cancel.token);
      if (!picked) return;
      const all = (await items).length;
      const value = picked.length === all ? [] : picked.map((p) => p.id);
      await config.update(SettingKey.selectedSubscriptions, value, vscode.ConfigurationTarget.Global);
    } finally {
      cancel.cancel();
      cancel.dispose();
    }
  }
}
