// Who is signed in, as far as the ARM token tells: read from the claims of the token the credential hands out for
// the cloud's Resource Manager scope (the same one every request carries). The token is never kept or logged.
import type { TokenCredential } from '@azure/core-auth';
import { principalFromAccessToken, type SignedInPrincipal } from '../core/activityLog';
import { armTokenScope, type ArmCloud } from './armCloud';

export type SignedInIdentity = { readonly principal: SignedInPrincipal } | { readonly unknownReason: string };

export async function signedInIdentity(credential: TokenCredential, cloud: Pick<ArmCloud, 'resourceManagerEndpoint'>,
  signal?: AbortSignal): Promise<SignedInIdentity> {
  try {
    const token = await credential.getToken(armTokenScope(cloud), signal ? { abortSignal: signal } : {});
    if (!token) return { unknownReason: 'no token was available' };
    const principal = principalFromAccessToken(token.token);
    return principal ? { principal } : { unknownReason: 'the ARM token is not a JWT, so it names nobody' };
  } catch (error) {
    return { unknownReason: `no token: ${error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : String(error)}` };
  }
}
