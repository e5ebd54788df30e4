// The "Accounts" view: owns the tree view, its badge, message and progress, the context keys behind the welcome
// views, and the loading of accounts. No network at activation: the first load starts when the view is first
// shown (or on Refresh); results stay cached in memory until the next refresh, and settings changes re-evaluate
// the cached snapshots without any request.
import * as vscode from 'vscode';
import { discoverAccounts } from '../../azure/accountDiscovery';
import { type ArmSubscription, type SubscriptionProvider } from '../../azure/armSubscription';
import { type CosmosClientFactory } from '../../azure/cosmosClientFactory';
import { isAbortError } from '../../azure/requestSignal';
import { type AzureSettings, type ConfigSnapshot } from '../../platform/configSnapshot';
import { type ConfigChange } from '../../platform/configStore';
import { ContextKey } from '../../platform/contextKeys';
import { type Logger } from '../../platform/logger';
import { type AccountAnnotations } from './accountAnnotations';
import { AccountDecorationProvider } from './accountDecorations';
import { AccountEvidenceLoader } from './accountEvidenceLoader';
import { AccountsModel, type AccountsViewState } from './accountsModel';
import { AccountsTreeProvider, type AccountsNode } from './accountsTreeProvider';

export const ACCOUNTS_VIEW_ID = 'cosmosGuard.accounts';

/** The Azure Resources extension's shared subscription filter (read by @microsoft/vscode-azext-azureauth). */
const SHARED_FILTER_SETTING = 'azureResourceGroups.selectedSubscriptions';

interface ConfigSource {
  readonly snapshot: ConfigSnapshot;
  readonly onDidChange: vscode.Event<ConfigChange>;
}

export interface AccountsViewDeps {
  readonly config: ConfigSource;
  /** Builds the sign-in route for the current settings; throws (e.g. an http:// endpoint) with a message for the view. */
  readonly createProvider: (settings: AzureSettings) => SubscriptionProvider;
  readonly clientFactory: CosmosClientFactory;
  readonly logger: Logger;
}

/** One row of the tree as a test (or a screen reader) sees it. */
export interface AccountsRow {
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly contextValue?: string;
  readonly icon?: string;
  readonly iconColor?: string;
  readonly resourceUri?: string;
  readonly collapsible: boolean;
  readonly children: readonly AccountsRow[];
}

function postureInput(posture: ConfigSnapshot['posture']) {
  return { maxKeyAgeDays: posture.maxKeyAgeDays, unusedKeyDays: posture.unusedKeyDays, keyReadDays: posture.keyReadDays, rules: posture.rules };
}

function sameAzure(a: AzureSettings, b: AzureSettings): boolean {
  return a.armEndpoint === b.armEndpoint && a.selectedSubscriptions.join() === b.selectedSubscriptions.join();
}

export class AccountsView implements vscode.Disposable {
  readonly model: AccountsModel;
  readonly tree: AccountsTreeProvider;
  /** Reads diagnostic settings and the Activity Log of accounts the user expands. */
  readonly evidence: AccountEvidenceLoader;
  readonly treeView: vscode.TreeView<AccountsNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private provider: SubscriptionProvider | undefined;
  private providerError: string | undefined;
  private providerOverride: SubscriptionProvider | undefined;
  private sessionListener: { dispose(): void } | undefined;
  private current: AbortController | undefined;
  private running: Promise<void> | undefined;
  private readonly subscriptionsById = new Map<string, ArmSubscription>();
  private readonly contextValues = new Map<string, unknown>();
  private shownProblem: string | undefined;
  private readonly loaded = new vscode.EventEmitter<void>();
  /** Fires after each load that listed subscriptions (whatever each subscription's outcome). */
  readonly onDidLoad = this.loaded.event;

  constructor(private readonly deps: AccountsViewDeps) {
    const posture = deps.config.snapshot.posture;
    this.model = new AccountsModel(postureInput(posture));
    this.evidence = new AccountEvidenceLoader({ model: this.model, clientFactory: deps.clientFactory, logger: deps.logger,
      subscription: (id) => this.subscription(id) });
    this.tree = new AccountsTreeProvider(this.model, Date.now, this.evidence);
    this.treeView = vscode.window.createTreeView(ACCOUNTS_VIEW_ID, { treeDataProvider: this.tree, showCollapseAll: true });
    this.shownProblem = posture.problem;
    this.disposables.push(
      this.loaded,
      this.evidence,
      this.tree,
      this.treeView,
      vscode.window.registerFileDecorationProvider(new AccountDecorationProvider()),
      this.treeView.onDidChangeVisibility((e) => {
        if (e.visible && !this.model.hasLoaded && !this.model.isLoading) void this.refresh();
      }),
      deps.config.onDidChange((change) => this.onConfigChange(change)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SHARED_FILTER_SETTING) && this.provider?.kind === 'vscode' && this.model.hasLoaded) void this.refresh();
      }),
    );
    const modelListener = this.model.onDidChange(() => this.render());
    this.disposables.push({ dispose: () => modelListener.dispose() });
    this.render();
    // A view that was left open is visible right away: load after activation has returned, never during it.
    if (this.treeView.visible) setTimeout(() => { if (!this.model.hasLoaded && !this.model.isLoading) void this.refresh(); }, 0);
  }

  get state(): AccountsViewState {
    return this.model.state();
  }

  /** The sign-in route in use (created on first use). */
  get subscriptionProvider(): SubscriptionProvider | undefined {
    return this.providerOverride ?? this.ensureProvider();
  }

  /** The full subscription (with its credential) behind a row, for sign-in challenges. */
  subscription(subscriptionId: string): ArmSubscription | undefined {
    return this.subscriptionsById.get(subscriptionId.toLowerCase());
  }

  /** Host tests only: replaces the sign-in route (e.g. with a signed-out double); `undefined` restores the real one. */
  setProviderForTesting(provider: SubscriptionProvider | undefined): void {
    this.providerOverride = provider;
  }

  contextValue(key: string): unknown {
    return this.contextValues.get(key);
  }

  /** Loads everything again; a load already running is cancelled. Resolves when this load has finished. */
  refresh(): Promise<void> {
    this.current?.abort();
    this.evidence.cancel();
    const controller = new AbortController();
    this.current = controller;
    const run = this.load(controller.signal).finally(() => {
      if (this.current === controller) this.current = undefined;
    });
    this.running = run;
    return run;
  }

  /** Resolves when no load is running. */
  async whenIdle(): Promise<void> {
    while (this.running) {
      const run = this.running;
      await run;
      if (this.running === run) this.running = undefined;
    }
  }

  setFilterAtRisk(on: boolean): void {
    this.model.setFilterAtRisk(on);
  }

  /** Shows another feature's state of accounts (key rotations) on their rows. */
  setAnnotations(annotations: AccountAnnotations | undefined): void {
    this.tree.setAnnotations(annotations);
  }

  /** Loads the accounts unless they are loaded (or loading): commands from the palette need them. */
  async ensureLoaded(): Promise<void> {
    if (!this.model.hasLoaded && !this.model.isLoading) await this.refresh();
    await this.whenIdle();
  }

  /**
   * The subscription (with its credential) of an account, for key operations: from the last load, or else from
   * one subscription listing of the current sign-in route (after a window reload, before the view is opened).
   * Throws with a message for people when it cannot be found.
   */
  async resolveSubscription(subscriptionId: string, signal?: AbortSignal): Promise<ArmSubscription> {
    const known = this.subscription(subscriptionId);
    if (known) return known;
    const provider = this.subscriptionProvider;
    if (!provider) throw new Error(this.providerError ?? 'No way to sign in to Azure is configured.');
    const listing = await provider.listSubscriptions({ filtered: false, ...(signal ? { signal } : {}) });
    if (listing.kind === 'signedOut') throw new Error('You are signed out of Azure: sign in (Cosmos Guard: Sign In to Azure…), then try again.');
    const found = listing.subscriptions.find((s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
    if (!found) throw new Error(`Subscription ${subscriptionId} is not among those ${provider.description} lists for your sign-in.`);
    return found;
  }

  dispose(): void {
    this.current?.abort();
    this.sessionListener?.dispose();
    this.provider?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** The rows as rendered, walking the real tree provider (for host tests and diagnostics). */
  async rows(node?: AccountsNode): Promise<AccountsRow[]> {
    const out: AccountsRow[] = [];
    // `children`, not `getChildren`: walking the rows must not read anything the user did not expand.
    for (const child of this.tree.children(node)) {
      const item = this.tree.getTreeItem(child);
      const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath : undefined;
      const collapsible = item.collapsibleState !== undefined && item.collapsibleState !== vscode.TreeItemCollapsibleState.None;
      out.push({
        label: typeof item.label === 'string' ? item.label : item.label?.label ?? '',
        ...(typeof item.description === 'string' ? { description: item.description } : {}),
        ...(item.tooltip instanceof vscode.MarkdownString ? { tooltip: item.tooltip.value } : typeof item.tooltip === 'string' ? { tooltip: item.tooltip } : {}),
        ...(item.contextValue ? { contextValue: item.contextValue } : {}),
        ...(icon ? { icon: icon.id, ...(icon.color ? { iconColor: icon.color.id } : {}) } : {}),
        ...(item.resourceUri ? { resourceUri: item.resourceUri.toString() } : {}),
        collapsible,
        children: collapsible ? await this.rows(child) : [],
      });
    }
    return out;
  }

  private ensureProvider(): SubscriptionProvider | undefined {
    if (this.providerOverride) return this.providerOverride;
    if (this.provider || this.providerError) return this.provider;
    try {
      this.provider = this.deps.createProvider(this.deps.config.snapshot.azure);
      this.sessionListener = this.provider.onDidChangeSessions(() => {
        if (this.model.hasLoaded) void this.refresh();
      });
    } catch (error) {
      this.providerError = error instanceof Error ? error.message : String(error);
    }
    return this.provider;
  }

  private resetProvider(): void {
    this.sessionListener?.dispose();
    this.sessionListener = undefined;
    this.provider?.dispose();
    this.provider = undefined;
    this.providerError = undefined;
  }

  private async load(signal: AbortSignal): Promise<void> {
    const started = Date.now();
    this.model.beginLoading();
    try {
      await vscode.window.withProgress({ location: { viewId: ACCOUNTS_VIEW_ID } }, async () => {
        const provider = this.subscriptionProvider;
        if (!provider) throw new Error(this.providerError ?? 'No way to sign in to Azure is configured.');
        const settings = this.deps.config.snapshot.azure;
        const listing = await provider.listSubscriptions({ filtered: true, signal });
        if (signal.aborted) return;
        if (listing.kind === 'signedOut') {
          this.subscriptionsById.clear();
          this.model.setSignedOut();
          return;
        }
        const selected = new Set(settings.selectedSubscriptions);
        const subscriptions = selected.size === 0 ? listing.subscriptions
          : listing.subscriptions.filter((s) => selected.has(s.subscriptionId.toLowerCase()));
        this.subscriptionsById.clear();
        for (const s of subscriptions) this.subscriptionsById.set(s.subscriptionId.toLowerCase(), s);
        this.model.setListing(subscriptions, listing.tenantsNeedingSignIn);
        const sentBefore = this.deps.clientFactory.requestCount;
        const result = await discoverAccounts(subscriptions, {
          clientFactory: this.deps.clientFactory,
          maxConcurrentRequests: settings.maxConcurrentRequests,
          signal,
          onSubscription: (r) => {
            if (!signal.aborted) this.model.setSubscriptionResult(r);
          },
        });
        this.model.markRefreshed();
        const failed = result.subscriptions.filter((s) => s.status === 'failed');
        const accounts = result.subscriptions.reduce((n, s) => n + (s.status === 'ok' ? s.accounts.length : 0), 0);
        this.deps.logger.info(`Accounts: ${accounts} in ${subscriptions.length} subscription(s) from ${provider.description}`
          + `${failed.length ? `, ${failed.length} could not be read` : ''}; ${this.deps.clientFactory.requestCount - sentBefore} ARM requests `
          + `in ${Date.now() - started} ms.`);
        for (const f of failed) if (f.status === 'failed') this.deps.logger.warn(`${f.subscription.name}: ${f.failure.message}`);
        if (!signal.aborted) this.loaded.fire();
      });
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return;
      const message = error instanceof Error ? error.message : String(error);
      this.deps.logger.error('Loading the Cosmos DB accounts failed', error);
      this.model.setError(message);
    } finally {
      this.model.endLoading();
    }
  }

  private onConfigChange({ previous, current }: ConfigChange): void {
    if (JSON.stringify(previous.posture) !== JSON.stringify(current.posture)) {
      this.model.setPostureOptions(postureInput(current.posture));
      const problem = current.posture.problem;
      if (problem && problem !== this.shownProblem) {
        // The user just changed the setting: one message, then the view's message keeps saying it.
        void vscode.window.showWarningMessage(vscode.l10n.t('Cosmos Guard: {0} The default is used instead.', problem));
      }
      this.shownProblem = problem;
      this.render();
    }
    if (!sameAzure(previous.azure, current.azure)) {
      if (previous.azure.armEndpoint !== current.azure.armEndpoint) this.resetProvider();
      if (this.model.hasLoaded || this.model.isLoading) void this.refresh();
    }
  }

  private setContext(key: string, value: unknown): void {
    if (this.contextValues.get(key) === value) return;
    this.contextValues.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  private render(): void {
    const state = this.model.state();
    this.setContext(ContextKey.accountsState, state);
    this.setContext(ContextKey.filteringAtRisk, this.model.filteringAtRisk);
    this.setContext(ContextKey.canSignIn, !this.deps.config.snapshot.azure.armEndpoint);
    const high = this.model.highSeverityAccountCount();
    this.treeView.badge = high > 0
      ? { value: high, tooltip: high === 1 ? vscode.l10n.t('1 account with high-severity findings') : vscode.l10n.t('{0} accounts with high-severity findings', high) }
      : undefined;
    const parts: string[] = [];
    const problem = this.deps.config.snapshot.posture.problem;
    if (problem) parts.push(vscode.l10n.t('Settings: {0} The default is used instead.', problem));
    if (state === 'error' && this.model.errorMessage) parts.push(this.model.errorMessage);
    const endpoint = this.deps.config.snapshot.azure.armEndpoint;
    if (endpoint && state !== 'error') parts.push(vscode.l10n.t('Custom ARM endpoint {0} (static token).', endpoint));
    if (this.model.filteringAtRisk && state === 'ready') {
      const all = this.model.allAccounts();
      const atRisk = this.model.visibleSubscriptions().reduce((n, s) => n + (s.status === 'ok' ? s.accounts.length : 0), 0);
      parts.push(vscode.l10n.t('Showing at-risk accounts only: {0} of {1}.', atRisk, all.length));
    }
    this.treeView.message = parts.length ? parts.join(' ') : undefined;
  }
}
