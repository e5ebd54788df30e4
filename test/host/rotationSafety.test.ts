// What key rotation checks right before a regeneration is sent, in a real extension host against the ARM emulator:
// another window (simulated by writing globalState directly, as VS Code propagates another window's writes), the
// portal or a pipeline acting while a question is open; the pair rule's second confirmation; stored entries of a
// newer version; and the time limit on the request itself.
import * as assert from 'node:assert/strict';
import { startRotation, transition } from '../../src/core/rotation';
import { CommandId } from '../../src/platform/commandIds';
import { ORDERS, PROD, useRotationHarness } from './support/rotationHarness';
import { confirm, pickValue } from './support/scriptedFlowUi';

const ROTATIONS = 'cosmosGuard.rotations';
const PENDING = 'cosmosGuard.pendingRegenerations';
const ORDERS_REF = { accountId: ORDERS, accountName: 'contoso-orders', subscriptionId: PROD };

describe('key rotation: the last look before sending', function () {
  this.timeout(90_000);
  const h = useRotationHarness();
  const { ui } = h;
  const posts = () => h.emu.requests.filter((r) => r.method === 'POST' && r.path.includes('/regenerateKey'));

  it('sends nothing when another window started a rotation of the account while the confirmation was open', async () => {
    ui.expect(pickValue('secondary'), confirm(() => {
      // Another window stores its rotation of the same account now.
      void h.api.rotation.setStoredStateForTesting(ROTATIONS, { [ORDERS.toLowerCase()]: startRotation(ORDERS_REF, 'primary', new Date().toISOString()) });
    }));
    await h.run(CommandId.regenerateKey, h.node('contoso-orders'));
    ui.verify();
    assert.match((await ui.notified(/unfinished key rotation/)).message,
      /^contoso-orders has an unfinished key rotation \(step 2\/6: Regenerate the secondary read-write key\), perhaps started in another window\. Finish or abandon it before regenerating a key by hand\. Nothing was sent\.$/);
    assert.deepEqual(posts(), []);
    assert.ok(h.emu.requests.some((r) => r.method === 'GET' && /databaseAccounts\/contoso-orders\?/.test(r.path)), 'the account was read again first');
  });

  it('sends nothing when the key\'s partner was regenerated elsewhere while the confirmation was open, and says when', async () => {
    ui.expect(pickValue('primary'), confirm(() => h.emu.regenerateNow('contoso-orders', 'secondary')));
    await h.run(CommandId.regenerateKey, h.node('contoso-orders'));
    ui.verify();
    const warning = await ui.notified(/regenerated after you confirmed/);
    assert.match(warning.message, /^The secondary read-write key of contoso-orders was regenerated after you confirmed \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\), from another window, the portal or a pipeline\. Look at the account again before regenerating the primary read-write key\. Nothing was sent\.$/);
    assert.deepEqual(posts(), []);
  });

  it('asks a second, explicit confirmation before regenerating a key whose partner was regenerated within the hour; declining sends nothing', async () => {
    h.emu.regenerateNow('contoso-orders', 'secondary');
    await h.api.accounts.refresh();
    h.emu.clearRequests();
    const partnerModal = (answer: boolean) => confirm((c) => {
      assert.equal(c.message, 'The secondary read-write key of contoso-orders was regenerated less than a minute ago. Regenerate its partner, the primary read-write key, too?');
      assert.match(c.detail, /^Both keys of the pair would then change within 60 minutes\. Every client that has not yet picked up the new secondary read-write key — a running app with a cached CosmosClient, an app setting or Key Vault reference not yet refreshed, a pipeline — would hold no valid key and fail with 401 Unauthorized\./);
      assert.equal(c.confirm, 'Regenerate Both Keys of the Pair');
    }, answer);
    ui.expect(pickValue('primary'), confirm(() => undefined), partnerModal(false));
    await h.run(CommandId.regenerateKey, h.node('contoso-orders'));
    ui.verify();
    assert.deepEqual(posts(), [], 'declined: nothing sent');
    assert.equal(ui.progresses.length, 0);
    // The other pair is not concerned; confirming the second modal sends the regeneration.
    ui.expect(pickValue('primary'), confirm(() => undefined), partnerModal(true));
    await h.run(CommandId.regenerateKey, h.node('contoso-orders'));
    await h.api.rotation.whenIdle();
    ui.verify();
    assert.deepEqual(h.emu.account('contoso-orders').operations.map((o) => `${o.keyKind}:${o.status}`), ['primary:Succeeded']);
  });

  it('stops a rotation step that another window moved on meanwhile', async () => {
    // Up to step 6 here; while its confirmation is open, another window abandons the rotation.
    ui.expect(pickValue('primary'), pickValue('go'), confirm(() => undefined), pickValue('next'), pickValue('yes'),
      confirm(() => { void h.api.rotation.setStoredStateForTesting(ROTATIONS, undefined); }));
    await h.run(CommandId.rotateKeys, h.node('contoso-orders'));
    await h.api.rotation.whenIdle();
    ui.verify();
    assert.match((await ui.notified(/another window/)).message,
      /^The key rotation of contoso-orders was finished or abandoned in another window\. Nothing was sent\.$/);
    assert.deepEqual(h.emu.account('contoso-orders').operations.map((o) => o.keyKind), ['secondary'], 'the primary was not regenerated');
  });

  it('does not record "apps switched" over a rotation another window changed meanwhile', async () => {
    ui.expect(pickValue('primary'), pickValue('go'), confirm(() => undefined), pickValue('next'), pickValue('yes', () => {
      // Another window recorded the switch first (same phase transition, a later time).
      const stored = h.api.rotation.storedState()[ROTATIONS] as Record<string, Parameters<typeof transition>[0]>;
      const theirs = transition(stored[ORDERS.toLowerCase()]!, { type: 'appsSwitched', at: new Date(Date.now() + 1000).toISOString() });
      void h.api.rotation.setStoredStateForTesting(ROTATIONS, { [ORDERS.toLowerCase()]: theirs });
    }));
    await h.run(CommandId.rotateKeys, h.node('contoso-orders'));
    await h.api.rotation.whenIdle();
    ui.verify();
    assert.match((await ui.notified(/changed in another window/)).message, /^The key rotation of contoso-orders was changed in another window meanwhile; nothing was changed here\./);
    assert.equal(h.phase(), 'regenerate-old', 'the other window\'s state stays');
  });

  it('keeps and respects an entry a newer version of Cosmos Guard stored: no regeneration of that account, the entry untouched', async () => {
    const newer = { version: 2, accountId: ORDERS, somethingNew: true };
    await h.api.rotation.setStoredStateForTesting(PENDING, { [ORDERS.toLowerCase()]: newer });
    ui.expect(pickValue('secondary'), confirm(() => undefined));
    await h.run(CommandId.regenerateKey, h.node('contoso-orders'));
    ui.verify();
    assert.match((await ui.notified(/newer version/)).message, /^A newer version of Cosmos Guard \(in another window\?\) keeps an unfinished key operation for contoso-orders.*Nothing was sent\.$/);
    assert.deepEqual(posts(), []);
    // A regeneration of another account is stored and removed beside it, and the entry is still there, unchanged.
    ui.expect(pickValue('secondary'), confirm(() => undefined));
    await h.run(CommandId.regenerateKey, h.node('contoso-catalog'));
    await h.api.rotation.whenIdle();
    ui.verify();
    assert.deepEqual(h.api.rotation.storedState()[PENDING], { [ORDERS.toLowerCase()]: newer });
  });

  it('gives up on a regeneration request Azure does not answer within its time limit: says so, and that it may have started', async () => {
    h.api.rotation.setTimeLimitsForTesting({ regenerateKeyMs: 200 });
    h.emu.addFault({ path: '/regenerateKey', latencyMs: 3000, times: 1 });
    ui.expect(pickValue('secondary'), confirm(() => undefined));
    await h.run(CommandId.regenerateKey, h.node('contoso-orders'));
    ui.verify();
    const error = await ui.notified(/^Azure did not regenerate/);
    assert.equal(error.level, 'error');
    assert.match(error.message, /^Azure did not regenerate the secondary read-write key of contoso-orders\. No answer from localhost:\d+ within 0\.2 s while trying to regenerate the secondary read-write key of contoso-orders\. It may have started anyway/);
    assert.deepEqual(ui.progresses.map((p) => [p.messages[0], p.done]), [['Asking Azure…', true]], 'the progress ended');
    assert.equal(h.api.rotation.storedState()[PENDING], undefined);
  });
});
