// npm start: Cosmos Guard in a real VS Code (code-server, in the browser) on a fresh copy of the demo workspace.
//   npm start                 port 8080 when free, another free port otherwise
//   PORT=9000 npm start       exactly that port
// Builds and packages the extension, installs the .vsix into a throw-away profile (the way users get it), and runs
// until Ctrl+C, then stops everything it started and removes its temp folder (kept when KEEP_RUN_DIR is set).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  codeServerCli, createRunDir, ensureHost, findFreePort, HarnessError, isPortFree, QUIET_USER_SETTINGS, REPO_ROOT,
  startCodeServer,
} from '../test/harness/vscodeHost.mjs';
import { startArmEmulatorProcess } from '../test/harness/armEmulatorProcess.mjs';

const EXTENSION_ID = 'cosmos-guard.cosmos-guard';
/** Writes the demo workspace with its planted leaks (fresh keys, and the demo emulator's key in src/db.js); built by `npm run build`. */
const DEMO_WORKSPACE_WRITER = path.join(REPO_ROOT, 'out', 'test', 'support', 'demoWorkspace.js');
const DEFAULT_PORT = 8080;
/**
 * The demo's ARM emulator listens on a fixed port (ARM_EMULATOR_PORT to change it): the accounts view's endpoint
 * setting, and the key-rotation operations VS Code resumes after a window reload, must keep the same origin.
 */
const DEFAULT_EMULATOR_PORT = 8443;
/** Key regenerations in the demo take this long, so their progress (and a reload in the middle) can be seen. */
const DEMO_REGENERATION_MS = 8000;

const log = (message) => console.log(`[start] ${message}`);

/** Everything started so far, stopped in reverse order on exit. */
const services = [];

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new HarnessError(`${what} failed:\n${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`);
}

/** A production build packaged with vsce, exactly as it would be published (after a full build for the emulator in out/). */
function packageExtension(vsix) {
  run(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], 'the build of the ARM emulator');
  run(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs'), '--production'], 'the build');
  run(process.execPath, [path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix],
    'vsce package');
}

async function choosePort() {
  if (process.env.PORT) {
    const port = Number(process.env.PORT);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new HarnessError(`PORT=${process.env.PORT} is not a port number`);
    if (!await isPortFree(port)) throw new HarnessError(`port ${port} (from PORT) is in use; choose another or unset PORT`);
    return port;
  }
  return findFreePort(DEFAULT_PORT);
}

async function start() {
  const started = Date.now();
  const { hostDir, seconds } = ensureHost();
  log(`VS Code host ready in ${seconds.toFixed(1)} s`);

  const runDir = createRunDir('cosmos-guard-start-');
  services.push({ name: 'temp folder', stop: () => runDir.remove() });

  const vsix = path.join(runDir.root, 'cosmos-guard.vsix');
  packageExtension(vsix);
  codeServerCli(hostDir, runDir, ['--install-extension', vsix]);
  const installed = codeServerCli(hostDir, runDir, ['--list-extensions']).split('\n').map((line) => line.trim());
  if (!installed.includes(EXTENSION_ID)) throw new HarnessError(`${EXTENSION_ID} was not installed; code-server lists: ${installed.join(', ')}`);
  log(`built, packaged and installed ${EXTENSION_ID}`);

  // No key is committed: the demo's keys are written into a fresh copy of test/fixtures/demo-workspace now.
  const { writeDemoWorkspace } = createRequire(import.meta.url)(DEMO_WORKSPACE_WRITER);
  const folder = writeDemoWorkspace(path.join(runDir.root, 'demo-workspace'));

  // Services the demo talks to start here, before VS Code, so that its settings and environment can point at them:
  // the embedded ARM emulator (demo scenario). VS Code's extension host trusts its CA through NODE_EXTRA_CA_CERTS
  // and sends it the emulator's static token from COSMOS_GUARD_ARM_TOKEN; cosmosGuard.azure.armEndpoint (a machine
  // setting) points the accounts view at it. No Azure account is needed.
  const emulatorPort = Number(process.env.ARM_EMULATOR_PORT ?? DEFAULT_EMULATOR_PORT);
  if (!Number.isInteger(emulatorPort) || emulatorPort <= 0 || emulatorPort > 65535) {
    throw new HarnessError(`ARM_EMULATOR_PORT=${process.env.ARM_EMULATOR_PORT} is not a port number`);
  }
  const emulator = await startArmEmulatorProcess({ scenario: 'demo', port: emulatorPort, lroDurationMs: DEMO_REGENERATION_MS });
  services.push({ name: 'ARM emulator', stop: () => emulator.stop() });
  log(`ARM emulator (demo scenario) on ${emulator.url}`);
  const userSettings = { ...QUIET_USER_SETTINGS, 'workbench.startupEditor': 'readme', 'workbench.secondarySideBar.defaultVisibility': 'hidden' };

  const server = await startCodeServer({ hostDir, run: runDir, port: await choosePort(), folder, userSettings,
    machineSettings: emulator.machineSettings, env: emulator.env });
  services.push({ name: 'code-server', stop: () => server.stop() });
  const url = `${server.url}?folder=${encodeURIComponent(folder)}`;
  console.log([
    '',
    `  Cosmos Guard is running in VS Code (code-server), ready after ${((Date.now() - started) / 1000).toFixed(1)} s:`,
    '',
    `      ${url}`,
    '',
    `  Demo workspace: a fresh copy of test/fixtures/demo-workspace, with its planted keys, in ${folder}`,
    '  Open src/db.js, .env, appsettings.json or scripts/nightly_report.py and watch the Problems panel.',
    `  Click Cosmos Guard (the shield) in the activity bar: the accounts of the demo Azure (ARM emulator on ${emulator.url}).`,
    '  Right-click an account for Rotate Keys Safely… (regenerations take 8 s here); in src/db.js, the light bulb\'s',
    '  "Check which account uses this key…" finds the key of contoso-orders. Restarting npm start restores every key.',
    '  Press Ctrl+C to stop.',
    '',
  ].join('\n'));
  return server;
}

async function stopAll() {
  while (services.length) {
    const service = services.pop();
    try {
      await service.stop();
    } catch (error) {
      console.error(`[start] stopping ${service.name} failed: ${error?.message ?? error}`);
    }
  }
}

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await stopAll();
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void shutdown(0));

try {
  const server = await start();
  const exit = await server.exited;
  if (!stopping) {
    console.error(`[start] code-server exited unexpectedly (${JSON.stringify(exit)}):\n${server.logTail()}`);
    await shutdown(1);
  }
} catch (error) {
  console.error(`[start] ${error instanceof HarnessError ? error.message : error?.stack ?? error}`);
  await shutdown(2);
}
