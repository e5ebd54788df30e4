// The demo (`npm start`) can make the whole switch on contoso-orders: its evidence (the primary key in use, in Azure's
// key usage and its Log Analytics data-plane logs), its existing assignments (Next skips ahead), its code, then keys
// off — the finding gone, the row offering Turn Key Authentication Back On…, which restores it.
import * as assert from 'node:assert/strict';
import { CommandId } from '../../src/platform/commandIds';
import { useKeylessHarness } from './support/keylessHarness';
import { confirm, pickValue } from './support/scriptedFlowUi';

describe('the switch to Microsoft Entra ID on the demo', function () {
  this.timeout(120_000);
  const h = useKeylessHarness('demo');

  it('turns keys off for contoso-orders in four steps, and back on', async () => {
    h.ui.expect(
      pickValue('next', (options, items) => {
        assert.equal(options.title, 'Switch to Microsoft Entra ID: contoso-orders');
        assert.match(options.placeholder, /^Not ready: /);
        assert.ok(items.some((i) => /20\.50\.2\.17/.test(i.label) && /18234 requests with PrimaryMasterKey/.test(i.detail ?? '')),
          items.map((i) => `${i.label} ${i.detail ?? ''}`).join('\n'));
      }),
      pickValue('next', (_options, items) => assert.equal(items.filter((i) => i.label.startsWith('$(person)')).length, 2)),
      pickValue('next'),
      pickValue('go'),
      confirm((c) => {
        assert.equal(c.message, 'Turn key authentication off for contoso-orders?');
        assert.match(c.detail, /The primary key was last used about 3 h ago\./);
      }),
    );
    await h.run(CommandId.switchToEntraId, h.node('contoso-orders', 'local-auth-enabled'));
    h.ui.verify();
    const off = await h.row('contoso-orders');
    assert.equal(off.contextValue, 'account.keysOff');
    assert.ok(!off.children.some((c) => c.label === 'Key Authentication Enabled'));
    assert.ok(!off.children.some((c) => c.label === 'Key-Based Metadata Writes Allowed'), 'metadata writes by key are off too');
    h.ui.expect(confirm(() => undefined));
    await h.run(CommandId.enableKeyAuthentication, h.node('contoso-orders'));
    const on = await h.row('contoso-orders');
    assert.equal(on.contextValue, 'account');
    assert.ok(on.children.some((c) => c.label === 'Key Authentication Enabled'));
    assert.equal(h.sent(/^PATCH /).length, 2);
  });
});
