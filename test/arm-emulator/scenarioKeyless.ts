// The parts of a scenario that stand for the move to Microsoft Entra ID: an account's data-plane role definitions
// (custom roles next to the two built-ins) and role assignments, and what its Log Analytics workspace holds about
// data-plane requests (`CDBDataPlaneRequests`, grouped as Cosmos Guard queries them). Types and validation, in the
// style of scenario.ts (unknown fields are errors naming their path).
import { type DateSpec, type Validator } from './scenarioValidator';

/** A custom data-plane role of the account (the two built-ins always exist). */
export interface RoleDefinitionSpec {
  /** The definition's name (a GUID); default: derived from the scenario seed. */
  readonly id?: string;
  readonly roleName: string;
  readonly dataActions?: readonly string[];
  /** Relative to the account: "/", "/dbs/orders", "/dbs/orders/colls/items" (default "/"). */
  readonly assignableScopes?: readonly string[];
}

export interface RoleAssignmentSpec {
  /** The assignment's name (a GUID); default: derived from the scenario seed. */
  readonly id?: string;
  readonly principalId: string;
  /** "reader", "contributor", a custom role's roleName, or a role definition's GUID. */
  readonly role: string;
  /** Relative to the account: "/" (default), "/dbs/orders", "/dbs/orders/colls/items". */
  readonly scope?: string;
}

/** One row of the data-plane request summary (KeyType, AuthTokenType, ClientIpAddress, UserAgent → requests, last). */
export interface DataPlaneRequestSpec {
  readonly keyType?: string;
  readonly authTokenType?: string;
  readonly clientIp?: string;
  readonly userAgent?: string;
  readonly requests: number;
  /** The newest request of the group; groups older than the query's time span are not returned. */
  readonly last: DateSpec;
}

/**
 * What the account's Log Analytics workspace answers about data-plane requests: rows, `forbidden` (403
 * InsufficientAccessError), `tableMissing` (400: the workspace has no CDBDataPlaneRequests table, as with the
 * legacy AzureDiagnostics mode), or `{ generate: N }` rows made up (large answers).
 */
export type DataPlaneRequestsSpec = readonly DataPlaneRequestSpec[] | 'forbidden' | 'tableMissing' | { readonly generate: number };

export interface KeylessAccountSpec {
  readonly sqlRoleDefinitions?: readonly RoleDefinitionSpec[];
  readonly sqlRoleAssignments?: readonly RoleAssignmentSpec[];
  readonly dataPlaneRequests?: DataPlaneRequestsSpec;
}

export const KEYLESS_ACCOUNT_FIELDS = ['sqlRoleDefinitions', 'sqlRoleAssignments', 'dataPlaneRequests'] as const;

/** A data-plane scope relative to the account: "/", "/dbs/NAME", "/dbs/NAME/colls/NAME". */
export const RELATIVE_SCOPE = /^\/(?:dbs\/[^/\s?#]+(?:\/colls\/[^/\s?#]+)?)?$/;

export function parseKeylessAccount(v: Validator, a: Record<string, unknown>, at: string): KeylessAccountSpec {
  const strings = (y: unknown, p: string) => v.array(y, p).map((c, j) => v.string(c, `${p}[${j}]`));
  const scope = (y: unknown, p: string) => {
    const s = v.string(y, p);
    if (!RELATIVE_SCOPE.test(s)) v.fail(p, 'must be "/", "/dbs/NAME" or "/dbs/NAME/colls/NAME"');
    return s;
  };
  return {
    sqlRoleDefinitions: v.optional(a.sqlRoleDefinitions, (x) => v.array(x, `${at}.sqlRoleDefinitions`).map((d, i) => {
      const where = `${at}.sqlRoleDefinitions[${i}]`;
      const o = v.object(d, where);
      v.only(o, where, ['id', 'roleName', 'dataActions', 'assignableScopes']);
      return {
        id: v.optional(o.id, (y) => v.guid(y, `${where}.id`)),
        roleName: v.string(o.roleName, `${where}.roleName`),
        dataActions: v.optional(o.dataActions, (y) => strings(y, `${where}.dataActions`)),
        assignableScopes: v.optional(o.assignableScopes, (y) => v.array(y, `${where}.assignableScopes`)
          .map((s, j) => scope(s, `${where}.assignableScopes[${j}]`))),
      };
    })),
    sqlRoleAssignments: v.optional(a.sqlRoleAssignments, (x) => v.array(x, `${at}.sqlRoleAssignments`).map((r, i) => {
      const where = `${at}.sqlRoleAssignments[${i}]`;
      const o = v.object(r, where);
      v.only(o, where, ['id', 'principalId', 'role', 'scope']);
      return {
        id: v.optional(o.id, (y) => v.guid(y, `${where}.id`)),
        principalId: v.guid(o.principalId, `${where}.principalId`),
        role: v.string(o.role, `${where}.role`),
        scope: v.optional(o.scope, (y) => scope(y, `${where}.scope`)),
      };
    })),
    dataPlaneRequests: v.optional(a.dataPlaneRequests, (x) => parseDataPlaneRequests(v, x, `${at}.dataPlaneRequests`)),
  };
}

function parseDataPlaneRequests(v: Validator, x: unknown, at: string): DataPlaneRequestsSpec {
  if (x === 'forbidden' || x === 'tableMissing') return x;
  if (!Array.isArray(x)) {
    const o = v.object(x, at);
    v.only(o, at, ['generate']);
    return { generate: v.int(o.generate, `${at}.generate`, 0) };
  }
  return x.map((r, i) => {
    const where = `${at}[${i}]`;
    const o = v.object(r, where);
    v.only(o, where, ['keyType', 'authTokenType', 'clientIp', 'userAgent', 'requests', 'last']);
    const optionalText = (y: unknown, p: string) => v.optional(y, (z) => (z === '' ? '' : v.string(z, p)));
    return {
      keyType: optionalText(o.keyType, `${where}.keyType`),
      authTokenType: optionalText(o.authTokenType, `${where}.authTokenType`),
      clientIp: optionalText(o.clientIp, `${where}.clientIp`),
      userAgent: optionalText(o.userAgent, `${where}.userAgent`),
      requests: v.int(o.requests, `${where}.requests`, 1),
      last: v.date(o.last, `${where}.last`),
    };
  });
}

/** Checks that each assignment names a role the account has (a built-in, or one of its custom roles). */
export function checkRoleReferences(v: Validator, spec: KeylessAccountSpec, at: string): void {
  const custom = new Set((spec.sqlRoleDefinitions ?? []).flatMap((d) => [d.roleName.toLowerCase(), ...(d.id ? [d.id.toLowerCase()] : [])]));
  (spec.sqlRoleAssignments ?? []).forEach((r, i) => {
    const role = r.role.toLowerCase();
    if (role === 'reader' || role === 'contributor' || custom.has(role) || BUILT_IN_ROLE_IDS.includes(role)) return;
    v.fail(`${at}.sqlRoleAssignments[${i}].role`, 'must be reader, contributor, a custom role\'s roleName or a role definition id');
  });
}

/** Cosmos DB Built-in Data Reader and Data Contributor: the same names in every account. */
export const BUILT_IN_ROLE_IDS = ['00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002'];
