// Key rotation as a user meets it: in the Cosmos Guard view, "Rotate Keys Safely…" from contoso-orders' context menu,
// step by step through VS Code's own quick input (step n/6 titles), the real modal confirmation dialog (screenshot),
// the row while the rotation waits for the apps to switch (screenshot), and the row with its tooltip after the
// rotation (screenshot) — against the ARM emulator (demo scenario, regenerations taking a few seconds) running as
// its own process. Checks that both keys were regenerated, secondary first, and that no key reached the page.
// See runUiTests.mjs for the contract; run alone with `node test/ui/runUiTests.mjs rotation`.
import assert from 'node:assert/strict';
import { ACCOUNTS_VIEW_OPTIONS, demoEmulatorSetup, openAccountsView } from './accountsViewPage.mjs';
import { UI_WAIT_MS } from './waits.mjs';

export const options = { ...ACCOUNTS_VIEW_OPTIONS, timeoutMs: 600_000 };

const demo = demoEmulatorSetup({ lroDurationMs: 3000 });
export const setup = demo.setup;

export default async function test(ui) {
  const { page } = ui;
  const row = await openAccountsView(ui, 'contoso-orders', 600);
  const keysBefore = await demo.emulator().keyValues();

  // The inline action on the account row is Regenerate Key…; Rotate Keys Safely… is in the context menu.
  await row('contoso-orders').hover();
  await row('contoso-orders').locator('.actions .action-label[aria-label="Regenerate Key…"]').waitFor({ timeout: UI_WAIT_MS });
  await row('contoso-orders').click({ button: 'right' });
  // Choose the menu item with the keyboard, as a user can (the menu takes the focus when it opens).
  await page.locator('.context-view .action-label', { hasText: 'Rotate Keys Safely…' }).waitFor({ timeout: UI_WAIT_MS });
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('ArrowDown');
    const focused = await page.locator('.context-view .action-item.focused').first().textContent().catch(() => '');
    if (focused?.includes('Rotate Keys Safely…')) break;
  }
  await page.keyboard.press('Enter');

  const quickInput = page.locator('.quick-input-widget');
  const choose = async (text) => {
    const item = quickInput.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
    await item.waitFor({ timeout: UI_WAIT_MS });
    await item.click();
  };
  const titleOf = () => quickInput.locator('.quick-input-title').textContent();

  // Step 1/6: the key the applications use now.
  await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'Primary read-write key' }).first().waitFor({ timeout: UI_WAIT_MS });
  assert.match(await titleOf(), /Rotate Keys Safely: contoso-orders.*1\/6/);
  await choose('Primary read-write key');
  // Step 2/6: regenerate the other key (with a Back button).
  await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'Regenerate the secondary read-write key now' }).waitFor({ timeout: UI_WAIT_MS });
  assert.match(await titleOf(), /2\/6/);
  assert.equal(await quickInput.locator('.quick-input-left-action-bar .action-item').count(), 1, 'step 2 has a Back button');
  await choose('Regenerate the secondary read-write key now');

  // The modal confirmation names the account and the key and says what breaks.
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: UI_WAIT_MS });
  const dialogText = await dialog.innerText();
  assert.match(dialogText, /Regenerate the secondary read-write key of contoso-orders\?/);
  assert.match(dialogText, /fails with 401 Unauthorized until it is given the new key/);
  await quickInput.waitFor({ state: 'hidden', timeout: UI_WAIT_MS }); // the quick input behind the dialog has faded out
  await ui.screenshot('rotation-confirmation');
  await dialog.locator('.monaco-button', { hasText: 'Regenerate Secondary Key' }).click();

  // Step 4/6 opens once Azure (the emulator, ~3 s) has regenerated the secondary key; the row says where we are.
  await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'Copy its connection string' }).waitFor({ timeout: UI_WAIT_MS });
  assert.match(await titleOf(), /4\/6/);
  await row('contoso-orders').filter({ hasText: 'rotation 4/6: switch apps to secondary' }).waitFor({ timeout: UI_WAIT_MS });
  await ui.screenshot('rotation-in-progress');
  await choose('Continue: my applications are moving to the secondary read-write key');
  // Step 5/6: confirm the applications use the new key.
  await choose('Yes: every application uses the secondary read-write key now');
  // Step 6/6: the last confirmation, then the primary key.
  await dialog.waitFor({ timeout: UI_WAIT_MS });
  assert.match(await dialog.innerText(), /Regenerate the primary read-write key of contoso-orders\?[\s\S]*Step 6 of 6, the last one/);
  await dialog.locator('.monaco-button', { hasText: 'Regenerate Primary Key' }).click();
  // The secondary was regenerated moments ago: the pair rule asks once more, explicitly.
  const partnerDialog = page.locator('.monaco-dialog-box', { hasText: 'Regenerate its partner, the primary read-write key, too?' });
  await partnerDialog.waitFor({ timeout: UI_WAIT_MS });
  assert.match(await partnerDialog.innerText(), /Both keys of the pair would then change within 60 minutes/);
  await ui.screenshot('rotation-recent-partner');
  await partnerDialog.locator('.monaco-button', { hasText: 'Regenerate Both Keys of the Pair' }).click();

  // Done: the row has no rotation any more, and its tooltip shows both read-write keys regenerated today.
  await page.waitForFunction(() => {
    const item = [...document.querySelectorAll('.monaco-list-row[role="treeitem"]')].find((e) => e.textContent?.startsWith('contoso-orders'));
    return item && !/rotation/.test(item.textContent ?? '') && !/regenerating/.test(item.textContent ?? '');
  }, undefined, { timeout: UI_WAIT_MS });
  await ui.notification('Key rotation of contoso-orders finished');
  await page.keyboard.press('Escape');
  await page.mouse.move(900, 700);
  await row('contoso-orders').hover();
  const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Last regenerated' }).first();
  await hover.waitFor({ timeout: UI_WAIT_MS });
  const today = new Date().toISOString().slice(0, 10);
  const hoverText = await hover.innerText();
  assert.match(hoverText, new RegExp(`primary\\s+${today}\\s+0 days`));
  assert.match(hoverText, new RegExp(`secondary\\s+${today}\\s+0 days`));
  await ui.screenshot('rotation-account-row-after');

  const keysAfter = await demo.emulator().keyValues();
  assert.ok(keysAfter.length > keysBefore.length, 'new keys were generated');
  const pageText = await page.locator('body').innerText();
  for (const secret of keysAfter) assert.ok(!pageText.includes(secret), 'a key or connection string reached the page');
}
