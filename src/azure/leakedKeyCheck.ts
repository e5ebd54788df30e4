// "Which key leaked?" against Azure: for each leaked secret, the accounts it may belong to (chosen by the caller:
// the accounts answering on the host found with it, or accounts the user picked) have their keys read — once per
// account, only those accounts — and compared in memory (SHA-256 digests, constant time, src/core/rotation).
// The keys read are dropped when the comparisons are done; only "which kind of key of which account" comes back.
import { matchKey, type AccountKeys, type KeyKind } from '../core/rotation';
import { type ArmFailure } from './armFailure';
import { KeyOperationError, type AccountTarget, type KeyOperations } from './keyOperations';
import { RequestLimiter } from './requestLimiter';
import { isAbortError, OperationCancelledError } from './requestSignal';

/** An account a secret may belong to. */
export interface CandidateAccount extends AccountTarget {
  readonly accountId: string;
}

export interface LeakedKeyCheck {
  /** The decoded secret (a key), held only while this check runs. */
  readonly secret: string;
  readonly accounts: readonly CandidateAccount[];
}

export interface LeakedKeyMatch {
  readonly accountId: string;
  readonly accountName: string;
  readonly keyKind: KeyKind;
}

export interface LeakedKeyOutcome {
  /** The account key the secret is, if it is a current key of one of its accounts. */
  readonly match?: LeakedKeyMatch;
  /** Accounts compared (fully or, see `readOnlyOnly`, in part). */
  readonly checked: readonly string[];
  /** Accounts where only the read-only keys could be read (no listKeys permission, readonlykeys allowed). */
  readonly readOnlyOnly: readonly string[];
  /** Accounts whose keys could not be read, with why. */
  readonly failures: readonly { readonly accountId: string; readonly accountName: string; readonly failure: ArmFailure }[];
}

type KeysResult = { readonly keys: AccountKeys; readonly readOnlyOnly: boolean } | { readonly failure: ArmFailure };

export async function checkLeakedKeys(checks: readonly LeakedKeyCheck[], operations: Pick<KeyOperations, 'currentKeys'>,
  options: { readonly signal?: AbortSignal; readonly maxConcurrentRequests?: number } = {}): Promise<LeakedKeyOutcome[]> {
  const accounts = new Map<string, CandidateAccount>();
  for (const check of checks) for (const a of check.accounts) accounts.set(a.accountId.toLowerCase(), a);
  const limiter = new RequestLimiter(options.maxConcurrentRequests ?? 4);
  const keys = new Map<string, KeysResult>();
  try {
    await Promise.all([...accounts].map(async ([id, account]) => {
      try {
        keys.set(id, await limiter.run(() => operations.currentKeys(account, options.signal), { signal: options.signal }));
      } catch (error) {
        if (options.signal?.aborted || isAbortError(error)) throw new OperationCancelledError();
        if (!(error instanceof KeyOperationError)) throw error;
        keys.set(id, { failure: error.failure });
      }
    }));
    return checks.map((check) => {
      let match: LeakedKeyMatch | undefined;
      const checked: string[] = [];
      const readOnlyOnly: string[] = [];
      const failures: { accountId: string; accountName: string; failure: ArmFailure }[] = [];
      for (const account of check.accounts) {
        const result = keys.get(account.accountId.toLowerCase())!;
        if ('failure' in result) {
          failures.push({ accountId: account.accountId, accountName: account.accountName, failure: result.failure });
          continue;
        }
        checked.push(account.accountName);
        if (result.readOnlyOnly) readOnlyOnly.push(account.accountName);
        const kind = matchKey(check.secret, result.keys);
        if (kind && !match) match = { accountId: account.accountId, accountName: account.accountName, keyKind: kind };
      }
      return { ...(match ? { match } : {}), checked, readOnlyOnly, failures };
    });
  } finally {
    // Nothing read here outlives the comparison.
    keys.clear();
  }
}
