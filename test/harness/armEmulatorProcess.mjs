// Starts the project's ARM emulator (out/test/arm-emulator/main.js, built by `npm run build`) as a child process,
// for npm start and the UI tests: waits for its {"url","caPath","token"} line and hands back what a VS Code (or CLI)
// process needs to use it — the environment (NODE_EXTRA_CA_CERTS must be set before that process starts, as Node
// reads it once) and the machine setting that points Cosmos Guard at it.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { HarnessError, isPortFree, REPO_ROOT } from './vscodeHost.mjs';

export const EMULATOR_MAIN = path.join(REPO_ROOT, 'out', 'test', 'arm-emulator', 'main.js');
const CONTROL_CLIENT = path.join(REPO_ROOT, 'out', 'test', 'arm-emulator', 'controlClient.js');

/**
 * @param {{ scenario?: string, port?: number, latencyMs?: number, lroDurationMs?: number, certDir?: string, log?: (line: string) => void }} options
 * `port` 0 (default) picks a free one; a fixed port must be free. `lroDurationMs`: key regenerations take this long
 * (in real time) instead of a few polls. `log` receives the emulator's request lines.
 */
export async function startArmEmulatorProcess({ scenario = 'demo', port = 0, latencyMs, lroDurationMs, certDir, log } = {}) {
  if (!fs.existsSync(EMULATOR_MAIN)) throw new HarnessError(`${path.relative(REPO_ROOT, EMULATOR_MAIN)} is missing: run "npm run build" first.`);
  if (port && !await isPortFree(port)) throw new HarnessError(`port ${port} for the ARM emulator is in use; free it or choose another (ARM_EMULATOR_PORT).`);
  const args = [EMULATOR_MAIN, '--scenario', scenario, '--port', String(port), ...(latencyMs ? ['--latency', String(latencyMs)] : []),
    ...(lroDurationMs ? ['--lro-duration', String(lroDurationMs)] : []),
    ...(certDir ? ['--cert-dir', certDir] : []), ...(log ? [] : ['--quiet'])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
    if (log) for (const line of chunk.split('\n').filter(Boolean)) log(line);
  });
  const info = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        try {
          resolve(JSON.parse(out.slice(0, nl)));
        } catch (error) {
          reject(new HarnessError(`the ARM emulator printed something unexpected: ${out.slice(0, 200)} (${error})`));
        }
      }
    });
    child.once('exit', (code) => reject(new HarnessError(`the ARM emulator exited (${code}) before it was ready:\n${stderr}`)));
  });
  const { EmulatorControlClient } = createRequire(import.meta.url)(CONTROL_CLIENT);
  const control = new EmulatorControlClient(info);
  let exited = false;
  child.once('exit', () => { exited = true; });
  return {
    ...info,
    /** For the process that talks to the emulator: trust its CA, and the static token Cosmos Guard sends to it. */
    env: { NODE_EXTRA_CA_CERTS: info.caPath, COSMOS_GUARD_ARM_TOKEN: info.token,
      NO_PROXY: [process.env.NO_PROXY, 'localhost', '127.0.0.1'].filter(Boolean).join(',') },
    /** Machine settings that point Cosmos Guard's accounts view at the emulator. */
    machineSettings: { 'cosmosGuard.azure.armEndpoint': info.url },
    /** Every key and connection string the emulator ever served (tests search output and pages for them). */
    keyValues: () => control.keyValues(),
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 3000);
        child.once('exit', () => { clearTimeout(timer); resolve(); });
      });
    },
  };
}
