import * as vscode from 'vscode';
import { CosmosClientFactory } from './azure/cosmosClientFactory';
import { AccountsCommands } from './features/accounts/accountsCommands';
import { accountsTestApi, type CosmosGuardTestApi } from './features/accounts/accountsTestApi';
import { AccountsView } from './features/accounts/accountsView';
import { createSubscriptionProvider } from './features/accounts/subscriptionProviderFactory';
import { LeakScanner } from './features/scanner/leakScanner';
import { CommandId } from './platform/commandIds';
import { registerCommands } from './platform/commandRegistry';
import { ConfigStore } from './platform/configStore';
import { ErrorBoundary } from './platform/errorBoundary';
import { OutputChannelLogger } from './platform/logger';

/**
 * Wires services, providers and commands together; everything it creates is disposed with the extension. Returns a
 * test API only under a test runner (ExtensionMode.Test); see accountsTestApi.ts.
 */
export function activate(context: vscode.ExtensionContext): CosmosGuardTestApi | undefined {
  const channel = vscode.window.createOutputChannel('Cosmos Guard', { log: true });
  const logger = new OutputChannelLogger(channel);
  const config = new ConfigStore(vscode.workspace);
  const boundary = new ErrorBoundary(logger, vscode.window);

  const version = String((context.extension.packageJSON as { version?: unknown }).version);
  const leakScanner = new LeakScanner({ extensionUri: context.extensionUri, config, logger, toolVersion: version });
  const clientFactory = new CosmosClientFactory({ userAgentPrefix: `cosmos-guard-vscode/${version}` });
  const accountsView = new AccountsView({
    config, clientFactory, logger, createProvider: (settings) => createSubscriptionProvider(settings, clientFactory, channel),
  });
  const accounts = new AccountsCommands(accountsView);

  context.subscriptions.push(
    channel,
    config,
    leakScanner,
    accountsView,
    ...registerCommands(vscode.commands, boundary, {
      ...leakScanner.commandHandlers,
      [CommandId.showLog]: () => logger.show(),
      [CommandId.refreshAccounts]: () => accounts.refresh(),
      [CommandId.selectSubscriptions]: () => accounts.selectSubscriptions(),
      [CommandId.filterAtRiskAccounts]: () => accounts.filterAtRisk(),
      [CommandId.showAllAccounts]: () => accounts.showAll(),
      [CommandId.copyAccountId]: (node?: unknown) => accounts.copyAccountId(node),
      [CommandId.openInPortal]: (node?: unknown) => accounts.openInPortal(node),
      [CommandId.learnMore]: (node?: unknown) => accounts.learnMore(node),
      [CommandId.signIn]: (node?: unknown) => accounts.signIn(node),
      [CommandId.signInToTenant]: (node?: unknown) => accounts.signInToTenant(node),
    }),
  );
  logger.info(`Cosmos Guard ${version} activated.`);
  return context.extensionMode === vscode.ExtensionMode.Test ? { accounts: accountsTestApi(accountsView) } : undefined;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
