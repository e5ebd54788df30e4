// Command-line entry for the ARM emulator, spawned by npm start, benchmarks and cross-process tests:
//   node out/test/arm-emulator/main.js --scenario demo [--port N] [--cert-dir D] [--latency MS] [--page-size N]
//        [--lro-polls N] [--lro-duration MS] [--lro-retry-after S] [--token T] [--no-parent-watch]
// Prints ONE JSON line {"url","caPath","token"} on stdout once listening; logs "METHOD path status ms" per
// request on stderr (never bodies); exits cleanly on SIGINT/SIGTERM and when its parent process goes away.
import { parseArgs } from 'node:util';
import { startArmEmulator, type ArmEmulator, type ArmEmulatorOptions } from './armEmulator';
import { builtInScenarioNames } from './scenario';

const USAGE = `Usage: node out/test/arm-emulator/main.js [--scenario NAME|FILE] [--port N] [--cert-dir DIR] [--latency MS]
  [--page-size N] [--lro-polls N] [--lro-duration MS] [--lro-retry-after S] [--token TOKEN] [--quiet] [--no-parent-watch]
Scenarios: ${builtInScenarioNames().join(', ')} or a path to a scenario JSON file.`;

function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number >= 0, got "${value}"`);
  return n;
}

function parseOptions(argv: readonly string[]): { options: ArmEmulatorOptions; quiet: boolean; parentWatch: boolean } | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      scenario: { type: 'string', default: 'demo' },
      port: { type: 'string' },
      'cert-dir': { type: 'string' },
      latency: { type: 'string' },
      'page-size': { type: 'string' },
      'lro-polls': { type: 'string' },
      'lro-duration': { type: 'string' },
      'lro-retry-after': { type: 'string' },
      token: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      'no-parent-watch': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const pageSize = intOption(values['page-size'], 'page-size');
  if (pageSize === 0) throw new Error('--page-size must be at least 1');
  return {
    options: {
      scenario: values.scenario,
      port: intOption(values.port, 'port'),
      certDir: values['cert-dir'],
      latencyMs: intOption(values.latency, 'latency'),
      pageSize,
      lroPolls: intOption(values['lro-polls'], 'lro-polls'),
      lroDurationMs: intOption(values['lro-duration'], 'lro-duration'),
      lroRetryAfterSeconds: intOption(values['lro-retry-after'], 'lro-retry-after'),
      token: values.token,
    },
    quiet: values.quiet,
    parentWatch: !values['no-parent-watch'],
  };
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (!parsed) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { options, quiet, parentWatch } = parsed;
  let emulator: ArmEmulator;
  try {
    emulator = await startArmEmulator({
      ...options,
      onRequest: quiet ? undefined : (e) => {
        process.stderr.write(`[arm-emulator] ${e.method} ${e.path} ${e.status || 'dropped'} ${e.durationMs}ms${e.fault ? ` (fault: ${e.fault})` : ''}\n`);
      },
    });
  } catch (err) {
    process.stderr.write(`[arm-emulator] could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${JSON.stringify({ url: emulator.url, caPath: emulator.caPath, token: emulator.token })}\n`);

  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    if (!quiet) process.stderr.write(`[arm-emulator] stopping (${why})\n`);
    void emulator.close().then(() => process.exit(0));
    // Never hang on shutdown.
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  if (parentWatch) {
    // If the spawning process dies without signalling us (e.g. SIGKILL), do not linger holding the port.
    const parent = process.ppid;
    setInterval(() => {
      try {
        process.kill(parent, 0);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ESRCH') stop('parent exited');
      }
    }, 1000).unref();
  }
}

void main();
