// Turns whatever an ARM call threw into one precise, masked, user-facing line. @azure/arm-cosmosdb 17 loses ARM's
// own error message on paged operations ("Pagination failed with unexpected statusCode 403": only statusCode and
// code survive, plus the response headers), and every call posture makes is paged, so the messages are built here
// from the status, the code and what we were doing.
import { maskSecrets } from '../core/masking/maskSecrets';
import { type UnreadableEvidence } from '../core/posture';
import { isAbortError } from './requestSignal';

export type ArmFailureKind =
  | 'forbidden' | 'unauthenticated' | 'challenge' | 'notFound' | 'throttled' | 'server' | 'timeout' | 'network' | 'tls' | 'credential'
  | 'conflict' | 'operationFailed' | 'untrusted' | 'other';

/** A failed ARM call, as plain data. */
export interface ArmFailure {
  readonly kind: ArmFailureKind;
  /** HTTP status, when there was an answer. */
  readonly statusCode?: number;
  /** ARM's error code (`AuthorizationFailed`), a Node error code (`ECONNRESET`), or ours (`Timeout`). */
  readonly code: string;
  /** One line for people: what failed, why, and what to do. Masked. */
  readonly message: string;
  /** `x-ms-request-id`, for support requests. */
  readonly requestId?: string;
  /** The `WWW-Authenticate` header of a claims challenge, to answer it with a new sign-in. */
  readonly wwwAuthenticate?: string;
}

/** Key operations name the key as people say it ("primary read-write key"). */
type KeyOperation = { readonly accountName: string; readonly keyLabel: string };

/** What was being done, for the message. */
export type ArmOperation =
  | { readonly kind: 'listAccounts'; readonly subscriptionId: string }
  | { readonly kind: 'notebookLookup'; readonly subscriptionId: string; readonly accountName: string }
  | { readonly kind: 'listSubscriptions'; readonly endpoint: string }
  | { readonly kind: 'readAccount'; readonly accountName: string }
  | ({ readonly kind: 'regenerateKey' } & KeyOperation)
  /** Polling a regeneration that Azure accepted (possibly restored after a window reload). */
  | ({ readonly kind: 'watchRegeneration' } & KeyOperation)
  | { readonly kind: 'listKeys'; readonly accountName: string }
  | { readonly kind: 'readOnlyKeys'; readonly accountName: string }
  | ({ readonly kind: 'listConnectionStrings' } & KeyOperation)
  | { readonly kind: 'readDefenderPlan'; readonly subscriptionId: string }
  | { readonly kind: 'readDiagnosticSettings'; readonly accountName: string }
  | { readonly kind: 'readActivityLog'; readonly accountName: string }
  | { readonly kind: 'listRoleAssignments'; readonly accountName: string }
  | { readonly kind: 'listRoleDefinitions'; readonly accountName: string }
  | { readonly kind: 'createRoleAssignment'; readonly accountName: string }
  | { readonly kind: 'updateAccount'; readonly accountName: string; readonly change: string }
  | { readonly kind: 'queryDataPlaneLogs'; readonly accountName: string };

/** The RBAC action each operation needs: a 403 names it. */
const REQUIRED_PERMISSION: Readonly<Record<ArmOperation['kind'], string>> = {
  listAccounts: 'Microsoft.DocumentDB/databaseAccounts/read',
  notebookLookup: 'Microsoft.DocumentDB/databaseAccounts/notebookWorkspaces/read',
  listSubscriptions: 'Microsoft.Resources/subscriptions/read',
  readAccount: 'Microsoft.DocumentDB/databaseAccounts/read',
  regenerateKey: 'Microsoft.DocumentDB/databaseAccounts/regenerateKey/action',
  watchRegeneration: 'Microsoft.DocumentDB/locations/operationsStatus/read',
  listKeys: 'Microsoft.DocumentDB/databaseAccounts/listKeys/action',
  readOnlyKeys: 'Microsoft.DocumentDB/databaseAccounts/readonlykeys/action',
  listConnectionStrings: 'Microsoft.DocumentDB/databaseAccounts/listConnectionStrings/action',
  readDefenderPlan: 'Microsoft.Security/pricings/read',
  readDiagnosticSettings: 'Microsoft.Insights/diagnosticSettings/read',
  readActivityLog: 'Microsoft.Insights/eventtypes/values/read',
  listRoleAssignments: 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/read',
  listRoleDefinitions: 'Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions/read',
  createRoleAssignment: 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/write',
  updateAccount: 'Microsoft.DocumentDB/databaseAccounts/write',
  queryDataPlaneLogs: 'Microsoft.Insights/logs/CDBDataPlaneRequests/read',
};

/** Who to ask for what, after a 403: reading needs a reader role; key actions need a contributor role. */
const ROLE_ADVICE: Readonly<Record<ArmOperation['kind'], string>> = {
  listAccounts: 'Ask for the Reader or Cosmos DB Account Reader role on it.',
  notebookLookup: 'Ask for the Reader or Cosmos DB Account Reader role on it.',
  listSubscriptions: 'Ask for the Reader or Cosmos DB Account Reader role on it.',
  readAccount: 'Ask for the Reader or Cosmos DB Account Reader role on it.',
  regenerateKey: 'Ask for a role that includes it on the account, such as DocumentDB Account Contributor (Cosmos DB Operator does not).',
  watchRegeneration: 'Ask for the Reader role on the subscription.',
  listKeys: 'Ask for a role that includes it on the account, such as DocumentDB Account Contributor.',
  readOnlyKeys: 'Ask for a role that includes it on the account, such as Cosmos DB Account Reader.',
  listConnectionStrings: 'Ask for a role that includes it on the account, such as DocumentDB Account Contributor.',
  readDefenderPlan: 'Ask for the Reader or Security Reader role on the subscription.',
  readDiagnosticSettings: 'Ask for the Reader or Monitoring Reader role on the account.',
  readActivityLog: 'Ask for the Reader or Monitoring Reader role on the subscription.',
  listRoleAssignments: 'Ask for the Cosmos DB Operator or DocumentDB Account Contributor role on the account (Reader does not include it).',
  listRoleDefinitions: 'Ask for the Cosmos DB Operator or DocumentDB Account Contributor role on the account (Reader does not include it).',
  createRoleAssignment: 'Ask for a role that includes it (and .../sqlRoleAssignments/operationResults/read) on the account, such as DocumentDB Account Contributor.',
  updateAccount: 'Ask for a role that includes it on the account, such as DocumentDB Account Contributor.',
  queryDataPlaneLogs: 'Ask for the Reader role on the account, or Log Analytics Reader on its workspace.',
};

/** Operations whose SDK call is not paged: the RestError keeps ARM's own message, which is worth showing. */
const KEEPS_SERVICE_MESSAGE = new Set<ArmOperation['kind']>(['readAccount', 'regenerateKey', 'watchRegeneration', 'listKeys', 'readOnlyKeys',
  'listConnectionStrings', 'readDefenderPlan', 'readDiagnosticSettings', 'readActivityLog', 'createRoleAssignment', 'updateAccount', 'queryDataPlaneLogs']);

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
  'ECONNABORTED', 'ESOCKETTIMEDOUT', 'REQUEST_SEND_ERROR']);
const TLS_CODES = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE']);
const CREDENTIAL_ERRORS = new Set(['CredentialUnavailableError', 'AuthenticationError', 'AuthenticationRequiredError', 'AggregateAuthenticationError']);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  statusCode?: unknown;
  request?: { url?: unknown };
  response?: { headers?: { get?(name: string): string | undefined } };
  cause?: unknown;
}

function what(op: ArmOperation): string {
  switch (op.kind) {
    case 'listAccounts': return `list the Cosmos DB accounts of subscription ${op.subscriptionId}`;
    case 'notebookLookup': return `check the notebook workspace of ${op.accountName}`;
    case 'listSubscriptions': return `list subscriptions at ${op.endpoint}`;
    case 'readAccount': return `read the account ${op.accountName}`;
    case 'regenerateKey': return `regenerate the ${op.keyLabel} of ${op.accountName}`;
    case 'watchRegeneration': return `follow the regeneration of the ${op.keyLabel} of ${op.accountName}`;
    case 'listKeys': return `read the keys of ${op.accountName}`;
    case 'readOnlyKeys': return `read the read-only keys of ${op.accountName}`;
    case 'listConnectionStrings': return `read the connection string of the ${op.keyLabel} of ${op.accountName}`;
    case 'readDefenderPlan': return `read the Defender for Azure Cosmos DB plan of subscription ${op.subscriptionId}`;
    case 'readDiagnosticSettings': return `read the diagnostic settings of ${op.accountName}`;
    case 'readActivityLog': return `read the Activity Log of ${op.accountName}`;
    case 'listRoleAssignments': return `list the data-plane role assignments of ${op.accountName}`;
    case 'listRoleDefinitions': return `list the data-plane role definitions of ${op.accountName}`;
    case 'createRoleAssignment': return `create a data-plane role assignment on ${op.accountName}`;
    case 'updateAccount': return `${op.change} for ${op.accountName}`;
    case 'queryDataPlaneLogs': return `query the data-plane request logs of ${op.accountName}`;
  }
}

/**
 * core-lro reports an operation that ended `Failed` as a plain Error: "The long-running operation has failed.
 * <code>. <message>" (the code and message from the operation's status). Undefined for anything else.
 */
export function parseFailedOperation(error: unknown): { readonly code: string; readonly message: string } | undefined {
  if (!(error instanceof Error) || typeof (error as { statusCode?: unknown }).statusCode === 'number') return undefined;
  if (error.message === 'Operation was canceled') return { code: 'Canceled', message: 'Azure canceled the operation.' };
  const m = /^The long-running operation has failed(?:\. ([A-Za-z][\w.-]*)\. ([\s\S]*))?\.?$/.exec(error.message.trim());
  if (!m) return undefined;
  return { code: m[1] ?? 'Failed', message: (m[2] ?? 'no reason was given').trim().replace(/\.+$/, '') };
}

/** ARM's own message of a RestError, without the key material masking would hide anyway; '' when it has none. */
function serviceMessage(e: ErrorLike): string {
  const text = typeof e.message === 'string' ? oneLine(e.message) : '';
  // The SDK's own generic texts say nothing the status and code do not.
  if (!text || /^(Unexpected status code|Pagination failed|Operation failed with status)/i.test(text)) return '';
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

function hostOf(e: ErrorLike, endpoint: string | undefined): string {
  for (const url of [e.request?.url, endpoint]) {
    try {
      if (typeof url === 'string' && url) return new URL(url).host;
    } catch {
      // try the next one
    }
  }
  return 'Azure Resource Manager';
}

function header(e: ErrorLike, name: string): string | undefined {
  try {
    const value = e.response?.headers?.get?.(name);
    return typeof value === 'string' && value ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A claims challenge (multi-factor authentication, conditional access, continuous access evaluation). */
export function isClaimsChallenge(wwwAuthenticate: string | undefined): boolean {
  return wwwAuthenticate !== undefined && /\bclaims\s*=|insufficient_claims/i.test(wwwAuthenticate);
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

function fail(kind: ArmFailureKind, code: string, message: string, extra: Partial<ArmFailure> = {}): ArmFailure {
  return { kind, code, message: maskSecrets(oneLine(message)), ...extra };
}

/**
 * Describes an error from an ARM call. Cancellation is not a failure: callers check `isAbortError` first (this
 * function classifies an AbortError as a timeout, which is what it is when the caller did not cancel).
 */
export function describeArmFailure(error: unknown, op: ArmOperation,
  options: { readonly timeoutMs?: number; /** The ARM endpoint, named when the error does not say which host failed. */ readonly endpoint?: string } = {}): ArmFailure {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  const name = typeof e.name === 'string' ? e.name : '';
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const cause = typeof e.cause === 'object' && e.cause !== null ? e.cause as ErrorLike : undefined;
  const rawCode = typeof e.code === 'string' && e.code ? e.code : typeof cause?.code === 'string' ? cause.code : undefined;
  const requestId = header(e, 'x-ms-request-id');
  const ids = requestId ? { requestId } : {};
  const doing = what(op);

  if (isAbortError(error)) {
    const seconds = options.timeoutMs === undefined ? undefined : Math.round(options.timeoutMs / 100) / 10;
    // A regeneration request that timed out may still have reached Azure: say how to tell.
    const mayHaveStarted = op.kind === 'regenerateKey' ? ' It may have started anyway: the key\'s generation time tells (Refresh Accounts, or '
      + 'cosmos-guard posture), and Azure refuses a second regeneration while one runs.' : '';
    return fail('timeout', 'Timeout', `No answer from ${hostOf(e, options.endpoint ?? (op.kind === 'listSubscriptions' ? op.endpoint : undefined))} within ${seconds === undefined ? 'the time limit' : `${seconds} s`} `
      + `while trying to ${doing}.${mayHaveStarted}`);
  }
  if (name === 'ForeignOriginError') {
    return fail('untrusted', 'ForeignOrigin', `Could not ${doing}: ${typeof e.message === 'string' ? e.message : 'a URL on another host'}`);
  }
  if (CREDENTIAL_ERRORS.has(name)) {
    return fail('credential', name, `Could not get an Azure token to ${doing}: ${typeof e.message === 'string' ? e.message : name}`);
  }
  const failedOperation = parseFailedOperation(error);
  if (failedOperation) {
    // The operation itself failed (not the polling): say what it was for.
    const operation = op.kind === 'watchRegeneration' ? `regenerate the ${op.keyLabel} of ${op.accountName}` : doing;
    return fail('operationFailed', failedOperation.code, `Azure could not ${operation}: ${failedOperation.message} (${failedOperation.code}).`);
  }
  if (status === undefined) {
    const code = rawCode ?? (name || 'Error');
    if (rawCode && TLS_CODES.has(rawCode)) {
      return fail('tls', rawCode, `The TLS certificate of ${hostOf(e, options.endpoint ?? (op.kind === 'listSubscriptions' ? op.endpoint : undefined))} is not trusted (${rawCode}), so Cosmos Guard could not ${doing}. `
        + 'For a local ARM emulator, start VS Code or the CLI with NODE_EXTRA_CA_CERTS set to its CA file.');
    }
    if (rawCode && NETWORK_CODES.has(rawCode)) {
      return fail('network', rawCode, `Could not reach ${hostOf(e, options.endpoint ?? (op.kind === 'listSubscriptions' ? op.endpoint : undefined))} (${rawCode}) to ${doing}, after retries. Check the network or proxy, then refresh.`);
    }
    const detail = typeof e.message === 'string' && e.message ? `: ${e.message}` : '';
    return fail('other', code, `Could not ${doing} (${code})${detail}`);
  }

  const code = rawCode ?? `Http${status}`;
  const answered = `${status} ${code}`;
  const said = KEEPS_SERVICE_MESSAGE.has(op.kind) ? serviceMessage(e) : '';
  const azureSaid = said ? ` Azure said: ${said}` : '';
  switch (true) {
    case status === 401: {
      const wwwAuthenticate = header(e, 'www-authenticate');
      if (isClaimsChallenge(wwwAuthenticate)) {
        return fail('challenge', code, `Azure asks for an additional sign-in (multi-factor authentication or a conditional access policy) to ${doing} `
          + `(${answered}). Sign in again.`, { statusCode: status, ...ids, ...(wwwAuthenticate ? { wwwAuthenticate } : {}) });
      }
      return fail('unauthenticated', code, `Azure Resource Manager did not accept the sign-in to ${doing} (${answered}). `
        + 'The session may have expired or belong to another tenant: sign in again.', { statusCode: status, ...ids });
    }
    case status === 403:
      if (/^(AuthorizationFailed|LinkedAuthorizationFailed|Forbidden)$/i.test(code)) {
        return fail('forbidden', code, `Missing permission ${REQUIRED_PERMISSION[op.kind]} to ${doing} (${answered}). `
          + ROLE_ADVICE[op.kind], { statusCode: status, ...ids });
      }
      return fail('forbidden', code, `Azure refused to ${doing} (${answered}); a policy or a disabled subscription can cause this.${azureSaid}`,
        { statusCode: status, ...ids });
    case status === 404 && op.kind === 'watchRegeneration':
      return fail('notFound', code, `Azure no longer knows the operation that was regenerating the ${op.keyLabel} of ${op.accountName} `
        + `(${answered}); it may have finished long ago.`, { statusCode: status, ...ids });
    case status === 409 && (op.kind === 'regenerateKey' || op.kind === 'watchRegeneration' || op.kind === 'updateAccount' || op.kind === 'createRoleAssignment'):
      return fail('conflict', code, `Another operation is running on ${op.accountName}, so Azure did not ${doing.replace(/^regenerate/, 'start regenerating')} `
        + `(${answered}). Azure runs one key regeneration (or account update) at a time: wait for it to finish, then try again.${azureSaid}`,
      { statusCode: status, ...ids });
    case status === 404 && /^SubscriptionNotFound$/i.test(code):
      return fail('notFound', code, `Subscription ${'subscriptionId' in op ? `${op.subscriptionId} ` : ''}was not found (${answered}): `
        + 'it may have been deleted, moved to another directory, or belong to another cloud.', { statusCode: status, ...ids });
    case status === 404:
      return fail('notFound', code, `Not found when trying to ${doing} (${answered}).${azureSaid}`, { statusCode: status, ...ids });
    case status === 429:
      return fail('throttled', code, `Azure Resource Manager throttled the requests to ${doing} (${answered}) and retries did not help. `
        + 'Wait a minute, then refresh.', { statusCode: status, ...ids });
    case status >= 500:
      return fail('server', code, `Azure Resource Manager failed to ${doing} (${answered}), also after retries. Try again later.`,
        { statusCode: status, ...ids });
    default:
      return fail('other', code, `Azure Resource Manager refused to ${doing} (${answered}).${azureSaid}`, { statusCode: status, ...ids });
  }
}

/**
 * Evidence that could not be read, for the posture rules that needed it: the failure's message, and the RBAC action
 * when Azure refused for want of it (a 403 AuthorizationFailed), so the rule says "missing permission X".
 */
export function unreadableEvidence(failure: ArmFailure, op: ArmOperation): UnreadableEvidence {
  const forbidden = failure.kind === 'forbidden' && /^(AuthorizationFailed|LinkedAuthorizationFailed|Forbidden)$/i.test(failure.code);
  return { status: 'unreadable', message: failure.message, ...(forbidden ? { missingPermission: REQUIRED_PERMISSION[op.kind] } : {}) };
}
