// "Check Which Account Uses This Key…" from a leak finding, in a real extension host against the ARM emulator:
// consent first, listKeys only for the accounts the key may belong to, compared in memory; the safe rotation it
// offers asks which key the applications use instead of assuming it is the leaked one.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/platform/commandIds';
import { legacyKey, seededRandom } from '../support/keyFactory';
import { useRotationHarness } from './support/rotationHarness';
import { confirm, pickValue } from './support/scriptedFlowUi';
import { waitForDiagnostics } from './support/waitFor';
import { openFile, writeWorkspaceFile } from './support/workspaceFiles';

describe('which key leaked?', function () {
  this.timeout(90_000);
  const h = useRotationHarness();
  const { ui } = h;
  const run = (command: string, ...args: unknown[]) => h.run(command, ...args);
  const phase = () => h.phase();

  async function actionsFor(relativePath: string, text: string): Promise<{ uri: vscode.Uri; actions: vscode.CodeAction[] }> {
    const uri = await writeWorkspaceFile(relativePath, text);
    await openFile(uri);
    const [diagnostic] = await waitForDiagnostics(uri, (d) => d.length === 1, `one finding in ${relativePath}`);
    const all = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic!.range);
    return { uri, actions: all.filter((a) => a.command?.command.startsWith('cosmosGuard.')) };
  }
  const check = (actions: vscode.CodeAction[]) => {
    const action = actions.find((a) => a.command?.command === CommandId.checkWhichAccount);
    assert.ok(action, actions.map((a) => a.title).join(', '));
    return run(action.command!.command, ...(action.command!.arguments as unknown[]));
  };

  it('names the account and key, with consent first and listKeys for that account only; offers the safe rotation, which asks which key the apps use', async () => {
    const key = h.emu.account('contoso-orders').keys.secondary;
    const { actions } = await actionsFor('leaks/db.js', `const c = "AccountEndpoint=https://contoso-orders.documents.azure.com:443/;AccountKey=${key};";\n`);
    assert.deepEqual(actions.map((a) => a.title), ['Replace with environment variable COSMOS_CONNECTION_STRING', 'Check which account uses this key…',
      'Ignore this finding…', 'Ignore this file or folder…']);
    ui.expect(
      confirm((c) => {
        assert.equal(c.message, 'Check whether this key belongs to contoso-orders?');
        assert.match(c.detail, /^Its endpoint contoso-orders\.documents\.azure\.com belongs to this account\. Cosmos Guard reads the current keys \(listKeys\) of only these/);
      }),
      // "Rotate This Key Safely…" does not assume the leaked key is the one the applications use: step 1 asks, with
      // the leaked key marked and the key Azure reports in use preselected (here not the leaked one).
      pickValue('primary', (options, items) => {
        assert.deepEqual(options.step, { step: 1, total: 6 });
        assert.match(options.placeholder, /^Which key do your applications use now\? Preselected from Azure's key-usage data: the primary read-write key is the only one used in the last 7 days\. \(Not necessarily the leaked one/);
        assert.equal(options.active, 'primary');
        assert.deepEqual(items.filter((i) => /^the leaked key · /.test(i.description ?? '')).map((i) => i.value), ['secondary']);
      }),
      pickValue('later', (options) => {
        assert.deepEqual(options.step, { step: 2, total: 6 });
        assert.equal(options.placeholder, 'Next: regenerate the secondary key; your apps keep using the primary key');
      }),
    ).answer(/^This is the secondary read-write key of account contoso-orders\./, 'Rotate This Key Safely…');
    h.emu.clearRequests();
    await check(actions);
    ui.verify();
    assert.equal((await ui.notified(/^This is the/)).level, 'warn');
    assert.deepEqual(h.emu.requests.filter((r) => r.method === 'POST').map((r) => r.path.split('?')[0]!.split('/').slice(-2).join('/')), ['contoso-orders/listKeys']);
    assert.equal(phase(), undefined, '"Not now" stores nothing');
  });

  it('says when a key is no current key of any account (already rotated or not yours)', async () => {
    const { actions } = await actionsFor('leaks/old.js',
      `const c = "AccountEndpoint=https://contoso-orders.documents.azure.com:443/;AccountKey=${legacyKey(seededRandom(31))};";\n`);
    ui.expect(confirm(() => undefined));
    await check(actions);
    ui.verify();
    assert.equal((await ui.notified(/^Not a current key/)).message, 'Not a current key of any account you can see (already rotated or not yours).');
  });

  it('asks which accounts to check for a bare key, and reads only their keys', async () => {
    const key = h.emu.account('contoso-catalog').keys.primaryReadonly;
    const { actions } = await actionsFor('leaks/settings.py', `COSMOS_KEY = "${key}"\n`);
    ui.expect({ kind: 'pickMany', answer: (options, items) => {
      assert.match(options.placeholder, /^This key has no endpoint next to it\. Pick the accounts it may belong to/);
      return items.filter((i) => /contoso-(orders|catalog)$/.test(i.label)).map((i) => i.value);
    } });
    h.emu.clearRequests();
    await check(actions);
    ui.verify();
    assert.match((await ui.notified(/^This is the/)).message, /^This is the primary read-only key of account contoso-catalog\./);
    assert.deepEqual(h.emu.requests.filter((r) => r.method === 'POST').map((r) => r.path.split('?')[0]!.split('/').slice(-2).join('/')).sort(),
      ['contoso-catalog/listKeys', 'contoso-orders/listKeys']);
  });

  it('compares read-only keys when listKeys is refused, and says so', async () => {
    const { actions } = await actionsFor('leaks/t.js',
      `const c = "AccountEndpoint=https://fabrikam-telemetry.documents.azure.com:443/;AccountKey=${legacyKey(seededRandom(32))};";\n`);
    ui.expect(confirm(() => undefined));
    await check(actions);
    ui.verify();
    assert.match((await ui.notified(/^Not a current key/)).message, /Only the read-only keys of fabrikam-telemetry could be compared \(no listKeys permission\)\.$/);
  });

  it('changes nothing without consent', async () => {
    const { actions } = await actionsFor('leaks/no.js',
      `const c = "AccountEndpoint=https://contoso-orders.documents.azure.com:443/;AccountKey=${h.emu.account('contoso-orders').keys.primary};";\n`);
    h.emu.clearRequests();
    ui.expect(confirm(() => undefined, false));
    await check(actions);
    ui.verify();
    assert.ok(!h.emu.requests.some((r) => r.method === 'POST'), 'no key was read');
  });
});
