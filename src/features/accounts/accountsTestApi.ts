import type * as vscode from 'vscode';
import { type SubscriptionProvider } from '../../azure/armSubscription';
import { type KeylessTestApi } from '../keyless/keylessFeature';
import { type RotationTestApi } from '../rotation/keyRotationFeature';
import { type AccountsViewState } from './accountsModel';
import { type AccountsNode } from './accountsTreeProvider';
import { type AccountsRow, type AccountsView } from './accountsView';

/**
 * What `activate()` returns when the extension runs under a test runner (ExtensionMode.Test), and only then: host
 * tests read the real tree provider's rows, the real TreeView's badge and message, and the context keys the
 * welcome views depend on. Nothing here fakes a result; `setProviderForTesting` (a signed-out double) is the one
 * seam, used for the signed-out welcome view because a test machine has no Microsoft account.
 */
export interface AccountsViewTestApi {
  readonly state: AccountsViewState;
  /** Fires whenever the rows, the state, the badge or the view message may have changed. */
  readonly onDidChange: vscode.Event<unknown>;
  readonly badge: { readonly value: number; readonly tooltip: string } | undefined;
  readonly message: string | undefined;
  contextValue(key: string): unknown;
  rows(): Promise<AccountsRow[]>;
  refresh(): Promise<void>;
  whenIdle(): Promise<void>;
  setProviderForTesting(provider: SubscriptionProvider | undefined): void;
  /** The tree element of an account row (or of one of its finding rows), as VS Code passes it to menu commands. */
  node(accountName: string, findingRule?: string): AccountsNode | undefined;
  /** The account's "Key Access (90 days)" row. */
  keyAccessNode(accountName: string): AccountsNode | undefined;
  /** The account's "Data Access (Microsoft Entra ID)" row. */
  dataAccessNode(accountName: string): AccountsNode | undefined;
  /**
   * Opens a row the way VS Code does when the user expands it (the provider's `getChildren`, which reads what the
   * row shows), and returns its rows as rendered then.
   */
  expand(node: AccountsNode): Promise<AccountsRow[]>;
  /** Resolves when no on-demand evidence (diagnostic settings, Activity Log) is being read. */
  whenEvidenceRead(): Promise<void>;
}

import { type WorkspaceScanSummary } from '../scanner/workspaceScanSummary';

export interface CosmosGuardTestApi {
  readonly accounts: AccountsViewTestApi;
  readonly scanner: {
    /** Resolves when live scanning has published everything opened, typed or saved so far. */
    liveScansIdle(): Promise<void>;
    /** Local-folder scan worker threads started so far, and those still running. */
    localWorkers(): { readonly started: number; readonly running: number };
    /** Runs the workspace scan with every folder walked through `vscode.workspace.fs` (no local worker). */
    scanWorkspaceThroughFs(): Promise<WorkspaceScanSummary>;
    /** The next local-folder scan waits after this file (relative to its folder) until it is stopped: tests of Stop Scan. */
    holdNextLocalScanAt(relativePath: string): void;
  };
  readonly rotation: RotationTestApi;
  readonly keyless: KeylessTestApi;
  readonly log: {
    /** Every message given to the Cosmos Guard log since activation, before masking. */
    lines(): readonly string[];
    /** The extension's log folder (`ExtensionContext.logUri`); the output channel's file is in a sibling folder. */
    readonly folder: string;
  };
}

export function accountsTestApi(view: AccountsView): AccountsViewTestApi {
  return {
    get state() { return view.state; },
    onDidChange: view.tree.onDidChangeTreeData,
    get badge() { return view.treeView.badge; },
    get message() { return view.treeView.message; },
    contextValue: (key) => view.contextValue(key),
    rows: () => view.rows(),
    refresh: () => view.refresh(),
    whenIdle: () => view.whenIdle(),
    setProviderForTesting: (provider) => view.setProviderForTesting(provider),
    keyAccessNode: (accountName) => {
      const account = accountsTestApi(view).node(accountName);
      return account ? view.tree.children(account).find((c) => c.kind === 'keyAccess') : undefined;
    },
    dataAccessNode: (accountName) => {
      const account = accountsTestApi(view).node(accountName);
      return account ? view.tree.children(account).find((c) => c.kind === 'dataAccess') : undefined;
    },
    expand: async (node) => {
      view.tree.getChildren(node);
      return view.rows(node);
    },
    whenEvidenceRead: () => view.evidence.whenIdle(),
    node: (accountName, findingRule) => {
      const walk = (nodes: readonly AccountsNode[]): AccountsNode | undefined => {
        for (const node of nodes) {
          if (node.kind === 'account' && node.account.snapshot.name === accountName) {
            if (!findingRule) return node;
            return view.tree.children(node).find((c) => c.kind === 'finding' && c.finding.rule === findingRule);
          }
          const found = node.kind === 'subscription' ? walk(view.tree.children(node)) : undefined;
          if (found) return found;
        }
        return undefined;
      };
      return walk(view.tree.children());
    },
  };
}
