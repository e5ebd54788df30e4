// Cosmos DB data-plane roles (Microsoft Entra ID access to data): the two built-in role definitions every NoSQL account
// has, and how a role definition id is put into words. These are not Azure RBAC roles: they live under the account
// (`{accountId}/sqlRoleDefinitions/{guid}`) and are assigned with `sqlRoleAssignments`, which the portal cannot create.

export const BUILT_IN_DATA_READER_ID = '00000000-0000-0000-0000-000000000001';
export const BUILT_IN_DATA_CONTRIBUTOR_ID = '00000000-0000-0000-0000-000000000002';

export type BuiltInRole = 'reader' | 'contributor';

export const BUILT_IN_ROLES: Readonly<Record<BuiltInRole, { readonly id: string; readonly roleName: string }>> = Object.freeze({
  reader: { id: BUILT_IN_DATA_READER_ID, roleName: 'Cosmos DB Built-in Data Reader' },
  contributor: { id: BUILT_IN_DATA_CONTRIBUTOR_ID, roleName: 'Cosmos DB Built-in Data Contributor' },
});

/** A role definition of the account, as plain data. */
export interface RoleDefinition {
  /** The full ARM id: `{accountId}/sqlRoleDefinitions/{guid}`. */
  readonly id: string;
  /** The definition's name, a GUID. */
  readonly name: string;
  readonly roleName: string;
  readonly builtIn: boolean;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GUID in its usual 8-4-4-4-12 form (Microsoft Entra object ids, role definition and assignment names). */
export function isGuid(text: string): boolean {
  return text.length === 36 && GUID.test(text);
}

/** The full id of a role definition of the account. */
export function roleDefinitionId(accountId: string, roleGuid: string): string {
  return `${accountId.replace(/\/+$/, '')}/sqlRoleDefinitions/${roleGuid}`;
}

/** The GUID at the end of a role definition id (or the id itself when it is a bare GUID). */
export function roleGuidOf(id: string): string {
  const trimmed = id.trim().replace(/\/+$/, '');
  const at = trimmed.lastIndexOf('/');
  return at >= 0 ? trimmed.slice(at + 1) : trimmed;
}

/**
 * The role's name for people: a built-in's name, a custom role's `roleName` from `definitions`, else "custom role
 * <guid>" (the definitions could not be read, or the definition was deleted).
 */
export function roleNameOf(id: string, definitions: readonly RoleDefinition[]): string {
  const guid = roleGuidOf(id).toLowerCase();
  const known = definitions.find((d) => d.name.toLowerCase() === guid || d.id.toLowerCase() === id.trim().toLowerCase());
  if (known) return known.roleName;
  for (const role of Object.values(BUILT_IN_ROLES)) if (role.id === guid) return role.roleName;
  return `custom role ${roleGuidOf(id).slice(0, 36)}`;
}
