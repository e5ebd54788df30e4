// Key usage evidence in the accounts view, in a real extension host over the real SDK and HTTPS against the ARM
// emulator (demo scenario, 2 items a page so the Activity Log pages): each key's last use in the tooltip; the
// Defender plan and private endpoints from the view's load; an account's diagnostic settings read when it is
// expanded and its "Key Access (90 days)" Activity Log when that row is — never during the load; and 403s shown as
// "could not be checked (missing permission …)", never as a pass. Tests wait for the reads they start to finish.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startArmEmulator, type ArmEmulator } from '../arm-emulator/armEmulator';
import { type AccountsRow } from '../../src/features/accounts/accountsView';
import { type AccountsViewTestApi, type CosmosGuardTestApi } from '../../src/features/accounts/accountsTestApi';
import { CommandId } from '../../src/platform/commandIds';
import { waitFor } from './support/waitFor';

const EXTENSION_ID = 'cosmos-guard.cosmos-guard';

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('cosmosGuard').update(key, value, vscode.ConfigurationTarget.Global);
}

function flatten(rows: readonly AccountsRow[]): AccountsRow[] {
  return rows.flatMap((r) => [r, ...flatten(r.children)]);
}

function row(rows: readonly AccountsRow[], label: string): AccountsRow {
  const found = flatten(rows).find((r) => r.label === label);
  assert.ok(found, `no row "${label}"`);
  return found;
}

describe('key usage evidence in the accounts view', function () {
  this.timeout(60_000);
  let api: AccountsViewTestApi;
  let demo: ArmEmulator;

  /** Expands a row as VS Code does, waits for what it reads, and returns its rows then. */
  async function open(node: Parameters<AccountsViewTestApi['expand']>[0] | undefined, what: string): Promise<AccountsRow[]> {
    assert.ok(node, `no node for ${what}`);
    await api.expand(node);
    await api.whenEvidenceRead();
    return api.expand(node);
  }

  const requests = (pattern: RegExp) => demo.requests.filter((r) => pattern.test(r.path.split('?')[0]!));

  before(async () => {
    const certDir = process.env.COSMOS_GUARD_TEST_ARM_CERT_DIR;
    assert.ok(certDir, 'the host-test runner sets COSMOS_GUARD_TEST_ARM_CERT_DIR');
    api = (await vscode.extensions.getExtension<CosmosGuardTestApi>(EXTENSION_ID)!.activate()).accounts;
    demo = await startArmEmulator({ scenario: 'demo', certDir, pageSize: 2 });
    await setSetting('azure.armEndpoint', demo.url);
    await waitFor(() => (vscode.workspace.getConfiguration('cosmosGuard').get('azure.armEndpoint') === demo.url ? true : undefined),
      () => 'the endpoint setting to apply');
    await api.whenIdle();
  });

  after(async () => {
    await setSetting('azure.armEndpoint', undefined);
    await demo.close();
  });

  beforeEach(async () => {
    demo.reset();
    await vscode.commands.executeCommand(CommandId.showAllAccounts);
    await api.refresh();
  });

  it('shows each key\'s last use in the tooltip, and the load reads no diagnostic settings and no Activity Log', async () => {
    const rows = await api.rows();
    const orders = row(rows, 'contoso-orders').tooltip ?? '';
    assert.match(orders, /\| primary \| \d{4}-\d{2}-\d{2} \| 230 days \| last used about 3 h ago \|/);
    assert.match(orders, /\| secondary \| \d{4}-\d{2}-\d{2} \| 230 days \| no use reported \|/);
    assert.match(orders, /\| primary read-only \| \d{4}-\d{2}-\d{2} \| 230 days \| not used in the last 45 days \|/);
    assert.match(row(rows, 'contoso-legacy').tooltip ?? '', /\| primary \| before 2022-06-18 \| unknown \| usage not reported \|/);
    assert.equal(requests(/diagnosticSettings$/i).length, 0);
    assert.equal(requests(/eventtypes\/management\/values$/).length, 0);
    assert.equal(requests(/pricings\/CosmosDbs$/).length, 3, 'one Defender plan per subscription');
    assert.ok(requests(/databaseAccounts$/).every((r) => r.path.includes('api-version=2026-04-01-preview')));
  });

  it('reports unused keys, missing private endpoints and Defender off from the load; an unreadable plan is "could not be checked"', async () => {
    const rows = await api.rows();
    const orders = row(rows, 'contoso-orders');
    const unused = orders.children.find((c) => c.label === 'Unused Account Key');
    assert.ok(unused);
    assert.match(unused.description ?? '', /^Not used in the last 30 days, yet still valid: secondary \(no use reported\), primary read-only \(last used/);
    assert.match(unused.tooltip ?? '', /\| Key \| Last regenerated \| Age \| Last used \|/);
    assert.ok(orders.children.some((c) => c.label === 'No Private Endpoint' && c.icon === 'warning'));
    assert.ok(!orders.children.some((c) => c.label === 'Defender Plan Off'), 'Contoso Production has Defender on');
    assert.ok(row(rows, 'contoso-inventory').children.some((c) => c.label === 'Defender Plan Off' && c.icon === 'info'));
    const telemetry = row(rows, 'fabrikam-telemetry');
    const unchecked = telemetry.children.find((c) => c.label === 'Defender Plan Off: could not be checked');
    assert.ok(unchecked, telemetry.children.map((c) => c.label).join(', '));
    assert.equal(unchecked.description, 'missing permission Microsoft.Security/pricings/read');
    assert.equal(unchecked.icon, 'question');
    assert.match(telemetry.tooltip ?? '', /\*\*Could not be checked\*\* \(not a pass\)/);
    assert.ok(!row(rows, 'contoso-catalog').children.some((c) => c.label === 'No Private Endpoint'), 'an approved private endpoint, public access off');
  });

  it('reads the diagnostic settings of an account when it is expanded, once', async () => {
    const first = await api.expand(api.node('contoso-sessions')!);
    assert.ok(first.some((r) => r.label === 'Reading diagnostic settings…'), first.map((r) => r.label).join(', '));
    await api.whenEvidenceRead();
    const rows = await api.expand(api.node('contoso-sessions')!);
    const finding = rows.find((r) => r.label === 'No Data-Plane Request Logs');
    assert.ok(finding, rows.map((r) => r.label).join(', '));
    assert.match(finding.description ?? '', /\(control-plane-only\) sends DataPlaneRequests/);
    assert.equal(requests(/diagnosticSettings$/i).length, 1);
    const orders = await open(api.node('contoso-orders'), 'contoso-orders');
    assert.ok(!orders.some((r) => r.label === 'No Data-Plane Request Logs'), 'orders sends DataPlaneRequests to Log Analytics');
    assert.match(row(await api.rows(), 'contoso-orders').tooltip ?? '', /Data-plane request logs: sent \(orders-to-log-analytics\) to Log Analytics/);
    assert.equal(requests(/diagnosticSettings$/i).length, 2, 'sessions was not read again');
  });

  it('shows "could not be checked (missing permission …)" for diagnostic settings that answer 403', async () => {
    const rows = await open(api.node('contoso-inventory'), 'contoso-inventory');
    const unchecked = rows.find((r) => r.label === 'No Data-Plane Request Logs: could not be checked');
    assert.ok(unchecked, rows.map((r) => r.label).join(', '));
    assert.equal(unchecked.description, 'missing permission Microsoft.Insights/diagnosticSettings/read');
  });

  it('lists the Key Access of 90 days when that row is expanded: every page, newest first, you marked, and keys-read-recently', async () => {
    await open(api.node('contoso-orders'), 'contoso-orders');
    assert.equal(requests(/eventtypes/).length, 0, 'expanding the account does not read the Activity Log');
    const keyAccess = api.keyAccessNode('contoso-orders');
    const loading = await api.expand(keyAccess!);
    assert.deepEqual(loading.map((r) => r.label), ['Reading the Activity Log…']);
    await api.whenEvidenceRead();
    const events = await api.expand(keyAccess!);
    assert.deepEqual(events.map((r) => r.description!.split(' · ').slice(0, 2)), [
      ['listConnectionStrings', 'mallory@fabrikam.com'],
      ['listKeys', '3f8a1c2e-5b7d-4e9f-a1c3-5d7e9f1b3c5e'],
      ['listKeys', 'developer@contoso.com (you)'],
      ['readonlykeys', 'analyst@contoso.com'],
      ['listKeys', '3f8a1c2e-5b7d-4e9f-a1c3-5d7e9f1b3c5e'],
    ]);
    assert.ok(events.every((r) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/.test(r.label)));
    assert.match(events[0]!.description!, / · 198\.51\.100\.23 · Succeeded$/);
    assert.equal(events[3]!.iconColor, 'list.errorForeground', 'a failed read');
    assert.equal(requests(/eventtypes\/management\/values$/).length, 5, '10 events, 2 a page');
    const rows = await api.rows();
    const orders = row(rows, 'contoso-orders');
    assert.equal(orders.children.find((c) => c.label === 'Key Access (90 days)')?.description, '5 operations, 4 by others');
    const read = orders.children.find((c) => c.label === 'Keys Read Recently');
    assert.ok(read, orders.children.map((c) => c.label).join(', '));
    assert.equal(read.icon, 'warning');
    assert.match(read.description ?? '', /^Keys were read by 2 principals other than you in the last 7 days: mallory@fabrikam\.com/);
  });

  it('says which permission is missing when the Activity Log answers 403, and keys-read-recently could not be checked', async () => {
    await open(api.node('contoso-inventory'), 'contoso-inventory');
    const rows = await open(api.keyAccessNode('contoso-inventory'), 'Key Access of contoso-inventory');
    assert.deepEqual(rows.map((r) => [r.label, r.description]), [['Missing permission Microsoft.Insights/eventtypes/values/read', 'the Activity Log could not be read']]);
    const inventory = row(await api.rows(), 'contoso-inventory');
    assert.equal(inventory.children.find((c) => c.label === 'Keys Read Recently: could not be checked')?.description,
      'missing permission Microsoft.Insights/eventtypes/values/read');
  });

  it('drops what was read on demand at a refresh, and keeps key material out of every row', async () => {
    await open(api.keyAccessNode('contoso-orders'), 'Key Access of contoso-orders');
    const everything = JSON.stringify(flatten(await api.rows()));
    for (const secret of demo.keyValues()) assert.ok(!everything.includes(secret), 'a key reached the tree');
    await api.refresh();
    assert.ok(!row(await api.rows(), 'contoso-orders').children.some((c) => c.label === 'Keys Read Recently'));
    assert.deepEqual(await api.expand(api.keyAccessNode('contoso-orders')!).then((r) => r.map((x) => x.label)), ['Reading the Activity Log…']);
    await api.whenEvidenceRead();
  });
});
