// What the keyless host suites share: an ARM emulator started here (the `keyless` scenario, or the demo) as the
// accounts view's Azure, the scripted FlowUi standing in for every prompt of the switch, short polls, and — after each
// test — the search of everything Cosmos Guard showed, logged and stored for key material. Tests wait for events and
// for the commands they run, never for time.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startArmEmulator, type ArmEmulator } from '../../arm-emulator/armEmulator';
import { type AccountsRow } from '../../../src/features/accounts/accountsView';
import { type AccountsNode } from '../../../src/features/accounts/accountsTreeProvider';
import { type CosmosGuardTestApi } from '../../../src/features/accounts/accountsTestApi';
import { CommandId } from '../../../src/platform/commandIds';
import { assertNoKeyMaterial, flatten } from './rotationHarness';
import { ScriptedFlowUi } from './scriptedFlowUi';
import { waitFor } from './waitFor';
import { closeAllEditors, EXTENSION_ID } from './workspaceFiles';

export interface KeylessHarness {
  readonly api: CosmosGuardTestApi;
  readonly emu: ArmEmulator;
  readonly ui: ScriptedFlowUi;
  row(name: string): Promise<AccountsRow>;
  node(name: string, rule?: string): AccountsNode;
  /** Runs a command and waits until the keyless flows it started have settled. */
  run(command: string, ...args: unknown[]): Promise<void>;
  /** "METHOD path" of the emulator's requests since the test began, without the query. */
  sent(pattern: RegExp): string[];
  /** Expands a row as VS Code does, waits for what it reads, and returns its rows then. */
  open(node: AccountsNode | undefined, what: string): Promise<AccountsRow[]>;
}

export function useKeylessHarness(scenario: 'keyless' | 'demo'): KeylessHarness {
  const ui = new ScriptedFlowUi();
  const h = { ui } as KeylessHarness & { api: CosmosGuardTestApi; emu: ArmEmulator };
  h.row = async (name) => {
    const found = flatten(await h.api.accounts.rows()).find((r) => r.label === name);
    assert.ok(found, `no row ${name}`);
    return found;
  };
  h.node = (name, rule) => {
    const n = h.api.accounts.node(name, rule);
    assert.ok(n, `no tree node for ${name}${rule ? ` / ${rule}` : ''}`);
    return n;
  };
  h.run = async (command, ...args) => {
    await vscode.commands.executeCommand<unknown>(command, ...args);
    await h.api.keyless.whenIdle();
  };
  h.sent = (pattern) => h.emu.requests.map((r) => `${r.method} ${r.path.split('?')[0]!}`).filter((r) => pattern.test(r));
  h.open = async (node, what) => {
    assert.ok(node, `no node for ${what}`);
    await h.api.accounts.expand(node);
    await h.api.accounts.whenEvidenceRead();
    return h.api.accounts.expand(node);
  };

  before(async () => {
    h.api = (await vscode.extensions.getExtension<CosmosGuardTestApi>(EXTENSION_ID)!.activate())!;
    const certDir = process.env.COSMOS_GUARD_TEST_ARM_CERT_DIR;
    assert.ok(certDir, 'the host-test runner sets COSMOS_GUARD_TEST_ARM_CERT_DIR');
    h.emu = await startArmEmulator({ scenario, certDir, lroPolls: 1 });
    await vscode.workspace.getConfiguration('cosmosGuard').update('azure.armEndpoint', h.emu.url, vscode.ConfigurationTarget.Global);
    await waitFor(() => (vscode.workspace.getConfiguration('cosmosGuard').get('azure.armEndpoint') === h.emu.url ? true : undefined), () => 'the endpoint');
    h.api.keyless.setUiForTesting(ui);
    h.api.keyless.setPollIntervalForTesting(25);
  });

  after(async () => {
    h.api.keyless.setUiForTesting(undefined);
    h.api.keyless.setPollIntervalForTesting(undefined);
    await vscode.workspace.getConfiguration('cosmosGuard').update('azure.armEndpoint', undefined, vscode.ConfigurationTarget.Global);
    await h.emu.close();
  });

  beforeEach(async () => {
    h.emu.reset();
    ui.reset();
    await vscode.commands.executeCommand(CommandId.showAllAccounts);
    await h.api.accounts.whenIdle();
    await h.api.accounts.refresh();
    h.emu.clearRequests();
  });

  afterEach(async function () {
    await h.api.keyless.whenIdle();
    await closeAllEditors();
    if (this.currentTest?.state === 'failed') return;
    ui.verify();
    await assertNoKeyMaterial(h);
  });

  return h;
}
