// What the accounts view shows, as plain data: the subscription listing, each subscription's discovery result, the
// posture findings of every account (recomputed from the cached snapshots when settings change, with no network),
// and the at-risk filter. No `vscode` import, so it is unit-tested in plain Node; the tree provider renders it.
import { type DiscoveredAccount, type SubscriptionDiscovery, type UnreadableAccount } from '../../azure/accountDiscovery';
import { type ArmFailure } from '../../azure/armFailure';
import { type SubscriptionRef, type TenantNeedingSignIn } from '../../azure/armSubscription';
import {
  evaluatePosture, summarise, uncheckedRules, type AccountSnapshot, type DiagnosticSettingsEvidence, type KeyAccessEvidence, type PostureFinding,
  type PostureOptions, type PostureSummary, type UncheckedRule,
} from '../../core/posture';
import { type RoleAssignmentsEvidence } from '../../core/keyless';

/** Drives the welcome views (`cosmosGuard.accounts.state`); `ready` means the tree has rows. */
export type AccountsViewState = 'idle' | 'loading' | 'signedOut' | 'noSubscriptions' | 'noAccounts' | 'noAtRiskAccounts' | 'error' | 'ready';

/** Evidence read on demand for an account (its expansion, its Key Access or Data Access node); gone at the next refresh. */
export type EvidencePart = 'diagnosticSettings' | 'keyAccess' | 'roleAssignments';

/** The parts of on-demand evidence, as read. */
export interface OnDemandEvidence {
  readonly diagnosticSettings?: DiagnosticSettingsEvidence;
  readonly keyAccess?: KeyAccessEvidence;
  /** The data-plane role assignments (the Data Access row); not a posture input. */
  readonly roleAssignments?: RoleAssignmentsEvidence;
}

export interface AccountEvidenceState extends OnDemandEvidence {
  readonly loading: readonly EvidencePart[];
}

export interface EvaluatedAccount {
  /** The account as listed, with the evidence read on demand so far. */
  readonly snapshot: AccountSnapshot;
  /** Worst first (as `evaluatePosture` orders them). */
  readonly findings: readonly PostureFinding[];
  /** Enabled rules whose evidence could not be read (missing permission…): never shown as passed. */
  readonly unchecked: readonly UncheckedRule[];
  readonly summary: PostureSummary;
  readonly notebookFailure?: ArmFailure;
  /** What is being read on demand right now. */
  readonly loading: readonly EvidencePart[];
}

export type SubscriptionEntry =
  | { readonly status: 'loading'; readonly ref: SubscriptionRef }
  | { readonly status: 'ok'; readonly ref: SubscriptionRef; readonly accounts: readonly EvaluatedAccount[]; readonly unreadable: readonly UnreadableAccount[] }
  | { readonly status: 'failed'; readonly ref: SubscriptionRef; readonly failure: ArmFailure };

type Content =
  | { readonly kind: 'idle' }
  | { readonly kind: 'signedOut' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'listed'; readonly subscriptions: readonly SubscriptionEntry[]; readonly tenantsNeedingSignIn: readonly TenantNeedingSignIn[] };

/** An account is at risk when its worst finding is high or medium; low and informational findings are advice. */
export function isAtRisk(account: Pick<EvaluatedAccount, 'summary'>): boolean {
  return account.summary.worst === 'high' || account.summary.worst === 'medium';
}

/** Posture options without the clock: the model reads the clock each time it evaluates. */
export type PostureSettingsInput = Omit<PostureOptions, 'now'>;

export class AccountsModel {
  private content: Content = { kind: 'idle' };
  private raw = new Map<string, SubscriptionDiscovery>();
  private loads = 0;
  private filtering = false;
  private refreshedAt: number | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly evidenceById = new Map<string, AccountEvidenceState>();
  /** Bumped by each new listing: evidence read for an older one is dropped when it arrives. */
  private evidenceGeneration = 0;

  constructor(private options: PostureSettingsInput, private readonly clock: () => number = Date.now) {}

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** `cosmosGuard.posture.unusedKeyDays` as the rules use it (for wording key usage the same way). */
  get unusedKeyDays(): number | undefined {
    return this.options.unusedKeyDays;
  }

  get isLoading(): boolean {
    return this.loads > 0;
  }

  get filteringAtRisk(): boolean {
    return this.filtering;
  }

  get lastRefreshed(): number | undefined {
    return this.refreshedAt;
  }

  get errorMessage(): string | undefined {
    return this.content.kind === 'error' ? this.content.message : undefined;
  }

  get hasLoaded(): boolean {
    return this.content.kind !== 'idle';
  }

  beginLoading(): void {
    this.loads++;
    this.changed();
  }

  endLoading(): void {
    this.loads = Math.max(0, this.loads - 1);
    this.changed();
  }

  setSignedOut(): void {
    this.raw.clear();
    this.content = { kind: 'signedOut' };
    this.changed();
  }

  setError(message: string): void {
    this.content = { kind: 'error', message };
    this.changed();
  }

  /**
   * A new subscription listing. Subscriptions seen before keep their last result until the new one arrives (a
   * refresh does not blank the tree); new ones show as loading.
   */
  setListing(subscriptions: readonly SubscriptionRef[], tenantsNeedingSignIn: readonly TenantNeedingSignIn[]): void {
    const keep = new Map<string, SubscriptionDiscovery>();
    for (const ref of subscriptions) {
      const previous = this.raw.get(key(ref.subscriptionId));
      if (previous) keep.set(key(ref.subscriptionId), { ...previous, subscription: ref });
    }
    this.raw = keep;
    this.evidenceById.clear();
    this.evidenceGeneration++;
    this.content = { kind: 'listed', tenantsNeedingSignIn, subscriptions: subscriptions.map((ref) => this.entry(ref)) };
    this.changed();
  }

  /** The on-demand evidence of an account so far. */
  evidence(accountId: string): AccountEvidenceState | undefined {
    return this.evidenceById.get(accountId.toLowerCase());
  }

  /** Starts reading a part of an account's evidence; returns the generation to hand back with the result. */
  beginEvidence(accountId: string, part: EvidencePart): number {
    const id = accountId.toLowerCase();
    const state = this.evidenceById.get(id) ?? { loading: [] };
    this.evidenceById.set(id, { ...state, loading: [...state.loading.filter((p) => p !== part), part] });
    this.reevaluateAccount(id);
    return this.evidenceGeneration;
  }

  /** A part of an account's evidence was read (or could not be). Ignored when a newer listing replaced the account. */
  setEvidence(accountId: string, generation: number, evidence: OnDemandEvidence, part: EvidencePart): void {
    if (generation !== this.evidenceGeneration) return;
    const id = accountId.toLowerCase();
    const state = this.evidenceById.get(id) ?? { loading: [] };
    this.evidenceById.set(id, { ...state, ...evidence, loading: state.loading.filter((p) => p !== part) });
    this.reevaluateAccount(id);
  }

  /** Drops a part of an account's evidence (it changed: a role assigned): read again when its row is next shown open. */
  forgetEvidence(accountId: string, part: EvidencePart): void {
    const id = accountId.toLowerCase();
    const state = this.evidenceById.get(id);
    if (!state || state.loading.includes(part)) return;
    this.evidenceById.set(id, { ...state, [part]: undefined });
    this.reevaluateAccount(id);
  }

  /** One subscription's discovery finished. Ignored when it is no longer listed (a newer listing replaced it). */
  setSubscriptionResult(result: SubscriptionDiscovery): void {
    if (this.content.kind !== 'listed') return;
    const id = key(result.subscription.subscriptionId);
    if (!this.content.subscriptions.some((s) => key(s.ref.subscriptionId) === id)) return;
    this.raw.set(id, result);
    this.content = {
      ...this.content,
      subscriptions: this.content.subscriptions.map((s) => (key(s.ref.subscriptionId) === id ? this.entry(result.subscription) : s)),
    };
    this.changed();
  }

  /**
   * One account read again (after a key regeneration): its snapshot replaces the cached one and it is evaluated
   * again, so its row, tooltip and the view badge follow. The notebook state and Defender plan of the last load are
   * kept (a GET does not carry them). Returns false when the account is not in the view.
   */
  updateAccount(snapshot: AccountSnapshot): boolean {
    const id = key(snapshot.subscriptionId);
    const result = this.raw.get(id);
    if (result?.status !== 'ok') return false;
    const at = result.accounts.findIndex((a) => a.snapshot.id.toLowerCase() === snapshot.id.toLowerCase());
    if (at < 0) return false;
    const previous = result.accounts[at]!;
    const accounts = [...result.accounts];
    // A GET carries neither the notebook look-up nor the subscription's Defender plan: keep what the load found.
    const { defenderPlan } = previous.snapshot;
    accounts[at] = { ...previous, snapshot: { ...snapshot, notebookWorkspace: previous.snapshot.notebookWorkspace, ...(defenderPlan ? { defenderPlan } : {}) } };
    this.raw.set(id, { ...result, accounts });
    if (this.content.kind === 'listed') {
      this.content = { ...this.content, subscriptions: this.content.subscriptions.map((s) => (key(s.ref.subscriptionId) === id ? this.entry(s.ref) : s)) };
    }
    this.changed();
    return true;
  }

  /** The evaluated account with this resource id, if the view has it. */
  account(accountId: string): { readonly account: EvaluatedAccount; readonly subscription: SubscriptionRef } | undefined {
    const wanted = accountId.toLowerCase();
    for (const s of this.subscriptions) {
      if (s.status !== 'ok') continue;
      const account = s.accounts.find((a) => a.snapshot.id.toLowerCase() === wanted);
      if (account) return { account, subscription: s.ref };
    }
    return undefined;
  }

  markRefreshed(): void {
    this.refreshedAt = this.clock();
    this.changed();
  }

  /** New posture settings: every account is evaluated again from its cached snapshot. */
  setPostureOptions(options: PostureSettingsInput): void {
    this.options = options;
    this.reevaluate();
  }

  private reevaluateAccount(accountId: string): void {
    if (this.content.kind !== 'listed') return;
    const owner = this.content.subscriptions.find((s) => s.status === 'ok' && s.accounts.some((a) => a.snapshot.id.toLowerCase() === accountId));
    if (owner) this.content = { ...this.content, subscriptions: this.content.subscriptions.map((s) => (s === owner ? this.entry(s.ref) : s)) };
    this.changed();
  }

  /** Evaluates again with the current clock (key ages move on). */
  reevaluate(): void {
    if (this.content.kind !== 'listed') return;
    this.content = { ...this.content, subscriptions: this.content.subscriptions.map((s) => this.entry(s.ref)) };
    this.changed();
  }

  setFilterAtRisk(on: boolean): void {
    if (this.filtering === on) return;
    this.filtering = on;
    this.changed();
  }

  get tenantsNeedingSignIn(): readonly TenantNeedingSignIn[] {
    return this.content.kind === 'listed' ? this.content.tenantsNeedingSignIn : [];
  }

  /** Every listed subscription, filter not applied. */
  get subscriptions(): readonly SubscriptionEntry[] {
    return this.content.kind === 'listed' ? this.content.subscriptions : [];
  }

  /** Subscriptions as the tree shows them: with the filter on, only at-risk accounts, and subscriptions holding some. */
  visibleSubscriptions(): SubscriptionEntry[] {
    if (!this.filtering) return [...this.subscriptions];
    const out: SubscriptionEntry[] = [];
    for (const s of this.subscriptions) {
      if (s.status !== 'ok') {
        out.push(s); // failed and loading subscriptions may hold at-risk accounts: keep them in sight
        continue;
      }
      const accounts = s.accounts.filter(isAtRisk);
      if (accounts.length > 0 || s.unreadable.length > 0) out.push({ ...s, accounts });
    }
    return out;
  }

  allAccounts(): EvaluatedAccount[] {
    return this.subscriptions.flatMap((s) => (s.status === 'ok' ? s.accounts : []));
  }

  /** The view badge: accounts whose worst finding is high, filter or not. */
  highSeverityAccountCount(): number {
    return this.allAccounts().filter((a) => a.summary.worst === 'high').length;
  }

  state(): AccountsViewState {
    switch (this.content.kind) {
      case 'idle': return this.isLoading ? 'loading' : 'idle';
      case 'signedOut': return this.isLoading ? 'loading' : 'signedOut';
      case 'error': return this.isLoading ? 'loading' : 'error';
      case 'listed': {
        const { subscriptions, tenantsNeedingSignIn } = this.content;
        if (subscriptions.length === 0 && tenantsNeedingSignIn.length === 0) return this.isLoading ? 'loading' : 'noSubscriptions';
        const settled = subscriptions.every((s) => s.status === 'ok');
        if (settled && tenantsNeedingSignIn.length === 0 && subscriptions.every((s) => s.status === 'ok' && s.accounts.length === 0 && s.unreadable.length === 0)) {
          return 'noAccounts';
        }
        if (this.filtering && tenantsNeedingSignIn.length === 0 && this.visibleSubscriptions().length === 0) return 'noAtRiskAccounts';
        return 'ready';
      }
    }
  }

  private entry(ref: SubscriptionRef): SubscriptionEntry {
    const result = this.raw.get(key(ref.subscriptionId));
    if (!result) return { status: 'loading', ref };
    if (result.status === 'failed') return { status: 'failed', ref, failure: result.failure };
    const now = this.clock();
    return { status: 'ok', ref, unreadable: result.unreadable, accounts: result.accounts.map((a) => this.evaluate(a, now)) };
  }

  private evaluate(account: DiscoveredAccount, now: number): EvaluatedAccount {
    const evidence = this.evidenceById.get(account.snapshot.id.toLowerCase());
    const snapshot: AccountSnapshot = evidence ? {
      ...account.snapshot,
      ...(evidence.diagnosticSettings ? { diagnosticSettings: evidence.diagnosticSettings } : {}),
      ...(evidence.keyAccess ? { keyAccess: evidence.keyAccess } : {}),
    } : account.snapshot;
    const options = { ...this.options, now };
    const findings = evaluatePosture(snapshot, options);
    return { snapshot, findings, unchecked: uncheckedRules(snapshot, options), summary: summarise(findings), loading: evidence?.loading ?? [],
      ...(account.notebookFailure ? { notebookFailure: account.notebookFailure } : {}) };
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function key(subscriptionId: string): string {
  return subscriptionId.toLowerCase();
}
