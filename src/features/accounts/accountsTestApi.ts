import { type SubscriptionProvider } from '../../azure/armSubscription';
import { type AccountsViewState } from './accountsModel';
import { type AccountsRow, type AccountsView } from './accountsView';

/**
 * What `activate()` returns when the extension runs under a test runner (ExtensionMode.Test), and only then: host
 * tests read the real tree provider's rows, the real TreeView's badge and message, and the context keys the
 * welcome views depend on. Nothing here fakes a result; `setProviderForTesting` (a signed-out double) is the one
 * seam, used for the signed-out welcome view because a test machine has no Microsoft account.
 */
export interface AccountsViewTestApi {
  readonly state: AccountsViewState;
  readonly badge: { readonly value: number; readonly tooltip: string } | undefined;
  readonly message: string | undefined;
  contextValue(key: string): unknown;
  rows(): Promise<AccountsRow[]>;
  refresh(): Promise<void>;
  whenIdle(): Promise<void>;
  setProviderForTesting(provider: SubscriptionProvider | undefined): void;
}

export interface CosmosGuardTestApi {
  readonly accounts: AccountsViewTestApi;
}

export function accountsTestApi(view: AccountsView): AccountsViewTestApi {
  return {
    get state() { return view.state; },
    get badge() { return view.treeView.badge; },
    get message() { return view.treeView.message; },
    contextValue: (key) => view.contextValue(key),
    rows: () => view.rows(),
    refresh: () => view.refresh(),
    whenIdle: () => view.whenIdle(),
    setProviderForTesting: (provider) => view.setProviderForTesting(provider),
  };
}
