// The `cosmos-guard` command line: `cosmos-guard <command> [options]`. Each subcommand is a CliCommand in the
// table below; this file only dispatches and maps errors to exit codes.
// First: `cosmos-guard scan` starts its helper thread before the rest of this bundle is loaded (scanHelper.ts).
import './scanHelper';
import v8 from 'node:v8';
import { UsageError, suggestion } from './argParser';
import { auditCommand } from './auditCommand';
import { EXIT_CLEAN, EXIT_ERROR, type CliCommand, type CliIo } from './cliIo';
import { keylessCommand } from './keylessCommand';
import { localAuthCommand } from './localAuthCommand';
import { postureCommand } from './postureCommand';
import { rolesCommand } from './rolesCommand';
import { rotateCommand } from './rotateCommand';
import { scanCommand } from './scanCommand';
import { escapeMessage } from './terminalText';
import { CLI_VERSION } from './version';

/**
 * How much a function runs before V8 optimises it (its "interrupt budget", in bytecode executed; V8's default is
 * 67,584). A CLI run is short: with the default, a scan of a tree of many small files spent more CPU compiling
 * optimised code on V8's background threads, for the walk, the reader and the pre-check's loops, than that code
 * then saved. With this budget the benchmark tree's scan takes 0.82× the wall time and 0.81× the CPU, and `scan
 * --git` 0.87–0.90× the wall time (bench/README.md); truly hot loops (megabytes of key-shaped text) are still
 * optimised, a little later (a 4 MB file of them: 1.05× the wall time).
 * V8's flags are the process's: the scan's helper thread has the same budget.
 */
const INTERRUPT_BUDGET = 1_000_000;

const COMMANDS: readonly CliCommand[] = [scanCommand, postureCommand, auditCommand, rotateCommand, keylessCommand, rolesCommand, localAuthCommand];

function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: cosmos-guard <command> [options]

Keeps Azure Cosmos DB keys out of source code and off stale, exposed accounts.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Options:
  -h, --help     show this help ('cosmos-guard <command> --help' for a command's options)
  -V, --version  print the version

Exit codes: 0 no findings, 1 findings, 2 usage or I/O error (posture: 0 no high-severity
findings, 1 high-severity findings, 2 incomplete or usage error; audit: 0 read, 2 the
Activity Log could not be read or usage error; rotate, local-auth, roles: 0 done,
1 refused or failed, 2 usage error; keyless: 0 read, 2 the account could not be read
or usage error).
`;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  let command: CliCommand | undefined;
  try {
    if (first === undefined) {
      io.stderr(mainUsage());
      return EXIT_ERROR;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      const topic = first === 'help' ? rest[0] : undefined;
      const target = topic === undefined ? undefined : COMMANDS.find((c) => c.name === topic);
      if (topic !== undefined && !target) throw new UsageError(`unknown command '${topic}'${suggestion(topic, COMMANDS.map((c) => c.name))}`);
      await io.stdout(target ? target.usage : mainUsage());
      return EXIT_CLEAN;
    }
    if (first === '--version' || first === '-V') {
      await io.stdout(`${CLI_VERSION}\n`);
      return EXIT_CLEAN;
    }
    if (first.startsWith('-')) throw new UsageError(`unknown option ${first} (options go after the command: cosmos-guard scan ${first})`);
    command = COMMANDS.find((c) => c.name === first);
    if (!command) throw new UsageError(`unknown command '${first}'${suggestion(first, COMMANDS.map((c) => c.name))}`);
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      const where = e.command ? `cosmos-guard ${e.command}` : 'cosmos-guard';
      io.stderr(`${where}: error: ${escapeMessage(e.message)}\nRun '${where} --help' for usage.\n`);
    } else {
      io.stderr(`cosmos-guard${command ? ` ${command.name}` : ''}: error: ${escapeMessage(e instanceof Error ? e.message : String(e))}\n`);
    }
    return EXIT_ERROR;
  }
}

function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

if (require.main === module) {
  // `node --interrupt-budget=N dist/cli.js …` keeps N (bench/README.md compares with V8's default this way).
  if (!process.execArgv.some((a) => a.startsWith('--interrupt-budget'))) v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  // A closed pipe (`cosmos-guard scan | head`) is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2), { cwd: process.cwd(), stdout: writeStdout, stderr: (t) => process.stderr.write(t) })
    .then((code) => { process.exitCode = code; }, (err: unknown) => {
      process.stderr.write(`cosmos-guard: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exitCode = EXIT_ERROR;
    });
}
