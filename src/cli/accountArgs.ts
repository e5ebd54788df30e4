// The arguments every Azure command of the CLI shares: one ACCOUNT_RESOURCE_ID, and --arm-endpoint (the public cloud
// when absent, a sovereign cloud by its endpoint, else a custom endpoint such as the emulator). Mistakes are usage
// errors (exit 2) that name the command.
import { ArmEndpointError, AZURE_PUBLIC_CLOUD, cloudForEndpoint, type ArmCloud } from '../azure/armCloud';
import { InvalidAccountIdError, parseAccountId, type AccountIdParts } from '../core/posture';
import { UsageError } from './argParser';

/** The one account id among `positionals` (validated), with its parts. */
export function accountArg(positionals: readonly string[], command: string): AccountIdParts & { readonly accountId: string } {
  if (positionals.length === 0) throw new UsageError('missing ACCOUNT_RESOURCE_ID (the account\'s resource id)', command);
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]!}' (${command} takes one account)`, command);
  const accountId = positionals[0]!.trim().replace(/\/$/, '');
  try {
    return { accountId, ...parseAccountId(accountId) };
  } catch (e) {
    if (e instanceof InvalidAccountIdError) throw new UsageError(e.message, command);
    throw e;
  }
}

export function cloudArg(endpoint: string | undefined, command: string): ArmCloud {
  if (endpoint === undefined) return AZURE_PUBLIC_CLOUD;
  try {
    return cloudForEndpoint(endpoint);
  } catch (e) {
    if (e instanceof ArmEndpointError) throw new UsageError(`--arm-endpoint: ${e.message}`, command);
    throw e;
  }
}

/** Runs `work` with an AbortSignal that Ctrl+C fires. */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
  }
}
