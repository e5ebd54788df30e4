// The work behind `cosmos-guard local-auth` and `cosmos-guard roles grant`: one change on the way to Microsoft Entra
// ID, through the same Azure layer as the extension (re-read right before sending, never a duplicate assignment, every
// step under a time limit). Outcomes are plain data; the commands word them and pick the exit code.
import { type ArmCloud } from '../azure/armCloud';
import { type CosmosClientFactory } from '../azure/cosmosClientFactory';
import { DataPlaneRoles, type GrantOutcome, type GrantRequest, type KeylessTarget } from '../azure/dataPlaneRoles';
import { KeylessOperationError, type KeylessErrorReason } from '../azure/keylessOperationError';
import { LocalAuthSwitch, type LocalAuthOutcome } from '../azure/localAuthSwitch';
import { isAbortError } from '../azure/requestSignal';
import { type AccountSnapshot } from '../core/posture';
import { setUpAccountRun } from './accountRun';

export interface ChangeRunOptions {
  readonly cloud: ArmCloud;
  readonly accountId: string;
  readonly env: NodeJS.ProcessEnv;
  readonly userAgentPrefix: string;
  readonly signal?: AbortSignal;
  /** Called as each step starts: checking, sending, waiting, done. */
  readonly onProgress?: (step: 'checking' | 'sending' | 'waiting' | 'done') => void;
}

export type ChangeOutcome<T> =
  | { readonly status: 'done'; readonly result: T }
  | { readonly status: 'failed'; readonly reason: KeylessErrorReason; readonly message: string }
  | { readonly status: 'interrupted'; readonly sent: boolean };

interface Run {
  readonly credentialSource: string;
  readonly requestCount: () => number;
}

async function setUp(options: ChangeRunOptions): Promise<{ factory: CosmosClientFactory; target: KeylessTarget; run: Run }> {
  const { factory, target, credentialSource } = await setUpAccountRun(options);
  return { factory, target, run: { credentialSource, requestCount: () => factory.requestCount } };
}

async function outcomeOf<T>(work: () => Promise<T>, sent: () => boolean, signal?: AbortSignal): Promise<ChangeOutcome<T>> {
  try {
    return { status: 'done', result: await work() };
  } catch (error) {
    if (signal?.aborted && isAbortError(error)) return { status: 'interrupted', sent: sent() };
    if (error instanceof KeylessOperationError) return { status: 'failed', reason: error.reason, message: error.failure.message };
    throw error;
  }
}

export async function runLocalAuth(options: ChangeRunOptions & { readonly disable: boolean; readonly onChecked?: (account: AccountSnapshot) => void }):
  Promise<ChangeOutcome<LocalAuthOutcome> & Run> {
  const { factory, target, run } = await setUp(options);
  let sent = false;
  const outcome = await outcomeOf(() => new LocalAuthSwitch(factory).setLocalAuth(target, options.disable, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onChecked ? { onChecked: options.onChecked } : {}),
    onProgress: (step) => {
      if (step === 'sending') sent = true;
      options.onProgress?.(step);
    },
  }), () => sent, options.signal);
  return { ...outcome, ...run };
}

export async function runGrant(options: ChangeRunOptions & { readonly request: GrantRequest }): Promise<ChangeOutcome<GrantOutcome> & Run> {
  const { factory, target, run } = await setUp(options);
  let sent = false;
  const outcome = await outcomeOf(() => new DataPlaneRoles(factory).grant(target, options.request, {
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (step) => {
      if (step === 'sending') sent = true;
      options.onProgress?.(step);
    },
  }), () => sent, options.signal);
  return { ...outcome, ...run };
}
