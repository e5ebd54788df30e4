// `cosmos-guard local-auth disable|enable`: turns key authentication off (disableLocalAuth and
// disableKeyBasedMetadataWriteAccess true) or back on (both false) and waits for Azure to finish. It cuts off (or
// re-opens) every key holder at once, so it refuses to run without --yes, before any request is made.
import { keysOffConsequence, keysOnConsequence } from '../core/keyless';
import { describeKeyUsage, KEY_IN_USE_WINDOW_DAYS, keyUsageOf, usedWithin, type AccountSnapshot } from '../core/posture';
import { parseArgs, UsageError, type OptionSpec } from './argParser';
import { accountArg, cloudArg, interruptible } from './accountArgs';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, type CliCommand, type CliIo } from './cliIo';
import { EXIT_INTERRUPTED } from './rotateCommand';
import { escapeMessage } from './terminalText';
import { CLI_VERSION } from './version';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'yes', short: 'y' },
  { name: 'arm-endpoint', value: 'URL' },
  { name: 'help', short: 'h' },
];

export const LOCAL_AUTH_USAGE = `Usage: cosmos-guard local-auth disable|enable ACCOUNT_RESOURCE_ID --yes [options]

disable: turns key authentication off for an API for NoSQL account (disableLocalAuth and
disableKeyBasedMetadataWriteAccess true). Every client still using a key or connection
string then gets 401 "Local Authorization is disabled. Use an AAD token to authorize all
requests."; only Microsoft Entra ID identities with a data-plane role assignment can
read or write data. Check first with 'cosmos-guard keyless', and grant roles with
'cosmos-guard roles grant'.
enable: turns key authentication back on (both settings false): every key works again.

Waits until Azure has finished the update. Right before sending, the account is read
again: nothing is sent when it is already in the requested state, or (disable) when it
is not an API for NoSQL account (MongoDB, Cassandra, Gremlin and Table accounts:
disableLocalAuth is treated as NoSQL-only by Azure Policy and PSRule, and Azure has
refused it there).

ACCOUNT_RESOURCE_ID  /subscriptions/<id>/resourceGroups/<group>/providers/
                     Microsoft.DocumentDB/databaseAccounts/<name>

Options:
  -y, --yes               confirm the change (required: without it nothing is sent)
      --arm-endpoint URL  Azure Resource Manager endpoint, https only (default
                          https://management.azure.com)
  -h, --help              show this help

Needs Microsoft.DocumentDB/databaseAccounts/write on the account (for example the
DocumentDB Account Contributor role). Credentials as for 'posture'.

Exit codes: 0 done (or already so: nothing sent), 1 Azure refused or the update failed
(the service's reason on standard error, such as its check that blocks turning keys
off while a key was used in the last 12 hours), 2 usage error or not an API for NoSQL
account (nothing sent), 130 interrupted while waiting (the update goes on in Azure).
`;

const ACTIONS = ['disable', 'enable'] as const;

function recentKeyWarnings(account: AccountSnapshot): string[] {
  const now = Date.now();
  return keyUsageOf(account, now).filter((u) => u.state === 'used' && usedWithin(u, now, KEY_IN_USE_WINDOW_DAYS * 86_400_000))
    .map((u) => `cosmos-guard local-auth: warning: the ${u.label} key was ${describeKeyUsage(u.phrase)}; its clients get 401 once keys are off.\n`);
}

export const localAuthCommand: CliCommand = {
  name: 'local-auth',
  summary: 'turn key authentication off (Microsoft Entra ID only) or back on for an account',
  usage: LOCAL_AUTH_USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, OPTIONS, 'local-auth');
    if (args.options.has('help')) {
      await io.stdout(LOCAL_AUTH_USAGE);
      return EXIT_CLEAN;
    }
    const [action, ...rest] = args.positionals;
    if (action === undefined) throw new UsageError('missing disable or enable', 'local-auth');
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`expected disable or enable, got '${action}'`, 'local-auth');
    const disable = action === 'disable';
    const { accountId, accountName } = accountArg(rest, 'local-auth');
    const cloud = cloudArg(args.options.get('arm-endpoint')?.[0], 'local-auth');
    const change = disable ? 'turn key authentication off' : 'turn key authentication back on';
    if (!args.options.has('yes')) {
      throw new UsageError(`refusing to ${change} for ${accountName} without --yes: `
        + `${disable ? keysOffConsequence(accountName) : keysOnConsequence(accountName)} Nothing was sent.`, 'local-auth');
    }

    const { runLocalAuth } = await import('./azureRunners.js');
    const outcome = await interruptible((signal) => runLocalAuth({
      cloud, accountId, disable, env: process.env, signal, userAgentPrefix: `cosmos-guard-cli/${CLI_VERSION}`,
      onChecked: (account) => { if (disable && account.disableLocalAuth !== true) for (const w of recentKeyWarnings(account)) io.stderr(w); },
      onProgress: (step) => {
        if (step === 'waiting') io.stderr(`cosmos-guard: Azure is updating ${accountName} (${disable ? 'key authentication off' : 'key authentication back on'}); waiting (Ctrl+C stops waiting, not the update)…\n`);
      },
    }));
    const summary = `(${outcome.requestCount()} ARM requests, credential: ${outcome.credentialSource})`;
    switch (outcome.status) {
      case 'done': {
        const a = outcome.result.account;
        const state = `account: ${accountId}\ndisableLocalAuth: ${a.disableLocalAuth === true}\n`
          + `disableKeyBasedMetadataWriteAccess: ${a.disableKeyBasedMetadataWriteAccess === true}\n`;
        if (outcome.result.outcome === 'unchanged') {
          await io.stdout(`Key authentication is already ${disable ? 'off' : 'on'} for ${accountName}; nothing was sent.\n${state}`);
        } else {
          await io.stdout(`Turned key authentication ${disable ? 'off' : 'back on'} for ${accountName}.\n${state}`);
        }
        io.stderr(`cosmos-guard: done ${summary}.\n`);
        return EXIT_CLEAN;
      }
      case 'failed':
        io.stderr(`cosmos-guard local-auth: error: ${escapeMessage(outcome.message)}\n`);
        return outcome.reason === 'notNoSql' || outcome.reason === 'invalidInput' ? EXIT_ERROR : EXIT_FINDINGS;
      case 'interrupted':
        io.stderr(outcome.sent
          ? `cosmos-guard local-auth: stopped waiting; the update of ${accountName} may go on in Azure ('cosmos-guard keyless' shows its state).\n`
          : 'cosmos-guard local-auth: interrupted before anything was sent.\n');
        return EXIT_INTERRUPTED;
    }
  },
};
