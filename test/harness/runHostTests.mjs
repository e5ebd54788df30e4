// Runs test/host inside a real VS Code extension host: code-server (VS Code 1.139) + headless Debian Chromium, then
// test/host-restricted in a second code-server with Workspace Trust on (the folder opens in Restricted Mode).
//   node test/harness/runHostTests.mjs [--suite host|restricted]... [--grep PATTERN] [--timeout MS]
// Build first (npm run build). Installs the host on first use (scripts/setup-host.sh). Each run gets a fresh
// profile and a fresh copy of its fixture workspace in a temp folder (kept when KEEP_RUN_DIR is set).
// HOST_VERBOSE=1 also shows the workbench's start-up chatter; HOST_TEST_TIMEOUT_MS overrides the 10-minute limit;
// HOST_TRACE_LOG=FILE runs code-server at log level trace and appends its whole log to FILE (every file-watcher event).
// Exit code: 0 all tests passed, 1 a test failed or the run timed out, 2 the harness itself failed.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitOnSignals, HarnessError, REPO_ROOT, startWorkbench } from './vscodeHost.mjs';

/** Environment variable through which the mocha grep pattern reaches test/host/index.ts. */
export const GREP_ENV = 'COSMOS_GUARD_TEST_GREP';

/**
 * The host-test suites: `host` (test/host, Workspace Trust off) and `restricted` (test/host-restricted, Workspace
 * Trust on, so the folder opens in Restricted Mode). Without --suite both run, one code-server each.
 */
export const HOST_SUITES = {
  host: {},
  restricted: {
    extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'host-restricted', 'index.js'),
    workspaceFixture: path.join(REPO_ROOT, 'test', 'fixtures', 'restricted-workspace'),
    workspaceTrust: true,
  },
};

/**
 * A test asks the runner to act in the workbench UI (what no extension API can do) by logging this prefix and an
 * action name; the runner does it with Playwright. The test then waits for the effect through the API.
 */
export const UI_REQUEST_PREFIX = '[cosmos-guard:ui]';

/** Only a hang: the runner acts as soon as the workbench shows what it looks for. */
const UI_ACTION_TIMEOUT_MS = 120_000;

const UI_ACTIONS = {
  /** Presses "Trust" in the Workspace Trust editor, which the test opened with `workbench.trust.manage`. */
  async 'grant-workspace-trust'(page) {
    const editor = page.locator('.workspace-trust-editor');
    await editor.waitFor({ timeout: UI_ACTION_TIMEOUT_MS });
    await editor.getByRole('button', { name: /^Trust( Folder)?$/ }).first().click({ timeout: UI_ACTION_TIMEOUT_MS });
  },
};

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/**
 * The ARM emulator's throwaway CA, made before code-server starts: Node reads NODE_EXTRA_CA_CERTS once, at process
 * start, so this is how the extension host comes to trust emulators that host tests start (in the extension host,
 * with COSMOS_GUARD_TEST_ARM_CERT_DIR as their cert dir) — the same way npm start's VS Code trusts the demo's.
 */
async function armEmulatorTrust() {
  const certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-guard-host-ca-'));
  const certificates = path.join(REPO_ROOT, 'out', 'test', 'arm-emulator', 'certificates.js');
  const require = createRequire(import.meta.url);
  const { ensureCertificates } = require(certificates);
  const { DEMO_ARM_TOKEN } = require(path.join(path.dirname(certificates), 'armEmulator.js'));
  const { caPath } = await ensureCertificates(certDir);
  return {
    // The emulators' well-known token, read by the extension when cosmosGuard.azure.armEndpoint is set.
    env: { NODE_EXTRA_CA_CERTS: caPath, COSMOS_GUARD_TEST_ARM_CERT_DIR: certDir, COSMOS_GUARD_ARM_TOKEN: DEMO_ARM_TOKEN,
      NO_PROXY: [process.env.NO_PROXY, 'localhost', '127.0.0.1'].filter(Boolean).join(',') },
    remove: () => fs.rmSync(certDir, { recursive: true, force: true }),
  };
}

// The workbench's own start-up chatter, forwarded with the extension host's console; shown with HOST_VERBOSE=1.
const WORKBENCH_CHATTER = [/^Ignoring fetching additional builtin extensions/, /^Updating additional builtin extensions cache/,
  /^Resolv(ing|ed) connection token/, /^Creating a socket/, /^\[(AccountPolicyGate|reconnection-grace-time|Service Worker|AgentHost:[^\]]*)\]/];

function isChatter(args) {
  return !process.env.HOST_VERBOSE && typeof args[0] === 'string' && WORKBENCH_CHATTER.some((pattern) => pattern.test(args[0]));
}

/**
 * Runs one extension test module in the extension host and resolves to its exit code (0 passed, 1 failed or
 * timed out). Throws HarnessError when the host cannot be brought up.
 */
export async function runHostTests({
  extensionDevelopmentPath = REPO_ROOT,
  extensionTestsPath = path.join(REPO_ROOT, 'out', 'test', 'host', 'index.js'),
  workspaceFixture = path.join(REPO_ROOT, 'test', 'fixtures', 'host-workspace'),
  grep,
  timeoutMs = Number(process.env.HOST_TEST_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS,
  workspaceTrust = false,
} = {}) {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  for (const required of [extensionTestsPath, path.join(extensionDevelopmentPath, 'dist', 'extension.js')]) {
    if (!fs.existsSync(required)) throw new HarnessError(`${path.relative(REPO_ROOT, required)} is missing: run "npm run build" first.`);
  }

  const pageErrors = [];
  let settle;
  const finished = new Promise((resolve) => { settle = resolve; });
  const trust = await armEmulatorTrust();
  process.once('exit', trust.remove);
  const workbench = await startWorkbench({
    workspaceFixture, extensionDevelopmentPath, extensionTestsPath, runPrefix: 'cosmos-guard-host-', workspaceTrust,
    env: { ...trust.env, ...(grep ? { [GREP_ENV]: grep } : {}) },
    log: (message) => console.log(`[host] ${message}`),
    async beforeNavigate(page) {
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
      // The workbench calls these when it was opened with an extensionTestsPath: the extension host's console
      // output, and the settlement of the test module's run().
      await page.exposeFunction('codeAutomationLog', (type, args) => {
        const values = Array.isArray(args) ? args : [args];
        if (isChatter(values)) return;
        if (typeof values[0] === 'string' && values[0].startsWith(UI_REQUEST_PREFIX)) {
          const action = values[0].slice(UI_REQUEST_PREFIX.length).trim();
          console.log(`[host] UI request from a test: ${action}`);
          const run = UI_ACTIONS[action];
          if (!run) console.error(`[host] unknown UI request: ${action}`);
          else run(page).catch((error) => console.error(`[host] UI request ${action} failed: ${error.message}`));
          return;
        }
        const write = typeof console[type] === 'function' ? console[type] : console.log;
        write(...values);
      });
      await page.exposeFunction('codeAutomationExit', (code) => settle(code));
    },
  });
  try {
    let timer;
    const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
    const code = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    console.log(`[host] extension tests finished: ${code === 'timeout' ? `timed out after ${timeoutMs} ms` : `exit code ${code}`}, ${elapsed()}`);
    const exitCode = code === 0 ? 0 : 1;
    if (exitCode !== 0) {
      console.error('[host] workbench errors (last 20):');
      for (const error of pageErrors.slice(-20)) console.error(`  ${error}`);
      console.error(`[host] code-server log (tail):\n${workbench.server.logTail()}`);
    }
    return exitCode;
  } finally {
    await workbench.close();
    trust.remove();
  }
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--grep') options.grep = argv[++i];
    else if (arg === '--timeout') options.timeoutMs = Number(argv[++i]);
    else if (arg === '--suite' && argv[i + 1] in HOST_SUITES) (options.suites ??= []).push(argv[++i]);
    else throw new HarnessError(`unknown argument: ${arg} (usage: runHostTests.mjs [--suite ${Object.keys(HOST_SUITES).join('|')}]... [--grep PATTERN] [--timeout MS])`);
  }
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  exitOnSignals();
  let exitCode;
  try {
    const { suites = Object.keys(HOST_SUITES), ...options } = parseArgs(process.argv.slice(2));
    exitCode = 0;
    for (const suite of suites) {
      console.log(`[host] suite "${suite}"`);
      exitCode = Math.max(exitCode, await runHostTests({ ...options, ...HOST_SUITES[suite] }));
    }
  } catch (error) {
    console.error(`[host] harness error: ${error instanceof HarnessError ? error.message : error?.stack ?? error}`);
    exitCode = 2;
  }
  process.exit(exitCode);
}
