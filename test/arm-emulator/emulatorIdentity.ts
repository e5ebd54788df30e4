// Who calls the emulator: its default bearer token (a JWT-shaped token naming a demo user, so the key-read history
// can tell "you" from others) and the caller the Activity Log records for a request, read from that token's claims.
import { principalObjectId } from './activityLogBook';
import { type EmulatorCaller } from './armHttp';

/** The signed-in user the demo token names (and the emulator's Activity Log records as the caller). */
export const DEMO_USER = { upn: 'developer@contoso.com', objectId: principalObjectId('developer@contoso.com'), applicationId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46' };

/**
 * An unsigned token shaped like Microsoft Entra's (a JWT whose claims name a principal), built at run time so no
 * token-shaped literal sits in the repository. Only the emulator accepts it, and it checks no signature.
 */
export function unsignedJwt(claims: Readonly<Record<string, unknown>>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o), 'utf8').toString('base64url');
  return `${part({ typ: 'JWT', alg: 'none' })}.${part(claims)}.emulator`;
}

/**
 * The bearer token the emulator accepts unless told otherwise: a JWT-shaped token naming DEMO_USER, so the key-read
 * history can tell "you" from others. Not a secret: it opens nothing but the emulator.
 */
export const DEMO_ARM_TOKEN = unsignedJwt({ aud: 'https://management.azure.com', oid: DEMO_USER.objectId, upn: DEMO_USER.upn,
  name: 'Demo Developer', appid: DEMO_USER.applicationId, scp: 'user_impersonation', idtyp: 'user' });

/** Who a request comes from: the token's claims when it is a JWT, else the scenario's principal (an application). */
export function callerOf(token: string, principal: { readonly clientId: string; readonly objectId: string }): EmulatorCaller {
  const payload = token.split('.').length === 3 ? token.split('.')[1]! : undefined;
  let claims: Record<string, unknown> = {};
  try {
    claims = payload ? JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown> : {};
  } catch {
    claims = {};
  }
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const upn = text(claims.upn);
  return { kind: upn ? 'user' : 'application', objectId: text(claims.oid) ?? principal.objectId, applicationId: text(claims.appid) ?? principal.clientId,
    ...(upn ? { upn } : {}) };
}
