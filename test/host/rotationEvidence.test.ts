// Key rotation with Azure's key-usage evidence (api-version 2026-04-01-preview's approximateLastUsageTime, served by
// the ARM emulator per scenario), in a real extension host: step 1 preselects the key in use only when the evidence
// names exactly one, and asks as before otherwise; a confirmation says when the key about to be regenerated is
// still used.
import * as assert from 'node:assert/strict';
import { CommandId } from '../../src/platform/commandIds';
import { useRotationHarness } from './support/rotationHarness';
import { confirm, pickValue } from './support/scriptedFlowUi';

describe('key rotation: key-usage evidence', function () {
  this.timeout(90_000);
  const h = useRotationHarness();
  const { ui } = h;

  it('asks step 1 without a preselection where Azure reports no usage, saying "usage not reported" per key', async () => {
    ui.expect(pickValue(undefined, (options, items) => {
      assert.equal(options.placeholder, 'Which key do your applications use now?');
      assert.equal(options.active, undefined);
      assert.ok(items.every((i) => !/last used|no use reported/.test(i.description ?? '')), 'no guess shown as a fact');
    }));
    await h.run(CommandId.rotateKeys, h.node('contoso-legacy'));
    ui.verify();
  });

  it('does not preselect when two keys of the pair are in use, and warns before regenerating the one still used', async () => {
    ui.expect(
      pickValue('primary', (options, items) => {
        assert.equal(options.active, undefined, 'ambiguous: both read-write keys were used in the last 7 days');
        assert.match(items.find((i) => i.value === 'secondary')?.description ?? '', / · last used about 1 h ago$/);
      }),
      pickValue('go'),
      confirm((c) => {
        assert.equal(c.message, 'Regenerate the secondary read-write key of contoso-inventory?');
        assert.match(c.detail, /^⚠ Azure reports the secondary read-write key last used about 1 h ago: something still connects with it and fails once it is regenerated\.\n\nStep 2 of 6\./);
      }, false),
    );
    await h.run(CommandId.rotateKeys, h.node('contoso-inventory'));
    ui.verify();
    assert.ok(!h.emu.requests.some((r) => r.method === 'POST' && r.path.includes('/regenerateKey')), 'declined: nothing sent');
  });

  it('says nothing of usage in the Regenerate Key… modal when the key was not used in the last 24 hours', async () => {
    ui.expect(pickValue('primaryReadonly'), confirm((c) => assert.doesNotMatch(c.detail, /⚠|Azure reports/), false));
    await h.run(CommandId.regenerateKey, h.node('contoso-orders'));
    ui.verify();
  });

  it('leaves the Regenerate Key… pick without a preselection unless a finding names the key', async () => {
    ui.expect(pickValue(undefined, (options) => assert.equal(options.active, undefined)));
    await h.run(CommandId.regenerateKey, h.node('contoso-orders'));
    ui.verify();
  });
});
