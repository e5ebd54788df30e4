// The scope of a data-plane role assignment: the account, one of its databases or one container. Users (and the CLI's
// --scope) write it relative to the account ("/", "/dbs/orders", "/dbs/orders/colls/items"); Azure stores the full
// ARM path (`{accountId}/dbs/orders`). Conversions both ways, with a clear error for anything else.

export interface ScopeParts {
  readonly database?: string;
  /** Only with `database`. */
  readonly container?: string;
}

export class InvalidScopeError extends Error {
  override readonly name = 'InvalidScopeError';
  constructor(readonly input: string, reason: string) {
    super(`Not a data-plane scope (${reason}): "${input.length > 200 ? `${input.slice(0, 200)}…` : input}". `
      + 'Expected "/" (the whole account), "/dbs/DATABASE" or "/dbs/DATABASE/colls/CONTAINER".');
  }
}

/** Characters Cosmos DB does not allow in database and container ids (and that would break the path). */
const BAD_NAME = /[/\\?#\s]/;
const MAX_NAME = 255;

function checkName(input: string, what: string, name: string | undefined): string {
  if (name === undefined || name === '') throw new InvalidScopeError(input, `the ${what} name is empty`);
  if (name.length > MAX_NAME) throw new InvalidScopeError(input, `the ${what} name is longer than ${MAX_NAME} characters`);
  if (BAD_NAME.test(name)) throw new InvalidScopeError(input, `the ${what} name contains "/", "\\", "?", "#" or a space`);
  return name;
}

/** Reads "/", "/dbs/NAME" or "/dbs/NAME/colls/NAME" (the `dbs` and `colls` segments case-insensitively). */
export function parseRelativeScope(text: string): ScopeParts {
  const input = text.trim();
  if (input === '' ) throw new InvalidScopeError(text, 'it is empty');
  if (input.length > 1024) throw new InvalidScopeError(text, 'it is too long');
  if (!input.startsWith('/')) throw new InvalidScopeError(text, 'it must start with "/"');
  if (input === '/') return {};
  const segments = input.replace(/\/$/, '').slice(1).split('/');
  if (segments.length !== 2 && segments.length !== 4) throw new InvalidScopeError(text, `it has ${segments.length} path segments, not 2 or 4`);
  if (segments[0]!.toLowerCase() !== 'dbs') throw new InvalidScopeError(text, `expected "dbs" where it has "${segments[0]!.slice(0, 50)}"`);
  const database = checkName(text, 'database', segments[1]);
  if (segments.length === 2) return { database };
  if (segments[2]!.toLowerCase() !== 'colls') throw new InvalidScopeError(text, `expected "colls" where it has "${segments[2]!.slice(0, 50)}"`);
  return { database, container: checkName(text, 'container', segments[3]) };
}

export function formatRelativeScope(parts: ScopeParts): string {
  if (parts.database === undefined) return '/';
  return parts.container === undefined ? `/dbs/${parts.database}` : `/dbs/${parts.database}/colls/${parts.container}`;
}

/** The full ARM scope of a relative one (validated): the account id itself for "/". */
export function fullScope(accountId: string, relative: string): string {
  const formatted = formatRelativeScope(parseRelativeScope(relative));
  const account = accountId.trim().replace(/\/+$/, '');
  return formatted === '/' ? account : `${account}${formatted}`;
}

/** The relative form of a full scope, or undefined when it is not this account or a database/container of it. */
export function relativeScopeOf(accountId: string, full: string): string | undefined {
  const account = accountId.trim().replace(/\/+$/, '');
  const scope = full.trim().replace(/\/+$/, '');
  if (scope.toLowerCase() === account.toLowerCase()) return '/';
  if (!scope.toLowerCase().startsWith(`${account.toLowerCase()}/`)) return undefined;
  try {
    return formatRelativeScope(parseRelativeScope(scope.slice(account.length)));
  } catch {
    return undefined;
  }
}

/** "the account", "database orders", "container orders/items". */
export function describeScope(relative: string): string {
  const parts = parseRelativeScope(relative);
  if (parts.database === undefined) return 'the account';
  return parts.container === undefined ? `database ${parts.database}` : `container ${parts.database}/${parts.container}`;
}
