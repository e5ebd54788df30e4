// The move to Microsoft Entra ID in a real extension host, over the real SDK and HTTPS against the ARM emulator
// (`keyless` scenario: one account per case): the Data Access row (assignments, none, 403); Switch to Microsoft Entra
// ID… walked step by step with Back — evidence, a role granted (validated object id, a container scope), the code,
// the modal and the PATCH — and each refusal: a duplicate assignment, a 403 on assignments, the service's 12-hour
// key-usage check, a cancel at the modal (nothing sent), accounts of other APIs (an explanation); and turning keys
// back on. Everything shown is searched for key material after each test.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BACK } from '../../src/platform/flow/flowUi';
import { CommandId } from '../../src/platform/commandIds';
import { useKeylessHarness } from './support/keylessHarness';
import { confirm, pickLabel, pickValue, type Step } from './support/scriptedFlowUi';
import { waitForDiagnostics } from './support/waitFor';
import { openFile, removeWorkspacePath, writeWorkspaceFile } from './support/workspaceFiles';

const SUB = '6d3e4f5a-7b8c-4d9e-8f0a-0000000000e2';
const idOf = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg-keyless/providers/Microsoft.DocumentDB/databaseAccounts/${name}`;
const READER = 'aa11bb22-cc33-4d44-8e55-ff6677889900';
const NEW_PRINCIPAL = 'dd44ee55-ff66-4a77-8b88-2299aabbccdd';
const TITLE = (name: string) => `Switch to Microsoft Entra ID: ${name}`;

/** A quick pick of step `n`/4 of the switch. */
function atStep(n: number, answer: unknown, check?: Parameters<typeof pickValue>[1]): Step {
  return pickValue(answer, (options, items) => {
    assert.deepEqual(options.step, { step: n, total: 4 }, `${options.title}: ${options.placeholder}`);
    assert.equal(options.canGoBack, n > 1 ? true : undefined);
    check?.(options, items);
  });
}

describe('the switch to Microsoft Entra ID', function () {
  this.timeout(120_000);
  const h = useKeylessHarness('keyless');

  describe('the Data Access row', () => {
    it('lists the role assignments when expanded — principal, role, scope — read on expand only', async () => {
      const before = await h.row('keyless-ready');
      const row = before.children.find((c) => c.label === 'Data Access (Microsoft Entra ID)');
      assert.ok(row?.collapsible, before.children.map((c) => c.label).join(', '));
      assert.equal(h.sent(/sqlRoleAssignments/i).length, 0, 'nothing read before the row is expanded');
      const loading = await h.api.accounts.expand(h.api.accounts.dataAccessNode('keyless-ready')!);
      assert.deepEqual(loading.map((r) => r.label), ['Reading role assignments…']);
      const rows = await h.open(h.api.accounts.dataAccessNode('keyless-ready'), 'Data Access');
      assert.deepEqual(rows.map((r) => [r.label, r.description, r.icon]), [
        [READER, 'Cosmos DB Built-in Data Reader · the account', 'person'],
        ['bb22cc33-dd44-4e55-9f66-0077889900aa', 'Orders Writer · container orders/items', 'person'],
      ]);
      assert.equal((await h.row('keyless-ready')).children.find((c) => c.label === 'Data Access (Microsoft Entra ID)')?.description, '2 role assignments');
      assert.equal(h.sent(/^GET .*sqlRoleAssignments$/i).length, 1);
      await h.open(h.api.accounts.dataAccessNode('keyless-ready'), 'Data Access');
      assert.equal(h.sent(/^GET .*sqlRoleAssignments$/i).length, 1, 'read once until the next refresh');
    });

    it('says "none: with keys off, nobody could read data" when there are none', async () => {
      const rows = await h.open(h.api.accounts.dataAccessNode('keyless-no-workspace'), 'Data Access');
      assert.deepEqual(rows.map((r) => [r.label, r.icon]), [['None: with keys off, nobody could read data', 'warning']]);
    });

    it('names the missing permission when the assignments answer 403', async () => {
      const rows = await h.open(h.api.accounts.dataAccessNode('keyless-locked-down'), 'Data Access');
      assert.deepEqual(rows.map((r) => [r.label, r.description]),
        [['Role assignments could not be read', 'missing permission Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/read']]);
    });

    it('explains instead for the other APIs, reading nothing', async () => {
      const mongo = await h.row('keyless-mongo');
      assert.equal(mongo.contextValue, 'account.otherApi');
      const row = mongo.children.find((c) => c.label === 'Data Access (Microsoft Entra ID)');
      assert.equal(row?.description, 'not available for MongoDB accounts');
      assert.equal(row?.collapsible, false);
      assert.match(row?.tooltip ?? '', /MongoDB accounts cannot rely on Microsoft Entra ID alone/);
      assert.equal((await h.row('keyless-off')).contextValue, 'account.keysOff');
      assert.equal((await h.row('keyless-ready')).contextValue, 'account');
    });
  });

  it('walks evidence → roles (Back, a validated object id, a container) → code → the modal, then turns keys off', async () => {
    h.ui.expect(
      atStep(1, 'next', (options, items) => {
        assert.equal(options.title, TITLE('keyless-ready'));
        assert.match(options.placeholder, /^Not ready: /);
        const described = items.map((i) => `${i.label} — ${i.description ?? ''} — ${i.detail ?? ''}`);
        assert.ok(described.some((d) => /^\$\(warning\) primary — last used about 2 h ago/.test(d)), described.join('\n'));
        assert.ok(described.some((d) => /^\$\(person\) build-agent@keylesslab\.onmicrosoft\.com — listKeys × 1/.test(d)), described.join('\n'));
        assert.ok(described.some((d) => /^\$\(warning\) 20\.50\.2\.17 — cosmos-netstandard-sdk\/3\.46\.0.* — 920 requests with PrimaryMasterKey, the latest about 2 h ago$/.test(d)),
          described.join('\n'));
        assert.ok(described.some((d) => /^\$\(warning\) 198\.51\.100\.90 — cosmos-js/.test(d)), 'resource tokens count as keys');
        assert.ok(described.some((d) => /^\$\(pass\) 300 requests with Microsoft Entra ID tokens/.test(d)));
      }),
      atStep(2, BACK, (_options, items) => {
        assert.deepEqual(items.filter((i) => i.label.startsWith('$(person)')).map((i) => [i.label, i.description]), [
          [`$(person) ${READER}`, 'Cosmos DB Built-in Data Reader · the account'],
          ['$(person) bb22cc33-dd44-4e55-9f66-0077889900aa', 'Orders Writer · container orders/items'],
        ]);
      }),
      atStep(1, 'next'),
      atStep(2, 'other'),
      pickLabel(/Enter an object id/, (options) => assert.deepEqual(options.step, { step: 2, total: 4 })),
      { kind: 'input', answer: (options) => {
        assert.match(options.validate('not-a-guid') ?? '', /An object id is a GUID/);
        assert.equal(options.validate(NEW_PRINCIPAL), undefined);
        return NEW_PRINCIPAL;
      } },
      pickLabel(/Built-in Data Contributor/, (_options, items) => assert.ok(items.some((i) => /Orders Writer/.test(i.label)), 'the custom role')),
      pickLabel(/A container/),
      { kind: 'input', answer: (options) => {
        assert.ok(options.validate('orders'), 'a container needs database/container');
        assert.equal(options.validate('orders/items'), undefined);
        return 'orders/items';
      } },
      confirm((c) => {
        assert.equal(c.message, `Give ${NEW_PRINCIPAL} the Cosmos DB Built-in Data Contributor role on container orders/items of keyless-ready?`);
        assert.equal(c.confirm, 'Add Role Assignment');
      }),
      atStep(2, 'next', (_options, items) => {
        assert.ok(items.some((i) => i.label === `$(person) ${NEW_PRINCIPAL}` && /container orders\/items · added now$/.test(i.description ?? '')),
          items.map((i) => i.label).join(', '));
      }),
      atStep(3, 'next', (_options, items) => assert.ok(items.some((i) => /Scan Workspace/.test(i.label)))),
      atStep(4, 'go'),
      confirm((c) => {
        assert.equal(c.message, 'Turn key authentication off for keyless-ready?');
        assert.match(c.detail, /The primary key was last used about 2 h ago\./);
        assert.match(c.detail, /gets 401 "Local Authorization is disabled\. Use an AAD token to authorize all requests\."/);
        assert.match(c.detail, /Role assignments added in this run: 1\./);
        assert.equal(c.confirm, 'Turn Keys Off');
      }),
    );
    await h.run(CommandId.switchToEntraId, h.node('keyless-ready', 'local-auth-enabled'));
    h.ui.verify();
    assert.equal(h.sent(/eventtypes\/management\/values$/).length, 1, 'the evidence was read once, Back showed it again');
    assert.equal(h.sent(/^PUT .*sqlRoleAssignments\/[^/]+$/i).length, 1);
    assert.equal(h.sent(/^PATCH .*databaseAccounts\/keyless-ready$/i).length, 1);
    assert.ok(h.ui.notifications.some((n) => n.level === 'info' && /^Key authentication is off for keyless-ready/.test(n.message)));
    const row = await h.row('keyless-ready');
    assert.equal(row.contextValue, 'account.keysOff');
    assert.ok(!row.children.some((c) => c.label === 'Key Authentication Enabled'), 'the finding is gone');
    const rows = await h.open(h.api.accounts.dataAccessNode('keyless-ready'), 'Data Access');
    assert.ok(rows.some((r) => r.label === NEW_PRINCIPAL && r.description === 'Cosmos DB Built-in Data Contributor · container orders/items'));
  });

  it('sends nothing when the modal is cancelled', async () => {
    h.ui.expect(atStep(1, 'next'), atStep(2, 'next'), atStep(3, 'next'), atStep(4, 'go'), confirm(() => undefined, false));
    await h.run(CommandId.switchToEntraId, { accountId: idOf('keyless-ready') });
    assert.deepEqual(h.sent(/^(PUT|PATCH|POST .*regenerate)/i), []);
    assert.equal((await h.row('keyless-ready')).contextValue, 'account');
  });

  it('never duplicates an assignment: an identical one is reported, nothing is sent', async () => {
    h.ui.expect(
      atStep(1, 'next'), atStep(2, 'other'),
      pickValue(READER),
      pickLabel(/Built-in Data Reader/),
      pickLabel(/The whole account/),
      atStep(2, undefined),
    );
    await h.run(CommandId.switchToEntraId, { accountId: idOf('keyless-ready') });
    assert.ok(h.ui.notifications.some((n) => n.message === `${READER} has the Cosmos DB Built-in Data Reader role on the account of keyless-ready already: nothing to add.`),
      h.ui.notifications.map((n) => n.message).join('\n'));
    assert.deepEqual(h.sent(/^(PUT|PATCH)/i), []);
  });

  it('shows a 403 on the assignments in plain words, and the grant that is refused', async () => {
    h.ui.expect(
      atStep(1, 'next'),
      atStep(2, 'me', (_options, items) => {
        const failed = items.find((i) => /Role assignments could not be read/.test(i.label));
        assert.equal(failed?.description, 'missing permission Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/read');
      }),
      pickLabel(/Built-in Data Reader/),
      pickLabel(/The whole account/),
      confirm((c) => assert.match(c.message, /^Give you \([0-9a-f-]{36}\) the Cosmos DB Built-in Data Reader role on the account of keyless-locked-down\?$/)),
      atStep(2, undefined),
    );
    await h.run(CommandId.switchToEntraId, { accountId: idOf('keyless-locked-down') });
    h.ui.verify();
    const error = h.ui.notifications.find((n) => n.level === 'error');
    assert.match(error?.message ?? '', /^The role assignment for .* on keyless-locked-down was not added\. .*(403|permission)/i);
  });

  it('shows the service\'s refusal (a key used in the last 12 hours) in plain words; the account keeps its keys', async () => {
    h.ui.expect(
      atStep(1, 'next'),
      atStep(2, 'me', (_options, items) => assert.ok(!items.some((i) => /^\$\(arrow-right\)/.test(i.label)), 'no Next without any assignment')),
      pickLabel(/Built-in Data Reader/),
      pickLabel(/The whole account/),
      confirm(() => undefined),
      atStep(2, 'next'),
      atStep(3, 'next'),
      atStep(4, 'go'),
      confirm((c) => assert.match(c.detail, /The primary key was last used about 30 min ago\./)),
    );
    await h.run(CommandId.switchToEntraId, { accountId: idOf('keyless-recent-key') });
    h.ui.verify();
    const error = h.ui.notifications.find((n) => n.level === 'error');
    assert.match(error?.message ?? '', /^Key authentication of keyless-recent-key was not turned off\. .*used in the last 12 hours/);
    assert.ok(!/ActivityId/.test(error?.message ?? ''), 'the service\'s reason, without its ActivityId line');
    assert.equal((await h.row('keyless-recent-key')).contextValue, 'account');
  });

  it('explains instead of running the flow for MongoDB and Cassandra, from the tree and the palette, sending nothing', async () => {
    await h.run(CommandId.switchToEntraId, { accountId: idOf('keyless-mongo') });
    h.ui.expect(pickValue(idOf('keyless-cassandra'), (_options, items) => {
      assert.ok(!items.some((i) => i.label === '$(database) keyless-off'), 'keys off already: not offered');
      assert.match(items.find((i) => i.label === '$(database) keyless-cassandra')?.description ?? '', /^Apache Cassandra: keys cannot be turned off/);
    }));
    await h.run(CommandId.switchToEntraId);
    h.ui.verify();
    const explained = h.ui.notifications.map((n) => n.message);
    assert.match(explained[0] ?? '', /^MongoDB accounts cannot rely on Microsoft Entra ID alone/);
    assert.match(explained[1] ?? '', /^Apache Cassandra accounts cannot rely on Microsoft Entra ID alone/);
    assert.deepEqual(h.sent(/^(PUT|PATCH)|sqlRole|\/query$/i), []);
  });

  it('lists the workspace\'s key-based clients in the Code step, each opening the file at the client', async () => {
    const uri = await writeWorkspaceFile('keyless-code/db.js', "const { CosmosClient } = require('@azure/cosmos');\n\n"
      + 'const client = new CosmosClient({\n  endpoint: process.env.COSMOS_ENDPOINT,\n  key: process.env.COSMOS_KEY,\n});\nmodule.exports = { client };\n');
    try {
      await openFile(uri);
      await waitForDiagnostics(uri, (d) => d.some((x) => String((x.code as { value: string }).value) === 'cosmos-key-based-client'), 'the key-based client');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      let site: unknown;
      h.ui.expect(atStep(1, 'next'), atStep(2, 'next'),
        pickLabel(/keyless-code\/db\.js:3$/, (_options, items) => { site = items.find((i) => /db\.js:3$/.test(i.label))?.label; }),
        atStep(3, undefined, (_options, items) => assert.equal(items.find((i) => i.value === _options.active)?.label, site, 'the list comes back at the client opened')));
      await h.run(CommandId.switchToEntraId, { accountId: idOf('keyless-ready') });
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.toString(), uri.toString());
      assert.equal(editor?.selection.active.line, 2);
    } finally {
      await removeWorkspacePath('keyless-code');
    }
  });

  it('says that the change goes on in Azure when its progress is cancelled after it was sent', async () => {
    // The update runs for ten minutes: the cancel certainly comes while it is being followed.
    h.emu.addFault({ method: 'PATCH', path: '/databaseAccounts/keyless-off', lroDurationMs: 600_000, times: 1 });
    h.ui.expect(confirm(() => undefined));
    const running = h.run(CommandId.enableKeyAuthentication, h.node('keyless-off'));
    const progress = await h.ui.progressRunning(/^Turning key authentication back on for keyless-off/);
    await h.ui.until(() => (progress.messages.includes('waiting for Azure') ? true : undefined));
    progress.cancel();
    await running;
    assert.equal(h.sent(/^PATCH .*databaseAccounts\/keyless-off$/i).length, 1);
    await h.ui.notified(/^Stopped following it: the request was sent, and Azure may still complete it\./);
    assert.ok(!h.ui.notifications.some((n) => /was not turned back on/.test(n.message)), 'no claim that nothing happened');
  });

  it('turns key authentication back on after a modal, and sends nothing when it is cancelled', async () => {
    h.ui.expect(confirm(() => undefined, false));
    await h.run(CommandId.enableKeyAuthentication, h.node('keyless-off'));
    assert.deepEqual(h.sent(/^PATCH/i), []);
    h.ui.expect(confirm((c) => {
      assert.equal(c.message, 'Turn key authentication back on for keyless-off?');
      assert.match(c.detail, /anyone holding one — a leaked connection string too — can read and change all data/);
      assert.equal(c.confirm, 'Turn Keys On');
    }));
    await h.run(CommandId.enableKeyAuthentication, h.node('keyless-off'));
    assert.equal(h.sent(/^PATCH .*databaseAccounts\/keyless-off$/i).length, 1);
    const row = await h.row('keyless-off');
    assert.equal(row.contextValue, 'account');
    assert.ok(row.children.some((c) => c.label === 'Key Authentication Enabled'), 'the finding is back');
    assert.ok(h.ui.notifications.some((n) => /^Key authentication is on again for keyless-off/.test(n.message)));
  });
});
