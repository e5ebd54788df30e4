// Who the signed-in principal is, from the claims of its access token — so the key-read history can tell the
// user's own key reads from everyone else's. Only a few identity claims are read; the token itself is never
// kept, logged or returned. A token that is not a JWT (a static token of a custom endpoint) gives `undefined`:
// the identity is then unknown, and callers say so rather than guess.
import { decodeBase64 } from '../detection/base64';
import { type KeyAccessEvent } from './keyAccessEvents';

export interface SignedInPrincipal {
  readonly kind: 'user' | 'application';
  /** Microsoft Entra object id (`oid`). */
  readonly objectId?: string;
  /** A user's sign-in name (`upn`, `unique_name` or `preferred_username` when it is one). */
  readonly upn?: string;
  /** The application (client) id for an application's token (`appid`/`azp`). */
  readonly applicationId?: string;
}

/** Access tokens are a few kilobytes; anything far larger is not one and is not decoded. */
const MAX_TOKEN_LENGTH = 64 * 1024;

function claimText(claims: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = claims[name];
    if (typeof value === 'string' && value.trim() && value.length <= 512) return value.trim();
  }
  return undefined;
}

/** The claims of a JWT's payload, or undefined when `token` is not a JWT. The signature is not (and need not be) checked. */
function jwtClaims(token: string): Record<string, unknown> | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  const bytes = decodeBase64(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
  if (!bytes) return undefined;
  try {
    const payload: unknown = JSON.parse(new TextDecoder('utf-8').decode(bytes));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? payload as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

export function principalFromAccessToken(token: string): SignedInPrincipal | undefined {
  const claims = jwtClaims(token);
  if (!claims) return undefined;
  const objectId = claimText(claims, ['oid']);
  const name = claimText(claims, ['upn', 'unique_name', 'preferred_username', 'email']);
  const upn = name?.includes('@') ? name : undefined;
  const applicationId = claimText(claims, ['appid', 'azp']);
  if (!objectId && !upn && !applicationId) return undefined;
  const kind = claimText(claims, ['idtyp'])?.toLowerCase() === 'app' || (!upn && !claimText(claims, ['scp'])) ? 'application' : 'user';
  return { kind, ...(objectId ? { objectId } : {}), ...(upn ? { upn } : {}), ...(kind === 'application' && applicationId ? { applicationId } : {}) };
}

const same = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** Whether an Activity Log entry was made by the signed-in principal (object id, else sign-in name, else application id). */
export function isSignedInPrincipal(event: Pick<KeyAccessEvent, 'caller' | 'callerKind' | 'objectId' | 'applicationId'>, principal: SignedInPrincipal): boolean {
  if (event.objectId !== undefined && principal.objectId !== undefined) return same(event.objectId, principal.objectId);
  if (principal.upn !== undefined && event.callerKind === 'user') return same(event.caller, principal.upn);
  if (principal.kind === 'application' && principal.applicationId !== undefined) return same(event.applicationId, principal.applicationId);
  return false;
}
