// What the key-rotation host suites share: an ARM emulator started here (demo scenario) as the accounts view's
// Azure, the scripted FlowUi standing in for every prompt, and — after each test — the search of everything Cosmos
// Guard showed, logged (as given to the logger and as written to the output channel's file), stored and diagnosed
// for every key and connection string the emulator ever served. Tests wait for events (a stored-state change, a
// question asked, a notification), never for time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startArmEmulator, type ArmEmulator } from '../../arm-emulator/armEmulator';
import { type AccountsRow } from '../../../src/features/accounts/accountsView';
import { type CosmosGuardTestApi } from '../../../src/features/accounts/accountsTestApi';
import { CommandId } from '../../../src/platform/commandIds';
import { confirm, ScriptedFlowUi } from './scriptedFlowUi';
import { waitFor } from './waitFor';
import { closeAllEditors, EXTENSION_ID, removeWorkspacePath } from './workspaceFiles';

export const PROD = '1f3e5a7c-9b2d-4c6e-8f10-0a2b4c6d8e01';
export const ORDERS = `/subscriptions/${PROD}/resourceGroups/rg-orders/providers/Microsoft.DocumentDB/databaseAccounts/contoso-orders`;
export const TODAY = new Date().toISOString().slice(0, 10);

export function flatten(rows: readonly AccountsRow[]): AccountsRow[] {
  return rows.flatMap((r) => [r, ...flatten(r.children)]);
}

/** Every file under `dir` whose name ends with `suffix`. */
function filesUnder(dir: string, suffix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(suffix)).map((f) => path.join(dir, f));
}

export interface RotationHarness {
  readonly api: CosmosGuardTestApi;
  readonly emu: ArmEmulator;
  readonly ui: ScriptedFlowUi;
  row(name: string): Promise<AccountsRow>;
  node(name: string, rule?: string): unknown;
  run(command: string, ...args: unknown[]): Thenable<unknown>;
  /** The stored rotation's phase of contoso-orders (or `accountId`), undefined when none is stored. */
  phase(accountId?: string): string | undefined;
  /** Resolves once `probe` over what is stored holds (checked now and after each change this window makes). */
  stored(probe: () => boolean): Promise<void>;
}

/** Registers the suite's hooks; the returned object is filled in by `before`. */
export function useRotationHarness(): RotationHarness {
  const ui = new ScriptedFlowUi();
  const h = { ui } as RotationHarness & { api: CosmosGuardTestApi; emu: ArmEmulator };
  h.row = async (name) => flatten(await h.api.accounts.rows()).find((r) => r.label === name)!;
  h.node = (name, rule) => {
    const n = h.api.accounts.node(name, rule);
    assert.ok(n, `no tree node for ${name}${rule ? ` / ${rule}` : ''}`);
    return n;
  };
  h.run = (command, ...args) => vscode.commands.executeCommand<unknown>(command, ...args);
  h.phase = (accountId = ORDERS) =>
    ((h.api.rotation.storedState()['cosmosGuard.rotations'] ?? {}) as Record<string, { phase?: string }>)[accountId.toLowerCase()]?.phase;
  h.stored = (probe) => new Promise<void>((resolve) => {
    if (probe()) {
      resolve();
      return;
    }
    const subscription = h.api.rotation.onDidChangeStoredState(() => {
      if (!probe()) return;
      subscription.dispose();
      resolve();
    });
  });

  before(async () => {
    h.api = (await vscode.extensions.getExtension<CosmosGuardTestApi>(EXTENSION_ID)!.activate())!;
    const certDir = process.env.COSMOS_GUARD_TEST_ARM_CERT_DIR;
    assert.ok(certDir, 'the host-test runner sets COSMOS_GUARD_TEST_ARM_CERT_DIR');
    h.emu = await startArmEmulator({ scenario: 'demo', certDir, lroPolls: 1 });
    await vscode.workspace.getConfiguration('cosmosGuard').update('azure.armEndpoint', h.emu.url, vscode.ConfigurationTarget.Global);
    await waitFor(() => (vscode.workspace.getConfiguration('cosmosGuard').get('azure.armEndpoint') === h.emu.url ? true : undefined), () => 'the endpoint');
    h.api.rotation.setUiForTesting(ui);
    h.api.rotation.setPollIntervalForTesting(25);
  });

  after(async () => {
    h.api.rotation.setUiForTesting(undefined);
    h.api.rotation.setPollIntervalForTesting(undefined);
    h.api.rotation.setTimeLimitsForTesting(undefined);
    await vscode.workspace.getConfiguration('cosmosGuard').update('azure.armEndpoint', undefined, vscode.ConfigurationTarget.Global);
    await h.emu.close();
  });

  beforeEach(async () => {
    h.emu.reset();
    ui.reset();
    await h.api.accounts.whenIdle();
    await h.api.accounts.refresh();
    h.emu.clearRequests();
  });

  afterEach(async function () {
    await h.api.rotation.whenIdle();
    h.api.rotation.setTimeLimitsForTesting(undefined);
    // Whatever a test left behind: abandon it through the real command (or clear what another "window" wrote).
    const stored = h.api.rotation.storedState();
    for (const id of Object.keys(stored['cosmosGuard.rotations'] ?? {})) {
      if (h.phase(id) === undefined) continue;
      ui.reset();
      ui.expect(confirm(() => undefined));
      await h.run(CommandId.abandonRotation, { accountId: id });
    }
    for (const key of ['cosmosGuard.rotations', 'cosmosGuard.pendingRegenerations']) await h.api.rotation.setStoredStateForTesting(key, undefined);
    await vscode.env.clipboard.writeText('');
    await closeAllEditors();
    await removeWorkspacePath('leaks');
    if (this.currentTest?.state === 'failed') return;
    await assertNoKeyMaterial(h);
  });

  return h;
}

/** No key or connection string the emulator ever served is in anything Cosmos Guard showed, logged or stored. */
export async function assertNoKeyMaterial(h: Pick<RotationHarness, 'api' | 'emu' | 'ui'>): Promise<void> {
  const secrets = h.emu.keyValues();
  assert.ok(secrets.length > 20, 'the emulator lists its key values');
  const logFiles = filesUnder(path.dirname(h.api.log.folder), 'Cosmos Guard.log');
  assert.ok(logFiles.length > 0, `the output channel's log file under ${path.dirname(h.api.log.folder)}`);
  const places: Record<string, string> = {
    'prompts, notifications and progress': h.ui.texts.join('\n'),
    'log (as given to the logger)': h.api.log.lines().join('\n'),
    'log file of the output channel': logFiles.map((f) => fs.readFileSync(f, 'utf8')).join('\n'),
    globalState: JSON.stringify(h.api.rotation.storedState()),
    diagnostics: JSON.stringify(vscode.languages.getDiagnostics().flatMap(([, ds]) => ds.map((d) => d.message))),
    tree: JSON.stringify(await h.api.accounts.rows()),
    'view message': h.api.accounts.message ?? '',
  };
  for (const [where, text] of Object.entries(places)) {
    for (const secret of secrets) assert.ok(!text.includes(secret), `key material in the ${where}`);
  }
}
