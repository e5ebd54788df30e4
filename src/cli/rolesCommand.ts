// `cosmos-guard roles grant`: gives a Microsoft Entra principal (user, group, managed identity, service principal) a
// Cosmos DB data-plane role on an account, a database or a container — the step before turning keys off, which the
// portal cannot do. Refuses to run without --yes, before any request; never creates a duplicate of an identical
// assignment.
import { isGuid, parseRelativeScope, describeScope, InvalidScopeError, BUILT_IN_ROLES, type BuiltInRole } from '../core/keyless';
import { parseArgs, UsageError, type OptionSpec } from './argParser';
import { accountArg, cloudArg, interruptible } from './accountArgs';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, type CliCommand, type CliIo } from './cliIo';
import { EXIT_INTERRUPTED } from './rotateCommand';
import { escapeMessage } from './terminalText';
import { CLI_VERSION } from './version';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'principal', short: 'p', value: 'OBJECT_ID' },
  { name: 'role', short: 'r', value: 'reader|contributor' },
  { name: 'scope', short: 's', value: '/dbs/NAME[/colls/NAME]' },
  { name: 'yes', short: 'y' },
  { name: 'arm-endpoint', value: 'URL' },
  { name: 'help', short: 'h' },
];

export const ROLES_USAGE = `Usage: cosmos-guard roles grant ACCOUNT_RESOURCE_ID --principal OBJECT_ID
                          --role reader|contributor [--scope SCOPE] --yes [options]

Gives a Microsoft Entra ID principal (a user, group, managed identity or service
principal, by its object id) a Cosmos DB data-plane role on an API for NoSQL account:
what an application needs before key authentication is turned off. These are not Azure
RBAC role assignments, and the Azure portal cannot create them.
  reader       Cosmos DB Built-in Data Reader (read items, query, read the change feed)
  contributor  Cosmos DB Built-in Data Contributor (also create, change, delete items)

The account's assignments are read again right before sending: an identical one (same
principal, role and scope) is reported and not created again. Waits until Azure has
created it.

ACCOUNT_RESOURCE_ID  /subscriptions/<id>/resourceGroups/<group>/providers/
                     Microsoft.DocumentDB/databaseAccounts/<name>

Options:
  -p, --principal ID      the principal's object id (a GUID; for yourself:
                          az ad signed-in-user show --query id -o tsv)
  -r, --role ROLE         reader or contributor
  -s, --scope SCOPE       /dbs/DATABASE or /dbs/DATABASE/colls/CONTAINER (default: the
                          whole account, "/")
  -y, --yes               confirm (required: without it nothing is sent)
      --arm-endpoint URL  Azure Resource Manager endpoint, https only (default
                          https://management.azure.com)
  -h, --help              show this help

Needs Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/write (and /read) on the
account, for example DocumentDB Account Contributor. Credentials as for 'posture'.

Exit codes: 0 created, or an identical assignment exists (nothing sent), 1 Azure
refused or the operation failed (the reason on standard error), 2 usage error (nothing
sent), 130 interrupted while waiting.
`;

const ROLES = Object.keys(BUILT_IN_ROLES) as BuiltInRole[];

export const rolesCommand: CliCommand = {
  name: 'roles',
  summary: 'grant a Microsoft Entra ID principal a data-plane role on an account',
  usage: ROLES_USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, OPTIONS, 'roles');
    if (args.options.has('help')) {
      await io.stdout(ROLES_USAGE);
      return EXIT_CLEAN;
    }
    const [action, ...rest] = args.positionals;
    if (action === undefined) throw new UsageError('missing the action: grant', 'roles');
    if (action !== 'grant') throw new UsageError(`unknown action '${action}' (roles has one: grant)`, 'roles');
    const { accountId, accountName } = accountArg(rest, 'roles');
    const principalId = args.options.get('principal')?.[0]?.trim();
    if (principalId === undefined) throw new UsageError('missing --principal (the Microsoft Entra object id to grant the role to)', 'roles');
    if (!isGuid(principalId)) throw new UsageError(`--principal must be an object id (a GUID such as 00000000-0000-0000-0000-000000000000), got '${principalId}'`, 'roles');
    const roleText = args.options.get('role')?.[0];
    if (roleText === undefined) throw new UsageError(`missing --role (${ROLES.join(' or ')})`, 'roles');
    const role = ROLES.find((r) => r === roleText.trim().toLowerCase());
    if (!role) throw new UsageError(`--role must be ${ROLES.join(' or ')} (got '${roleText}')`, 'roles');
    const scope = args.options.get('scope')?.[0] ?? '/';
    try {
      parseRelativeScope(scope);
    } catch (e) {
      if (e instanceof InvalidScopeError) throw new UsageError(`--scope: ${e.message}`, 'roles');
      throw e;
    }
    const cloud = cloudArg(args.options.get('arm-endpoint')?.[0], 'roles');
    const what = `${BUILT_IN_ROLES[role].roleName} on ${describeScope(scope)} of ${accountName} to ${principalId}`;
    if (!args.options.has('yes')) {
      throw new UsageError(`refusing to grant ${what} without --yes: it lets that principal ${role === 'reader' ? 'read' : 'read and write'} `
        + 'data with a Microsoft Entra ID token. Nothing was sent.', 'roles');
    }

    const { runGrant } = await import('./azureRunners.js');
    const outcome = await interruptible((signal) => runGrant({
      cloud, accountId, env: process.env, signal, userAgentPrefix: `cosmos-guard-cli/${CLI_VERSION}`,
      request: { principalId, role, scope },
      onProgress: (step) => { if (step === 'waiting') io.stderr(`cosmos-guard: Azure is creating the role assignment; waiting (Ctrl+C stops waiting, not the creation)…\n`); },
    }));
    const summary = `(${outcome.requestCount()} ARM requests, credential: ${outcome.credentialSource})`;
    switch (outcome.status) {
      case 'done': {
        const a = outcome.result.assignment;
        const lines = `assignment: ${a.id}\nprincipal: ${a.principalId}\nrole: ${escapeMessage(a.roleName)}\nscope: ${escapeMessage(a.relativeScope ?? a.scope)}\n`;
        await io.stdout(outcome.result.outcome === 'exists'
          ? `An identical role assignment exists already: ${what}; nothing was sent.\n${lines}`
          : `Granted ${what}.\n${lines}`);
        io.stderr(`cosmos-guard: done ${summary}.\n`);
        return EXIT_CLEAN;
      }
      case 'failed':
        io.stderr(`cosmos-guard roles: error: ${escapeMessage(outcome.message)}\n`);
        return outcome.reason === 'invalidInput' || outcome.reason === 'notNoSql' ? EXIT_ERROR : EXIT_FINDINGS;
      case 'interrupted':
        io.stderr(outcome.sent ? `cosmos-guard roles: stopped waiting; Azure may still create the assignment ('cosmos-guard keyless' lists them).\n`
          : 'cosmos-guard roles: interrupted before anything was sent.\n');
        return EXIT_INTERRUPTED;
    }
  },
};
