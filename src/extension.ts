import * as vscode from 'vscode';
import { CosmosClientFactory } from './azure/cosmosClientFactory';
import { AccountsCommands } from './features/accounts/accountsCommands';
import { accountsTestApi, type CosmosGuardTestApi } from './features/accounts/accountsTestApi';
import { AccountsView } from './features/accounts/accountsView';
import { createSubscriptionProvider } from './features/accounts/subscriptionProviderFactory';
import { KeylessFeature } from './features/keyless/keylessFeature';
import { KeyRotationFeature } from './features/rotation/keyRotationFeature';
import { LeakScanner } from './features/scanner/leakScanner';
import { CommandId } from './platform/commandIds';
import { registerCommands } from './platform/commandRegistry';
import { ConfigStore } from './platform/configStore';
import { ErrorBoundary } from './platform/errorBoundary';
import { OutputChannelLogger, type Logger } from './platform/logger';
import { RecordingLogger } from './platform/recordingLogger';

/**
 * Wires services, providers and commands together; everything it creates is disposed with the extension. Returns a
 * test API only under a test runner (ExtensionMode.Test); see accountsTestApi.ts.
 */
export function activate(context: vscode.ExtensionContext): CosmosGuardTestApi | undefined {
  const testing = context.extensionMode === vscode.ExtensionMode.Test;
  const channel = vscode.window.createOutputChannel('Cosmos Guard', { log: true });
  const channelLogger = new OutputChannelLogger(channel);
  // Under a test runner, every log message is also kept as given (before masking), for leak checks.
  const recorder = testing ? new RecordingLogger(channelLogger) : undefined;
  const logger: Logger = recorder ?? channelLogger;
  const config = new ConfigStore(vscode.workspace);
  const boundary = new ErrorBoundary(logger, vscode.window);

  const version = String((context.extension.packageJSON as { version?: unknown }).version);
  const userAgentPrefix = `cosmos-guard-vscode/${version}`;
  const leakScanner = new LeakScanner({ extensionUri: context.extensionUri, config, logger, toolVersion: version });
  const clientFactory = new CosmosClientFactory({ userAgentPrefix });
  const accountsView = new AccountsView({
    config, clientFactory, logger, createProvider: (settings) => createSubscriptionProvider(settings, clientFactory, channel),
  });
  const accounts = new AccountsCommands(accountsView);
  const keyRotation = new KeyRotationFeature({
    view: accountsView, globalState: context.globalState, clientFactory, logger, locateFinding: leakScanner.locateFinding, userAgentPrefix, config,
  });

  const keyless = new KeylessFeature({
    view: accountsView, clientFactory, logger,
    clients: {
      scans: () => leakScanner.findings.scans(),
      get workspaceScanned() { return leakScanner.findings.workspaceScanned; },
      scanWorkspace: () => Promise.resolve(leakScanner.commandHandlers[CommandId.scanWorkspace]()),
    },
  });

  context.subscriptions.push(
    channel,
    config,
    leakScanner,
    keyRotation,
    accountsView,
    ...registerCommands(vscode.commands, boundary, {
      ...leakScanner.commandHandlers,
      ...keyRotation.commandHandlers,
      ...keyless.commandHandlers,
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
  // Regenerations a previous window left running are watched again — after activation, not during it.
  keyRotation.resumeAfterActivation();
  if (!testing) return undefined;
  return {
    accounts: accountsTestApi(accountsView),
    scanner: {
      liveScansIdle: () => leakScanner.liveScansIdle(), localWorkers: () => leakScanner.localWorkers(),
      scanWorkspaceThroughFs: () => leakScanner.scanWorkspaceThroughFs(), holdNextLocalScanAt: (p: string) => leakScanner.holdNextLocalScanAt(p),
    },
    rotation: keyRotation.testApi(),
    keyless: keyless.testApi(),
    log: { lines: () => recorder!.lines, folder: context.logUri.fsPath },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
