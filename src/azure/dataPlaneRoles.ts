// An account's data-plane role definitions and assignments (Microsoft Entra ID access to data) over @azure/arm-cosmosdb
// 17 (`sqlResources.listSqlRoleDefinitions`, `listSqlRoleAssignments`, `createUpdateSqlRoleAssignment`), and adding
// one assignment. Reading never throws (except on the caller's cancellation): a failure becomes evidence that says why,
// with the missing permission for a 403 — never "none". Adding re-reads the assignments right before it sends and
// returns an identical existing one instead of creating a duplicate. Every call has a time limit; following the
// long-running creation too.
import { type CosmosDBManagementClient } from '@azure/arm-cosmosdb';
import { randomUUID } from 'node:crypto';
import {
  BUILT_IN_ROLES, findIdenticalAssignment, fullScope, InvalidScopeError, isGuid, MAX_ROLE_ITEMS, parseRelativeScope, roleAssignmentsFrom,
  roleDefinitionId, roleDefinitionsFrom, roleGuidOf, type BuiltInRole, type RoleAssignment, type RoleAssignmentsEvidence, type RoleDefinition,
} from '../core/keyless';
import { type UnreadableEvidence } from '../core/posture';
import { unreadableEvidence, type ArmOperation } from './armFailure';
import { type CosmosClientFactory } from './cosmosClientFactory';
import { type AccountTarget } from './keyOperations';
import { keylessCall, keylessInputError, KeylessOperationError, serviceReason } from './keylessOperationError';
import { isAbortError, OperationCancelledError } from './requestSignal';

/** An account with its resource id (the same shape as the evidence reader's target). */
export interface KeylessTarget extends AccountTarget {
  readonly accountId: string;
}

export interface DataPlaneRoleTimeLimits {
  /** Listing definitions or assignments, all pages. */
  readonly listMs: number;
  /** Until Azure accepted the creation. */
  readonly createMs: number;
  /** Following the creation until it ended. */
  readonly waitMs: number;
}

export const DEFAULT_DATA_PLANE_ROLE_TIME_LIMITS: DataPlaneRoleTimeLimits = Object.freeze({ listMs: 60_000, createMs: 60_000, waitMs: 300_000 });

export interface GrantRequest {
  /** The Microsoft Entra object id of the user, group, managed identity or service principal. */
  readonly principalId: string;
  readonly role: BuiltInRole | { readonly roleDefinitionId: string };
  /** Relative to the account: "/" (default), "/dbs/NAME", "/dbs/NAME/colls/NAME". */
  readonly scope?: string;
}

export type GrantProgress = 'checking' | 'sending' | 'waiting' | 'done';
export interface GrantOutcome {
  /** `exists`: an identical assignment was there already; nothing was sent. */
  readonly outcome: 'created' | 'exists';
  readonly assignment: RoleAssignment;
}

interface Roles {
  readonly assignments: readonly RoleAssignment[];
  readonly definitions: readonly RoleDefinition[];
}

interface PollerLikeish<T> {
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
  submitted(): Promise<void>;
}

export class DataPlaneRoles {
  constructor(private readonly factory: CosmosClientFactory,
    private readonly options: { readonly pollIntervalMs?: number; readonly timeLimits?: Partial<DataPlaneRoleTimeLimits> } = {}) {}

  private limit(kind: keyof DataPlaneRoleTimeLimits): number {
    return this.options.timeLimits?.[kind] ?? DEFAULT_DATA_PLANE_ROLE_TIME_LIMITS[kind];
  }

  private timed<T>(kind: keyof DataPlaneRoleTimeLimits, op: ArmOperation, target: KeylessTarget, signal: AbortSignal | undefined,
    call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return keylessCall(this.limit(kind), op, target.cloud.resourceManagerEndpoint, signal, call);
  }

  private async collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
    const items: T[] = [];
    for await (const item of iterator) {
      items.push(item);
      if (items.length >= MAX_ROLE_ITEMS) break;
    }
    return items;
  }

  /**
   * Assignments and definitions; throws a KeylessOperationError (reason `arm`) when the assignments cannot be read.
   * Definitions that cannot be read only cost the custom roles their names.
   */
  async listRoles(target: KeylessTarget, signal?: AbortSignal): Promise<Roles> {
    const client = this.factory.create(target);
    const [rawDefinitions, rawAssignments] = await Promise.all([
      this.timed('listMs', { kind: 'listRoleDefinitions', accountName: target.accountName }, target, signal,
        (s) => this.collect(client.sqlResources.listSqlRoleDefinitions(target.resourceGroup, target.accountName, { abortSignal: s })))
        .catch((error: unknown) => {
          if (error instanceof KeylessOperationError) return [];
          throw error;
        }),
      this.timed('listMs', { kind: 'listRoleAssignments', accountName: target.accountName }, target, signal,
        (s) => this.collect(client.sqlResources.listSqlRoleAssignments(target.resourceGroup, target.accountName, { abortSignal: s }))),
    ]);
    const definitions = roleDefinitionsFrom(rawDefinitions);
    return { definitions, assignments: roleAssignmentsFrom(rawAssignments, target.accountId, definitions) };
  }

  /**
   * The assignments as evidence. Without the definitions (403 on sqlRoleDefinitions/read) the assignments are still
   * shown, custom roles by their GUID; without the assignments the evidence is unreadable and says why.
   */
  async readRoles(target: KeylessTarget, signal?: AbortSignal): Promise<RoleAssignmentsEvidence> {
    const client = this.factory.create(target);
    const read = async <T>(op: ArmOperation, list: (s: AbortSignal) => AsyncIterable<T>): Promise<{ items: T[] } | { unreadable: UnreadableEvidence }> => {
      try {
        return { items: await this.timed('listMs', op, target, signal, (s) => this.collect(list(s))) };
      } catch (error) {
        if (signal?.aborted || (isAbortError(error) && !(error instanceof KeylessOperationError))) throw new OperationCancelledError();
        if (error instanceof KeylessOperationError) return { unreadable: unreadableEvidence(error.failure, op) };
        throw error;
      }
    };
    const [definitions, assignments] = await Promise.all([
      read({ kind: 'listRoleDefinitions', accountName: target.accountName }, (s) => client.sqlResources.listSqlRoleDefinitions(target.resourceGroup, target.accountName, { abortSignal: s })),
      read({ kind: 'listRoleAssignments', accountName: target.accountName }, (s) => client.sqlResources.listSqlRoleAssignments(target.resourceGroup, target.accountName, { abortSignal: s })),
    ]);
    if ('unreadable' in assignments) return assignments.unreadable;
    const defs = 'items' in definitions ? roleDefinitionsFrom(definitions.items) : [];
    return { status: 'read', assignments: roleAssignmentsFrom(assignments.items, target.accountId, defs), definitions: defs };
  }

  /** The full role definition id a request names; throws `invalidInput` for one that is not this account's. */
  private wantedRoleId(target: KeylessTarget, role: GrantRequest['role']): string {
    if (typeof role === 'string') {
      if (!(role in BUILT_IN_ROLES)) throw keylessInputError('InvalidRole', `Unknown role "${String(role)}": use reader or contributor.`);
      return roleDefinitionId(target.accountId, BUILT_IN_ROLES[role].id);
    }
    const id = role.roleDefinitionId.trim();
    if (isGuid(id)) return roleDefinitionId(target.accountId, id);
    const guid = roleGuidOf(id);
    if (!isGuid(guid) || id.toLowerCase() !== roleDefinitionId(target.accountId, guid).toLowerCase()) {
      throw keylessInputError('InvalidRoleDefinition', `The role definition "${id.slice(0, 300)}" is not a role definition of ${target.accountName} `
        + `(expected ${target.accountId}/sqlRoleDefinitions/<guid>).`);
    }
    return id;
  }

  /**
   * Gives `request.principalId` the role on the scope. Re-reads the assignments right before sending: an identical one
   * is returned as `exists` and nothing is sent. Throws a KeylessOperationError: `invalidInput` (not a GUID, a bad
   * scope or role; nothing sent), `serviceRefused` (Azure's 400, its reason kept), `arm` (403 naming
   * Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/write, 409, timeout, a failed operation).
   */
  async grant(target: KeylessTarget, request: GrantRequest,
    options: { readonly signal?: AbortSignal; readonly onProgress?: (step: GrantProgress) => void } = {}): Promise<GrantOutcome> {
    const principalId = request.principalId.trim();
    if (!isGuid(principalId)) {
      throw keylessInputError('InvalidPrincipalId', `"${principalId.slice(0, 100)}" is not a Microsoft Entra object id (a GUID such as 00000000-0000-0000-0000-000000000000).`);
    }
    let scope: string;
    try {
      parseRelativeScope(request.scope ?? '/');
      scope = fullScope(target.accountId, request.scope ?? '/');
    } catch (error) {
      if (error instanceof InvalidScopeError) throw keylessInputError('InvalidScope', error.message);
      throw error;
    }
    const wanted = { principalId, roleDefinitionId: this.wantedRoleId(target, request.role), scope };

    options.onProgress?.('checking');
    const before = await this.listRoles(target, options.signal);
    const identical = findIdenticalAssignment(before.assignments, wanted);
    if (identical) {
      options.onProgress?.('done');
      return { outcome: 'exists', assignment: identical };
    }

    const op: ArmOperation = { kind: 'createRoleAssignment', accountName: target.accountName };
    const client: CosmosDBManagementClient = this.factory.create(target);
    const name = randomUUID();
    options.onProgress?.('sending');
    // Wrapped: a poller is a thenable, and returning it from an async function would wait for the whole operation.
    const { poller } = await this.refusals(op, () => this.timed('createMs', op, target, options.signal, async () => {
      const created = client.sqlResources.createUpdateSqlRoleAssignment(target.resourceGroup, target.accountName, name, wanted,
        { updateIntervalInMs: this.options.pollIntervalMs ?? 2000 }) as unknown as PollerLikeish<unknown>;
      await created.submitted();
      return { poller: created };
    }));
    options.onProgress?.('waiting');
    const result = await this.refusals(op, () => this.timed('waitMs', op, target, options.signal, (s) => poller.pollUntilDone({ abortSignal: s })));
    // Azure's answer names the assignment; an empty answer (some API versions) is described from what was sent.
    const [assignment] = roleAssignmentsFrom([result, { id: `${target.accountId}/sqlRoleAssignments/${name}`, name, ...wanted }], target.accountId,
      before.definitions);
    options.onProgress?.('done');
    return { outcome: 'created', assignment: assignment! };
  }

  /** A 400 from the resource provider is its own refusal (bad principal, scope outside the role's assignable scopes). */
  private async refusals<T>(op: ArmOperation, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof KeylessOperationError && error.failure.statusCode === 400) {
        throw serviceRefusal(error, `Azure refused to ${op.kind === 'createRoleAssignment' ? `create the role assignment on ${op.accountName}` : 'do it'}`);
      }
      throw error;
    }
  }
}

/** Rewords a 400 as "Azure refused to …: <the service's reason>", keeping the status, code and request id. */
export function serviceRefusal(error: KeylessOperationError, what: string): KeylessOperationError {
  const said = /Azure said: ([\s\S]*)$/.exec(error.failure.message)?.[1] ?? '';
  const { reason, activityId } = serviceReason(said);
  const code = error.failure.code;
  const requestId = error.failure.requestId ?? activityId;
  return new KeylessOperationError('serviceRefused', { ...error.failure, ...(requestId ? { requestId } : {}),
    message: `${what}: ${reason || 'no reason was given'} (${error.failure.statusCode ?? 400} ${code}).` });
}
