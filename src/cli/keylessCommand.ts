// `cosmos-guard keyless`: the evidence for moving one Cosmos DB account off keys — each key's last use, who read the
// keys, key-authenticated requests in its logs, its data-plane role assignments — and the readiness verdict. Reads
// only: never changes the account, never reads a key.
import { parseArgs, UsageError, type OptionSpec } from './argParser';
import { accountArg, cloudArg, interruptible } from './accountArgs';
import { EXIT_CLEAN, EXIT_ERROR, type CliCommand, type CliIo } from './cliIo';
import { formatKeylessReport, KEYLESS_FORMATS, type KeylessFormat } from './keylessReport';
import { CLI_VERSION } from './version';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', short: 'f', value: KEYLESS_FORMATS.join('|') },
  { name: 'arm-endpoint', value: 'URL' },
  { name: 'help', short: 'h' },
];

export const KEYLESS_USAGE = `Usage: cosmos-guard keyless ACCOUNT_RESOURCE_ID [options]

Shows whether an Azure Cosmos DB account can stop accepting keys (Microsoft Entra ID
only), and why: the last use of each key (where Azure reports key usage), who listed
keys or connection strings in the last 7 days (Activity Log), the key-authenticated
data-plane requests of the last 7 days by client IP and user agent (where a diagnostic
setting sends DataPlaneRequests to a Log Analytics workspace), and the account's
data-plane role assignments. A source that cannot be read is reported as unknown, with
the reason. Changes nothing; never reads a key.

ACCOUNT_RESOURCE_ID  /subscriptions/<id>/resourceGroups/<group>/providers/
                     Microsoft.DocumentDB/databaseAccounts/<name>

Options:
  -f, --format FORMAT     text (default) or json
      --arm-endpoint URL  Azure Resource Manager endpoint, https only (default
                          https://management.azure.com; sovereign clouds by their
                          endpoint; the Log Analytics query goes to the cloud's own
                          Log Analytics endpoint, or to a custom endpoint's origin)
  -h, --help              show this help

Reads with Microsoft.DocumentDB/databaseAccounts/read, .../sqlRoleAssignments/read and
.../sqlRoleDefinitions/read on the account, Microsoft.Insights/eventtypes/values/read on
the subscription, Microsoft.Insights/diagnosticSettings/read and the logs' read
permission. Credentials as for 'posture'.

Exit codes: 0 the account was read (parts that could not be read are stated in the
report), 2 the account could not be read, or usage error.
`;

function parseFormat(value: string | undefined): KeylessFormat {
  if (value === undefined) return 'text';
  if ((KEYLESS_FORMATS as readonly string[]).includes(value)) return value as KeylessFormat;
  throw new UsageError(`--format must be one of ${KEYLESS_FORMATS.join(', ')} (got '${value}')`, 'keyless');
}

export const keylessCommand: CliCommand = {
  name: 'keyless',
  summary: 'show whether an Azure Cosmos DB account can stop accepting keys, and why',
  usage: KEYLESS_USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, OPTIONS, 'keyless');
    if (args.options.has('help')) {
      await io.stdout(KEYLESS_USAGE);
      return EXIT_CLEAN;
    }
    const { accountId } = accountArg(args.positionals, 'keyless');
    const format = parseFormat(args.options.get('format')?.[0]);
    const cloud = cloudArg(args.options.get('arm-endpoint')?.[0], 'keyless');

    const { runKeyless } = await import('./azureRunners.js');
    const now = Date.now();
    const outcome = await interruptible((signal) => runKeyless({ cloud, accountId, now, env: process.env, signal,
      userAgentPrefix: `cosmos-guard-cli/${CLI_VERSION}` }));
    await io.stdout(formatKeylessReport(format, outcome, now));
    if (outcome.accountError) io.stderr(`cosmos-guard keyless: error: the account could not be read: ${outcome.accountError}\n`);
    io.stderr(`cosmos-guard: ${outcome.readiness ? outcome.readiness.headline : 'no verdict'} (${(outcome.durationMs / 1000).toFixed(1)} s, `
      + `${outcome.requestCount} requests, credential: ${outcome.credentialSource}). Nothing was changed.\n`);
    return outcome.accountError ? EXIT_ERROR : EXIT_CLEAN;
  },
};
