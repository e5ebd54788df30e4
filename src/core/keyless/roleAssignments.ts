// The account's data-plane role assignments as plain data, read from ARM's answers (untrusted: fields checked,
// strings bounded), and the one rule that keeps Cosmos Guard from creating a duplicate: an assignment is identical
// when it gives the same principal the same role definition on the same scope (ids compared as ARM does, without
// regard to case; trailing slashes ignored).
import { type UnreadableEvidence } from '../posture';
import { roleNameOf, type RoleDefinition } from './dataPlaneRoles';
import { relativeScopeOf } from './dataPlaneScope';

export interface RoleAssignment {
  readonly id: string;
  /** The assignment's name, a GUID. */
  readonly name: string;
  readonly principalId: string;
  readonly roleDefinitionId: string;
  /** The role as people say it ("Cosmos DB Built-in Data Reader", a custom role's name). */
  readonly roleName: string;
  /** The full ARM scope, as Azure returned it. */
  readonly scope: string;
  /** "/", "/dbs/x", "/dbs/x/colls/y"; absent when the scope is not under the account. */
  readonly relativeScope?: string;
}

export interface WantedAssignment {
  readonly principalId: string;
  readonly roleDefinitionId: string;
  /** Full ARM scope. */
  readonly scope: string;
}

/** A 403 names this permission. */
export const ROLE_ASSIGNMENTS_READ_PERMISSION = 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/read';

export type RoleAssignmentsEvidence =
  | { readonly status: 'read'; readonly assignments: readonly RoleAssignment[]; readonly definitions: readonly RoleDefinition[] }
  | UnreadableEvidence;

const norm = (id: string): string => id.trim().replace(/\/+$/, '').toLowerCase();

export function isSameAssignment(a: WantedAssignment, b: WantedAssignment): boolean {
  return norm(a.principalId) === norm(b.principalId) && norm(a.roleDefinitionId) === norm(b.roleDefinitionId) && norm(a.scope) === norm(b.scope);
}

export function findIdenticalAssignment<T extends WantedAssignment>(existing: readonly T[], wanted: WantedAssignment): T | undefined {
  return existing.find((e) => isSameAssignment(e, wanted));
}

type Json = Readonly<Record<string, unknown>>;
const record = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Json : undefined);
const text = (v: unknown, max = 1024): string | undefined => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined);

/** At most this many definitions or assignments are kept from one account (Azure allows 100 custom roles). */
export const MAX_ROLE_ITEMS = 5000;

/** Fields at the top level (the SDK's flattened models) or under `properties` (raw ARM JSON). */
function field(item: Json, name: string): unknown {
  return item[name] ?? record(item.properties)?.[name];
}

/** Role definitions from the SDK's list (or raw ARM items); items without an id and name are skipped. */
export function roleDefinitionsFrom(items: readonly unknown[]): RoleDefinition[] {
  const out: RoleDefinition[] = [];
  for (const raw of items.slice(0, MAX_ROLE_ITEMS)) {
    const item = record(raw);
    const id = item && text(item.id);
    const name = item && (text(item.name, 100) ?? (id ? id.slice(id.lastIndexOf('/') + 1) : undefined));
    if (!item || !id || !name) continue;
    const type = text(field(item, 'typePropertiesType'), 50) ?? text(field(item, 'type'), 100);
    out.push({ id, name, roleName: text(field(item, 'roleName'), 256) ?? name, builtIn: /^BuiltInRole$/i.test(type ?? '') });
  }
  return out;
}

/** Role assignments from the SDK's list (or raw ARM items), named with `definitions`; incomplete items are skipped. */
export function roleAssignmentsFrom(items: readonly unknown[], accountId: string, definitions: readonly RoleDefinition[]): RoleAssignment[] {
  const out: RoleAssignment[] = [];
  for (const raw of items.slice(0, MAX_ROLE_ITEMS)) {
    const item = record(raw);
    if (!item) continue;
    const id = text(item.id);
    const principalId = text(field(item, 'principalId'), 100);
    const roleDefinitionId = text(field(item, 'roleDefinitionId'));
    const scope = text(field(item, 'scope'));
    if (!id || !principalId || !roleDefinitionId || !scope) continue;
    const relativeScope = relativeScopeOf(accountId, scope);
    out.push({
      id, name: text(item.name, 100) ?? id.slice(id.lastIndexOf('/') + 1), principalId, roleDefinitionId,
      roleName: roleNameOf(roleDefinitionId, definitions), scope, ...(relativeScope ? { relativeScope } : {}),
    });
  }
  return out;
}
