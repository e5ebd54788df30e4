// The accounts view in a real extension host, over the real @azure/arm-cosmosdb client and real HTTPS against ARM
// emulators started here (their CA is trusted through NODE_EXTRA_CA_CERTS, set by the host-test runner before VS
// Code started; the static token comes from COSMOS_GUARD_ARM_TOKEN, set the same way). Rows, badge, message and
// context keys are read from the real TreeDataProvider and TreeView through the test API activate() returns under
// a test runner. Only the signed-out state uses a stand-in sign-in route (no Microsoft account on a test machine).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startArmEmulator, type ArmEmulator } from '../arm-emulator/armEmulator';
import { type SubscriptionProvider } from '../../src/azure/armSubscription';
import { type AccountsRow } from '../../src/features/accounts/accountsView';
import { type AccountsViewTestApi, type CosmosGuardTestApi } from '../../src/features/accounts/accountsTestApi';
import { CommandId } from '../../src/platform/commandIds';
import { ContextKey } from '../../src/platform/contextKeys';
import { until } from './support/waitFor';

const EXTENSION_ID = 'cosmos-guard.cosmos-guard';
const CONTOSO_DEV = '2a4c6e8f-1b3d-4f5a-9c7e-0b1d3f5a7c02';

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('cosmosGuard').update(key, value, vscode.ConfigurationTarget.Global);
}

function emulatorOptions() {
  const certDir = process.env.COSMOS_GUARD_TEST_ARM_CERT_DIR;
  assert.ok(certDir && process.env.NODE_EXTRA_CA_CERTS, 'the host-test runner must set NODE_EXTRA_CA_CERTS and COSMOS_GUARD_TEST_ARM_CERT_DIR');
  return { certDir };
}

function find(rows: readonly AccountsRow[], label: string): AccountsRow {
  const row = rows.find((r) => r.label === label);
  assert.ok(row, `no row "${label}" among ${rows.map((r) => r.label).join(', ')}`);
  return row;
}

function flatten(rows: readonly AccountsRow[]): AccountsRow[] {
  return rows.flatMap((r) => [r, ...flatten(r.children)]);
}

/**
 * Waits until `accept` holds for `probe()`, checked now and whenever the view may have changed (its rows, state or
 * message: settings changes reach the extension asynchronously).
 */
async function eventually<T>(api: AccountsViewTestApi, probe: () => Promise<T>, accept: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  return until(async () => {
    last = await probe();
    return accept(last) ? last : undefined;
  }, [api.onDidChange], () => `${what} (last: ${JSON.stringify(last)})`);
}

/** Points the extension at `emu` and loads. */
async function useEmulator(api: AccountsViewTestApi, emu: ArmEmulator): Promise<void> {
  await setSetting('azure.armEndpoint', emu.url);
  await until(() => (vscode.workspace.getConfiguration('cosmosGuard').get('azure.armEndpoint') === emu.url ? true : undefined),
    [vscode.workspace.onDidChangeConfiguration], () => 'the endpoint setting to apply');
  await api.whenIdle();
  await api.refresh();
}

describe('accounts view', () => {
  let api: AccountsViewTestApi;
  let demo: ArmEmulator;

  before(async () => {
    const exported = await vscode.extensions.getExtension<CosmosGuardTestApi>(EXTENSION_ID)!.activate();
    assert.ok(exported, 'activate() returns the test API under a test runner');
    api = exported.accounts;
    demo = await startArmEmulator({ scenario: 'demo', ...emulatorOptions() });
  });

  after(async () => {
    api.setProviderForTesting(undefined);
    await setSetting('azure.armEndpoint', undefined);
    await setSetting('azure.selectedSubscriptions', undefined);
    await setSetting('posture.rules', undefined);
    await demo.close();
  });

  beforeEach(async () => {
    demo.reset();
    await vscode.commands.executeCommand(CommandId.showAllAccounts);
  });

  it('contributes one view container with one view and does nothing on the network before the view is used', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { views: Record<string, { id: string }[]> } };
    assert.deepEqual(Object.values(manifest.contributes.views).flat().map((v) => v.id), ['cosmosGuard.accounts']);
    assert.deepEqual(demo.requests, []);
  });

  it('shows subscription → account → findings for the demo, from one list per subscription and one notebook look-up', async () => {
    await useEmulator(api, demo);
    assert.equal(api.state, 'ready');
    const rows = await api.rows();
    assert.deepEqual(rows.map((r) => [r.label, r.description]), [
      ['Contoso Dev/Test', 'Contoso · 3 accounts · 3 at risk'],
      ['Contoso Production', 'Contoso · 3 accounts · 2 at risk'],
      ['Fabrikam Shared Services', 'Fabrikam · 1 account · 1 at risk'],
    ]);
    const prod = find(rows, 'Contoso Production');
    assert.equal(prod.icon, 'azure');
    assert.deepEqual(prod.children.map((r) => r.label), ['contoso-orders', 'contoso-legacy', 'contoso-catalog']);
    const legacy = find(prod.children, 'contoso-legacy');
    assert.equal(legacy.icon, 'database', 'the type icon stays; colour comes from the decoration');
    assert.equal(legacy.contextValue, 'account');
    assert.match(legacy.description ?? '', /^\d+ issues · East US$/);
    assert.match(legacy.resourceUri ?? '', /^cosmos-guard-account:\/1f3e5a7c-9b2d-4c6e-8f10-0a2b4c6d8e01\/rg-legacy\/contoso-legacy\?worst%3Dhigh$/);
    const findings = legacy.children.filter((c) => c.contextValue?.startsWith('finding'));
    assert.deepEqual(findings.map((f) => [f.label, f.icon, f.iconColor]), [
      ['Stale Account Keys', 'error', 'list.errorForeground'],
      ['ChaosDB-Era Primary Key', 'error', 'list.errorForeground'],
      ['Leftover Notebook Workspace', 'error', 'list.errorForeground'],
      ['Key Authentication Enabled', 'error', 'list.errorForeground'],
      ['Open to All Networks', 'error', 'list.errorForeground'],
      ['TLS Below 1.2 Accepted', 'warning', 'list.warningForeground'],
      ['No Private Endpoint', 'warning', 'list.warningForeground'],
      ['Public Network Access Enabled', 'info', undefined],
      ['Key-Based Metadata Writes Allowed', 'info', undefined],
    ]);
    assert.equal(findings.find((f) => f.label === 'Key Authentication Enabled')?.contextValue, 'finding.localAuth', 'its inline action is the switch');
    // Then what could not be checked (legacy's key usage is not reported), the Key Access and Data Access rows (read on expand).
    assert.deepEqual(legacy.children.filter((c) => !c.contextValue?.startsWith('finding')).map((c) => [c.label, c.icon]),
      [['Unused Account Key: could not be checked', 'question'], ['Key Access (90 days)', 'history'], ['Data Access (Microsoft Entra ID)', 'shield']]);
    const analytics = find(find(rows, 'Contoso Dev/Test').children, 'contoso-analytics');
    assert.match(analytics.resourceUri ?? '', /\?worst%3Dmedium$/, 'medium: the warning colour');
    assert.equal(analytics.description, '5 issues · East US');
    assert.ok(findings.every((f) => !f.collapsible));
    const catalog = find(prod.children, 'contoso-catalog');
    assert.equal(catalog.description, 'No issues · West Europe');
    assert.deepEqual(catalog.children.map((c) => [c.label, c.icon]),
      [['No issues found', 'pass'], ['Key Access (90 days)', 'history'], ['Data Access (Microsoft Entra ID)', 'shield']]);
    assert.ok(!(catalog.resourceUri ?? '').includes('worst'), 'no colour for an account without findings');
    const requests = demo.requests.map((r) => `${r.method} ${r.path.split('?')[0]!}`);
    assert.equal(requests.filter((r) => r.endsWith('/databaseAccounts')).length, 3);
    assert.equal(requests.filter((r) => r.endsWith('/notebookWorkspaces')).length, 1);
    assert.equal(requests.filter((r) => r.endsWith('/pricings/CosmosDbs')).length, 3, 'one Defender plan per subscription');
    assert.ok(requests.every((r) => r.startsWith('GET ') && !/listKeys|readonlykeys|listConnectionStrings/i.test(r)), requests.join('\n'));
  });

  it('badges the view with the number of accounts that have high-severity findings', async () => {
    await api.whenIdle();
    const rows = flatten(await api.rows()).filter((r) => /^account(Rotating)?(\.|$)/.test(r.contextValue ?? ''));
    const high = rows.filter((r) => (r.resourceUri ?? '').includes('worst%3Dhigh')).length;
    assert.equal(high, 4, 'orders, legacy, sessions and inventory');
    assert.deepEqual(api.badge, { value: high, tooltip: `${high} accounts with high-severity findings` });
    assert.equal(api.message, `Custom ARM endpoint ${demo.url} (static token).`);
  });

  it('puts every finding and each key\'s age in the account tooltip, and no key material anywhere in the tree', async () => {
    const rows = flatten(await api.rows());
    const legacy = rows.find((r) => r.label === 'contoso-legacy')!;
    assert.match(legacy.tooltip ?? '', /\| primary \| before 2022-06-18 \| unknown \|/);
    assert.match(legacy.tooltip ?? '', /\| secondary \| \d{4}-\d{2}-\d{2} \| 420 days \|/);
    assert.match(legacy.tooltip ?? '', /Notebook workspace: \*\*present\*\*/);
    for (const f of legacy.children.filter((c) => c.contextValue?.startsWith('finding'))) assert.ok((legacy.tooltip ?? '').includes(f.label), f.label);
    const everything = JSON.stringify(rows);
    for (const secret of demo.keyValues()) assert.ok(!everything.includes(secret), 'a key or connection string reached the tree');
  });

  it('shows a subscription that answers 403 as an error row naming the missing permission, while the others load', async () => {
    demo.addFault({ path: new RegExp(`/subscriptions/${CONTOSO_DEV}/providers/Microsoft\\.DocumentDB/databaseAccounts\\?`, 'i'), status: 403 });
    await api.refresh();
    const rows = await api.rows();
    const dev = find(rows, 'Contoso Dev/Test');
    assert.equal(dev.description, 'Could not read: 403 AuthorizationFailed');
    assert.equal(dev.icon, 'error');
    assert.equal(dev.contextValue, 'subscriptionFailed');
    assert.deepEqual(dev.children.map((c) => c.label), [`Missing permission Microsoft.DocumentDB/databaseAccounts/read to list the Cosmos DB accounts of `
      + `subscription ${CONTOSO_DEV} (403 AuthorizationFailed). Ask for the Reader or Cosmos DB Account Reader role on it.`]);
    assert.equal(find(rows, 'Contoso Production').children.length, 3);
    assert.equal(find(rows, 'Fabrikam Shared Services').children.length, 1);
  });

  it('filters to at-risk accounts and back, with the toggle\'s context key and the view message', async () => {
    await api.refresh();
    await vscode.commands.executeCommand(CommandId.filterAtRiskAccounts);
    assert.equal(api.contextValue(ContextKey.filteringAtRisk), true);
    const filtered = await api.rows();
    assert.deepEqual(filtered.map((r) => r.label), ['Contoso Dev/Test', 'Contoso Production', 'Fabrikam Shared Services']);
    assert.deepEqual(find(filtered, 'Contoso Production').children.map((r) => r.label), ['contoso-orders', 'contoso-legacy'], 'the healthy account is hidden');
    assert.match(api.message ?? '', /Showing at-risk accounts only: 6 of 7\./);
    await vscode.commands.executeCommand(CommandId.showAllAccounts);
    assert.equal(api.contextValue(ContextKey.filteringAtRisk), false);
    assert.equal((await api.rows()).length, 3);
  });

  it('re-evaluates from the cache when a rule is turned off in settings, without any ARM request', async () => {
    await api.refresh();
    demo.clearRequests();
    const before = flatten(await api.rows()).filter((r) => r.label === 'TLS Below 1.2 Accepted').length;
    assert.ok(before >= 1);
    await setSetting('posture.rules', { 'tls-below-1-2': false });
    const after = await eventually(api, async () => flatten(await api.rows()).filter((r) => r.label === 'TLS Below 1.2 Accepted').length, (n) => n === 0,
      'the TLS findings to disappear');
    assert.equal(after, 0);
    assert.deepEqual(demo.requests, []);
    await setSetting('posture.rules', undefined);
  });

  it('shows the "no subscriptions" welcome when the subscription selection matches none', async () => {
    await setSetting('azure.selectedSubscriptions', ['00000000-0000-4000-8000-000000000000']);
    await eventually(api, async () => { await api.whenIdle(); return api.state; }, (s) => s === 'noSubscriptions', 'the noSubscriptions state');
    assert.equal(api.state, 'noSubscriptions');
    assert.equal(api.contextValue(ContextKey.accountsState), 'noSubscriptions');
    assert.deepEqual(await api.rows(), [], 'an empty tree lets the welcome view show');
    await setSetting('azure.selectedSubscriptions', [CONTOSO_DEV]);
    await eventually(api, async () => { await api.whenIdle(); return api.state; }, (s) => s === 'ready', 'the ready state');
    assert.deepEqual((await api.rows()).map((r) => r.label), ['Contoso Dev/Test']);
    await setSetting('azure.selectedSubscriptions', undefined);
  });

  it('shows the "no accounts" welcome for subscriptions without Cosmos DB accounts', async () => {
    const empty = await startArmEmulator({ scenario: 'empty', ...emulatorOptions() });
    try {
      await useEmulator(api, empty);
      assert.equal(api.state, 'noAccounts');
      assert.equal(api.contextValue(ContextKey.accountsState), 'noAccounts');
      assert.deepEqual(await api.rows(), []);
      assert.equal(api.badge, undefined);
    } finally {
      await useEmulator(api, demo);
      await empty.close();
    }
  });

  it('shows the error welcome with the reason in the view message when subscriptions cannot be listed', async () => {
    demo.addFault({ path: /^\/subscriptions\?/, status: 401, code: 'ExpiredAuthenticationToken' });
    await api.refresh();
    assert.equal(api.state, 'error');
    assert.equal(api.contextValue(ContextKey.accountsState), 'error');
    assert.match(api.message ?? '', /^Azure Resource Manager did not accept the sign-in to list subscriptions at https:\/\/localhost:\d+ \(401 ExpiredAuthenticationToken\)\./);
    assert.deepEqual(await api.rows(), []);
    demo.clearFaults();
    await api.refresh();
    assert.equal(api.state, 'ready');
  });

  it('refuses an http:// endpoint (no bearer token in clear text) with the error welcome and the reason', async () => {
    await setSetting('azure.armEndpoint', demo.url.replace('https:', 'http:'));
    await eventually(api, async () => { await api.whenIdle(); return api.state; }, (s) => s === 'error', 'the error state');
    assert.match(api.message ?? '', /The ARM endpoint must use https:\/\/ \(got http:\/\/\): bearer tokens are only sent over TLS\./);
    assert.deepEqual(demo.requests, []);
    await useEmulator(api, demo);
    assert.equal(api.state, 'ready');
  });

  it('names a bad posture setting once in the view message and keeps the default', async () => {
    await api.whenIdle();
    await setSetting('posture.maxKeyAgeDays', 0);
    const message = await eventually(api, () => Promise.resolve(api.message ?? ''), (m) => m.includes('Settings:'), 'the settings message');
    assert.match(message, /^Settings: cosmosGuard\.posture\.maxKeyAgeDays must be a whole number of days, 1 or more; got 0\. The default is used instead\./);
    const stale = flatten(await api.rows()).filter((r) => r.label === 'Stale Account Keys');
    assert.equal(stale.length, 3, 'orders, legacy and sessions are stale at the default 60 days');
    await setSetting('posture.maxKeyAgeDays', undefined);
    await eventually(api, () => Promise.resolve(api.message ?? ''), (m) => !m.includes('Settings:'), 'the message to clear');
  });

  it('uses VS Code\'s Microsoft accounts when no endpoint is set: signed out here, so the signed-out welcome', async () => {
    await setSetting('azure.armEndpoint', undefined);
    await eventually(api, async () => { await api.whenIdle(); return api.state; }, (s) => s === 'signedOut', 'the signedOut state');
    assert.equal(api.contextValue(ContextKey.accountsState), 'signedOut');
    assert.equal(api.contextValue(ContextKey.canSignIn), true);
    assert.equal(api.message, undefined);
    await useEmulator(api, demo);
    assert.equal(api.contextValue(ContextKey.canSignIn), false);
  });

  it('shows the signed-out welcome when VS Code has no Azure session (stand-in sign-in route)', async () => {
    const signedOut: SubscriptionProvider = {
      kind: 'vscode', description: 'Azure',
      listSubscriptions: () => Promise.resolve({ kind: 'signedOut' }),
      signIn: () => Promise.resolve(false),
      onDidChangeSessions: () => ({ dispose: () => undefined }),
      dispose: () => undefined,
    };
    api.setProviderForTesting(signedOut);
    try {
      await api.refresh();
      assert.equal(api.state, 'signedOut');
      assert.equal(api.contextValue(ContextKey.accountsState), 'signedOut');
      assert.deepEqual(await api.rows(), []);
      assert.equal(api.badge, undefined);
    } finally {
      api.setProviderForTesting(undefined);
      await api.refresh();
    }
    assert.equal(api.state, 'ready');
  });
});
