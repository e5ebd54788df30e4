// The move to Microsoft Entra ID as Resource Manager serves it: an account's data-plane role definitions and role
// assignments (`…/sqlRoleDefinitions`, `…/sqlRoleAssignments`, a PUT being a long-running operation), and the account
// update (PATCH, long-running) that turns key authentication off or on. Validation errors are worded as the Cosmos DB
// resource provider words them (with its ActivityId suffix), so clients are tested against the service's own text.
import { randomUUID } from 'node:crypto';
import { ArmHttpError, ok, type ArmRequest, type ArmResponse, type Params, type Route } from './armHttp';
import { accountResource, type Json } from './armResources';
import { isMongo, type AccountState, type EmulatorState, type OperationState } from './emulatorState';
import { type FaultRule } from './faultRules';
import { roleAssignmentResource, roleDefinitionResource, type RoleAssignmentState } from './keylessState';
import { type AccountAction, type KeyKind } from './scenario';
import { RELATIVE_SCOPE } from './scenarioKeyless';

export interface KeylessApiDeps {
  readonly state: () => EmulatorState;
  /** The account of a route's `:sub`, `:rg`, `:account` (ARM's 404s, or 403 when the scenario forbids `action`). */
  readonly account: (p: Params, action: AccountAction) => AccountState;
  /** Throws 409 ReadOnlyDisabledSubscription for a subscription that takes no writes. */
  readonly checkWritable: (subscriptionId: string) => void;
  readonly takeOperationFault: (method: string, pathAndQuery: string) => FaultRule | undefined;
  /** `Azure-AsyncOperation`, `Location` (and `Retry-After`) of a 202. */
  readonly operationHeaders: (op: OperationState, apiVersion: string) => Record<string, string>;
  readonly page: (items: readonly Json[], req: ArmRequest) => ArmResponse;
}

/** The capability of Microsoft's preview that blocks `disableLocalAuth` while a key was used in the last 12 hours. */
export const KEY_USAGE_CHECK_CAPABILITY = 'EnableAccountKeysLastUsageCheckInDisableLocalAuth';
const KEY_USAGE_CHECK_WINDOW_MS = 12 * 3_600_000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEYS_METADATA_NAMES: Readonly<Record<KeyKind, string>> = {
  primary: 'primaryMasterKey', secondary: 'secondaryMasterKey', primaryReadonly: 'primaryReadonlyMasterKey', secondaryReadonly: 'secondaryReadonlyMasterKey',
};

/** A Cosmos DB resource provider error message: the text, then the ActivityId line the service appends. */
function cosmosMessage(text: string): string {
  return `${text}\r\nActivityId: ${randomUUID()}, Microsoft.Azure.Documents.Common/2.14.0`;
}

function badRequest(text: string): ArmHttpError {
  return new ArmHttpError(400, 'BadRequest', cosmosMessage(text));
}

export function keylessRoutes(deps: KeylessApiDeps, account: readonly string[]): Route[] {
  return [
    { pattern: [...account, 'sqlroledefinitions'], handlers: { GET: (p, r) => listDefinitions(deps, p, r) } },
    { pattern: [...account, 'sqlroledefinitions', ':role'], handlers: { GET: (p) => getDefinition(deps, p) } },
    { pattern: [...account, 'sqlroleassignments'], handlers: { GET: (p, r) => listAssignments(deps, p, r) } },
    { pattern: [...account, 'sqlroleassignments', ':assignment'], handlers: {
      GET: (p) => getAssignment(deps, p),
      PUT: (p, r) => putAssignment(deps, p, r),
    } },
  ];
}

function listDefinitions(deps: KeylessApiDeps, p: Params, req: ArmRequest): ArmResponse {
  const a = deps.account(p, 'sqlRoleDefinitions/read');
  return deps.page(a.keyless.definitions.map((d) => roleDefinitionResource(a.id, d)), req);
}

function getDefinition(deps: KeylessApiDeps, p: Params): ArmResponse {
  const a = deps.account(p, 'sqlRoleDefinitions/read');
  const d = a.keyless.definitions.find((x) => x.name.toLowerCase() === p.role!.toLowerCase());
  if (!d) throw new ArmHttpError(404, 'NotFound', cosmosMessage(`The Role Definition with id [${p.role!}] was not found.`));
  return ok(roleDefinitionResource(a.id, d));
}

function listAssignments(deps: KeylessApiDeps, p: Params, req: ArmRequest): ArmResponse {
  const a = deps.account(p, 'sqlRoleAssignments/read');
  return deps.page(a.keyless.assignments.map((r) => roleAssignmentResource(a.id, r)), req);
}

function getAssignment(deps: KeylessApiDeps, p: Params): ArmResponse {
  const a = deps.account(p, 'sqlRoleAssignments/read');
  const r = a.keyless.assignments.find((x) => x.name.toLowerCase() === p.assignment!.toLowerCase());
  if (!r) throw new ArmHttpError(404, 'NotFound', cosmosMessage(`The Role Assignment with id [${p.assignment!}] was not found.`));
  return ok(roleAssignmentResource(a.id, r));
}

function jsonObject(body: string, example: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw badRequest(`The request body must be a JSON object such as ${example}.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest(`The request body must be a JSON object such as ${example}.`);
  return parsed as Record<string, unknown>;
}

/** The part of `id` under the account (`/sqlRoleDefinitions/…`, `/dbs/…`), or undefined when `id` is not under it. */
function underAccount(a: AccountState, id: string): string | undefined {
  const prefix = a.id.toLowerCase();
  const lower = id.toLowerCase();
  if (lower === prefix) return '';
  return lower.startsWith(`${prefix}/`) ? id.slice(a.id.length) : undefined;
}

/** Validates the PUT body as the resource provider does, and returns the assignment it asks for. */
function requestedAssignment(a: AccountState, name: string, body: string): RoleAssignmentState {
  const o = jsonObject(body, '{"properties":{"roleDefinitionId":"…","scope":"…","principalId":"…"}}');
  const props = typeof o.properties === 'object' && o.properties !== null ? o.properties as Record<string, unknown> : {};
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const principalId = text(props.principalId), roleDefinitionId = text(props.roleDefinitionId), scope = text(props.scope);
  if (!principalId || !roleDefinitionId || !scope) throw badRequest('The role assignment must have a principalId, a roleDefinitionId and a scope.');
  if (!GUID.test(principalId)) throw badRequest(`The provided principal ID [${principalId}] is not a valid GUID.`);
  const rolePath = underAccount(a, roleDefinitionId);
  const roleName = /^\/sqlRoleDefinitions\/([^/]+)$/i.exec(rolePath ?? '')?.[1];
  if (!roleName) {
    throw badRequest(`The provided role definition ID [${roleDefinitionId}] is not valid: it must be a role definition of the database account ${a.id}.`);
  }
  const role = a.keyless.definitions.find((d) => d.name.toLowerCase() === roleName.toLowerCase());
  if (!role) throw badRequest(`The Role Definition with ID [${roleName}] does not exist in database account [${a.name}].`);
  const relative = underAccount(a, scope.replace(/\/+$/, ''));
  const scopePath = relative === '' ? '/' : relative;
  if (scopePath === undefined || !RELATIVE_SCOPE.test(scopePath)) {
    throw badRequest(`The provided scope [${scope}] is not valid. A scope must be the database account ${a.id}, one of its databases `
      + '(…/dbs/<database>) or containers (…/dbs/<database>/colls/<container>).');
  }
  const within = role.assignableScopes.some((s) => s === '/' || scopePath === s || scopePath.startsWith(`${s}/`));
  if (!within) {
    throw badRequest(`The provided scope [${scope}] is not within the assignable scopes of the Role Definition [${role.roleName}].`);
  }
  return { name, principalId, roleDefinition: role.name, scope: scopePath };
}

function putAssignment(deps: KeylessApiDeps, p: Params, req: ArmRequest): ArmResponse {
  const a = deps.account(p, 'sqlRoleAssignments/write');
  deps.checkWritable(a.subscriptionId);
  if (!GUID.test(p.assignment!)) throw badRequest(`The role assignment ID [${p.assignment!}] is not a valid GUID.`);
  const wanted = requestedAssignment(a, p.assignment!, req.body);
  const fault = deps.takeOperationFault(req.method, req.url.pathname + req.url.search);
  const apply = () => {
    const list = a.keyless.assignments;
    const at = list.findIndex((r) => r.name.toLowerCase() === wanted.name.toLowerCase());
    if (at >= 0) list.splice(at, 1, wanted);
    else list.push(wanted);
  };
  const op = deps.state().startOperation(a, 'sqlRoleAssignment', overridesOf(fault), {
    defaultError: `Creating the role assignment ${wanted.name} in database account '${a.name}' failed. Please retry the operation.`,
    apply, result: () => roleAssignmentResource(a.id, wanted),
  });
  if (!op) throw conflict(a);
  return { status: 202, headers: deps.operationHeaders(op, req.url.searchParams.get('api-version')!) };
}

function overridesOf(fault: FaultRule | undefined) {
  return {
    outcome: fault?.lroOutcome,
    error: fault?.code !== undefined || fault?.message !== undefined ? { code: fault.code ?? 'InternalServerError', message: fault.message ?? 'The operation failed.' } : undefined,
    polls: fault?.lroPolls,
    durationMs: fault?.lroDurationMs,
  };
}

function conflict(a: AccountState): ArmHttpError {
  return new ArmHttpError(409, 'Conflict', `There is already an operation in progress which requires exclusive lock on this service ${a.name}. `
    + 'Please retry the operation after sometime.');
}

/** The data-plane API of the account, as Azure tells them apart (capabilities, then kind). */
function apiOf(a: AccountState): string {
  if (isMongo(a)) return 'MongoDB';
  const caps = new Set(a.capabilities.map((c) => c.toLowerCase()));
  return caps.has('enablecassandra') ? 'Cassandra' : caps.has('enabletable') ? 'Table' : caps.has('enablegremlin') ? 'Gremlin' : 'Sql';
}

/** A key used within the last 12 hours, for an account with the preview's check on. */
function recentlyUsedKey(state: EmulatorState, a: AccountState): { name: string; at: Date } | undefined {
  if (!a.capabilities.some((c) => c.toLowerCase() === KEY_USAGE_CHECK_CAPABILITY.toLowerCase())) return undefined;
  const now = state.now().getTime();
  for (const [kind, used] of Object.entries(a.keysLastUsed) as [KeyKind, Date | null][]) {
    if (used && now - used.getTime() <= KEY_USAGE_CHECK_WINDOW_MS) return { name: KEYS_METADATA_NAMES[kind], at: used };
  }
  return undefined;
}

/** PATCH of the account (`databaseAccounts.update`): only the key-authentication properties change here. */
export function updateAccount(deps: KeylessApiDeps, p: Params, req: ArmRequest): ArmResponse {
  const a = deps.account(p, 'write');
  deps.checkWritable(a.subscriptionId);
  const o = jsonObject(req.body, '{"properties":{"disableLocalAuth":true}}');
  const props = typeof o.properties === 'object' && o.properties !== null && !Array.isArray(o.properties) ? o.properties as Record<string, unknown> : {};
  const changes: Record<string, boolean> = {};
  for (const name of ['disableLocalAuth', 'disableKeyBasedMetadataWriteAccess']) {
    const value = props[name];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw badRequest(`The value of ${name} must be true or false.`);
    changes[name] = value;
  }
  if ('disableLocalAuth' in changes && apiOf(a) !== 'Sql') throw badRequest('DisableLocalAuth is only allowed to be configured for SQL API account.');
  const skip = props.skipAccountKeysLastUsageCheck === true;
  const recent = changes.disableLocalAuth === true && !skip ? recentlyUsedKey(deps.state(), a) : undefined;
  if (recent) {
    throw badRequest(`Local authentication cannot be disabled for database account '${a.name}': the account key ${recent.name} was used in the `
      + `last 12 hours (approximate last use ${recent.at.toISOString()}). Move the clients that use it to Microsoft Entra ID, or set `
      + 'skipAccountKeysLastUsageCheck to true to skip this check.');
  }
  const fault = deps.takeOperationFault(req.method, req.url.pathname + req.url.search);
  const apiVersion = req.url.searchParams.get('api-version')!;
  const op = deps.state().startOperation(a, 'updateAccount', overridesOf(fault), {
    defaultError: `Updating database account '${a.name}' failed. Please retry the operation.`,
    apply: () => Object.assign(a.keyless.properties, changes),
    result: () => accountResource(a, apiVersion),
  });
  if (!op) throw conflict(a);
  return { status: 202, headers: deps.operationHeaders(op, apiVersion) };
}

