// Turns whatever an ARM call threw into one precise, masked, user-facing line. @azure/arm-cosmosdb 17 loses ARM's
// own error message on paged operations ("Pagination failed with unexpected statusCode 403": only statusCode and
// code survive, plus the response headers), and every call posture makes is paged, so the messages are built here
// from the status, the code and what we were doing.
import { maskSecrets } from '../core/masking/maskSecrets';
import { isAbortError } from './requestSignal';

export type ArmFailureKind =
  | 'forbidden' | 'unauthenticated' | 'challenge' | 'notFound' | 'throttled' | 'server' | 'timeout' | 'network' | 'tls' | 'credential' | 'other';

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

/** What was being done, for the message. */
export type ArmOperation =
  | { readonly kind: 'listAccounts'; readonly subscriptionId: string }
  | { readonly kind: 'notebookLookup'; readonly subscriptionId: string; readonly accountName: string }
  | { readonly kind: 'listSubscriptions'; readonly endpoint: string };

/** The RBAC action each operation needs: a 403 names it. */
const REQUIRED_PERMISSION: Readonly<Record<ArmOperation['kind'], string>> = {
  listAccounts: 'Microsoft.DocumentDB/databaseAccounts/read',
  notebookLookup: 'Microsoft.DocumentDB/databaseAccounts/notebookWorkspaces/read',
  listSubscriptions: 'Microsoft.Resources/subscriptions/read',
};

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
  }
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
    return fail('timeout', 'Timeout', `No answer from ${hostOf(e, options.endpoint ?? (op.kind === 'listSubscriptions' ? op.endpoint : undefined))} within ${seconds === undefined ? 'the time limit' : `${seconds} s`} `
      + `while trying to ${doing}.`);
  }
  if (CREDENTIAL_ERRORS.has(name)) {
    return fail('credential', name, `Could not get an Azure token to ${doing}: ${typeof e.message === 'string' ? e.message : name}`);
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
          + 'Ask for the Reader or Cosmos DB Account Reader role on it.', { statusCode: status, ...ids });
      }
      return fail('forbidden', code, `Azure refused to ${doing} (${answered}); a policy or a disabled subscription can cause this.`,
        { statusCode: status, ...ids });
    case status === 404 && /^SubscriptionNotFound$/i.test(code):
      return fail('notFound', code, `Subscription ${op.kind === 'listSubscriptions' ? '' : `${op.subscriptionId} `}was not found (${answered}): `
        + 'it may have been deleted, moved to another directory, or belong to another cloud.', { statusCode: status, ...ids });
    case status === 404:
      return fail('notFound', code, `Not found when trying to ${doing} (${answered}).`, { statusCode: status, ...ids });
    case status === 429:
      return fail('throttled', code, `Azure Resource Manager throttled the requests to ${doing} (${answered}) and retries did not help. `
        + 'Wait a minute, then refresh.', { statusCode: status, ...ids });
    case status >= 500:
      return fail('server', code, `Azure Resource Manager failed to ${doing} (${answered}), also after retries. Try again later.`,
        { statusCode: status, ...ids });
    default:
      return fail('other', code, `Azure Resource Manager refused to ${doing} (${answered}).`, { statusCode: status, ...ids });
  }
}
