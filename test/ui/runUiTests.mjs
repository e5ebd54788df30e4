// Runs the Playwright UI tests: every test/ui/*.ui.mjs, each in its own code-server with the extension loaded as
// a development extension, a fresh profile and a fresh copy of its workspace, driven through headless Chromium.
//   node test/ui/runUiTests.mjs [NAME...]        (NAME: a file's name without .ui.mjs; default: all of them)
// Build first (npm run build). Screenshots go to test/ui/screenshots/ (git-ignored). HEADED=1 shows the browser;
// KEEP_RUN_DIR=1 keeps each run's folder (code-server's log, the workspace as the test left it).
// Prints "N passed, N failed"; exit code 0 all passed, 1 a test failed, 2 the harness itself failed.
//
// The contract of a test module (test/ui/<name>.ui.mjs):
//   export const options = {            // all optional
//     workspaceFixture,                 //   folder copied and opened (default: the demo workspace, written with its
//                                       //   keys by test/support/demoWorkspace.ts from test/fixtures/demo-workspace)
//     userSettings, machineSettings,    //   merged over the harness's quiet defaults
//     env,                              //   extra environment for code-server and the extension host
//     viewport,                         //   default { width: 1400, height: 900 }
//     workspaceTrust,                   //   true: Workspace Trust on (the folder opens in Restricted Mode)
//     timeoutMs,                        //   default 300 000
//   };
//   export async function setup() {     // optional, before code-server starts (e.g. start an emulator):
//     return { userSettings, machineSettings, env, teardown };   // all optional; teardown() runs after the test
//   }
//   export default async function test(ui) { … }   // throws to fail
// where `ui` is:
//   ui.page, ui.workbench (startWorkbench's result), ui.folder (the workspace copy on disk), ui.log(message),
//   await ui.ready()                 the workbench is up and the extension has activated
//   await ui.runCommand(title)       runs "Category: Title" from the command palette (F1)
//   await ui.openFile(relativePath)  opens a workspace file with Quick Open (Ctrl+P) and waits for its tab
//   await ui.goTo(line, column)      moves the cursor (Ctrl+G), 1-based
//   await ui.screenshot(name)        saves test/ui/screenshots/<name>.png and returns its path
//   await ui.notification(text)      the notification containing `text`, in the Notification Center (opened for it,
//                                    and again if it closes before the notification comes):
//                                    a workbench with the smoke-test driver on — which loading a development
//                                    extension through the URL needs — never shows notification toasts
// A module may instead be self-contained: `export async function run({ log, screenshotsDir })` starts what it needs
// itself (startWorkbench from ../harness/vscodeHost.mjs) and throws to fail; `export const name` labels it.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { exitOnSignals, HarnessError, QUIET_USER_SETTINGS, REPO_ROOT, startWorkbench } from '../harness/vscodeHost.mjs';
import { UI_WAIT_MS } from './waits.mjs';

const UI_DIR = path.dirname(fileURLToPath(import.meta.url));
export const SCREENSHOT_DIR = path.join(UI_DIR, 'screenshots');
/** The default workspace: the demo workspace, its keys written at run time (no key is committed); built by `npm run build`. */
const writeDemoWorkspace = (target) => createRequire(import.meta.url)(path.join(REPO_ROOT, 'out', 'test', 'support', 'demoWorkspace.js')).writeDemoWorkspace(target);
const DEFAULT_TIMEOUT_MS = 300_000;
/** Cosmos Guard's entry in the activity bar. */
const EXTENSION_ENTRY = '.activitybar .action-item a[aria-label^="Cosmos Guard"]';

function uiHelper(workbench, log) {
  const { page } = workbench;
  const ui = {
    page,
    workbench,
    folder: workbench.folder,
    log,
    async ready() {
      await page.waitForSelector('.monaco-workbench', { timeout: UI_WAIT_MS });
      await page.waitForSelector('.statusbar', { timeout: UI_WAIT_MS });
      // The extension's contributions (commands, the view container) are registered once its entry is in the
      // activity bar: from then on the command palette lists its commands.
      await page.waitForSelector(EXTENSION_ENTRY, { timeout: UI_WAIT_MS });
    },
    async runCommand(title) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: UI_WAIT_MS });
      await input.fill(`>${title}`);
      const item = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      await item.waitFor({ timeout: UI_WAIT_MS });
      await page.keyboard.press('Enter');
    },
    async openFile(relativePath) {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: UI_WAIT_MS });
      await input.fill(relativePath);
      const name = path.basename(relativePath);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: UI_WAIT_MS });
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: UI_WAIT_MS });
    },
    async goTo(line, column) {
      await page.keyboard.press('Control+G');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: UI_WAIT_MS });
      await input.fill(`:${line}:${column}`);
      await page.keyboard.press('Enter');
      // The cursor is there once the status bar says so.
      await page.locator('[id="status.editor.selection"]', { hasText: `Ln ${line}, Col ${column}` }).waitFor({ timeout: UI_WAIT_MS });
    },
    async notification(text, timeout = UI_WAIT_MS) {
      const item = page.locator('.notifications-center .notification-list-item', { hasText: text });
      const center = page.locator('.notifications-center.visible');
      const deadline = Date.now() + timeout;
      // The Notification Center lists notifications as they come, once it is open. But VS Code hides it when its last
      // notification goes: opened while only a progress notification was there (a workspace scan still running on a
      // busy machine), it closed when the scan ended, and the notification awaited arrived unseen. So it is opened
      // again whenever it closes, until the notification is there.
      for (;;) {
        if (Date.now() >= deadline) {
          await item.waitFor({ timeout: 1 }); // fails with Playwright's own message, unless it is there now
          return item;
        }
        if (!(await center.isVisible())) await ui.runCommand('Notifications: Show Notifications');
        const left = Math.max(1, deadline - Date.now());
        const seen = item.waitFor({ timeout: left }).then(() => true);
        seen.catch(() => undefined); // read through the race below; a rejection after the center closed is no news
        const closed = center.waitFor({ state: 'hidden', timeout: left }).then(() => false, () => new Promise(() => undefined));
        if (await Promise.race([seen, closed])) return item;
      }
    },
    async screenshot(name) {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file });
      log(`screenshot: ${path.relative(REPO_ROOT, file)}`);
      return file;
    },
  };
  return ui;
}

async function runOne(file) {
  const name = path.basename(file, '.ui.mjs');
  const log = (message) => console.log(`[ui:${name}] ${message}`);
  const module = await import(pathToFileURL(file).href);
  if (typeof module.default !== 'function') {
    if (typeof module.run !== 'function') throw new HarnessError(`${path.relative(REPO_ROOT, file)} exports neither a default test function nor run()`);
    return runSelfContained(module, name, log);
  }
  const options = module.options ?? {};
  const extra = typeof module.setup === 'function' ? (await module.setup()) ?? {} : {};
  const pageErrors = [];
  let workbench;
  const started = Date.now();
  try {
    workbench = await startWorkbench({
      ...(options.workspaceFixture ? { workspaceFixture: options.workspaceFixture } : { writeWorkspace: writeDemoWorkspace }),
      runPrefix: `cosmos-guard-ui-${name}-`,
      userSettings: { ...QUIET_USER_SETTINGS, ...options.userSettings, ...extra.userSettings },
      machineSettings: options.machineSettings || extra.machineSettings ? { ...options.machineSettings, ...extra.machineSettings } : undefined,
      env: { ...options.env, ...extra.env },
      viewport: options.viewport ?? { width: 1400, height: 900 },
      workspaceTrust: options.workspaceTrust ?? false,
      log,
      beforeNavigate(page) {
        page.on('pageerror', (error) => pageErrors.push(String(error)));
      },
    });
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer;
    await Promise.race([
      module.default(uiHelper(workbench, log)),
      new Promise((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs); }),
    ]).finally(() => clearTimeout(timer));
    console.log(`  ✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return true;
  } catch (error) {
    if (error instanceof HarnessError) throw error;
    console.log(`  ✘ ${name}: ${error?.stack ?? error}`);
    if (workbench) {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const shot = path.join(SCREENSHOT_DIR, `${name}-failure.png`);
      await workbench.page.screenshot({ path: shot }).catch(() => undefined);
      console.log(`    failure screenshot: ${path.relative(REPO_ROOT, shot)}`);
      for (const e of pageErrors.slice(-10)) console.log(`    page error: ${e}`);
      console.log(`    code-server log (tail):\n${workbench.server.logTail(2000)}`);
    }
    return false;
  } finally {
    await workbench?.close();
    await extra.teardown?.();
  }
}

/** A module that brings up its own workbench: `run({ log, screenshotsDir })`. */
async function runSelfContained(module, name, log) {
  const started = Date.now();
  try {
    await module.run({ log, screenshotsDir: SCREENSHOT_DIR });
    console.log(`  ✔ ${module.name ?? name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return true;
  } catch (error) {
    if (error instanceof HarnessError) throw error;
    console.log(`  ✘ ${module.name ?? name}: ${error?.stack ?? error}`);
    return false;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  exitOnSignals();
  let exitCode;
  try {
    if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) throw new HarnessError('dist/extension.js is missing: run "npm run build" first.');
    const wanted = process.argv.slice(2);
    const files = fs.readdirSync(UI_DIR).filter((f) => f.endsWith('.ui.mjs')).sort()
      .filter((f) => wanted.length === 0 || wanted.includes(path.basename(f, '.ui.mjs')));
    if (wanted.length && files.length !== wanted.length) throw new HarnessError(`no such UI test: ${wanted.filter((w) => !files.includes(`${w}.ui.mjs`)).join(', ')}`);
    let passed = 0, failed = 0;
    for (const file of files) {
      if (await runOne(path.join(UI_DIR, file))) passed++;
      else failed++;
    }
    console.log(`${passed} passed, ${failed} failed`);
    exitCode = failed ? 1 : 0;
  } catch (error) {
    console.error(`[ui] harness error: ${error instanceof HarnessError ? error.message : error?.stack ?? error}`);
    exitCode = 2;
  }
  process.exit(exitCode);
}
