// The work behind `cosmos-guard scan --verify`: which findings are a current key of an account the credential can
// list. Findings are matched to accounts by the endpoint host found with them; only the matched accounts' keys are
// read (listKeys, once per account), compared in memory and dropped. A finding without a host, or whose host no
// listed account answers on, is `null` without any key being read: checking a bare key would mean reading the keys
// of every account, which --verify does not do. vCore passwords are not account keys: always `null`.
import fs from 'node:fs';
import path from 'node:path';
import { discoverAccounts } from '../azure/accountDiscovery';
import { type ArmCloud } from '../azure/armCloud';
import { ArmDirectory } from '../azure/armDirectory';
import { describeArmFailure } from '../azure/armFailure';
import { type ArmSubscription } from '../azure/armSubscription';
import { CosmosClientFactory } from '../azure/cosmosClientFactory';
import { KeyOperations } from '../azure/keyOperations';
import { checkLeakedKeys, type CandidateAccount, type LeakedKeyCheck } from '../azure/leakedKeyCheck';
import { isAbortError } from '../azure/requestSignal';
import { extractSecret, type Finding } from '../core/detection';
import { type AccountSnapshot } from '../core/posture';
import { accountsForHost, type KeyKind } from '../core/rotation';
import { decodeFileBytes } from '../core/scan';
import { cliCredential } from './cliCredential';

/** What a JSON finding's `verified` holds: the account and key the secret is, or null. */
export type Verified = { readonly account: string; readonly keyKind: KeyKind } | null;

export interface VerifyRunOptions {
  readonly cloud: ArmCloud;
  /** The folder finding paths are relative to. */
  readonly base: string;
  readonly findings: readonly Pick<Finding, 'file' | 'startOffset' | 'endOffset' | 'kind' | 'host'>[];
  readonly env: NodeJS.ProcessEnv;
  readonly userAgentPrefix: string;
  readonly signal?: AbortSignal;
  readonly maxConcurrentRequests?: number;
}

export interface VerifyOutcome {
  /** One entry per finding, in the order given. */
  readonly verified: readonly Verified[];
  /** What could not be read (subscriptions, accounts' keys, files): verification is incomplete when there is any. */
  readonly errors: readonly string[];
  readonly accountsListed: number;
  /** Accounts whose keys were read. */
  readonly accountsChecked: number;
  readonly requestCount: number;
  readonly credentialSource: string | undefined;
}

export async function runVerify(options: VerifyRunOptions): Promise<VerifyOutcome> {
  const verified: Verified[] = options.findings.map(() => null);
  const eligible = options.findings.map((f, i) => ({ f, i })).filter(({ f }) => f.host && f.kind !== 'mongo-vcore-password');
  if (eligible.length === 0) return { verified, errors: [], accountsListed: 0, accountsChecked: 0, requestCount: 0, credentialSource: undefined };

  const { credential, source } = await cliCredential(options.env);
  const factory = new CosmosClientFactory({ userAgentPrefix: options.userAgentPrefix });
  const errors: string[] = [];
  const rethrowIfCancelled = (error: unknown) => {
    if (options.signal?.aborted && isAbortError(error)) throw error;
  };

  let listed: Awaited<ReturnType<ArmDirectory['listSubscriptions']>> = [];
  try {
    listed = await new ArmDirectory(options.cloud, credential, factory).listSubscriptions(options.signal);
  } catch (error) {
    rethrowIfCancelled(error);
    errors.push(describeArmFailure(error, { kind: 'listSubscriptions', endpoint: options.cloud.resourceManagerEndpoint }).message);
  }
  const subscriptions: ArmSubscription[] = listed.map((s) => ({ subscriptionId: s.subscriptionId, name: s.displayName, tenantId: s.tenantId,
    cloud: options.cloud, credential }));
  const discovery = await discoverAccounts(subscriptions, { clientFactory: factory, lookUpNotebooks: false, readDefenderPlans: false, signal: options.signal,
    ...(options.maxConcurrentRequests ? { maxConcurrentRequests: options.maxConcurrentRequests } : {}) });
  const accounts: AccountSnapshot[] = [];
  for (const r of discovery.subscriptions) {
    if (r.status === 'failed') errors.push(r.failure.message);
    else accounts.push(...r.accounts.map((a) => a.snapshot));
  }
  const candidate = (a: AccountSnapshot): CandidateAccount => ({ accountId: a.id, accountName: a.name, subscriptionId: a.subscriptionId,
    resourceGroup: a.resourceGroup, cloud: options.cloud, credential });

  // Secrets are read back from the files only for findings whose host names an account, and only until compared.
  const checks: { index: number; check: LeakedKeyCheck }[] = [];
  const texts = new Map<string, string | undefined>();
  const textOf = (file: string): string | undefined => {
    if (!texts.has(file)) {
      try {
        const decoded = decodeFileBytes(fs.readFileSync(path.join(options.base, ...file.split('/'))));
        texts.set(file, decoded.kind === 'text' ? decoded.text : undefined);
      } catch (error) {
        errors.push(`Could not read ${file} again to verify its findings: ${error instanceof Error ? error.message : String(error)}`);
        texts.set(file, undefined);
      }
    }
    return texts.get(file);
  };
  for (const { f, i } of eligible) {
    const matching = accountsForHost(f.host!, accounts);
    if (matching.length === 0) continue;
    const text = textOf(f.file);
    const secret = text === undefined ? undefined : extractSecret(text, f);
    if (secret === undefined) continue;
    checks.push({ index: i, check: { secret, accounts: matching.map(candidate) } });
  }
  texts.clear();

  const keyReads = new Set(checks.flatMap((c) => c.check.accounts.map((a) => a.accountId.toLowerCase())));
  const indexes = checks.map((c) => c.index);
  const outcomes = await checkLeakedKeys(checks.map((c) => c.check), new KeyOperations(factory), {
    ...(options.signal ? { signal: options.signal } : {}), maxConcurrentRequests: options.maxConcurrentRequests ?? 4,
  });
  checks.length = 0;
  const reported = new Set<string>();
  outcomes.forEach((outcome, n) => {
    if (outcome.match) verified[indexes[n]!] = { account: outcome.match.accountId, keyKind: outcome.match.keyKind };
    for (const failure of outcome.failures) {
      if (reported.has(failure.accountId)) continue;
      reported.add(failure.accountId);
      errors.push(failure.failure.message);
    }
  });
  return { verified, errors, accountsListed: accounts.length, accountsChecked: keyReads.size, requestCount: factory.requestCount,
    credentialSource: source };
}
