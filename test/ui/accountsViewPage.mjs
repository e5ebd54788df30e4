// What the accounts-view UI tests share: the demo ARM emulator as their Azure, and opening the Cosmos Guard view
// the way a user does. Not a test itself (the runner only runs *.ui.mjs).
import { startArmEmulatorProcess } from '../harness/armEmulatorProcess.mjs';
import { UI_WAIT_MS } from './waits.mjs';

export const VIEW_CONTAINER = '.activitybar .action-item a[aria-label^="Cosmos Guard"]';

/** Test options: the secondary side bar (chat) would take a third of the window in the screenshots. */
export const ACCOUNTS_VIEW_OPTIONS = { userSettings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden' } };

/**
 * A `setup()` for runUiTests.mjs: starts the emulator (demo scenario) as its own process and points the view at it.
 * Returns the setup function and a getter for the running emulator (for `keyValues()`).
 */
export function demoEmulatorSetup(emulatorOptions = {}) {
  let emulator;
  return {
    async setup() {
      emulator = await startArmEmulatorProcess({ scenario: 'demo', ...emulatorOptions });
      return { machineSettings: emulator.machineSettings, env: emulator.env, teardown: () => emulator.stop() };
    },
    emulator: () => emulator,
  };
}

/**
 * Opens the Cosmos Guard view, waits for `firstRow` to appear and widens the side bar to `sideBarWidth` pixels, so
 * that row descriptions ("5 issues · West Europe") show in full in screenshots. Returns a tree-row locator by label.
 */
export async function openAccountsView(ui, firstRow, sideBarWidth) {
  const { page } = ui;
  await ui.ready();
  await page.waitForSelector(VIEW_CONTAINER, { timeout: UI_WAIT_MS });
  await page.click(VIEW_CONTAINER);
  const row = (text) => page.getByRole('treeitem', { name: new RegExp(`^${text}`) }).first();
  await row(firstRow).waitFor({ timeout: UI_WAIT_MS });
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (sidebar) {
    await page.mouse.move(sidebar.x + sidebar.width + 1, sidebar.y + 300);
    await page.mouse.down();
    await page.mouse.move(sidebar.x + sideBarWidth, sidebar.y + 300, { steps: 8 });
    await page.mouse.up();
  }
  return row;
}
