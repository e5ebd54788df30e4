// The work behind `cosmos-guard rotate`: regenerate one key of one account with the same Azure layer as the
// extension, wait for the long-running operation, and read the account back for the key's new generation time.
// Never reads, prints or returns a key.
import { type ArmCloud } from '../azure/armCloud';
import { CosmosClientFactory } from '../azure/cosmosClientFactory';
import { DEFAULT_POLL_INTERVAL_MS, KeyOperationError, KeyOperations, type AccountTarget } from '../azure/keyOperations';
import { isAbortError } from '../azure/requestSignal';
import { parseAccountId } from '../core/posture';
import { keyKindInfo, recentPartnerRegeneration, type KeyKind } from '../core/rotation';
import { cliCredential } from './cliCredential';

export interface RotateRunOptions {
  readonly cloud: ArmCloud;
  /** The account's resource id (already validated by the command). */
  readonly accountId: string;
  readonly keyKind: KeyKind;
  readonly env: NodeJS.ProcessEnv;
  readonly userAgentPrefix: string;
  /** Stops waiting (SIGINT); the regeneration goes on in Azure. */
  readonly signal?: AbortSignal;
  readonly pollIntervalMs?: number;
  /** Called once Azure has accepted the request. */
  readonly onAccepted?: () => void;
  /** A partner regenerated less than this many minutes ago stops the run (0: no check). */
  readonly pairCooldownMinutes: number;
  /** Go on even when the partner was regenerated within the cooldown. */
  readonly allowRecentPartner: boolean;
}

export type RotateOutcome =
  | { readonly status: 'succeeded'; readonly accountName: string; readonly generationTime: string | undefined; readonly durationMs: number;
    readonly credentialSource: string; readonly requestCount: number }
  /** Azure refused the request or the operation failed; `message` is Azure's reason in plain words. */
  | { readonly status: 'failed'; readonly accountName: string; readonly code: string; readonly message: string; readonly accepted: boolean;
    readonly credentialSource: string; readonly requestCount: number }
  /** The caller stopped waiting after Azure accepted the request. */
  | { readonly status: 'interrupted'; readonly accountName: string; readonly accepted: boolean }
  /** Nothing was sent: the key's partner was regenerated `minutesAgo` minutes ago (at `at`), within the cooldown. */
  | { readonly status: 'recentPartner'; readonly accountName: string; readonly partner: KeyKind; readonly at: string; readonly minutesAgo: number };

export async function runRotate(options: RotateRunOptions): Promise<RotateOutcome> {
  const started = Date.now();
  const { subscriptionId, resourceGroup, accountName } = parseAccountId(options.accountId);
  const { credential, source } = await cliCredential(options.env);
  const factory = new CosmosClientFactory({ userAgentPrefix: options.userAgentPrefix });
  const operations = new KeyOperations(factory, { pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS });
  const target: AccountTarget = { subscriptionId, resourceGroup, accountName, cloud: options.cloud, credential };
  let accepted = false;
  try {
    // The last look before sending: both keys of a pair must not change close together.
    if (options.pairCooldownMinutes > 0 && !options.allowRecentPartner) {
      const current = await operations.readAccount(target, options.signal);
      const recent = recentPartnerRegeneration(current.keysMetadata, options.keyKind, Date.now(), options.pairCooldownMinutes);
      if (recent) return { status: 'recentPartner', accountName: current.name, partner: recent.partner, at: recent.at, minutesAgo: recent.minutesAgo };
    }
    const handle = await operations.startRegeneration(target, options.keyKind, options.signal);
    accepted = true;
    options.onAccepted?.();
    await handle.wait(options.signal);
    const account = await operations.readAccount(target, options.signal);
    return { status: 'succeeded', accountName: account.name, generationTime: account.keysMetadata[keyKindInfo(options.keyKind).keyName],
      durationMs: Date.now() - started, credentialSource: source, requestCount: factory.requestCount };
  } catch (error) {
    if (isAbortError(error) && options.signal?.aborted) return { status: 'interrupted', accountName, accepted };
    if (error instanceof KeyOperationError) {
      return { status: 'failed', accountName, code: error.failure.code, message: error.failure.message, accepted, credentialSource: source,
        requestCount: factory.requestCount };
    }
    throw error;
  }
}
