// Wires the move to Microsoft Entra ID into the extension: its two commands, and what host tests drive.
import * as vscode from 'vscode';
import { type CosmosClientFactory } from '../../azure/cosmosClientFactory';
import { CommandId } from '../../platform/commandIds';
import { VsCodeFlowUi, type FlowUi } from '../../platform/flow/flowUi';
import { type Logger } from '../../platform/logger';
import { type AccountsView } from '../accounts/accountsView';
import { type KeyBasedClientSource } from './keyBasedClientSites';
import { KeylessCommands } from './keylessCommands';
import { KeylessServices } from './keylessServices';

export interface KeylessFeatureDeps {
  readonly view: AccountsView;
  readonly clientFactory: CosmosClientFactory;
  readonly clients: KeyBasedClientSource;
  readonly logger: Logger;
}

export type KeylessCommandId = typeof CommandId['switchToEntraId' | 'enableKeyAuthentication'];

/** What host tests drive (activate() returns it only under a test runner). */
export interface KeylessTestApi {
  /** Replaces the prompts, notifications and progress with a scripted stand-in; `undefined` restores VS Code's. */
  setUiForTesting(ui: FlowUi | undefined): void;
  /** Polls long-running operations this often; `undefined` restores the Azure layer's default. */
  setPollIntervalForTesting(ms: number | undefined): void;
  /** Settles when no keyless command is running. */
  whenIdle(): Promise<void>;
}

/** Opens a file with the 1-based position selected, as clicking a problem does. */
async function openAt(uri: vscode.Uri, line: number, column: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: true });
}

export class KeylessFeature {
  private uiOverride: FlowUi | undefined;
  private readonly vscodeUi = new VsCodeFlowUi();
  private pollIntervalMs: number | undefined;
  private readonly commands: KeylessCommands;

  readonly commandHandlers: { readonly [K in KeylessCommandId]: (...args: unknown[]) => unknown };

  constructor(deps: KeylessFeatureDeps) {
    this.commands = new KeylessCommands(new KeylessServices({
      accounts: deps.view, clientFactory: deps.clientFactory, clients: deps.clients, logger: deps.logger, open: openAt,
      ui: () => this.uiOverride ?? this.vscodeUi,
      pollIntervalMs: () => this.pollIntervalMs,
    }));
    this.commandHandlers = {
      [CommandId.switchToEntraId]: (arg?: unknown) => this.commands.switchToEntraId(arg),
      [CommandId.enableKeyAuthentication]: (arg?: unknown) => this.commands.enableKeyAuthentication(arg),
    };
  }

  testApi(): KeylessTestApi {
    return {
      setUiForTesting: (ui) => { this.uiOverride = ui; },
      setPollIntervalForTesting: (ms) => { this.pollIntervalMs = ms; },
      whenIdle: () => this.commands.whenIdle(),
    };
  }
}
