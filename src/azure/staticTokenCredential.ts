import type { AccessToken, TokenCredential } from '@azure/core-auth';

/** The variable a static ARM bearer token is read from (CI, the emulator demo, tests). */
export const ARM_TOKEN_ENV = 'COSMOS_GUARD_ARM_TOKEN';

/**
 * A `TokenCredential` that hands out one fixed bearer token, whatever scope is asked for. Used only with a custom
 * ARM endpoint or `COSMOS_GUARD_ARM_TOKEN`: a Microsoft sign-in is never turned into one of these, so a redirected
 * endpoint can only ever see the token the user put there.
 */
export class StaticTokenCredential implements TokenCredential {
  constructor(private readonly token: string) {
    if (!token.trim()) throw new Error('The static ARM token is empty.');
  }

  getToken(): Promise<AccessToken> {
    // One hour ahead, refreshed on every call: the token never changes, so "expiry" only keeps the policy calm.
    return Promise.resolve({ token: this.token.trim(), expiresOnTimestamp: Date.now() + 3_600_000 });
  }
}
