// `cosmos-guard rotate`: regenerates one key of one Cosmos DB account and waits for Azure to finish. Destructive,
// so it refuses to run without --yes, before any request is made.
import { ArmEndpointError, AZURE_PUBLIC_CLOUD, cloudForEndpoint } from '../azure/armCloud';
import { InvalidAccountIdError, parseAccountId } from '../core/posture';
import { DEFAULT_PAIR_COOLDOWN_MINUTES, KEY_KINDS, keyKindInfo, parseKeyKind, type KeyKind } from '../core/rotation';
import { parseArgs, UsageError, type OptionSpec } from './argParser';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, type CliCommand, type CliIo } from './cliIo';
import { CLI_VERSION } from './version';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'key', short: 'k', value: KEY_KINDS.join('|') },
  { name: 'yes', short: 'y' },
  { name: 'arm-endpoint', value: 'URL' },
  { name: 'allow-recent-partner' },
  { name: 'pair-cooldown-minutes', value: 'N' },
  { name: 'help', short: 'h' },
];

/** Exit code when Ctrl+C stopped the wait (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

export const ROTATE_USAGE = `Usage: cosmos-guard rotate ACCOUNT_RESOURCE_ID --key KIND --yes [options]

Regenerates one key of an Azure Cosmos DB account and waits until Azure has finished
(from a minute to several hours, depending on the size of the account). Every client
that uses the key, or a connection string holding it, fails with 401 Unauthorized until
it is given the new key: regenerate the key your applications do NOT use, move them to
it, then regenerate the other (see the README's "Key rotation"). The new key is never
printed; read it from Key Vault, the portal or 'az cosmosdb keys list' where you need it.

ACCOUNT_RESOURCE_ID  /subscriptions/<id>/resourceGroups/<group>/providers/
                     Microsoft.DocumentDB/databaseAccounts/<name>

Options:
  -k, --key KIND          primary, secondary, primaryReadonly or secondaryReadonly
  -y, --yes               confirm the regeneration (required: without it nothing is sent)
      --allow-recent-partner
                          regenerate even though the other key of the pair was
                          regenerated within the cooldown (see below)
      --pair-cooldown-minutes N
                          the cooldown, in minutes (default ${DEFAULT_PAIR_COOLDOWN_MINUTES}; 0: no check)
      --arm-endpoint URL  Azure Resource Manager endpoint, https only (default
                          https://management.azure.com; sovereign clouds:
                          https://management.chinacloudapi.cn,
                          https://management.usgovcloudapi.net)
  -h, --help              show this help

Needs Microsoft.DocumentDB/databaseAccounts/regenerateKey/action on the account (for
example the DocumentDB Account Contributor role). Credentials as for 'posture':
COSMOS_GUARD_ARM_TOKEN when set, otherwise DefaultAzureCredential; a private CA is trusted
through NODE_EXTRA_CA_CERTS.

Right before sending, the account is read again: if the other key of the pair (the
partner: secondary for primary, and so on) was regenerated less than the cooldown ago,
nothing is sent and the exit code is 2 — both keys of a pair changing close together
breaks every client that has not yet picked up the first new key. --allow-recent-partner
overrides this once you know every client uses the partner's new key.

Prints the account, the key kind and the key's new generation time on standard output.
Exit codes: 0 regenerated, 1 Azure refused or the operation failed (the reason on
standard error), 2 usage error or the partner was regenerated recently (nothing was
sent), 130 interrupted while waiting (the regeneration goes on in Azure).
`;

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

export const rotateCommand: CliCommand = {
  name: 'rotate',
  summary: 'regenerate one key of an Azure Cosmos DB account and wait for it',
  usage: ROTATE_USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, OPTIONS, 'rotate');
    if (args.options.has('help')) {
      await io.stdout(ROTATE_USAGE);
      return EXIT_CLEAN;
    }
    if (args.positionals.length === 0) throw new UsageError('missing ACCOUNT_RESOURCE_ID (the account\'s resource id)', 'rotate');
    if (args.positionals.length > 1) throw new UsageError(`unexpected argument '${args.positionals[1]!}' (rotate takes one account)`, 'rotate');
    const accountId = args.positionals[0]!.trim();
    try {
      parseAccountId(accountId);
    } catch (e) {
      if (e instanceof InvalidAccountIdError) throw new UsageError(e.message, 'rotate');
      throw e;
    }
    const keyText = args.options.get('key')?.[0];
    if (keyText === undefined) throw new UsageError(`missing --key (one of ${KEY_KINDS.join(', ')})`, 'rotate');
    const keyKind: KeyKind | undefined = parseKeyKind(keyText);
    if (!keyKind) throw new UsageError(`--key must be one of ${KEY_KINDS.join(', ')} (got '${keyText}')`, 'rotate');
    let cloud = AZURE_PUBLIC_CLOUD;
    const endpoint = args.options.get('arm-endpoint')?.[0];
    if (endpoint !== undefined) {
      try {
        cloud = cloudForEndpoint(endpoint);
      } catch (e) {
        if (e instanceof ArmEndpointError) throw new UsageError(`--arm-endpoint: ${e.message}`, 'rotate');
        throw e;
      }
    }
    const cooldownText = args.options.get('pair-cooldown-minutes')?.[0];
    const pairCooldownMinutes = cooldownText === undefined ? DEFAULT_PAIR_COOLDOWN_MINUTES : Number(cooldownText);
    if (!/^\d{1,5}$/.test(cooldownText ?? '0') || !Number.isSafeInteger(pairCooldownMinutes)) {
      throw new UsageError(`--pair-cooldown-minutes must be a whole number of minutes (got '${cooldownText ?? ''}')`, 'rotate');
    }
    const info = keyKindInfo(keyKind);
    const { accountName } = parseAccountId(accountId);
    if (!args.options.has('yes')) {
      throw new UsageError(`refusing to regenerate the ${info.label} of ${accountName} without --yes: ${info.whatBreaks} Nothing was sent.`, 'rotate');
    }

    // The Azure SDK is loaded only now, so `scan` starts as fast as before.
    const { runRotate } = await import('./azureRunners.js');
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    const started = Date.now();
    const ticker = setInterval(() => io.stderr(`cosmos-guard: still regenerating the ${info.label} of ${accountName} (${duration(Date.now() - started)})…\n`), 30_000);
    ticker.unref();
    let outcome;
    try {
      outcome = await runRotate({
        cloud, accountId, keyKind, env: process.env, signal: controller.signal, userAgentPrefix: `cosmos-guard-cli/${CLI_VERSION}`,
        pairCooldownMinutes, allowRecentPartner: args.options.has('allow-recent-partner'),
        onAccepted: () => io.stderr(`cosmos-guard: Azure is regenerating the ${info.label} of ${accountName}; waiting (Ctrl+C stops waiting, `
          + 'not the regeneration)…\n'),
      });
    } finally {
      clearInterval(ticker);
      process.off('SIGINT', onSignal);
    }
    switch (outcome.status) {
      case 'succeeded':
        await io.stdout(`Regenerated the ${info.label} of ${outcome.accountName}.\naccount: ${accountId}\nkey: ${keyKind}\n`
          + `generated: ${outcome.generationTime ?? 'unknown (Azure did not report it)'}\n`);
        io.stderr(`cosmos-guard: done in ${duration(outcome.durationMs)} (${outcome.requestCount} ARM requests, credential: ${outcome.credentialSource}). `
          + `Every client using the old ${info.label} needs the new one.\n`);
        return EXIT_CLEAN;
      case 'failed':
        io.stderr(`cosmos-guard rotate: error: ${outcome.message}\n`);
        return EXIT_FINDINGS;
      case 'recentPartner': {
        const partner = keyKindInfo(outcome.partner);
        io.stderr(`cosmos-guard rotate: refusing to regenerate the ${info.label} of ${outcome.accountName}: its partner, the ${partner.label}, was `
          + `regenerated ${outcome.minutesAgo} min ago (${outcome.at}), less than ${pairCooldownMinutes} min ago. Both keys of a pair changing close `
          + `together breaks every client that has not picked up the new ${partner.label} yet. Nothing was sent. Pass --allow-recent-partner once `
          + 'every client uses it.\n');
        return EXIT_ERROR;
      }
      case 'interrupted':
        io.stderr(outcome.accepted
          ? `cosmos-guard rotate: stopped waiting; Azure goes on regenerating the ${info.label} of ${accountName}. Its generation time `
            + '(az cosmosdb show, or cosmos-guard posture) changes when it is done.\n'
          : 'cosmos-guard rotate: interrupted before Azure answered; the regeneration may or may not have started (its generation '
            + 'time tells: az cosmosdb show, or cosmos-guard posture).\n');
        return EXIT_INTERRUPTED;
    }
  },
};
