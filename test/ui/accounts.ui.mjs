// The accounts view as a user meets it: open Cosmos Guard in the activity bar and see the demo Azure — the ARM
// emulator (demo scenario) running as its own process, trusted through NODE_EXTRA_CA_CERTS, the view pointed at it
// by the machine setting cosmosGuard.azure.armEndpoint. Checks the rows, the colours, the badge, a tooltip, the
// at-risk filter and Select Subscriptions…, that no key reached the page, and saves screenshots.
// See runUiTests.mjs for the contract; run alone with `node test/ui/runUiTests.mjs accounts`.
import assert from 'node:assert/strict';
import { ACCOUNTS_VIEW_OPTIONS, demoEmulatorSetup, openAccountsView, VIEW_CONTAINER } from './accountsViewPage.mjs';
import { UI_WAIT_MS } from './waits.mjs';

export const options = { ...ACCOUNTS_VIEW_OPTIONS };

const demo = demoEmulatorSetup();
export const setup = demo.setup;

export default async function test(ui) {
  const { page } = ui;
  const row = await openAccountsView(ui, 'contoso-legacy', 560);
  ui.log('the accounts view is populated');

  assert.match(await row('Contoso Production').textContent(), /3 accounts · 2 at risk/);
  assert.match(await row('contoso-catalog').textContent(), /No issues · West Europe/);

  // Colour by worst severity: the decoration colours the labels of high (error) and medium (warning) accounts.
  const colourOf = (text) => row(text).locator('.label-name').evaluate((el) => el.ownerDocument.defaultView.getComputedStyle(el).color);
  const [high, medium, none] = [await colourOf('contoso-orders'), await colourOf('contoso-analytics'), await colourOf('contoso-catalog')];
  assert.ok(high !== none && medium !== none && high !== medium, `account colours differ by severity (high ${high}, medium ${medium}, none ${none})`);

  // The badge's element comes before its count (a fresh-clone run read it empty once): wait for a number in it.
  const badgeContent = page.locator(`${VIEW_CONTAINER} ~ .badge .badge-content`).filter({ hasText: /\d/ }).first();
  await badgeContent.waitFor({ timeout: UI_WAIT_MS });
  const badge = (await badgeContent.textContent())?.trim();
  assert.equal(badge, '4', 'the activity bar badge counts the 4 accounts with high-severity findings');

  await row('contoso-legacy').click();
  await row('ChaosDB-Era Primary Key').waitFor({ timeout: UI_WAIT_MS });
  await row('Leftover Notebook Workspace').waitFor({ timeout: UI_WAIT_MS });
  await page.mouse.move(900, 600);
  await page.locator('.monaco-hover, .workbench-hover').first().waitFor({ state: 'hidden', timeout: UI_WAIT_MS }); // no hover in the shot
  await ui.screenshot('accounts-view');

  await row('contoso-orders').hover();
  const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Last regenerated' }).first();
  await hover.waitFor({ timeout: UI_WAIT_MS });
  const hoverText = await hover.textContent();
  assert.match(hoverText, /primary read-only/);
  assert.match(hoverText, /230 days/);
  await ui.screenshot('accounts-tooltip');

  // The title bar's filter toggle: the healthy account disappears, and the toggle becomes Show All Accounts.
  await page.mouse.move(900, 600);
  await page.locator('a.action-label[aria-label="Filter to At-Risk Accounts"]:visible').first().click();
  await row('contoso-catalog').waitFor({ state: 'detached', timeout: UI_WAIT_MS });
  await page.locator('a.action-label[aria-label="Show All Accounts"]:visible').first().click();
  await row('contoso-catalog').waitFor({ timeout: UI_WAIT_MS });
  ui.log('filter to at-risk accounts and back');

  // Select Subscriptions… (no Azure Resources extension here: Cosmos Guard's own quick pick and setting).
  await ui.runCommand('Cosmos Guard: Select Subscriptions');
  const fabrikam = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Fabrikam Shared Services' });
  await fabrikam.waitFor({ timeout: UI_WAIT_MS });
  await fabrikam.locator('.quick-input-list-checkbox, input[type=checkbox], .monaco-checkbox').first().click();
  // OK, not Enter: in a multi-select quick pick, Enter on the focused row toggles it again.
  await page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).click();
  await row('Fabrikam Shared Services').waitFor({ state: 'detached', timeout: UI_WAIT_MS });
  assert.equal(await page.getByRole('treeitem', { name: /^Contoso Production/ }).count(), 1, 'the other subscriptions stay');
  ui.log('select subscriptions: Fabrikam hidden');

  const pageText = await page.locator('body').innerText();
  for (const secret of await demo.emulator().keyValues()) assert.ok(!pageText.includes(secret), 'a key or connection string reached the page');
}
