// The leak scanner as a user meets it: open the demo workspace, run "Scan Workspace for Cosmos Secrets" from the
// command palette, open the Problems panel from the notification, and apply the preferred quick-fix from the light
// bulb on src/db.js's hard-coded connection string. See runUiTests.mjs for the contract.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { UI_WAIT_MS } from './waits.mjs';

export const options = {
  // The secondary side bar (chat) would take a third of the window in the screenshots.
  userSettings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
};

export default async function test(ui) {
  const { page } = ui;
  await ui.ready();

  await ui.runCommand('Cosmos Guard: Scan Workspace for Cosmos Secrets');
  const notification = await ui.notification('Cosmos Guard found 4 hard-coded Cosmos DB secrets in 4 files.');
  ui.log('notification shown after the workspace scan');
  await notification.getByRole('button', { name: 'Show Problems' }).click();
  const problems = page.locator('.markers-panel');
  await problems.waitFor({ timeout: UI_WAIT_MS });
  for (const file of ['db.js', '.env', 'appsettings.json', 'nightly_report.py']) {
    await problems.locator('.monaco-list-row', { hasText: file }).first().waitFor({ timeout: UI_WAIT_MS });
  }
  ui.log('the Problems panel lists the four files');

  await ui.openFile('src/db.js');
  await page.locator('.squiggly-error').first().waitFor({ timeout: UI_WAIT_MS });
  await ui.goTo(5, 100); // inside the key of the connection string on line 5
  const bulb = page.locator('.lightBulbWidget');
  await bulb.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
  await bulb.click();
  const menu = page.locator('.action-widget');
  const preferred = menu.getByText('Replace with environment variable COSMOS_CONNECTION_STRING');
  await preferred.waitFor({ timeout: UI_WAIT_MS });
  await menu.getByText('Ignore this finding…').waitFor();
  await ui.screenshot('leak-scanner-quick-fix-menu');
  await preferred.click();

  await page.locator('.view-lines', { hasText: 'process.env.COSMOS_CONNECTION_STRING' }).waitFor({ timeout: UI_WAIT_MS });
  // The rescan after the edit clears the squiggle.
  await page.waitForFunction(() => document.querySelectorAll('.monaco-editor .squiggly-error').length === 0, undefined, { timeout: UI_WAIT_MS });
  await ui.screenshot('leak-scanner-after-fix');

  const env = fs.readFileSync(path.join(ui.folder, '.env'), 'utf8');
  assert.match(env, /^COSMOS_KEY=/m, 'the existing .env content is kept');
  assert.match(env, /\nCOSMOS_CONNECTION_STRING='AccountEndpoint=https:\/\/contoso-orders\.documents\.azure\.com:443\/;AccountKey=[^']+;'\n$/);
  assert.equal(fs.readFileSync(path.join(ui.folder, '.gitignore'), 'utf8'), '.env\n');
  assert.match(fs.readFileSync(path.join(ui.folder, 'src', 'db.js'), 'utf8'), /process\.env\.COSMOS_CONNECTION_STRING;/);
}
