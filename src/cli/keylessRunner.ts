// The work behind `cosmos-guard keyless`: everything that tells whether an account can stop accepting keys — the
// account (key usage, disableLocalAuth, API), who read its keys (Activity Log), its data-plane role assignments and the
// key-authenticated requests in its Log Analytics logs — and the readiness verdict. Reads only: no PATCH, no PUT,
// never a key.
import { readAccountEvidence, type AccountEvidence } from '../azure/accountEvidence';
import { type ArmCloud } from '../azure/armCloud';
import { KeylessOperationError } from '../azure/keylessOperationError';
import { LocalAuthSwitch } from '../azure/localAuthSwitch';
import { keylessReadiness, type KeylessReadiness } from '../core/keyless';
import { DEFAULT_KEY_READ_DAYS, type AccountSnapshot } from '../core/posture';
import { setUpAccountRun } from './accountRun';

export interface KeylessRunOptions {
  readonly cloud: ArmCloud;
  readonly accountId: string;
  readonly env: NodeJS.ProcessEnv;
  readonly userAgentPrefix: string;
  readonly signal?: AbortSignal;
  readonly now?: number;
}

export interface KeylessOutcome {
  readonly accountId: string;
  readonly accountName: string;
  /** Undefined when the account could not be read (`accountError` says why). */
  readonly account?: AccountSnapshot;
  readonly accountError?: string;
  readonly evidence: AccountEvidence;
  readonly keyReadDays: number;
  readonly readiness?: KeylessReadiness;
  readonly credentialSource: string;
  readonly requestCount: number;
  readonly durationMs: number;
}

export async function runKeyless(options: KeylessRunOptions): Promise<KeylessOutcome> {
  const started = Date.now();
  const now = options.now ?? Date.now();
  const { factory, target, credentialSource: source } = await setUpAccountRun(options);
  const { accountName } = target;
  const [account, evidence] = await Promise.all([
    new LocalAuthSwitch(factory).readAccount(target, options.signal).then((snapshot) => ({ snapshot }), (error: unknown) => {
      if (!(error instanceof KeylessOperationError)) throw error;
      return { error: error.failure.message };
    }),
    readAccountEvidence(factory, target, { keyAccessDays: DEFAULT_KEY_READ_DAYS, dataAccess: true }, { now, ...(options.signal ? { signal: options.signal } : {}) }),
  ]);
  const snapshot = 'snapshot' in account ? account.snapshot : undefined;
  return {
    accountId: options.accountId, accountName, evidence, keyReadDays: DEFAULT_KEY_READ_DAYS,
    ...(snapshot ? { account: snapshot, readiness: keylessReadiness({ snapshot, now, keyReadDays: DEFAULT_KEY_READ_DAYS,
      ...(evidence.keyAccess ? { keyAccess: evidence.keyAccess } : {}), ...(evidence.dataAccess ? { dataAccess: evidence.dataAccess } : {}) }) }
      : { accountError: 'error' in account ? account.error : 'not read' }),
    credentialSource: source, requestCount: factory.requestCount, durationMs: Date.now() - started,
  };
}
