// Credentials for the CLI's Azure commands (`posture`, `rotate`, `scan --verify`) outside VS Code: COSMOS_GUARD_ARM_TOKEN when set (CI, the emulator), used
// as is; otherwise @azure/identity's DefaultAzureCredential (environment service principal, workload identity,
// managed identity, Azure CLI, Azure Developer CLI, Azure PowerShell). @azure/identity is loaded only when needed.
import type { TokenCredential } from '@azure/core-auth';
import { ARM_TOKEN_ENV, StaticTokenCredential } from '../azure/staticTokenCredential';

export interface CliCredential {
  readonly credential: TokenCredential;
  /** For the summary line: where the token comes from. */
  readonly source: string;
}

export async function cliCredential(env: NodeJS.ProcessEnv): Promise<CliCredential> {
  const token = env[ARM_TOKEN_ENV];
  if (token !== undefined && token.trim() !== '') return { credential: new StaticTokenCredential(token), source: ARM_TOKEN_ENV };
  const { DefaultAzureCredential } = await import('@azure/identity');
  return { credential: new DefaultAzureCredential(), source: 'DefaultAzureCredential' };
}
