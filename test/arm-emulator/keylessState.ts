// An account's data-plane access as the emulator keeps it: role definitions (the two built-ins and the scenario's
// custom roles), role assignments (the scenario's, then those clients create), and the properties an account update
// (PATCH) changed. Scopes are kept relative to the account ("/", "/dbs/orders"); the ARM shapes add the account id.
import { type Json } from './armResources';
import { seededGuid } from './scenarioGenerator';
import { BUILT_IN_ROLE_IDS, type KeylessAccountSpec } from './scenarioKeyless';

export interface RoleDefinitionState {
  /** The definition's name: a GUID. */
  readonly name: string;
  readonly roleName: string;
  readonly type: 'BuiltInRole' | 'CustomRole';
  /** Relative to the account. */
  readonly assignableScopes: readonly string[];
  readonly dataActions: readonly string[];
}

export interface RoleAssignmentState {
  readonly name: string;
  readonly principalId: string;
  /** The role definition's name (GUID). */
  readonly roleDefinition: string;
  /** Relative to the account. */
  readonly scope: string;
}

export interface KeylessState {
  readonly definitions: readonly RoleDefinitionState[];
  readonly assignments: RoleAssignmentState[];
  /** Properties changed by account updates (`disableLocalAuth`, `disableKeyBasedMetadataWriteAccess`), over the scenario's. */
  readonly properties: Record<string, unknown>;
}

const DATA_ACTIONS = 'Microsoft.DocumentDB/databaseAccounts';

/** Cosmos DB Built-in Data Reader and Data Contributor, with the data actions Microsoft documents for them. */
export const BUILT_IN_ROLES: readonly RoleDefinitionState[] = [
  { name: BUILT_IN_ROLE_IDS[0]!, roleName: 'Cosmos DB Built-in Data Reader', type: 'BuiltInRole', assignableScopes: ['/'], dataActions: [
    `${DATA_ACTIONS}/readMetadata`, `${DATA_ACTIONS}/sqlDatabases/containers/executeQuery`,
    `${DATA_ACTIONS}/sqlDatabases/containers/readChangeFeed`, `${DATA_ACTIONS}/sqlDatabases/containers/items/read`] },
  { name: BUILT_IN_ROLE_IDS[1]!, roleName: 'Cosmos DB Built-in Data Contributor', type: 'BuiltInRole', assignableScopes: ['/'], dataActions: [
    `${DATA_ACTIONS}/readMetadata`, `${DATA_ACTIONS}/sqlDatabases/containers/*`, `${DATA_ACTIONS}/sqlDatabases/containers/items/*`] },
];

/** The account's roles and assignments from its scenario; ids left out are drawn from `rnd` (seeded: the same every run). */
export function buildKeylessState(spec: KeylessAccountSpec, rnd: () => number): KeylessState {
  const definitions: RoleDefinitionState[] = [...BUILT_IN_ROLES, ...(spec.sqlRoleDefinitions ?? []).map((d): RoleDefinitionState => ({
    name: d.id ?? seededGuid(rnd), roleName: d.roleName, type: 'CustomRole', assignableScopes: d.assignableScopes ?? ['/'],
    dataActions: d.dataActions ?? [`${DATA_ACTIONS}/readMetadata`],
  }))];
  const assignments = (spec.sqlRoleAssignments ?? []).map((r): RoleAssignmentState => ({
    name: r.id ?? seededGuid(rnd), principalId: r.principalId, roleDefinition: roleByReference(definitions, r.role)!.name, scope: r.scope ?? '/',
  }));
  return { definitions, assignments, properties: {} };
}

/** A role by "reader", "contributor", its roleName or its GUID (case-insensitive). */
function roleByReference(definitions: readonly RoleDefinitionState[], ref: string): RoleDefinitionState | undefined {
  const r = ref.toLowerCase();
  const name = r === 'reader' ? BUILT_IN_ROLE_IDS[0] : r === 'contributor' ? BUILT_IN_ROLE_IDS[1] : r;
  return definitions.find((d) => d.name.toLowerCase() === name || d.roleName.toLowerCase() === name);
}

/** The full scope of a relative one: the account id, or the account id and the database (and container) path. */
export function fullScope(accountId: string, relative: string): string {
  return relative === '/' ? accountId : `${accountId}${relative}`;
}

export function roleDefinitionResource(accountId: string, d: RoleDefinitionState): Json {
  return {
    id: `${accountId}/sqlRoleDefinitions/${d.name}`,
    name: d.name,
    type: 'Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions',
    properties: {
      roleName: d.roleName,
      type: d.type,
      assignableScopes: d.assignableScopes.map((s) => fullScope(accountId, s)),
      permissions: [{ dataActions: [...d.dataActions], notDataActions: [] }],
    },
  };
}

export function roleAssignmentResource(accountId: string, r: RoleAssignmentState): Json {
  return {
    id: `${accountId}/sqlRoleAssignments/${r.name}`,
    name: r.name,
    type: 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments',
    properties: {
      roleDefinitionId: `${accountId}/sqlRoleDefinitions/${r.roleDefinition}`,
      scope: fullScope(accountId, r.scope),
      principalId: r.principalId,
      provisioningState: 'Succeeded',
    },
  };
}
