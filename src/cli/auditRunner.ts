// The work behind `cosmos-guard audit`: one account's key history — every listKeys, readonlykeys,
// listConnectionStrings and regenerateKey in the Activity Log of the last N days — and each key's generation and last
// use, with the same Azure layer as the extension. Reads only; never lists keys.
import { readAccountEvidence } from '../azure/accountEvidence';
import { withinTimeLimit } from '../azure/requestSignal';
import { type ArmCloud } from '../azure/armCloud';
import { KeyOperationError, KeyOperations } from '../azure/keyOperations';
import { type KeyAccessEvent, type SignedInPrincipal } from '../core/activityLog';
import { type AccountSnapshot } from '../core/posture';
import { setUpAccountRun } from './accountRun';

export interface AuditRunOptions {
  readonly cloud: ArmCloud;
  readonly accountId: string;
  readonly days: number;
  readonly env: NodeJS.ProcessEnv;
  readonly userAgentPrefix: string;
  readonly signal?: AbortSignal;
  readonly now?: number;
}

export interface AuditOutcome {
  readonly accountId: string;
  readonly accountName: string;
  readonly days: number;
  /** The account as read (keys' generation and last use), or undefined when it could not be read. */
  readonly account?: AccountSnapshot;
  readonly accountError?: string;
  /** Newest first; undefined when the Activity Log could not be read. */
  readonly events?: readonly KeyAccessEvent[];
  readonly logError?: string;
  readonly truncated: boolean;
  readonly signedIn?: SignedInPrincipal;
  readonly signedInUnknownReason?: string;
  readonly credentialSource: string;
  readonly requestCount: number;
  readonly durationMs: number;
}

export async function runAudit(options: AuditRunOptions): Promise<AuditOutcome> {
  const started = Date.now();
  const now = options.now ?? Date.now();
  const { factory, target, credentialSource: source } = await setUpAccountRun(options);
  const { accountName } = target;
  const timeout = () => withinTimeLimit(options.signal, 60_000);
  const [account, evidence] = await Promise.all([
    new KeyOperations(factory).readAccount(target, timeout()).then((snapshot) => ({ snapshot }), (error: unknown) => {
      if (options.signal?.aborted) throw error;
      return { error: error instanceof KeyOperationError ? error.failure.message : error instanceof Error ? error.message : String(error) };
    }),
    readAccountEvidence(factory, target, { keyAccessDays: options.days }, { now, ...(options.signal ? { signal: options.signal } : {}) }),
  ]);
  const access = evidence.keyAccess;
  return {
    accountId: options.accountId, accountName, days: options.days,
    ...('snapshot' in account ? { account: account.snapshot } : { accountError: account.error }),
    ...(access?.status === 'read'
      ? { events: access.events, truncated: access.truncated, ...(access.signedIn ? { signedIn: access.signedIn } : {}),
        ...(access.signedInUnknownReason ? { signedInUnknownReason: access.signedInUnknownReason } : {}) }
      : { logError: access?.message ?? 'The Activity Log was not read.', truncated: false }),
    credentialSource: source, requestCount: factory.requestCount, durationMs: Date.now() - started,
  };
}
