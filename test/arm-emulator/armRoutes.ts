// The ARM REST subset the project uses, independent of the transport: the server hands in an authenticated
// request and gets back status, headers and a JSON body. Path segments match case-insensitively, as in ARM;
// every failure uses the ARM error envelope {"error":{"code","message"}}.
import {
  accountResource, connectionStringsBody, errorBody, listKeysBody, notebookWorkspaceResource, operationPath, operationStatusBody,
  readOnlyKeysBody, subscriptionResource, tenantResource, type Json,
} from './armResources';
import { ArmHttpError, ok, page, type ArmRequest, type ArmResponse, type Params, type Route } from './armHttp';
import type { AccountState, EmulatorState, OperationState, SubscriptionState } from './emulatorState';
import { keylessRoutes, updateAccount, type KeylessApiDeps } from './keylessRoutes';
import { logsRoutes } from './logsRoutes';
import { monitorRoutes } from './monitorRoutes';
import type { FaultRule } from './faultRules';
import { KEY_KINDS, type AccountAction, type KeyKind } from './scenario';

export { ArmHttpError, type ArmRequest, type ArmResponse } from './armHttp';

export interface ArmApiConfig {
  /** https://localhost:PORT — nextLink and operation URLs point here. */
  readonly origin: () => string;
  readonly pageSize: () => number;
  readonly principal: { readonly clientId: string; readonly objectId: string };
  /** Retry-After (seconds) on 202 and InProgress answers; omitted when undefined (the SDK's interval applies). */
  readonly lroRetryAfterSeconds?: number;
  readonly takeOperationFault: (method: string, pathAndQuery: string) => FaultRule | undefined;
}


const PROVIDER = ['providers', 'microsoft.documentdb'];
const ACCOUNT = ['subscriptions', ':sub', 'resourcegroups', ':rg', ...PROVIDER, 'databaseaccounts', ':account'];
const ACTION_PREFIX = 'Microsoft.DocumentDB/databaseAccounts';
const ACTIONS: Readonly<Record<AccountAction, string>> = {
  read: `${ACTION_PREFIX}/read`,
  listKeys: `${ACTION_PREFIX}/listKeys/action`,
  readonlykeys: `${ACTION_PREFIX}/readonlykeys/action`,
  listConnectionStrings: `${ACTION_PREFIX}/listConnectionStrings/action`,
  regenerateKey: `${ACTION_PREFIX}/regenerateKey/action`,
  write: `${ACTION_PREFIX}/write`,
  'sqlRoleDefinitions/read': `${ACTION_PREFIX}/sqlRoleDefinitions/read`,
  'sqlRoleAssignments/read': `${ACTION_PREFIX}/sqlRoleAssignments/read`,
  'sqlRoleAssignments/write': `${ACTION_PREFIX}/sqlRoleAssignments/write`,
};

export class ArmApi {
  private readonly routes: readonly Route[];

  constructor(private readonly state: () => EmulatorState, private readonly config: ArmApiConfig) {
    const keyless: KeylessApiDeps = {
      state, account: (p, action) => this.account(p, action), checkWritable: (id) => this.checkWritable(id),
      takeOperationFault: (m, p) => config.takeOperationFault(m, p), operationHeaders: (op, v) => this.operationHeaders(op, v),
      page: (items, r) => this.pageOf(items, r),
    };
    this.routes = [
      { pattern: ['tenants'], handlers: { GET: (_p, r) => this.pageOf(this.state().tenants.map(tenantResource), r) } },
      { pattern: ['subscriptions'], handlers: { GET: (_p, r) => this.pageOf(this.state().subscriptions.map(subscriptionResource), r) } },
      { pattern: ['subscriptions', ':sub'], handlers: { GET: (p) => ok(subscriptionResource(this.subscription(p.sub!))) } },
      { pattern: ['subscriptions', ':sub', ...PROVIDER, 'databaseaccounts'], handlers: { GET: (p, r) => this.listAccounts(p, r) } },
      { pattern: ['subscriptions', ':sub', 'resourcegroups', ':rg', ...PROVIDER, 'databaseaccounts'], handlers: { GET: (p, r) => this.listAccounts(p, r) } },
      { pattern: ACCOUNT, handlers: {
        GET: (p, r) => ok(accountResource(this.account(p, 'read'), r.url.searchParams.get('api-version')!)),
        PATCH: (p, r) => updateAccount(keyless, p, r),
      } },
      { pattern: [...ACCOUNT, 'listkeys'], handlers: { POST: (p, r) => ok(listKeysBody(this.keyAction(p, r, 'listKeys'))) } },
      { pattern: [...ACCOUNT, 'readonlykeys'], handlers: {
        GET: (p, r) => ok(readOnlyKeysBody(this.keyAction(p, r, 'readonlykeys'))),
        POST: (p, r) => ok(readOnlyKeysBody(this.keyAction(p, r, 'readonlykeys'))),
      } },
      { pattern: [...ACCOUNT, 'listconnectionstrings'], handlers: {
        POST: (p, r) => ok(connectionStringsBody(this.state(), this.keyAction(p, r, 'listConnectionStrings'))),
      } },
      { pattern: [...ACCOUNT, 'regeneratekey'], handlers: { POST: (p, r) => this.regenerateKey(p, r) } },
      { pattern: [...ACCOUNT, 'notebookworkspaces'], handlers: { GET: (p) => this.listNotebooks(p) } },
      { pattern: [...ACCOUNT, 'notebookworkspaces', ':workspace'], handlers: { GET: (p) => this.getNotebook(p) } },
      { pattern: ['subscriptions', ':sub', ...PROVIDER, 'locations', ':location', 'operationsstatus', ':operation'],
        handlers: { GET: (p) => this.operationStatus(p) } },
      { pattern: ['subscriptions', ':sub', ...PROVIDER, 'locations', ':location', 'operationresults', ':operation'],
        handlers: { GET: (p) => this.operationResult(p) } },
      ...monitorRoutes({
        state, origin: config.origin, pageSize: config.pageSize,
        subscription: (id, action) => this.readableSubscription(id, action, (s) => `/subscriptions/${s.subscriptionId}`),
        account: (p) => this.account(p, 'read'),
        forbidden: (action, scope) => this.forbidden(action, scope),
      }, ACCOUNT),
      ...keylessRoutes(keyless, ACCOUNT),
      ...logsRoutes({ state, account: (p) => this.readableForLogs(p) }),
    ];
  }

  handle(req: ArmRequest): ArmResponse {
    try {
      const segments = req.url.pathname.split('/').filter((s) => s !== '').map((s) => safeDecode(s));
      const found = this.match(segments);
      if (!found) throw new ArmHttpError(404, 'NotFound', `The resource path '${req.url.pathname}' is not served by this ARM endpoint.`);
      const handler = found.route.handlers[req.method.toUpperCase()];
      if (!handler) {
        const allow = Object.keys(found.route.handlers).join(', ');
        throw new ArmHttpError(405, 'MethodNotAllowed', `The HTTP method '${req.method}' is not supported for the resource path '${req.url.pathname}'.`,
          { Allow: allow });
      }
      if (!found.route.plain && !req.url.searchParams.get('api-version')) {
        throw new ArmHttpError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
      }
      return handler(found.params, req);
    } catch (err) {
      if (err instanceof ArmHttpError) return { status: err.status, body: errorBody(err.code, err.message), headers: err.headers };
      throw err;
    }
  }

  private match(segments: readonly string[]): { route: Route; params: Params } | undefined {
    for (const route of this.routes) {
      if (route.pattern.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length && ok; i++) {
        const want = route.pattern[i]!, got = segments[i]!;
        if (want.startsWith(':')) params[want.slice(1)] = got;
        else ok = want === got.toLowerCase();
      }
      if (ok) return { route, params };
    }
    return undefined;
  }

  // ---- resolution (404 / 403 in ARM's order: subscription, authorization, resource group, resource) ----

  private subscription(id: string): SubscriptionState {
    const sub = this.state().subscription(id);
    if (!sub) throw new ArmHttpError(404, 'SubscriptionNotFound', `The subscription '${id}' could not be found.`);
    return sub;
  }

  private forbidden(action: string, scope: string): ArmHttpError {
    const { clientId, objectId } = this.config.principal;
    return new ArmHttpError(403, 'AuthorizationFailed', `The client '${clientId}' with object id '${objectId}' does not have authorization to perform `
      + `action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`);
  }

  private readableSubscription(id: string, action: string, scope: (s: SubscriptionState) => string): SubscriptionState {
    const sub = this.subscription(id);
    if (sub.spec.forbidden) throw this.forbidden(action, scope(sub));
    return sub;
  }

  private resourceGroup(sub: SubscriptionState, rg: string): void {
    if (!sub.resourceGroups.has(rg.toLowerCase())) throw new ArmHttpError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
  }

  private account(p: Params, action: AccountAction): AccountState {
    const sub = this.readableSubscription(p.sub!, ACTIONS[action],
      (s) => `/subscriptions/${s.subscriptionId}/resourceGroups/${p.rg!}/providers/Microsoft.DocumentDB/databaseAccounts/${p.account!}`);
    this.resourceGroup(sub, p.rg!);
    const a = sub.accounts.find((x) => x.resourceGroup.toLowerCase() === p.rg!.toLowerCase() && x.name.toLowerCase() === p.account!.toLowerCase());
    if (!a) {
      throw new ArmHttpError(404, 'ResourceNotFound', `The Resource 'Microsoft.DocumentDB/databaseAccounts/${p.account!}' under resource group `
        + `'${p.rg!}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
    }
    if (a.forbidden.has(action)) throw this.forbidden(ACTIONS[action], a.id);
    this.state().settleAccount(a);
    return a;
  }

  /**
   * A key action (listKeys, readonlykeys, listConnectionStrings) on an account, recorded in the Activity Log as Azure
   * does — a refusal for want of permission too (as Failed).
   */
  private keyAction(p: Params, req: ArmRequest, action: 'listKeys' | 'readonlykeys' | 'listConnectionStrings'): AccountState {
    const record = (a: AccountState, outcome: 'Succeeded' | 'Failed') => {
      if (req.caller) this.state().activity.operation(this.state().activityAccount(a), action, req.caller, req.clientIp, outcome, this.state().now());
    };
    try {
      const a = this.account(p, action);
      record(a, 'Succeeded');
      return a;
    } catch (err) {
      const a = err instanceof ArmHttpError && err.status === 403 ? this.quietAccount(p) : undefined;
      if (a) record(a, 'Failed');
      throw err;
    }
  }

  /** 409 ReadOnlyDisabledSubscription for a subscription that takes no writes (disabled, deleted, past due). */
  private checkWritable(subscriptionId: string): void {
    const sub = this.subscription(subscriptionId);
    const subState = sub.spec.state ?? 'Enabled';
    if (subState !== 'Enabled' && subState !== 'Warned') {
      throw new ArmHttpError(409, 'ReadOnlyDisabledSubscription', `The subscription '${sub.subscriptionId}' is disabled and therefore marked as `
        + 'read only. You cannot perform any write actions on this subscription until it is re-enabled.');
    }
  }

  /** The account a Log Analytics query names: undefined when unknown, `forbidden` when the scenario lets nobody read it. */
  private readableForLogs(p: Params): AccountState | 'forbidden' | undefined {
    const a = this.quietAccount(p);
    if (!a) return undefined;
    return this.state().subscription(p.sub!)?.spec.forbidden || a.forbidden.has('read') ? 'forbidden' : a;
  }

  private quietAccount(p: Params): AccountState | undefined {
    return this.state().subscription(p.sub!)?.accounts.find((x) => x.resourceGroup.toLowerCase() === p.rg!.toLowerCase()
      && x.name.toLowerCase() === p.account!.toLowerCase());
  }

  // ---- handlers ----

  private listAccounts(p: Params, req: ArmRequest): ArmResponse {
    const scope = (s: SubscriptionState) => `/subscriptions/${s.subscriptionId}${p.rg ? `/resourceGroups/${p.rg}` : ''}`;
    const sub = this.readableSubscription(p.sub!, ACTIONS.read, scope);
    if (p.rg !== undefined) this.resourceGroup(sub, p.rg);
    const accounts = sub.accounts
      .filter((a) => (p.rg === undefined || a.resourceGroup.toLowerCase() === p.rg.toLowerCase()) && !a.forbidden.has('read'));
    for (const a of accounts) this.state().settleAccount(a);
    const apiVersion = req.url.searchParams.get('api-version')!;
    return this.pageOf(accounts.map((a) => accountResource(a, apiVersion)), req);
  }

  private listNotebooks(p: Params): ArmResponse {
    const a = this.account(p, 'read');
    const nb = a.notebook;
    if (nb === 'absent') return ok({ value: [] });
    if (nb === 'present') return ok({ value: [notebookWorkspaceResource(a, 'Online')] });
    if (nb === 'badRequest') throw notebookUnsupported(a);
    if ('error' in nb) throw new ArmHttpError(nb.error.status, nb.error.code, nb.error.message);
    return ok({ value: [notebookWorkspaceResource(a, nb.status)] });
  }

  private getNotebook(p: Params): ArmResponse {
    const a = this.account(p, 'read');
    const nb = a.notebook;
    if (nb === 'badRequest') throw notebookUnsupported(a);
    if (typeof nb === 'object' && 'error' in nb) throw new ArmHttpError(nb.error.status, nb.error.code, nb.error.message);
    if (nb === 'absent' || p.workspace!.toLowerCase() !== 'default') {
      throw new ArmHttpError(404, 'NotFound', `The notebook workspace '${p.workspace!}' was not found in database account '${a.name}'.`);
    }
    return ok(notebookWorkspaceResource(a, nb === 'present' ? 'Online' : nb.status));
  }

  private regenerateKey(p: Params, req: ArmRequest): ArmResponse {
    let a: AccountState;
    try {
      a = this.account(p, 'regenerateKey');
    } catch (err) {
      const refused = err instanceof ArmHttpError && err.status === 403 ? this.quietAccount(p) : undefined;
      if (refused && req.caller) {
        this.state().activity.operation(this.state().activityAccount(refused), 'regenerateKey', req.caller, req.clientIp, 'Failed', this.state().now());
      }
      throw err;
    }
    this.checkWritable(p.sub!);
    const keyKind = parseKeyKind(req.body);
    const fault = this.config.takeOperationFault(req.method, req.url.pathname + req.url.search);
    const op = this.state().startRegeneration(a, keyKind, {
      outcome: fault?.lroOutcome,
      error: fault?.code !== undefined || fault?.message !== undefined
        ? { code: fault.code ?? 'InternalServerError', message: fault.message ?? `Regenerating the ${keyKind} key failed.` } : undefined,
      polls: fault?.lroPolls,
      durationMs: fault?.lroDurationMs,
    });
    if (!op) {
      throw new ArmHttpError(409, 'Conflict', `There is already an operation in progress which requires exclusive lock on this service `
        + `${a.name}. Please retry the operation after sometime.`);
    }
    if (req.caller) this.state().activity.start(this.state().activityAccount(a), 'regenerateKey', req.caller, req.clientIp, op.startTime, op.id);
    return { status: 202, headers: this.operationHeaders(op, req.url.searchParams.get('api-version')!) };
  }

  private operationHeaders(op: OperationState, apiVersion: string): Record<string, string> {
    const q = `?api-version=${encodeURIComponent(apiVersion)}`;
    return {
      'Azure-AsyncOperation': `${this.config.origin()}${operationPath(op, 'operationsStatus')}${q}`,
      Location: `${this.config.origin()}${operationPath(op, 'operationResults')}${q}`,
      ...this.retryAfter(),
    };
  }

  private retryAfter(): Record<string, string> {
    const s = this.config.lroRetryAfterSeconds;
    return s === undefined ? {} : { 'Retry-After': String(s) };
  }

  private operation(p: Params, action: string): OperationState {
    this.readableSubscription(p.sub!, action, (s) => `/subscriptions/${s.subscriptionId}`);
    const op = this.state().operations.get(p.operation!.toLowerCase());
    if (!op || op.subscriptionId.toLowerCase() !== p.sub!.toLowerCase() || op.locationSlug !== p.location!.toLowerCase()) {
      throw new ArmHttpError(404, 'NotFound', `The operation '${p.operation!}' was not found.`);
    }
    return op;
  }

  private operationStatus(p: Params): ArmResponse {
    const op = this.operation(p, 'Microsoft.DocumentDB/locations/operationsStatus/read');
    this.state().pollOperation(op);
    return { status: 200, body: operationStatusBody(op), headers: op.status === 'InProgress' ? this.retryAfter() : {} };
  }

  /** The Location URL: 202 while running, then 200 without a body — what core-lro's final GET accepts (it rejects 204). */
  private operationResult(p: Params): ArmResponse {
    const op = this.operation(p, 'Microsoft.DocumentDB/locations/operationResults/read');
    this.state().settleAccount(op.account);
    if (op.status === 'InProgress') return { status: 202, headers: { Location: `${this.config.origin()}${operationPath(op, 'operationResults')}`, ...this.retryAfter() } };
    if (op.status === 'Failed' && op.error) throw new ArmHttpError(400, op.error.code, op.error.message);
    return op.result ? ok(op.result()) : { status: 200 };
  }

  private pageOf(items: readonly Json[], req: ArmRequest): ArmResponse {
    return page(items, req, this.config.origin(), this.config.pageSize());
  }
}

function notebookUnsupported(a: AccountState): ArmHttpError {
  return new ArmHttpError(400, 'BadRequest', `Notebook workspaces are not supported for database account '${a.name}' of kind '${a.kind}'.`);
}

function parseKeyKind(body: string): KeyKind {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ArmHttpError(400, 'BadRequest', 'The request body must be a JSON object such as {"keyKind":"primary"}.');
  }
  const kind = typeof parsed === 'object' && parsed !== null ? (parsed as { keyKind?: unknown }).keyKind : undefined;
  if (typeof kind !== 'string' || !(KEY_KINDS as readonly string[]).includes(kind)) {
    throw new ArmHttpError(400, 'BadRequest', `Invalid keyKind '${String(kind)}'. Valid values are: ${KEY_KINDS.join(', ')}.`);
  }
  return kind as KeyKind;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
