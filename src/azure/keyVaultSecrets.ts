// Writes a new connection string into a Key Vault secret (@azure/keyvault-secrets), for the guided rotation's "give
// your applications the new key" step. The vault comes from its name and the subscription's cloud
// (`<name>.vault.azure.net`, `.vault.usgovcloudapi.net`, `.vault.azure.cn`, or a custom cloud's suffix from VS
// Code's environment); the token comes from the subscription's scoped credential, for the scope Key Vault's own
// challenge names. A custom ARM endpoint with a static token has no Key Vault: that token never goes anywhere else.
import type { TokenCredential } from '@azure/core-auth';
import { SecretClient } from '@azure/keyvault-secrets';
import { maskSecrets } from '../core/masking/maskSecrets';
import { validateSecretName, validateVaultName } from '../core/remediation';
import { type ArmCloud } from './armCloud';
import { isAbortError } from './requestSignal';

export type KeyVaultAvailability =
  | { readonly available: true; readonly dnsSuffix: string }
  | { readonly available: false; readonly reason: string };

/** Whether secrets can be written for subscriptions of `cloud` (with a credential that may get a Key Vault token). */
export function keyVaultAvailability(cloud: ArmCloud, credential: TokenCredential | undefined): KeyVaultAvailability {
  if (!cloud.keyVaultDnsSuffix || !credential) {
    return { available: false, reason: `Key Vault is not available with the custom ARM endpoint ${cloud.resourceManagerEndpoint}: its static token is `
      + 'sent to that endpoint only, and it serves no Key Vault. Copy the connection string instead, or clear cosmosGuard.azure.armEndpoint '
      + 'to use your Azure sign-in.' };
  }
  return { available: true, dnsSuffix: cloud.keyVaultDnsSuffix };
}

/** `https://<vault>.<suffix>` for a valid vault name; throws with the naming rule that is broken. */
export function vaultUrl(vaultName: string, dnsSuffix: string): string {
  const name = vaultName.trim();
  const problem = validateVaultName(name);
  if (problem) throw new Error(problem);
  return `https://${name.toLowerCase()}.${dnsSuffix.replace(/^\.+/, '')}`;
}

export interface WrittenSecret {
  /** The new version's id: `https://<vault>/secrets/<name>/<version>` (no value). */
  readonly id: string;
  readonly version: string;
}

export interface KeyVaultWriterOptions {
  readonly userAgentPrefix: string;
  /** Tests only: a private CA for a local stand-in, and turning off the check that the challenge's resource is the vault's domain. */
  readonly caPem?: string;
  readonly disableChallengeResourceVerification?: boolean;
}

/** A Key Vault write failed; the message says why in plain words and never holds the value. */
export class KeyVaultWriteError extends Error {
  override readonly name = 'KeyVaultWriteError';
  constructor(message: string, readonly statusCode?: number, readonly code?: string) {
    super(maskSecrets(message));
  }
}

interface ErrorLike { statusCode?: unknown; code?: unknown; message?: unknown; details?: unknown }

/** One line for people from whatever the SDK threw. */
export function describeKeyVaultFailure(error: unknown, vault: string, secretName: string): KeyVaultWriteError {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const said = typeof e.message === 'string' ? e.message.replace(/\s+/g, ' ').trim().slice(0, 300) : '';
  const where = `secret "${secretName}" in Key Vault ${vault}`;
  const answered = status ? ` (${status}${code ? ` ${code}` : ''})` : code ? ` (${code})` : '';
  if (status === 401 || status === 403) {
    return new KeyVaultWriteError(`Key Vault refused to write ${where}${answered}: you need the Key Vault Secrets Officer role on the vault `
      + `(or an access policy that allows Set on secrets). ${said}`.trim(), status, code);
  }
  if (status === 409) {
    return new KeyVaultWriteError(`Could not write ${where}${answered}: a deleted secret with that name is waiting to be recovered or purged. `
      + 'Recover or purge it, or choose another name.', status, code);
  }
  if (status === undefined && code && /ENOTFOUND|EAI_AGAIN/.test(code)) {
    return new KeyVaultWriteError(`No Key Vault answers at ${vault}${answered}: check the vault's name and that it is in this cloud.`, status, code);
  }
  return new KeyVaultWriteError(`Could not write ${where}${answered}${said ? `: ${said}` : '.'}`, status, code);
}

/** Writes secrets; one SecretClient per vault and credential, built per write (writes are rare). */
export class KeyVaultSecretWriter {
  constructor(private readonly options: KeyVaultWriterOptions) {}

  /**
   * Adds a new version of `secretName` holding `value`, tagged the way Key Vault's dual-key rotation samples tag
   * Cosmos DB credentials (`CredentialId` = the key kind, `ProviderAddress` = the account's resource id).
   */
  async write(input: {
    readonly vaultUrl: string; readonly credential: TokenCredential; readonly secretName: string; readonly value: string;
    readonly tags?: Readonly<Record<string, string>>; readonly signal?: AbortSignal;
  }): Promise<WrittenSecret> {
    const problem = validateSecretName(input.secretName);
    if (problem) throw new KeyVaultWriteError(problem);
    const client = new SecretClient(input.vaultUrl, input.credential, {
      userAgentOptions: { userAgentPrefix: this.options.userAgentPrefix },
      retryOptions: { maxRetries: 3 },
      ...(this.options.caPem ? { tlsOptions: { ca: this.options.caPem } } : {}),
      ...(this.options.disableChallengeResourceVerification ? { disableChallengeResourceVerification: true } : {}),
    });
    try {
      const secret = await client.setSecret(input.secretName, input.value, {
        contentType: 'text/plain', ...(input.tags ? { tags: { ...input.tags } } : {}), ...(input.signal ? { abortSignal: input.signal } : {}),
      });
      // The answer carries the value too: only the id and version leave this function.
      return { id: secret.properties.id ?? `${input.vaultUrl}/secrets/${input.secretName}`, version: secret.properties.version ?? '' };
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw describeKeyVaultFailure(error, input.vaultUrl, input.secretName);
    }
  }
}
