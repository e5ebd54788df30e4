// Key rotation in a real extension host, over the real @azure/arm-cosmosdb client and real HTTPS against an ARM
// emulator started here: Regenerate Key…, every step of Rotate Keys Safely… (back buttons, cancelling the watch,
// a window reload in the middle, abandoning), and failures at each step. The prompts are answered by a scripted
// stand-in (ScriptedFlowUi) that records every text shown; after each test, everything shown, logged, stored and
// diagnosed is searched for every key and connection string the emulator ever served (support/rotationHarness.ts).
// The checks made right before sending, the pair rule and the time limits are in rotationSafety.test.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/platform/commandIds';
import { ContextKey } from '../../src/platform/contextKeys';
import { ORDERS, TODAY, useRotationHarness } from './support/rotationHarness';
import { back, confirm, pickValue } from './support/scriptedFlowUi';
import { waitFor } from './support/waitFor';
import { EXTENSION_ID } from './support/workspaceFiles';

describe('key rotation', function () {
  this.timeout(90_000);
  const h = useRotationHarness();
  const { ui } = h;
  const run = (command: string, ...args: unknown[]) => h.run(command, ...args);
  const node = (name: string, rule?: string) => h.node(name, rule);
  const row = (name: string) => h.row(name);
  const phase = () => h.phase();

  it('Regenerate Key…: four keys with age and what breaks, a modal naming account and key, progress, the row re-read, the connection string to the clipboard', async () => {
    const before = h.emu.account('contoso-orders');
    ui.expect(
      pickValue('primary', (options, items) => {
        assert.equal(options.title, 'Regenerate Key of contoso-orders');
        assert.deepEqual(items.map((i) => i.label), ['$(key) Primary read-write key', '$(key) Secondary read-write key',
          '$(key) Primary read-only key', '$(key) Secondary read-only key']);
        // Age, then Azure's key-usage evidence for each key.
        assert.deepEqual(items.map((i) => i.description), ['regenerated 230 days ago (stale) · last used about 3 h ago',
          'regenerated 230 days ago (stale) · no use reported', 'regenerated 230 days ago (stale) · not used in the last 45 days',
          'regenerated 230 days ago (stale) · no use reported']);
        assert.match(items[0]!.detail ?? '', /^Breaks: Every app, function and tool that connects with this key.*fails with 401 Unauthorized/);
        assert.match(items[2]!.detail ?? '', /Read-write clients are not affected/);
      }),
      confirm((c) => {
        assert.equal(c.message, 'Regenerate the primary read-write key of contoso-orders?');
        // Azure reports the key used within the last 24 hours: the modal says so first.
        assert.match(c.detail, /^⚠ Azure reports the primary read-write key last used about 3 h ago: something still connects with it and fails once it is regenerated\.\n\n/);
        assert.match(c.detail, /fails with 401 Unauthorized until it is given the new key/);
        assert.match(c.detail, /The new key is not shown/);
        assert.equal(c.confirm, 'Regenerate Primary Key');
      }),
    ).answer(/^Regenerated the primary read-write key of contoso-orders in \d+ s\./, 'Copy Connection String');
    await run(CommandId.regenerateKey, node('contoso-orders'));
    await h.api.rotation.whenIdle();
    ui.verify();
    const after = h.emu.account('contoso-orders');
    assert.notEqual(after.keys.primary, before.keys.primary);
    assert.equal(after.keys.secondary, before.keys.secondary);
    const [progress] = ui.progresses;
    assert.equal(progress?.title, 'Regenerating the primary read-write key of contoso-orders');
    assert.equal(progress.messages[0], 'Asking Azure…');
    assert.match(progress.messages.at(-1)!, /^\d+ s so far; it can take from a minute to hours\. Cancel stops watching, not the regeneration\.$/);
    // The account was read again: its tooltip has the new age, its stale-keys finding lists three keys now.
    const orders = await row('contoso-orders');
    assert.match(orders.tooltip ?? '', new RegExp(`\\| primary \\| ${TODAY} \\| 0 days \\|`));
    assert.match(orders.children.find((c) => c.label === 'Stale Account Keys')?.description ?? '', /^Keys not rotated in 60\+ days: secondary /);
    assert.ok(h.emu.requests.some((r) => r.method === 'GET' && /databaseAccounts\/contoso-orders\?/.test(r.path)), 'the account was read again');
    // The connection string went to the clipboard (fetched on demand), and nowhere else.
    await ui.until(() => (ui.statuses.length ? true : undefined));
    assert.deepEqual(ui.statuses, ['Copied the connection string of the primary read-write key of contoso-orders.']);
    assert.equal(await vscode.env.clipboard.readText(),
      `AccountEndpoint=https://contoso-orders.documents.azure.com:443/;AccountKey=${after.keys.primary};`);
    assert.equal(h.api.rotation.storedState()['cosmosGuard.pendingRegenerations'], undefined, 'nothing left stored');
  });

  it('Regenerate Key… from the ChaosDB finding preselects the primary key; afterwards the finding and the view badge are gone', async () => {
    const onlyChaosDb = Object.fromEntries(['stale-keys', 'notebook-workspace', 'local-auth-enabled', 'open-network', 'azure-datacenters-allowed',
      'public-network-access', 'metadata-write-by-key', 'tls-below-1-2', 'no-private-endpoint', 'unused-key', 'keys-read-recently', 'no-diagnostic-logs',
      'defender-off'].map((r) => [r, false]));
    await vscode.workspace.getConfiguration('cosmosGuard').update('posture.rules', onlyChaosDb, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(() => (h.api.accounts.badge?.value === 1 ? true : undefined), () => `a badge of 1 (legacy only), not ${JSON.stringify(h.api.accounts.badge)}`);
      ui.expect(
        pickValue('primary', (options, items) => {
          assert.equal(options.active, 'primary');
          assert.equal(items[0]!.description, 'last regenerated before 2022-06-18');
        }),
        confirm((c) => assert.equal(c.message, 'Regenerate the primary read-write key of contoso-legacy?')),
      );
      await run(CommandId.regenerateKey, node('contoso-legacy', 'chaosdb-primary-key'));
      await h.api.rotation.whenIdle();
      ui.verify();
      assert.equal(h.api.accounts.badge, undefined, 'the badge follows the re-read account');
      const legacy = await row('contoso-legacy');
      assert.deepEqual(legacy.children.map((c) => c.label), ['No issues found', 'Key Access (90 days)', 'Data Access (Microsoft Entra ID)']);
      assert.match(legacy.tooltip ?? '', new RegExp(`\\| primary \\| ${TODAY} \\| 0 days \\|`));
    } finally {
      await vscode.workspace.getConfiguration('cosmosGuard').update('posture.rules', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Regenerate Key… from the palette picks the account among separators per subscription; nothing happens without confirmation', async () => {
    ui.expect(
      pickValue(ORDERS, (options, items) => {
        assert.equal(options.title, 'Regenerate Key');
        const separators = options.items.filter((i) => 'separator' in i).map((i) => (i as { separator: string }).separator);
        assert.deepEqual(separators, ['Contoso Dev/Test (Contoso)', 'Contoso Production (Contoso)', 'Fabrikam Shared Services (Fabrikam)']);
        const legacy = items.find((i) => i.label === '$(database) contoso-legacy');
        assert.equal(legacy?.description, 'High: Stale Account Keys · a key last regenerated before 2022-06-18');
        assert.equal(items.find((i) => i.label === '$(database) contoso-catalog')?.description, 'No issues · oldest key regenerated 40 days ago');
      }),
      pickValue('secondaryReadonly'),
      confirm((c) => assert.equal(c.message, 'Regenerate the secondary read-only key of contoso-orders?'), false),
    );
    await run(CommandId.regenerateKey);
    ui.verify();
    assert.ok(!h.emu.requests.some((r) => r.method === 'POST'), 'no regeneration without confirmation');
    assert.equal(h.emu.account('contoso-orders').operations.length, 0);
  });

  it('Rotate Keys Safely…: every step, secondary first, the new connection string, then the primary; shown on the row meanwhile', async () => {
    const before = h.emu.account('contoso-orders');
    const seenOnRow: string[] = [];
    ui.expect(
      pickValue('primary', (options, items) => {
        assert.equal(options.title, 'Rotate Keys Safely: contoso-orders');
        assert.deepEqual(options.step, { step: 1, total: 6 });
        assert.equal(options.placeholder, 'Which key do your applications use now? Preselected from Azure\'s key-usage data: the primary read-write '
          + 'key is the only one used in the last 7 days.');
        assert.equal(options.active, 'primary');
        assert.match(items[0]!.detail ?? '', /^Regenerates the secondary read-write key first, then, once your apps use it, the primary read-write key\.$/);
        assert.equal(options.canGoBack, undefined);
      }),
      pickValue('go', (options) => {
        assert.deepEqual(options.step, { step: 2, total: 6 });
        assert.equal(options.canGoBack, true);
        assert.equal(options.placeholder, 'Next: regenerate the secondary key; your apps keep using the primary key');
      }),
      confirm((c) => {
        assert.equal(c.message, 'Regenerate the secondary read-write key of contoso-orders?');
        assert.match(c.detail, /^Step 2 of 6\. Your applications use the primary read-write key, so they keep working\./);
      }),
      {
        kind: 'pick', answer: (options, items) => {
          assert.deepEqual(options.step, { step: 4, total: 6 });
          assert.equal(options.placeholder, 'Give your applications the new secondary read-write key, then continue');
          assert.deepEqual(items.map((i) => i.label), ['$(copy) Copy its connection string', '$(lock) Write its connection string to a Key Vault secret…',
            '$(arrow-right) Continue: my applications are moving to the secondary read-write key', '$(history) Later']);
          assert.equal(items[1]!.detail, 'Not with a custom ARM endpoint (choose it to see why)');
          seenOnRow.push(String(phase()));
          return 'copy';
        },
      },
      pickValue('vault', (_o, items) => assert.equal(items[0]!.description, 'copied')),
      pickValue('next'),
      pickValue('no', (options) => {
        assert.deepEqual(options.step, { step: 5, total: 6 });
        assert.equal(options.placeholder, 'Confirm your applications use the secondary read-write key');
      }),
      pickValue('next'),
      pickValue('yes'),
      confirm((c) => {
        assert.equal(c.message, 'Regenerate the primary read-write key of contoso-orders?');
        assert.match(c.detail, /^Step 6 of 6, the last one\. Every app.*Your applications should use the secondary read-write key now\.$/s);
      }),
      // The secondary was regenerated moments ago: the pair rule asks once more, saying exactly why.
      confirm((c) => {
        assert.match(c.message, /^The secondary read-write key of contoso-orders was regenerated (less than a minute|\d+ min) ago\. Regenerate its partner, the primary read-write key, too\?$/);
        assert.match(c.detail, /^Both keys of the pair would then change within 60 minutes\. Every client that has not yet picked up the new secondary read-write key/);
        assert.equal(c.confirm, 'Regenerate Both Keys of the Pair');
      }),
    );
    const running = run(CommandId.rotateKeys, node('contoso-orders', 'stale-keys'));
    // While the rotation waits at step 4, the account row says so, and Resume/Abandon are offered.
    await h.stored(() => phase() === 'switch-apps');
    const waiting = await row('contoso-orders');
    assert.match(waiting.description ?? '', /^rotation 4\/6: switch apps to secondary · \d+ issues · West Europe$/);
    assert.equal(waiting.contextValue, 'accountRotating');
    assert.match(waiting.tooltip ?? '', /\$\(sync\) \*\*Key rotation in progress\*\* — step 4\/6: Give your applications the new secondary read-write key\./);
    await running;
    await h.api.rotation.whenIdle();
    ui.verify();
    assert.deepEqual(seenOnRow, ['switch-apps']);
    const after = h.emu.account('contoso-orders');
    assert.deepEqual(after.operations.map((o) => `${o.keyKind}:${o.status}`), ['secondary:Succeeded', 'primary:Succeeded'], 'secondary first');
    assert.notEqual(after.keys.primary, before.keys.primary);
    assert.notEqual(after.keys.secondary, before.keys.secondary);
    assert.equal(await vscode.env.clipboard.readText(), `AccountEndpoint=https://contoso-orders.documents.azure.com:443/;AccountKey=${after.keys.secondary};`,
      'the new secondary\'s connection string was copied');
    assert.match(ui.notifications.find((n) => n.level === 'warn')?.message ?? '',
      /^Key Vault is not available with the custom ARM endpoint https:\/\/localhost:\d+: its static token is sent to that endpoint only, and it serves no Key Vault\./);
    assert.equal((await ui.notified(/^Key rotation of contoso-orders finished/)).message, 'Key rotation of contoso-orders finished: the secondary '
      + 'read-write key and the primary read-write key are new, and your applications use the secondary read-write key.');
    assert.deepEqual(ui.progresses.map((p) => p.title), ['Regenerating the secondary read-write key of contoso-orders',
      'Regenerating the primary read-write key of contoso-orders']);
    assert.equal(phase(), undefined, 'a finished rotation is forgotten');
    const done = await row('contoso-orders');
    assert.equal(done.contextValue, 'account');
    assert.doesNotMatch(done.description ?? '', /rotation/);
    assert.match(done.tooltip ?? '', new RegExp(`\\| primary \\| ${TODAY} \\| 0 days \\|[\\s\\S]*\\| secondary \\| ${TODAY} \\| 0 days \\|`));
  });

  it('rotates the read-only pair the same way, and goes back from step 2 to step 1', async () => {
    ui.expect(
      pickValue('primary'),
      back,
      pickValue('secondaryReadonly'),
      pickValue('go', (options) => assert.equal(options.placeholder, 'Next: regenerate the primary read-only key; your apps keep using the secondary read-only key')),
      confirm((c) => assert.equal(c.message, 'Regenerate the primary read-only key of contoso-orders?')),
      pickValue('later'),
    );
    await run(CommandId.rotateKeys, node('contoso-orders'));
    await h.api.rotation.whenIdle();
    ui.verify();
    assert.deepEqual(h.emu.account('contoso-orders').operations.map((o) => o.keyKind), ['primaryReadonly']);
    assert.equal(phase(), 'switch-apps');
    assert.match((await row('contoso-orders')).description ?? '', /^rotation 4\/6: switch apps to primary read-only · /);
    assert.match((await ui.notified(/waits on its account row/)).message, /Resume Rotation continues it\.$/);
    // Resume Rotation continues at step 4; Abandon Rotation… forgets it.
    ui.expect(pickValue('later'));
    await run(CommandId.resumeRotation, node('contoso-orders'));
    ui.expect(confirm((c) => {
      assert.equal(c.message, 'Abandon the key rotation of contoso-orders?');
      assert.match(c.detail, /^It is at step 4\/6: Give your applications the new primary read-only key\. Cosmos Guard forgets the plan; keys already regenerated stay regenerated\.$/);
    }));
    await run(CommandId.abandonRotation, node('contoso-orders'));
    ui.verify();
    assert.equal(phase(), undefined);
    assert.equal((await row('contoso-orders')).contextValue, 'account');
    assert.ok(ui.notifications.some((n) => n.message === 'Abandoned the key rotation of contoso-orders.'));
  });

  it('survives a window reload while Azure regenerates: the stored poller is resumed and the rotation goes on', async () => {
    h.emu.addFault({ path: '/regenerateKey', lroDurationMs: 1500, times: 1 });
    ui.expect(pickValue('primary'), pickValue('go'), confirm(() => undefined));
    const first = run(CommandId.rotateKeys, node('contoso-orders'));
    await h.stored(() => phase() === 'regenerating-other');
    const stored = (h.api.rotation.storedState()['cosmosGuard.rotations'] as Record<string, { operation: { pollerState: string } }>)[ORDERS.toLowerCase()]!;
    assert.match(stored.operation.pollerState, /operationsStatus/);
    // Resumed after the reload, the rotation does not open step 4 unasked: a notification offers to continue.
    ui.expect(pickValue('later', (options) => assert.deepEqual(options.step, { step: 4, total: 6 })))
      .answer(/^Key rotation of contoso-orders: the secondary read-write key is new\. Next: give your applications the new secondary read-write key \(step 4\/6\)\.$/,
        'Continue Rotation');
    await h.api.rotation.simulateReload();
    await first; // the old window's command ends with the reload
    await h.api.rotation.whenIdle();
    await ui.drained();
    ui.verify();
    assert.equal(ui.progresses.length, 2, 'one progress before the reload, one after');
    assert.equal(h.emu.account('contoso-orders').operations[0]?.status, 'Succeeded');
    assert.equal(phase(), 'switch-apps');
    const polls = h.emu.requests.filter((r) => r.path.includes('/operationsStatus/'));
    assert.ok(polls.length >= 2, 'polled before and after the reload');
  });

  it('resumes a stand-alone regeneration after a reload and reports it', async () => {
    h.emu.addFault({ path: '/regenerateKey', lroDurationMs: 1000, times: 1 });
    ui.expect(pickValue('secondary'), confirm(() => undefined));
    const first = run(CommandId.regenerateKey, node('contoso-orders'));
    await h.stored(() => h.api.rotation.storedState()['cosmosGuard.pendingRegenerations'] !== undefined);
    assert.match((await row('contoso-orders')).description ?? '', /^regenerating secondary · /);
    await h.api.rotation.simulateReload();
    await first;
    await ui.notified(/^Regenerated the secondary read-write key of contoso-orders in \d+ s\./);
    await h.api.rotation.whenIdle();
    ui.verify();
    assert.equal(h.api.rotation.storedState()['cosmosGuard.pendingRegenerations'], undefined);
  });

  it('stops watching when the progress is cancelled (the operation goes on), and Resume Rotation watches again', async () => {
    h.emu.addFault({ path: '/regenerateKey', lroDurationMs: 800, times: 1 });
    ui.expect(pickValue('secondary'), pickValue('go'), confirm(() => undefined));
    const running = run(CommandId.rotateKeys, node('contoso-orders'));
    (await ui.progressRunning(/^Regenerating the primary read-write key/)).cancel();
    await running;
    assert.match((await ui.notified(/^Stopped watching/)).message, /^Stopped watching the regeneration of the primary read-write key of contoso-orders; it goes on in Azure\. Resume Rotation watches it again/);
    assert.equal(phase(), 'regenerating-other');
    assert.match((await row('contoso-orders')).description ?? '', /^rotation 3\/6: regenerating primary · /);
    // Loading the view resumes stored work — but not what the user stopped watching in this window.
    const watches = ui.progresses.length;
    await h.api.accounts.refresh();
    await h.api.rotation.resumePending();
    assert.equal(ui.progresses.length, watches);
    ui.expect(pickValue('later'));
    await run(CommandId.resumeRotation, { accountId: ORDERS });
    await h.api.rotation.whenIdle();
    ui.verify();
    assert.equal(phase(), 'switch-apps');
  });

  it('abandons a rotation while Azure regenerates: watching stops, the plan is forgotten, the operation goes on', async () => {
    h.emu.addFault({ path: '/regenerateKey', lroDurationMs: 1500, times: 1 });
    ui.expect(pickValue('primary'), pickValue('go'), confirm(() => undefined));
    const running = run(CommandId.rotateKeys, node('contoso-orders'));
    const progress = await ui.progressRunning(/^Regenerating the secondary read-write key/);
    await h.stored(() => phase() === 'regenerating-other');
    ui.expect(confirm((c) => assert.match(c.detail, /The regeneration of the secondary read-write key goes on in Azure; Cosmos Guard stops watching it\.$/)));
    await run(CommandId.abandonRotation, node('contoso-orders'));
    await running;
    ui.verify();
    assert.equal(progress.done, true, 'the progress notification closed');
    assert.equal(phase(), undefined);
    assert.equal(h.emu.account('contoso-orders').operations[0]?.status, 'InProgress', 'Azure goes on');
    assert.equal((await row('contoso-orders')).contextValue, 'account');
  });

  it('fails at step 2 with the permission named (403), and stores nothing', async () => {
    ui.expect(pickValue('primary'), pickValue('go'), confirm(() => undefined));
    await run(CommandId.rotateKeys, node('fabrikam-telemetry'));
    ui.verify();
    const error = await ui.notified(/^Azure did not regenerate/);
    assert.equal(error.level, 'error');
    assert.equal(error.message, 'Azure did not regenerate the secondary read-write key of fabrikam-telemetry. Missing permission '
      + 'Microsoft.DocumentDB/databaseAccounts/regenerateKey/action to regenerate the secondary read-write key of fabrikam-telemetry (403 '
      + 'AuthorizationFailed). Ask for a role that includes it on the account, such as DocumentDB Account Contributor (Cosmos DB Operator does not).');
    assert.deepEqual(error.actions, ['Show Log']);
    assert.deepEqual(h.api.rotation.storedState(), { 'cosmosGuard.rotations': undefined, 'cosmosGuard.pendingRegenerations': undefined });
  });

  it('fails at step 2 with 409 while another operation runs', async () => {
    h.emu.addFault({ path: '/regenerateKey', status: 409, times: 1 });
    ui.expect(pickValue('primary'), confirm(() => undefined));
    await run(CommandId.regenerateKey, node('contoso-orders'));
    ui.verify();
    assert.match((await ui.notified(/^Azure did not regenerate/)).message, /Another operation is running on contoso-orders.*\(409 Conflict\)\. Azure runs one key regeneration/);
  });

  it('fails at step 3 (the operation fails): the rotation goes back to step 2 with the reason on the row', async () => {
    h.emu.addFault({ path: '/regenerateKey', lroOutcome: 'Failed', code: 'KeyRegenerationFailed', message: 'Regeneration failed in region West Europe.', times: 1 });
    ui.expect(pickValue('primary'), pickValue('go'), confirm(() => undefined));
    await run(CommandId.rotateKeys, node('contoso-orders'));
    ui.verify();
    assert.equal((await ui.notified(/failed\. Azure could not/)).message, 'The regeneration of the secondary read-write key of contoso-orders failed. '
      + 'Azure could not regenerate the secondary read-write key of contoso-orders: Regeneration failed in region West Europe (KeyRegenerationFailed).');
    assert.equal(phase(), 'regenerate-other');
    const r = await row('contoso-orders');
    assert.match(r.description ?? '', /^rotation 2\/6: secondary not regenerated · /);
    assert.match(r.tooltip ?? '', /The last attempt failed: Azure could not regenerate/);
    // Resume retries step 2.
    ui.expect(pickValue('go'), confirm(() => undefined), pickValue('later'));
    await run(CommandId.resumeRotation, node('contoso-orders'));
    await h.api.rotation.whenIdle();
    ui.verify();
    assert.equal(phase(), 'switch-apps');
  });

  it('fails at step 4 (no permission to read connection strings) and carries on', async () => {
    ui.expect(pickValue('primary'), pickValue('go'), confirm(() => undefined), { kind: 'pick', answer: () => {
      h.emu.addFault({ path: '/listConnectionStrings', status: 403, times: 1 });
      return 'copy';
    } }, pickValue('later', (_o, items) => assert.notEqual(items[0]!.description, 'copied')));
    await run(CommandId.rotateKeys, node('contoso-orders'));
    await h.api.rotation.whenIdle();
    ui.verify();
    assert.match((await ui.notified(/^Could not copy/)).message, /^Could not copy the connection string of the secondary read-write key of contoso-orders\. Missing permission Microsoft\.DocumentDB\/databaseAccounts\/listConnectionStrings\/action/);
    assert.equal(await vscode.env.clipboard.readText(), '');
    assert.equal(phase(), 'switch-apps');
  });

  it('fails at step 6: the rotation stays at "regenerate the primary", with the reason', async () => {
    ui.expect(pickValue('primary'), pickValue('go'), confirm(() => undefined), pickValue('next'), pickValue('yes'), { kind: 'confirm', answer: () => {
      h.emu.addFault({ path: '/regenerateKey', lroOutcome: 'Failed', code: 'InternalServerError', message: 'Try again later.', times: 1 });
      return true;
    } }, confirm((c) => assert.match(c.message, /^The secondary read-write key of contoso-orders was regenerated /)));
    await run(CommandId.rotateKeys, node('contoso-orders'));
    await h.api.rotation.whenIdle();
    ui.verify();
    assert.equal(phase(), 'regenerate-old');
    assert.match((await row('contoso-orders')).description ?? '', /^rotation 6\/6: primary not regenerated · /);
  });

  it('after a reload, an operation Azure no longer knows (404) counts as not done when the key did not change', async () => {
    h.emu.addFault({ path: '/regenerateKey', lroDurationMs: 60_000, times: 1 });
    ui.expect(pickValue('primary'), pickValue('go'), confirm(() => undefined));
    const first = run(CommandId.rotateKeys, node('contoso-orders'));
    await h.stored(() => phase() === 'regenerating-other');
    h.emu.reset(); // Azure forgets the operation; the keys are as they were
    await h.api.rotation.simulateReload();
    await first;
    await h.api.rotation.whenIdle();
    ui.verify();
    assert.match((await ui.notified(/cannot be followed/)).message,
      /^The regeneration of the secondary read-write key of contoso-orders cannot be followed\. Azure no longer knows the operation that was regenerating the secondary read-write key of contoso-orders \(404 NotFound\)/);
    const rotation = (h.api.rotation.storedState()['cosmosGuard.rotations'] as Record<string, { lastError: string }>)[ORDERS.toLowerCase()]!;
    assert.match(rotation.lastError, /The key's generation time did not change, so it was not regenerated\.$/);
    assert.equal(phase(), 'regenerate-other');
  });

  it('keeps to three inline actions per row, and shows Resume/Abandon in the palette only with an unfinished rotation', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string; group?: string }[]> } };
    const palette = manifest.contributes.menus.commandPalette!;
    assert.equal(palette.find((m) => m.command === CommandId.resumeRotation)?.when, ContextKey.rotationsPending);
    assert.equal(palette.find((m) => m.command === CommandId.abandonRotation)?.when, ContextKey.rotationsPending);
    const inline = manifest.contributes.menus['view/item/context']!.filter((m) => m.group?.startsWith('inline'));
    // Every viewItem condition in these menus is one alternative of an "or": a row gets the action when one matches.
    const shows = (when: string, item: string): boolean => [...when.matchAll(/viewItem (==|=~) (\/(?:[^/\\]|\\.)*\/|[\w.]+)/g)]
      .some(([, op, value]) => (op === '==' ? value === item : new RegExp(value!.slice(1, -1)).test(item)));
    const items = ['account', 'accountRotating', 'account.keysOff', 'account.otherApi', 'accountRotating.keysOff', 'finding', 'finding.localAuth'];
    for (const item of items) {
      const count = inline.filter((m) => shows(m.when ?? '', item)).length;
      assert.ok(count >= 1 && count <= 3, `${item} rows have ${count} inline actions`);
    }
    assert.ok(inline.some((m) => m.command === CommandId.regenerateKey && shows(m.when ?? '', 'finding')));
    assert.ok(inline.some((m) => m.command === CommandId.switchToEntraId && shows(m.when ?? '', 'finding.localAuth')));
  });
});
