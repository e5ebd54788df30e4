import * as vscode from 'vscode';
import { scanText } from './core/detection';
import { DiagnosticsPublisher } from './features/scanner/diagnosticsPublisher';
import { LiveScanner } from './features/scanner/liveScanner';
import { ScanCurrentFileCommand } from './features/scanner/scanCurrentFileCommand';
import { CommandId } from './platform/commandIds';
import { registerCommands } from './platform/commandRegistry';
import { ConfigStore } from './platform/configStore';
import { ErrorBoundary } from './platform/errorBoundary';
import { OutputChannelLogger } from './platform/logger';

/** Wires services, providers and commands together; everything it creates is disposed with the extension. */
export function activate(context: vscode.ExtensionContext): void {
  const channel = vscode.window.createOutputChannel('Cosmos Guard', { log: true });
  const logger = new OutputChannelLogger(channel);
  const config = new ConfigStore(vscode.workspace);
  const boundary = new ErrorBoundary(logger, vscode.window);

  const diagnostics = vscode.languages.createDiagnosticCollection('cosmosGuard');
  const publisher = new DiagnosticsPublisher(diagnostics, scanText, () => ({ emulatorKey: config.snapshot.scan.emulatorKey }), logger);
  const liveScanner = new LiveScanner(vscode.workspace, publisher, config, logger);
  const scanCurrentFile = new ScanCurrentFileCommand(vscode.window, vscode.workspace, publisher);

  context.subscriptions.push(
    channel,
    config,
    diagnostics,
    liveScanner,
    ...registerCommands(vscode.commands, boundary, {
      [CommandId.scanCurrentFile]: (target?: unknown) => scanCurrentFile.run(target),
      [CommandId.showLog]: () => logger.show(),
    }),
  );
  logger.info(`Cosmos Guard ${String((context.extension.packageJSON as { version?: unknown }).version)} activated.`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
