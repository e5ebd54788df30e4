/** The parts of a Cosmos DB account resource id. */
export interface AccountIdParts {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly accountName: string;
}

/** Thrown by `parseAccountId` for anything that is not exactly one Cosmos DB account's resource id. */
export class InvalidAccountIdError extends Error {
  override readonly name = 'InvalidAccountIdError';
  constructor(readonly input: string, reason: string) {
    super(`Not a Cosmos DB account resource id (${reason}): "${input.length > 200 ? `${input.slice(0, 200)}…` : input}". ` +
      'Expected /subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.DocumentDB/databaseAccounts/<account-name>.');
  }
}

const FIXED = ['subscriptions', 'resourcegroups', 'providers', 'microsoft.documentdb', 'databaseaccounts'] as const;
const SEGMENT = /^[^\s/?#]+$/;

/**
 * Splits an account resource id (as ARM returns it, or as a user pastes it into ACCOUNT_RESOURCE_ID) into
 * subscription, resource group and account name. ARM treats the fixed segments case-insensitively, so we do;
 * the variable parts keep their case. Surrounding whitespace and a trailing slash are tolerated.
 */
export function parseAccountId(id: string): AccountIdParts {
  const trimmed = id.trim();
  if (!trimmed) throw new InvalidAccountIdError(id, 'it is empty');
  if (!trimmed.startsWith('/')) throw new InvalidAccountIdError(id, 'it must start with "/subscriptions/"');
  const segments = trimmed.replace(/\/$/, '').slice(1).split('/');
  if (segments.length > 8) throw new InvalidAccountIdError(id, 'it names a resource inside an account, not the account itself');
  if (segments.length < 8) throw new InvalidAccountIdError(id, `it has ${segments.length} of the 8 path segments`);
  const [subs, subscriptionId, groups, resourceGroup, providers, namespace, type, accountName] = segments as [string, string, string, string, string, string, string, string];
  const fixed = [subs, groups, providers, namespace, type];
  for (let i = 0; i < FIXED.length; i++) {
    if (fixed[i]!.toLowerCase() !== FIXED[i]) {
      const want = ['subscriptions', 'resourceGroups', 'providers', 'Microsoft.DocumentDB', 'databaseAccounts'][i]!;
      throw new InvalidAccountIdError(id, `expected "${want}" where it has "${fixed[i]!}"`);
    }
  }
  for (const [label, value] of [['subscription id', subscriptionId], ['resource group', resourceGroup], ['account name', accountName]] as const) {
    if (!SEGMENT.test(value)) throw new InvalidAccountIdError(id, value ? `the ${label} contains a space, "?" or "#"` : `the ${label} is empty`);
  }
  return { subscriptionId, resourceGroup, accountName };
}

/**
 * The resource group named in any ARM resource id (an account, or a child resource such as a private endpoint
 * connection), or `undefined` when the id names none. Listing accounts gives ids, not resource groups.
 */
export function resourceGroupOf(id: string): string | undefined {
  const segments = id.trim().split('/');
  const at = segments.findIndex((s) => s.toLowerCase() === 'resourcegroups');
  const group = at >= 0 ? segments[at + 1] : undefined;
  return group ? group : undefined;
}
