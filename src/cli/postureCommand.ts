// `cosmos-guard posture`: audits the security posture of every Cosmos DB account in the subscriptions a credential
// can see, with the same Azure layer and rules as the extension's accounts view.
import { ArmEndpointError, AZURE_PUBLIC_CLOUD, cloudForEndpoint } from '../azure/armCloud';
import { DEFAULT_MAX_CONCURRENT_REQUESTS, MAX_CONCURRENT_REQUESTS_LIMIT } from '../azure/requestLimiter';
import { DEFAULT_MAX_KEY_AGE_DAYS, resolvePostureOptions } from '../core/posture';
import { parseArgs, UsageError, type OptionSpec } from './argParser';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, type CliCommand, type CliIo } from './cliIo';
import { formatPostureReport, POSTURE_FORMATS, summaryText, type PostureFormat } from './postureReport';
import { CLI_VERSION } from './version';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'subscription', short: 's', value: 'ID', repeatable: true },
  { name: 'format', short: 'f', value: 'table|json|sarif|markdown' },
  { name: 'arm-endpoint', value: 'URL' },
  { name: 'max-key-age-days', value: 'N' },
  { name: 'max-concurrent-requests', value: 'N' },
  { name: 'deep' },
  { name: 'help', short: 'h' },
];

export const POSTURE_USAGE = `Usage: cosmos-guard posture [options]

Audits the security posture of every Azure Cosmos DB account in your subscriptions:
key ages and last use (keysMetadata), ChaosDB-era primary keys, leftover notebook
workspaces, key authentication, network exposure, TLS, Defender for Azure Cosmos DB, and
more. Reads account settings only (one list and one Defender plan per subscription, plus
a notebook look-up for accounts from before August 2021); never reads or lists keys.

Options:
  -s, --subscription ID           audit this subscription; repeatable (default: every
                                  subscription the credential can list)
  -f, --format FORMAT             table (default), json, sarif or markdown
      --arm-endpoint URL          Azure Resource Manager endpoint, https only (default
                                  https://management.azure.com; sovereign clouds:
                                  https://management.chinacloudapi.cn,
                                  https://management.usgovcloudapi.net)
      --max-key-age-days N        keys this many days old or older are stale (default 60)
      --max-concurrent-requests N ARM requests in flight at once, 1-${MAX_CONCURRENT_REQUESTS_LIMIT} (default ${DEFAULT_MAX_CONCURRENT_REQUESTS})
      --deep                      also read each account's diagnostic settings and the
                                  last 7 days of its Activity Log (two more requests per
                                  account), for no-diagnostic-logs and keys-read-recently
  -h, --help                      show this help

Credentials: the bearer token in COSMOS_GUARD_ARM_TOKEN, used as is (CI, the ARM
emulator); otherwise DefaultAzureCredential from @azure/identity (environment variables,
workload or managed identity, Azure CLI 'az login', Azure Developer CLI, Azure
PowerShell). Tokens are requested for the endpoint's own scope (<endpoint>/.default).
A private CA (an emulator, a proxy) is trusted through NODE_EXTRA_CA_CERTS.

Rules that could not be checked (a permission missing for the Defender plan, say) are
listed as "unchecked" with the reason; they do not change the exit code.

Exit codes: 0 no high-severity findings, 1 high-severity findings, 2 incomplete (a
subscription or account could not be read; everything readable is still reported)
or usage error.
`;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseFormat(value: string | undefined): PostureFormat {
  if (value === undefined) return 'table';
  if ((POSTURE_FORMATS as readonly string[]).includes(value)) return value as PostureFormat;
  throw new UsageError(`--format must be one of ${POSTURE_FORMATS.join(', ')} (got '${value}')`, 'posture');
}

function parseMaxKeyAge(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_KEY_AGE_DAYS;
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  try {
    resolvePostureOptions({ now: 0, maxKeyAgeDays: n });
  } catch {
    throw new UsageError(`--max-key-age-days needs a whole number of days, 1 or more (got '${value}')`, 'posture');
  }
  return n;
}

function parseConcurrency(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENT_REQUESTS_LIMIT) {
    throw new UsageError(`--max-concurrent-requests needs a whole number from 1 to ${MAX_CONCURRENT_REQUESTS_LIMIT} (got '${value}')`, 'posture');
  }
  return n;
}

function parseSubscriptions(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => {
    const id = v.trim().replace(/^\/subscriptions\//i, '').replace(/\/$/, '');
    if (!GUID.test(id)) throw new UsageError(`--subscription needs a subscription id (a GUID), got '${v}'`, 'posture');
    return id.toLowerCase();
  }))];
}

export const postureCommand: CliCommand = {
  name: 'posture',
  summary: 'audit the security posture of your Azure Cosmos DB accounts',
  usage: POSTURE_USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, OPTIONS, 'posture');
    const one = (name: string): string | undefined => args.options.get(name)?.[0];
    if (args.options.has('help')) {
      await io.stdout(POSTURE_USAGE);
      return EXIT_CLEAN;
    }
    if (args.positionals.length) throw new UsageError(`unexpected argument '${args.positionals[0]!}' (posture takes only options)`, 'posture');
    const format = parseFormat(one('format'));
    const maxKeyAgeDays = parseMaxKeyAge(one('max-key-age-days'));
    const subscriptionIds = parseSubscriptions(args.options.get('subscription') ?? []);
    const maxConcurrentRequests = parseConcurrency(one('max-concurrent-requests'));
    let cloud = AZURE_PUBLIC_CLOUD;
    const endpoint = one('arm-endpoint');
    if (endpoint !== undefined) {
      try {
        cloud = cloudForEndpoint(endpoint);
      } catch (e) {
        if (e instanceof ArmEndpointError) throw new UsageError(`--arm-endpoint: ${e.message}`, 'posture');
        throw e;
      }
    }

    // The Azure SDK is loaded only for this command, so `scan` starts as fast as before.
    const { runPosture } = await import('./azureRunners.js');
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    let outcome;
    try {
      outcome = await runPosture({
        cloud, subscriptionIds, maxKeyAgeDays, env: process.env, signal: controller.signal, userAgentPrefix: `cosmos-guard-cli/${CLI_VERSION}`,
        deep: args.options.has('deep'),
        ...(maxConcurrentRequests ? { maxConcurrentRequests } : {}),
      });
    } finally {
      process.off('SIGINT', onSignal);
    }
    await io.stdout(formatPostureReport(format, outcome, CLI_VERSION, maxKeyAgeDays));
    for (const e of outcome.errors) io.stderr(`cosmos-guard: warning: ${e.message}\n`);
    const unchecked = outcome.accounts.reduce((n, a) => n + a.unchecked.length, 0);
    if (unchecked) {
      const rules = [...new Set(outcome.accounts.flatMap((a) => a.unchecked.map((u) => u.rule)))].join(', ');
      io.stderr(`cosmos-guard: note: ${unchecked} rule ${unchecked === 1 ? 'check' : 'checks'} could not be made (${rules}); see "unchecked" in the report.\n`);
    }
    io.stderr(`cosmos-guard: ${summaryText(outcome)} (${(outcome.durationMs / 1000).toFixed(1)} s, ${outcome.requestCount} ARM requests, `
      + `credential: ${outcome.credentialSource}).\n`);
    if (outcome.errors.length) return EXIT_ERROR;
    return outcome.accounts.some((a) => a.findings.some((f) => f.severity === 'high')) ? EXIT_FINDINGS : EXIT_CLEAN;
  },
};
