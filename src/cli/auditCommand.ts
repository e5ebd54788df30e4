// `cosmos-guard audit`: who listed or regenerated the keys of one Cosmos DB account (the Activity Log), and when each
// key was generated and last used. Reads only.
import { ArmEndpointError, AZURE_PUBLIC_CLOUD, cloudForEndpoint } from '../azure/armCloud';
import { ACTIVITY_LOG_RETENTION_DAYS, InvalidAccountIdError, parseAccountId } from '../core/posture';
import { parseArgs, UsageError, type OptionSpec } from './argParser';
import { AUDIT_FORMATS, formatAuditReport, type AuditFormat } from './auditReport';
import { EXIT_CLEAN, EXIT_ERROR, type CliCommand, type CliIo } from './cliIo';
import { CLI_VERSION } from './version';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'days', short: 'd', value: 'N' },
  { name: 'format', short: 'f', value: AUDIT_FORMATS.join('|') },
  { name: 'arm-endpoint', value: 'URL' },
  { name: 'help', short: 'h' },
];

export const AUDIT_USAGE = `Usage: cosmos-guard audit ACCOUNT_RESOURCE_ID [options]

Shows who read or regenerated the keys of an Azure Cosmos DB account: every listKeys,
readonlykeys, listConnectionStrings and regenerateKey operation in the subscription's
Activity Log (time, operation, caller, client IP, result), newest first, and when each
key was generated and last used (where Azure reports key usage). Reads only; never
reads a key.

ACCOUNT_RESOURCE_ID  /subscriptions/<id>/resourceGroups/<group>/providers/
                     Microsoft.DocumentDB/databaseAccounts/<name>

Options:
  -d, --days N            how far back to look, 1-${ACTIVITY_LOG_RETENTION_DAYS} days (default ${ACTIVITY_LOG_RETENTION_DAYS}, the Activity Log's retention)
  -f, --format FORMAT     table (default), json or markdown
      --arm-endpoint URL  Azure Resource Manager endpoint, https only (default
                          https://management.azure.com)
  -h, --help              show this help

Needs Microsoft.Insights/eventtypes/values/read on the subscription (Reader has it) and
Microsoft.DocumentDB/databaseAccounts/read on the account. Credentials as for 'posture'.

Exit codes: 0 the history was read, 2 it could not be read (the reason, with the missing
permission for a 403, on standard error) or usage error.
`;

function parseDays(value: string | undefined): number {
  if (value === undefined) return ACTIVITY_LOG_RETENTION_DAYS;
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > ACTIVITY_LOG_RETENTION_DAYS) {
    throw new UsageError(`--days needs a whole number from 1 to ${ACTIVITY_LOG_RETENTION_DAYS} (the Activity Log keeps ${ACTIVITY_LOG_RETENTION_DAYS} days; got '${value}')`, 'audit');
  }
  return n;
}

function parseFormat(value: string | undefined): AuditFormat {
  if (value === undefined) return 'table';
  if ((AUDIT_FORMATS as readonly string[]).includes(value)) return value as AuditFormat;
  throw new UsageError(`--format must be one of ${AUDIT_FORMATS.join(', ')} (got '${value}')`, 'audit');
}

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'show who read or regenerated the keys of an Azure Cosmos DB account',
  usage: AUDIT_USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, OPTIONS, 'audit');
    const one = (name: string): string | undefined => args.options.get(name)?.[0];
    if (args.options.has('help')) {
      await io.stdout(AUDIT_USAGE);
      return EXIT_CLEAN;
    }
    if (args.positionals.length === 0) throw new UsageError('missing ACCOUNT_RESOURCE_ID (the account\'s resource id)', 'audit');
    if (args.positionals.length > 1) throw new UsageError(`unexpected argument '${args.positionals[1]!}' (audit takes one account)`, 'audit');
    const accountId = args.positionals[0]!.trim().replace(/\/$/, '');
    try {
      parseAccountId(accountId);
    } catch (e) {
      if (e instanceof InvalidAccountIdError) throw new UsageError(e.message, 'audit');
      throw e;
    }
    const days = parseDays(one('days'));
    const format = parseFormat(one('format'));
    let cloud = AZURE_PUBLIC_CLOUD;
    const endpoint = one('arm-endpoint');
    if (endpoint !== undefined) {
      try {
        cloud = cloudForEndpoint(endpoint);
      } catch (e) {
        if (e instanceof ArmEndpointError) throw new UsageError(`--arm-endpoint: ${e.message}`, 'audit');
        throw e;
      }
    }

    const { runAudit } = await import('./azureRunners.js');
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    const now = Date.now();
    let outcome;
    try {
      outcome = await runAudit({ cloud, accountId, days, now, env: process.env, signal: controller.signal, userAgentPrefix: `cosmos-guard-cli/${CLI_VERSION}` });
    } finally {
      process.off('SIGINT', onSignal);
    }
    await io.stdout(formatAuditReport(format, outcome, now, CLI_VERSION));
    if (outcome.logError) io.stderr(`cosmos-guard: error: the Activity Log of ${outcome.accountName} could not be read: ${outcome.logError}\n`);
    if (outcome.accountError) io.stderr(`cosmos-guard: warning: ${outcome.accountError}\n`);
    const n = outcome.events?.length;
    io.stderr(`cosmos-guard: ${n === undefined ? 'no key history' : `${n} key ${n === 1 ? 'operation' : 'operations'} in ${days} days`}`
      + `${outcome.truncated ? ' (cut at the page limit)' : ''} (${(outcome.durationMs / 1000).toFixed(1)} s, ${outcome.requestCount} ARM requests, `
      + `credential: ${outcome.credentialSource}).\n`);
    return outcome.logError ? EXIT_ERROR : EXIT_CLEAN;
  },
};
