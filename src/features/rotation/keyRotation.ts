// Key rotation in the editor: "Regenerate Key…", the guided "Rotate Keys Safely…" (Microsoft's procedure: the
// key the applications do not use first, then the other), Resume/Abandon Rotation, and "Check Which Account Uses
// This Key…" from a leaked-key finding. Every regeneration goes through a modal confirmation naming the account, the
// key and what breaks; every running operation is stored (poller state, never a key) so that a window reload
// resumes watching it; keys and connection strings are read only when the user asks, go to the clipboard or a Key
// Vault secret and nowhere else, and are never shown, logged or stored.
import * as vscode from 'vscode';
import { type ArmFailure } from '../../azure/armFailure';
import { type ArmSubscription } from '../../azure/armSubscription';
import { KeyOperationError, type AccountTarget, type KeyOperations, type RegenerationHandle } from '../../azure/keyOperations';
import { keyVaultAvailability, vaultUrl, type KeyVaultSecretWriter } from '../../azure/keyVaultSecrets';
import { checkLeakedKeys } from '../../azure/leakedKeyCheck';
import { isAbortError } from '../../azure/requestSignal';
import { extractSecret, type Finding } from '../../core/detection';
import { maskSecrets } from '../../core/masking/maskSecrets';
import { parseAccountId, parseTimestamp, type AccountSnapshot } from '../../core/posture';
import { validateSecretName, validateVaultName } from '../../core/remediation';
import {
  accountKey, accountsForHost, CHOOSE_KEY_TITLE, describeRotation, keyKindInfo, keyToRegenerate, otherKey, ROTATION_STEP_COUNT, startRotation,
  switchStepTitles, transition, type AccountRef, type KeyKind, type PendingOperation, type RotationEvent, type RotationState,
} from '../../core/rotation';
import { type Logger } from '../../platform/logger';
import { type AccountAnnotation, type AccountAnnotations } from '../accounts/accountAnnotations';
import { escapeMarkdown } from '../accounts/accountTooltip';
import { type AccountsModel, type EvaluatedAccount } from '../accounts/accountsModel';
import { type AccountsNode } from '../accounts/accountsTreeProvider';
import { formatElapsed, RegenerationWatcher, type WatchOutcome } from './regenerationWatcher';
import { accountPickEntries, keyInUseEntries, keyPickEntries, keysNamedBy } from './rotationPicks';
import { type RotationStore } from './rotationStore';
import { BACK, type RotationUi } from './rotationUi';

/** The accounts view as key rotation uses it. */
export interface RotationAccounts {
  readonly model: Pick<AccountsModel, 'account' | 'subscriptions' | 'updateAccount' | 'allAccounts'>;
  ensureLoaded(): Promise<void>;
  resolveSubscription(subscriptionId: string, signal?: AbortSignal): Promise<ArmSubscription>;
}

/** Finds a leak finding again in its document (quick-fix arguments: the file and the finding's stable target). */
export type FindingResolver = (uri: unknown, target: unknown) => Promise<{ readonly document: vscode.TextDocument; readonly finding: Finding } | undefined>;

export interface KeyRotationDeps {
  readonly accounts: RotationAccounts;
  readonly operations: () => KeyOperations;
  readonly keyVault: KeyVaultSecretWriter;
  readonly store: RotationStore;
  readonly ui: () => RotationUi;
  readonly clipboard: Pick<vscode.Clipboard, 'writeText'>;
  readonly findings: FindingResolver;
  readonly logger: Logger;
  readonly clock?: () => number;
}

/** Arguments other features pass to start a rotation: the account, and the key the applications use (preselected). */
export interface RotationRequest {
  readonly accountId: string;
  readonly inUse?: KeyKind;
}

/** Notification buttons, localised when used (the l10n bundle is not loaded yet when this module is). */
const Action = {
  get showLog() { return vscode.l10n.t('Show Log'); },
  get copyConnectionString() { return vscode.l10n.t('Copy Connection String'); },
  get rotateThisKey() { return vscode.l10n.t('Rotate This Key Safely…'); },
  get resume() { return vscode.l10n.t('Resume Rotation'); },
  get abandon() { return vscode.l10n.t('Abandon Rotation…'); },
  get rotateSafely() { return vscode.l10n.t('Rotate Keys Safely…'); },
  get continueRotation() { return vscode.l10n.t('Continue Rotation'); },
};

type Located = { readonly account: EvaluatedAccount; readonly ref: AccountRef; readonly postureFinding?: AccountsNode };

export class KeyRotation implements AccountAnnotations, vscode.Disposable {
  private readonly watcher: RegenerationWatcher;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly clock: () => number;
  /** Accounts whose regeneration the user stopped watching in this window: not resumed until Resume Rotation. */
  private readonly stoppedByUser = new Set<string>();

  constructor(private readonly deps: KeyRotationDeps) {
    this.clock = deps.clock ?? Date.now;
    this.watcher = new RegenerationWatcher(deps.ui, deps.logger, this.clock);
    this.disposables.push(this.watcher, this.changed, deps.store.onDidChange(() => this.changed.fire()));
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** Settles when no regeneration is being watched. */
  whenIdle(): Promise<void> {
    return this.watcher.whenIdle();
  }

  get hasPendingWork(): boolean {
    return this.deps.store.rotations().length > 0 || this.deps.store.pendingRegenerations().length > 0;
  }

  // ---- what the accounts view shows ----

  annotationOf(accountId: string): AccountAnnotation | undefined {
    const rotation = this.deps.store.rotation(accountId);
    if (rotation) {
      const view = describeRotation(rotation);
      return {
        status: view.status,
        rotating: true,
        tooltip: vscode.l10n.t('$(sync) **Key rotation in progress** — step {0}/{1}: {2}.', view.step, view.total, escapeMarkdown(view.title))
          + `\n\n${escapeMarkdown(view.detail)}\n\n`
          + vscode.l10n.t('Started {0}. Continue with **Resume Rotation**, or **Abandon Rotation…**.', rotation.startedAt.slice(0, 10)),
      };
    }
    const pending = this.deps.store.pendingRegeneration(accountId);
    if (pending) {
      const info = keyKindInfo(pending.operation.keyKind);
      return {
        status: vscode.l10n.t('regenerating {0}', info.short),
        rotating: false,
        tooltip: vscode.l10n.t('$(sync) **Regenerating the {0}** since {1} UTC.', info.label, pending.operation.startedAt.replace('T', ' ').slice(0, 16)),
      };
    }
    return undefined;
  }

  // ---- commands ----

  /** "Regenerate Key…": one key, with a modal confirmation; from an account or finding row, or the palette. */
  async regenerateKey(arg?: unknown): Promise<void> {
    const located = await this.locateAccount(arg, vscode.l10n.t('Regenerate Key'), vscode.l10n.t('The account whose key to regenerate'));
    if (!located) return;
    const { account, ref } = located;
    if (await this.blockedByRotation(ref)) return;
    const ui = this.deps.ui();
    const named = keysNamedBy(located.postureFinding?.kind === 'finding' ? located.postureFinding.finding : undefined);
    const keyKind = await ui.pick({
      title: vscode.l10n.t('Regenerate Key of {0}', ref.accountName),
      placeholder: vscode.l10n.t('The key to regenerate (to keep your applications working, use Rotate Keys Safely… instead)'),
      items: keyPickEntries(account, this.clock()),
      ...(named[0] ? { active: named[0] } : {}),
    });
    if (keyKind === undefined || keyKind === BACK) return;
    const info = keyKindInfo(keyKind);
    const confirmed = await ui.confirm({
      message: vscode.l10n.t('Regenerate the {0} of {1}?', info.label, ref.accountName),
      detail: `${info.whatBreaks}\n\n${vscode.l10n.t('Azure takes from a minute to several hours. The new key is not shown: copy the new connection string when it is done.')}`
        + (info.pair === 'readWrite' ? ` ${vscode.l10n.t('To keep your applications working, switch them to the other key first (Rotate Keys Safely…).')}` : ''),
      confirm: vscode.l10n.t('Regenerate {0} Key', capitalise(info.short)),
    });
    if (!confirmed) return;
    this.deps.logger.info(`Regenerate Key: the ${info.label} of ${ref.accountName} (${ref.accountId}), confirmed.`);
    const target = await this.target(ref);
    const outcome = await this.watcher.watch({
      accountId: ref.accountId, accountName: ref.accountName, keyKind,
      operation: {
        start: () => this.deps.operations().startRegeneration(target, keyKind),
        onAccepted: (handle, startedAt) => this.deps.store.savePendingRegeneration({ version: 1, ...ref,
          operation: { keyKind, startedAt, pollerState: handle.pollerState } }),
      },
    });
    await this.finishStandalone(ref, keyKind, target, outcome);
  }

  /** "Rotate Keys Safely…": the guided rotation; continues an unfinished one for the same account. */
  async rotateKeysSafely(arg?: unknown): Promise<void> {
    const request = isRotationRequest(arg) ? arg : undefined;
    const located = await this.locateAccount(request ? { accountId: request.accountId } : arg, vscode.l10n.t('Rotate Keys Safely'),
      vscode.l10n.t('The account whose keys to rotate'));
    if (!located) return;
    const { account, ref } = located;
    const existing = this.deps.store.rotation(ref.accountId);
    if (existing) {
      await this.continueRotation(existing);
      return;
    }
    if (this.deps.store.pendingRegeneration(ref.accountId) || this.watcher.isWatching(ref.accountId)) {
      await this.deps.ui().warn(vscode.l10n.t('A key of {0} is being regenerated; start the rotation when it is done.', ref.accountName));
      return;
    }
    const ui = this.deps.ui();
    let inUse = request?.inUse;
    for (;;) {
      if (!inUse) {
        const picked = await ui.pick({
          title: rotationTitle(ref.accountName), step: { step: 1, total: ROTATION_STEP_COUNT },
          placeholder: vscode.l10n.t(CHOOSE_KEY_TITLE), items: keyInUseEntries(account, this.clock()),
        });
        if (picked === undefined || picked === BACK) return;
        inUse = picked;
      }
      const plan = startRotation(ref, inUse, new Date(this.clock()).toISOString());
      const next = await this.regenerateStep(plan, { persisted: false, canGoBack: request?.inUse === undefined });
      if (next === BACK) {
        inUse = undefined;
        continue;
      }
      if (next) await this.continueRotation(next);
      return;
    }
  }

  /** "Resume Rotation": continues an unfinished rotation where it stopped (watching a running regeneration). */
  async resumeRotation(arg?: unknown): Promise<void> {
    const rotation = await this.rotationFromArg(arg, vscode.l10n.t('Resume Rotation'));
    if (!rotation) return;
    this.stoppedByUser.delete(accountKey(rotation.accountId));
    await this.continueRotation(rotation);
  }

  /** "Abandon Rotation…": forgets an unfinished rotation (keys already regenerated stay so). */
  async abandonRotation(arg?: unknown): Promise<void> {
    const rotation = await this.rotationFromArg(arg, vscode.l10n.t('Abandon Rotation'));
    if (!rotation) return;
    const view = describeRotation(rotation);
    const running = rotation.operation
      ? ` ${vscode.l10n.t('The regeneration of the {0} goes on in Azure; Cosmos Guard stops watching it.', keyKindInfo(rotation.operation.keyKind).label)}` : '';
    const confirmed = await this.deps.ui().confirm({
      message: vscode.l10n.t('Abandon the key rotation of {0}?', rotation.accountName),
      detail: vscode.l10n.t('It is at step {0}/{1}: {2}. Cosmos Guard forgets the plan; keys already regenerated stay regenerated.', view.step, view.total,
        view.title) + running,
      confirm: vscode.l10n.t('Abandon Rotation'),
    });
    if (!confirmed) return;
    // Forget first, then stop watching: the watch's end then finds no rotation to advance.
    await this.deps.store.removeRotation(rotation.accountId);
    this.watcher.stop(rotation.accountId);
    this.deps.logger.info(`Abandoned the key rotation of ${rotation.accountName} at step ${view.step}/${view.total} (${rotation.phase}).`);
    void this.deps.ui().info(vscode.l10n.t('Abandoned the key rotation of {0}.', rotation.accountName));
  }

  /**
   * "Check Which Account Uses This Key…" (a code action on a leak finding): with the user's consent, reads the keys
   * of the accounts the key may belong to — those answering on the finding's host, or those the user picks — and
   * says which key of which account it is, if any. The secret and the keys are compared in memory and dropped.
   */
  async checkWhichAccount(uriArg: unknown, targetArg: unknown): Promise<void> {
    const ui = this.deps.ui();
    const resolved = await this.deps.findings(uriArg, targetArg);
    if (!resolved) return;
    const { finding } = resolved;
    if (finding.kind === 'mongo-vcore-password') {
      await ui.info(vscode.l10n.t('This is a MongoDB vCore password, not a Cosmos DB account key: change it on the cluster.'));
      return;
    }
    await this.deps.accounts.ensureLoaded();
    const all = this.deps.accounts.model.allAccounts();
    if (all.length === 0) {
      await ui.info(vscode.l10n.t('There are no Cosmos DB accounts to compare this key with: sign in, or check the Cosmos Guard view and its subscription filter.'));
      return;
    }
    let candidates = finding.host ? accountsForHost(finding.host, all.map((a) => a.snapshot)) : [];
    if (finding.host && candidates.length) {
      const names = candidates.map((a) => a.name).join(', ');
      const consent = await ui.confirm({
        message: vscode.l10n.t('Check whether this key belongs to {0}?', names),
        detail: (candidates.length === 1 ? vscode.l10n.t('Its endpoint {0} belongs to this account.', finding.host)
          : vscode.l10n.t('Its endpoint {0} belongs to these accounts.', finding.host)) + ' '
          + vscode.l10n.t('Cosmos Guard reads the current keys (listKeys) of only these, compares them with this one in memory (hashed, constant-time), and keeps nothing. No key is shown.'),
        confirm: vscode.l10n.t('Check'),
      });
      if (!consent) return;
    } else {
      const why = finding.host ? vscode.l10n.t('No account you can see answers on {0}.', finding.host) : vscode.l10n.t('This key has no endpoint next to it.');
      const picked = await ui.pickMany({
        title: vscode.l10n.t('Check Which Account Uses This Key'),
        placeholder: `${why} ${vscode.l10n.t('Pick the accounts it may belong to: Cosmos Guard reads their keys (listKeys), compares in memory and keeps nothing.')}`,
        items: accountPickEntries(this.deps.accounts.model.subscriptions, this.clock(), (a) => a.snapshot),
      });
      if (!picked?.length) return;
      candidates = picked;
    }
    const document = resolved.document;
    const secret = extractSecret(document.getText(), finding);
    if (!secret) {
      await ui.warn(vscode.l10n.t('Cosmos Guard could not read this key back from the file; nothing was checked.'));
      return;
    }
    const targets = await Promise.all(candidates.map(async (a) => ({ ...(await this.target(refOf(a))), accountId: a.id })));
    this.deps.logger.info(`Check Which Account: comparing a key (…${finding.hint}) with the keys of ${candidates.map((a) => a.name).join(', ')}.`);
    const [outcome] = await ui.progress(vscode.l10n.t('Checking which account uses this key'), (report, token) => {
      report(candidates.length === 1 ? vscode.l10n.t('Reading the keys of {0}…', candidates[0]!.name)
        : vscode.l10n.t('Reading the keys of {0} accounts…', candidates.length));
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return checkLeakedKeys([{ secret, accounts: targets }], this.deps.operations(), { signal: controller.signal });
    });
    const result = outcome!;
    const notes = [
      ...result.readOnlyOnly.map((n) => vscode.l10n.t('Only the read-only keys of {0} could be compared (no listKeys permission).', n)),
      ...result.failures.map((f) => f.failure.message),
    ];
    for (const f of result.failures) this.deps.logger.warn(`Check Which Account: ${f.failure.message}`);
    if (result.match) {
      const info = keyKindInfo(result.match.keyKind);
      this.deps.logger.info(`Check Which Account: the key is the ${info.label} of ${result.match.accountName}.`);
      const choice = await ui.warn(vscode.l10n.t('This is the {0} of account {1}. Anyone who can read this file can use it: move it out of the file and rotate it.',
        info.label, result.match.accountName), Action.rotateThisKey);
      if (choice === Action.rotateThisKey) await this.rotateKeysSafely({ accountId: result.match.accountId, inUse: result.match.keyKind } satisfies RotationRequest);
      return;
    }
    this.deps.logger.info(`Check Which Account: not a current key of ${result.checked.join(', ') || 'any account checked'}.`);
    await ui.info([vscode.l10n.t('Not a current key of any account you can see (already rotated or not yours).'), ...notes].join(' '));
  }

  /**
   * Resumes watching every stored regeneration (after a window reload). Called when the accounts view has loaded
   * and, if anything is stored, right after activation (never during it). Idempotent.
   */
  async resumePending(): Promise<void> {
    const work: Promise<void>[] = [];
    for (const pending of this.deps.store.pendingRegenerations()) {
      if (this.watcher.isWatching(pending.accountId)) continue;
      work.push(this.resumeStandalone(pending.accountId, pending.accountName, pending.subscriptionId, pending.operation));
    }
    for (const rotation of this.deps.store.rotations()) {
      if (!rotation.operation || this.watcher.isWatching(rotation.accountId) || this.stoppedByUser.has(accountKey(rotation.accountId))) continue;
      work.push(this.continueRotation(rotation, { interactive: false })
        .catch((error: unknown) => this.report(error, `resuming the key rotation of ${rotation.accountName}`)));
    }
    await Promise.all(work);
  }

  // ---- the guided rotation, step by step ----

  /**
   * Runs the rotation from its phase until it is done or the user leaves it (it stays stored then). Not
   * `interactive` (resumed after a reload, not started by the user in this window): once the regeneration it
   * waited for ends, a notification offers to continue instead of opening the next step unasked.
   */
  private async continueRotation(initial: RotationState, options: { readonly interactive: boolean } = { interactive: true }): Promise<void> {
    let state: RotationState | undefined = initial;
    let interactive = options.interactive;
    while (state) {
      if (!interactive && state !== initial) {
        const next = state;
        const view = describeRotation(next);
        const done = next.phase === 'done';
        if (!done) {
          void this.deps.ui().info(vscode.l10n.t('Key rotation of {0}: the {1} is new. Next: {2} (step {3}/{4}).', next.accountName,
            keyKindInfo(keyKindOfPrevious(next)).label, `${view.title.charAt(0).toLowerCase()}${view.title.slice(1)}`, view.step, view.total), Action.continueRotation)
            .then((choice) => (choice === Action.continueRotation ? this.continueRotation(next) : undefined))
            .catch((error: unknown) => this.report(error, `continuing the key rotation of ${next.accountName}`));
          return;
        }
        interactive = true;
      }
      switch (state.phase) {
        case 'regenerate-other':
        case 'regenerate-old': {
          const next: RotationState | typeof BACK | undefined = await this.regenerateStep(state, { persisted: true, canGoBack: false });
          state = next === BACK ? undefined : next;
          break;
        }
        case 'regenerating-other':
        case 'regenerating-old':
          state = await this.watchStep(state);
          break;
        case 'switch-apps':
          state = await this.switchStep(state);
          break;
        case 'done':
          await this.finishRotation(state);
          state = undefined;
          break;
      }
    }
  }

  /**
   * Steps 2 and 6: confirm, then ask Azure to regenerate the key the phase calls for, and watch it. Resolves to the
   * next state to continue with, undefined to stop here, or BACK (step 2 of a new rotation: choose the key again).
   */
  private async regenerateStep(state: RotationState, options: { persisted: boolean; canGoBack: boolean }): Promise<RotationState | typeof BACK | undefined> {
    const ui = this.deps.ui();
    const keyKind = keyToRegenerate(state)!;
    const info = keyKindInfo(keyKind);
    const inUse = keyKindInfo(state.inUse);
    const first = state.phase === 'regenerate-other';
    const view = describeRotation(state);
    if (first) {
      const go = await ui.pick({
        title: rotationTitle(state.accountName), step: { step: 2, total: ROTATION_STEP_COUNT }, canGoBack: options.canGoBack,
        placeholder: vscode.l10n.t('Next: regenerate the {0} key; your apps keep using the {1} key', info.short, inUse.short),
        items: [
          { label: `$(key) ${vscode.l10n.t('Regenerate the {0} now', info.label)}`, description: vscode.l10n.t('asks for confirmation first'),
            detail: vscode.l10n.t('Then move your applications to it, and regenerate the {0} last.', inUse.label), value: 'go' as const },
          { label: `$(history) ${vscode.l10n.t('Not now')}`,
            description: options.persisted ? vscode.l10n.t('keep the rotation on the account row') : vscode.l10n.t('nothing is changed'), value: 'later' as const },
        ],
      });
      if (go === BACK) return BACK;
      if (go !== 'go') return undefined;
    }
    const confirmed = await ui.confirm(first
      ? {
        message: vscode.l10n.t('Regenerate the {0} of {1}?', info.label, state.accountName),
        detail: vscode.l10n.t('Step 2 of {0}. Your applications use the {1}, so they keep working. Anything that still uses the {2} fails with 401 '
          + 'Unauthorized until it is given the new key.', ROTATION_STEP_COUNT, inUse.label, info.label) + '\n\n'
          + vscode.l10n.t('Azure takes from a minute to several hours. The new key is not shown: Cosmos Guard then helps you give it to your '
          + 'applications (clipboard or Key Vault).'),
        confirm: vscode.l10n.t('Regenerate {0} Key', capitalise(info.short)),
      }
      : {
        message: vscode.l10n.t('Regenerate the {0} of {1}?', info.label, state.accountName),
        detail: `${vscode.l10n.t('Step {0} of {0}, the last one.', ROTATION_STEP_COUNT)} ${info.whatBreaks} `
          + vscode.l10n.t('Your applications should use the {0} now.', keyKindInfo(otherKey(state)).label),
        confirm: vscode.l10n.t('Regenerate {0} Key', capitalise(info.short)),
      });
    if (!confirmed) {
      if (!first && options.persisted) {
        void ui.info(vscode.l10n.t('The rotation of {0} waits on its account row: Resume Rotation regenerates the {1}.', state.accountName, info.label));
      }
      return undefined;
    }
    this.deps.logger.info(`Rotate Keys Safely: regenerating the ${info.label} of ${state.accountName} (step ${view.step}/${view.total}), confirmed.`);
    const target = await this.target(state);
    let current = state;
    const outcome = await this.watcher.watch({
      accountId: state.accountId, accountName: state.accountName, keyKind,
      operation: {
        start: () => this.deps.operations().startRegeneration(target, keyKind),
        onAccepted: async (handle, startedAt) => {
          current = transition(current, { type: 'regenerationStarted', at: startedAt,
            operation: { keyKind, startedAt, pollerState: handle.pollerState } });
          await this.deps.store.saveRotation(current);
        },
      },
    });
    if (outcome.status === 'refused') {
      await this.reportFailure(outcome.failure, vscode.l10n.t('Azure did not regenerate the {0} of {1}', info.label, state.accountName));
      if (options.persisted) await this.deps.store.saveRotation({ ...state, lastError: outcome.failure.message });
      return undefined;
    }
    return this.afterWatch(current, outcome, target);
  }

  /** Step 3 (or 6): follows the regeneration a stored rotation is waiting for. */
  private async watchStep(state: RotationState): Promise<RotationState | undefined> {
    const operation = state.operation!;
    const target = await this.target(state);
    const handle = this.resume(target, operation);
    if (!handle) {
      return this.afterWatch(state, { status: 'lost', failure: { kind: 'other', code: 'UntrustedState', message: 'The stored operation could not be resumed.' } }, target);
    }
    const outcome = await this.watcher.watch({ accountId: state.accountId, accountName: state.accountName, keyKind: operation.keyKind,
      operation: { handle, startedAt: operation.startedAt } });
    return this.afterWatch(state, outcome, target);
  }

  /** What a watch's end means for the rotation; stores the new state and resolves to it (undefined: stop here). */
  private async afterWatch(state: RotationState, outcome: WatchOutcome, target: AccountTarget): Promise<RotationState | undefined> {
    if (!state.operation) return undefined;
    // Another caller (Resume Rotation while a resumed watch runs) may have handled this end already.
    const stored = this.deps.store.rotation(state.accountId);
    if (!stored || stored.phase !== state.phase || stored.updatedAt !== state.updatedAt) return undefined;
    const keyKind = state.operation.keyKind;
    const info = keyKindInfo(keyKind);
    const at = new Date(this.clock()).toISOString();
    let event: RotationEvent | undefined;
    switch (outcome.status) {
      case 'succeeded':
        event = { type: 'regenerationSucceeded', at };
        break;
      case 'failed':
        await this.reportFailure(outcome.failure, vscode.l10n.t('The regeneration of the {0} of {1} failed', info.label, state.accountName));
        event = { type: 'regenerationFailed', at, message: outcome.failure.message };
        break;
      case 'lost': {
        const regenerated = await this.regeneratedSince(target, keyKind, state.operation);
        event = regenerated ? { type: 'regenerationSucceeded', at }
          : { type: 'regenerationFailed', at,
            message: `${outcome.failure.message} ${vscode.l10n.t('The key\'s generation time did not change, so it was not regenerated.')}` };
        if (!regenerated) {
          await this.reportFailure(outcome.failure, vscode.l10n.t('The regeneration of the {0} of {1} cannot be followed', info.label, state.accountName));
        }
        break;
      }
      case 'stopped':
        this.stoppedByUser.add(accountKey(state.accountId));
        void this.deps.ui().info(`Stopped watching the regeneration of the ${info.label} of ${state.accountName}; it goes on in Azure. `
          + 'Resume Rotation watches it again (so does reopening VS Code).');
        return undefined;
      case 'disposed':
      case 'refused':
        return undefined;
    }
    if (!this.deps.store.rotation(state.accountId)) return undefined; // abandoned while Azure answered
    const next = transition(state, event);
    await this.deps.store.saveRotation(next);
    if (event.type === 'regenerationSucceeded') {
      await this.refreshAccount(target);
      this.deps.logger.info(`Rotate Keys Safely: the ${info.label} of ${state.accountName} is new.`);
      return next;
    }
    return undefined;
  }

  /** Steps 4 and 5: hand out the new key, then confirm the applications use it. */
  private async switchStep(state: RotationState): Promise<RotationState | undefined> {
    const ui = this.deps.ui();
    const other = keyKindInfo(otherKey(state));
    const old = keyKindInfo(state.inUse);
    const titles = switchStepTitles(state);
    const target = await this.target(state);
    const subscription = await this.deps.accounts.resolveSubscription(state.subscriptionId);
    const vault = keyVaultAvailability(subscription.cloud, subscription.scopedCredential);
    let copied = false;
    let stored: string | undefined;
    for (;;) {
      const choice = await ui.pick({
        title: rotationTitle(state.accountName), step: { step: 4, total: ROTATION_STEP_COUNT },
        placeholder: vscode.l10n.t('{0}, then continue', titles.distribute),
        items: [
          { label: `$(copy) ${vscode.l10n.t('Copy its connection string')}`,
            description: copied ? vscode.l10n.t('copied') : vscode.l10n.t('to the clipboard, to paste where your applications read it'), value: 'copy' as const },
          vault.available
            ? { label: `$(lock) ${vscode.l10n.t('Write its connection string to a Key Vault secret…')}`,
              description: stored ? vscode.l10n.t('written to {0}', stored) : vscode.l10n.t('a new secret version'), value: 'vault' as const }
            : { label: `$(lock) ${vscode.l10n.t('Write its connection string to a Key Vault secret…')}`, description: vscode.l10n.t('not available here'),
              detail: vscode.l10n.t('Not with a custom ARM endpoint (choose it to see why)'), value: 'vault' as const },
          { label: `$(arrow-right) ${vscode.l10n.t('Continue: my applications are moving to the {0}', other.label)}`, value: 'next' as const },
          { label: `$(history) ${vscode.l10n.t('Later')}`, description: vscode.l10n.t('keep the rotation on the account row'), value: 'later' as const },
        ],
      });
      if (choice === undefined || choice === BACK || choice === 'later') {
        if (choice === 'later') void ui.info(vscode.l10n.t('The rotation of {0} waits on its account row: Resume Rotation continues it.', state.accountName));
        return undefined;
      }
      if (choice === 'copy') {
        copied = await this.copyConnectionString(target, otherKey(state)) || copied;
        continue;
      }
      if (choice === 'vault') {
        if (!vault.available) {
          await ui.warn(vault.reason);
          continue;
        }
        const written = await this.writeToKeyVault(state, target, subscription, vault.dnsSuffix);
        if (written) stored = written;
        continue;
      }
      const confirmed = await ui.pick({
        title: rotationTitle(state.accountName), step: { step: 5, total: ROTATION_STEP_COUNT }, canGoBack: true,
        placeholder: titles.confirm,
        items: [
          { label: `$(check) ${vscode.l10n.t('Yes: every application uses the {0} now', other.label)}`,
            description: vscode.l10n.t('regenerate the {0} next', old.label), value: 'yes' as const },
          { label: `$(arrow-left) ${vscode.l10n.t('Not yet')}`, description: vscode.l10n.t('back to handing out the new key'), value: 'no' as const },
        ],
      });
      if (confirmed === undefined) return undefined;
      if (confirmed !== 'yes') continue;
      const next = transition(state, { type: 'appsSwitched', at: new Date(this.clock()).toISOString() });
      await this.deps.store.saveRotation(next);
      this.deps.logger.info(`Rotate Keys Safely: the applications of ${state.accountName} use the ${other.label} (confirmed).`);
      return next;
    }
  }

  private async finishRotation(state: RotationState): Promise<void> {
    await this.deps.store.removeRotation(state.accountId);
    const other = keyKindInfo(otherKey(state));
    const old = keyKindInfo(state.inUse);
    const took = formatElapsed((parseTimestamp(state.oldRegeneratedAt) ?? this.clock()) - (parseTimestamp(state.startedAt) ?? this.clock()));
    this.deps.logger.info(`Rotate Keys Safely: finished for ${state.accountName} in ${took}.`);
    void this.deps.ui().info(vscode.l10n.t('Key rotation of {0} finished: the {1} and the {2} are new, and your applications use the {1}.',
      state.accountName, other.label, old.label));
  }

  // ---- helpers ----

  private async finishStandalone(ref: AccountRef, keyKind: KeyKind, target: AccountTarget, outcome: WatchOutcome): Promise<void> {
    const info = keyKindInfo(keyKind);
    const ui = this.deps.ui();
    if (outcome.status === 'refused') {
      await this.reportFailure(outcome.failure, vscode.l10n.t('Azure did not regenerate the {0} of {1}', info.label, ref.accountName));
      return;
    }
    if (outcome.status === 'disposed') return; // stays stored: the next window resumes it
    const pending = this.deps.store.pendingRegeneration(ref.accountId);
    await this.deps.store.removePendingRegeneration(ref.accountId);
    switch (outcome.status) {
      case 'stopped':
        void ui.info(vscode.l10n.t('Stopped watching the regeneration of the {0} of {1}; it goes on in Azure. Refresh Accounts shows the key\'s new '
          + 'age when it is done.', info.label, ref.accountName));
        return;
      case 'failed':
        await this.reportFailure(outcome.failure, vscode.l10n.t('The regeneration of the {0} of {1} failed', info.label, ref.accountName));
        return;
      case 'lost':
        if (!pending || !await this.regeneratedSince(target, keyKind, pending.operation)) {
          await this.reportFailure(outcome.failure, vscode.l10n.t('The regeneration of the {0} of {1} cannot be followed', info.label, ref.accountName));
          return;
        }
        break;
      case 'succeeded':
        break;
    }
    await this.refreshAccount(target);
    const took = outcome.status === 'succeeded' ? formatElapsed(outcome.durationMs) : undefined;
    this.deps.logger.info(`Regenerate Key: the ${info.label} of ${ref.accountName} is new${took ? ` (${took})` : ''}.`);
    const choice = await ui.info((took ? vscode.l10n.t('Regenerated the {0} of {1} in {2}.', info.label, ref.accountName, took)
      : vscode.l10n.t('Regenerated the {0} of {1}.', info.label, ref.accountName)) + ' '
      + vscode.l10n.t('Every client that used the old key needs the new one.'), Action.copyConnectionString);
    if (choice === Action.copyConnectionString) await this.copyConnectionString(target, keyKind);
  }

  /** Resumes standalone regenerations after a reload. */
  private async resumeStandalone(accountId: string, accountName: string, subscriptionId: string, operation: PendingOperation): Promise<void> {
    const ref: AccountRef = { accountId, accountName, subscriptionId };
    try {
      const target = await this.target(ref);
      const handle = this.resume(target, operation);
      const outcome: WatchOutcome = handle
        ? await this.watcher.watch({ accountId, accountName, keyKind: operation.keyKind, operation: { handle, startedAt: operation.startedAt } })
        : { status: 'lost', failure: { kind: 'other', code: 'UntrustedState', message: 'The stored operation could not be resumed.' } };
      await this.finishStandalone(ref, operation.keyKind, target, outcome);
    } catch (error) {
      this.report(error, `resuming the regeneration of the ${keyKindInfo(operation.keyKind).label} of ${accountName}`);
    }
  }

  private resume(target: AccountTarget, operation: PendingOperation): RegenerationHandle | undefined {
    try {
      return this.deps.operations().resumeRegeneration(target, operation.keyKind, operation.pollerState);
    } catch (error) {
      this.deps.logger.warn(`Could not resume a stored regeneration of ${target.accountName}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** After Azure forgot an operation: was the key regenerated after it started? (keysMetadata says.) */
  private async regeneratedSince(target: AccountTarget, keyKind: KeyKind, operation: PendingOperation): Promise<boolean> {
    try {
      const snapshot = await this.deps.operations().readAccount(target);
      const generated = parseTimestamp(snapshot.keysMetadata[keyKindInfo(keyKind).keyName]);
      const started = parseTimestamp(operation.startedAt);
      this.deps.accounts.model.updateAccount(snapshot);
      // Azure's clock and ours differ by a little: a minute of slack.
      return generated !== undefined && started !== undefined && generated >= started - 60_000;
    } catch (error) {
      this.deps.logger.warn(`Could not read ${target.accountName} to see whether its key was regenerated: ${describe(error)}`);
      return false;
    }
  }

  /** Reads the account again, so its row, tooltip and the view's badge show the new key age. */
  private async refreshAccount(target: AccountTarget): Promise<AccountSnapshot | undefined> {
    try {
      const snapshot = await this.deps.operations().readAccount(target);
      this.deps.accounts.model.updateAccount(snapshot);
      return snapshot;
    } catch (error) {
      this.deps.logger.warn(`Could not read ${target.accountName} again after the regeneration: ${describe(error)}`);
      return undefined;
    }
  }

  /** Fetches the connection string of `keyKind` and puts it on the clipboard; it is never shown, logged or kept. */
  private async copyConnectionString(target: AccountTarget, keyKind: KeyKind): Promise<boolean> {
    const info = keyKindInfo(keyKind);
    try {
      const value = await this.deps.operations().connectionString(target, keyKind);
      await this.deps.clipboard.writeText(value);
      this.deps.logger.info(`Copied the connection string of the ${info.label} of ${target.accountName} to the clipboard.`);
      this.deps.ui().status(vscode.l10n.t('Copied the connection string of the {0} of {1}.', info.label, target.accountName));
      return true;
    } catch (error) {
      if (error instanceof KeyOperationError) {
        await this.reportFailure(error.failure, vscode.l10n.t('Could not copy the connection string of the {0} of {1}', info.label, target.accountName));
        return false;
      }
      throw error;
    }
  }

  /** Asks for a vault and a secret name (with Back), then writes the new key's connection string as a new version. */
  private async writeToKeyVault(state: RotationState, target: AccountTarget, subscription: ArmSubscription, dnsSuffix: string): Promise<string | undefined> {
    const ui = this.deps.ui();
    const keyKind = otherKey(state);
    const info = keyKindInfo(keyKind);
    let vault: string | undefined;
    let secretName: string | undefined;
    while (secretName === undefined) {
      if (vault === undefined) {
        const answer = await ui.input({
          title: rotationTitle(state.accountName), step: { step: 4, total: ROTATION_STEP_COUNT }, canGoBack: true,
          prompt: vscode.l10n.t('The Key Vault that holds the connection string your applications read (in {0})',
            subscription.cloud.name === 'AzureCloud' ? 'Azure' : subscription.cloud.name),
          placeholder: vscode.l10n.t('for example contoso-prod-kv'), validate: (v) => validateVaultName(v.trim()),
        });
        if (answer === undefined || answer === BACK) return undefined;
        vault = answer.trim();
      }
      const answer = await ui.input({
        title: rotationTitle(state.accountName), step: { step: 4, total: ROTATION_STEP_COUNT }, canGoBack: true,
        prompt: vscode.l10n.t('The secret in {0} that gets the connection string of the {1} (a new version is added)', vault, info.label),
        value: `${state.accountName}-connection-string`.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 127),
        validate: (v) => validateSecretName(v.trim()),
      });
      if (answer === undefined) return undefined;
      if (answer === BACK) {
        vault = undefined;
        continue;
      }
      secretName = answer.trim();
    }
    const url = vaultUrl(vault!, dnsSuffix);
    try {
      const written = await ui.progress(vscode.l10n.t('Writing secret {0} in {1}', secretName, vault!), async (report) => {
        report(vscode.l10n.t('Reading the connection string of the {0}…', info.label));
        const value = await this.deps.operations().connectionString(target, keyKind);
        report(vscode.l10n.t('Writing a new secret version…'));
        return this.deps.keyVault.write({ vaultUrl: url, credential: subscription.scopedCredential!, secretName, value,
          tags: { CredentialId: keyKind, ProviderAddress: state.accountId } });
      });
      this.deps.logger.info(`Wrote the connection string of the ${info.label} of ${state.accountName} to ${written.id}.`);
      void ui.info(vscode.l10n.t('Wrote the connection string of the {0} of {1} to secret {2} in {3} (version {4}). Applications that read it pick '
        + 'it up on their next refresh or restart.', info.label, state.accountName, secretName, vault!, written.version));
      return `${vault!}/${secretName}`;
    } catch (error) {
      if (isAbortError(error)) return undefined;
      const message = error instanceof KeyOperationError ? error.failure.message : error instanceof Error ? error.message : String(error);
      this.deps.logger.warn(`Writing to Key Vault failed: ${message}`);
      await ui.error(maskSecrets(message), Action.showLog).then((c) => c === Action.showLog && this.deps.logger.show());
      return undefined;
    }
  }

  private async reportFailure(failure: ArmFailure, what: string): Promise<void> {
    this.deps.logger.warn(`${what}: ${failure.message}`);
    const choice = await this.deps.ui().error(`${what}. ${failure.message}`, Action.showLog);
    if (choice === Action.showLog) this.deps.logger.show();
  }

  private report(error: unknown, doing: string): void {
    this.deps.logger.error(`Failed ${doing}`, error);
    void this.deps.ui().error(vscode.l10n.t('Cosmos Guard failed {0}: {1}', doing, maskSecrets(describe(error))), Action.showLog)
      .then((c) => { if (c === Action.showLog) this.deps.logger.show(); });
  }

  private async target(ref: AccountRef): Promise<AccountTarget> {
    const subscription = await this.deps.accounts.resolveSubscription(ref.subscriptionId);
    const { resourceGroup, accountName } = splitId(ref.accountId);
    return { subscriptionId: subscription.subscriptionId, cloud: subscription.cloud, credential: subscription.credential, resourceGroup, accountName };
  }

  /** A rotation or pending regeneration blocks a stand-alone regeneration of the same account; says so. */
  private async blockedByRotation(ref: AccountRef): Promise<boolean> {
    const ui = this.deps.ui();
    const rotation = this.deps.store.rotation(ref.accountId);
    if (rotation) {
      const view = describeRotation(rotation);
      const choice = await ui.warn(vscode.l10n.t('{0} has an unfinished key rotation (step {1}/{2}: {3}). Finish or abandon it before regenerating a key '
        + 'by hand.', ref.accountName, view.step, view.total, view.title), Action.resume, Action.abandon);
      if (choice === Action.resume) await this.continueRotation(rotation);
      if (choice === Action.abandon) await this.abandonRotation({ accountId: ref.accountId });
      return true;
    }
    if (this.deps.store.pendingRegeneration(ref.accountId) || this.watcher.isWatching(ref.accountId)) {
      await ui.warn(vscode.l10n.t('A key of {0} is being regenerated already; Azure runs one regeneration per account at a time.', ref.accountName));
      return true;
    }
    return false;
  }

  /** The account a command is about: the tree row it was run on, an `{ accountId }`, or one the user picks. */
  private async locateAccount(arg: unknown, title: string, placeholder: string): Promise<Located | undefined> {
    const node = asNode(arg);
    let accountId: string | undefined;
    if (node && (node.kind === 'account' || node.kind === 'finding')) accountId = node.account.snapshot.id;
    else if (isRotationRequest(arg)) accountId = arg.accountId;
    if (!accountId) {
      await this.deps.accounts.ensureLoaded();
      const picked = await this.deps.ui().pick({
        title, placeholder,
        items: accountPickEntries(this.deps.accounts.model.subscriptions, this.clock(), (a) => a.snapshot.id,
          (a) => this.annotationOf(a.snapshot.id)?.status),
      });
      if (picked === undefined || picked === BACK) {
        if (this.deps.accounts.model.allAccounts().length === 0) {
          void this.deps.ui().info(vscode.l10n.t('No Cosmos DB accounts to choose from: see the Cosmos Guard view.'));
        }
        return undefined;
      }
      accountId = picked;
    }
    const found = this.deps.accounts.model.account(accountId);
    if (!found) {
      await this.deps.accounts.ensureLoaded();
    }
    const located = found ?? this.deps.accounts.model.account(accountId);
    if (!located) {
      await this.deps.ui().warn(vscode.l10n.t('The account {0} is not in the Cosmos Guard view (refresh it, or check the subscription filter).',
        splitId(accountId).accountName));
      return undefined;
    }
    return { account: located.account, ref: refOf(located.account.snapshot), ...(node?.kind === 'finding' ? { postureFinding: node } : {}) };
  }

  private async rotationFromArg(arg: unknown, title: string): Promise<RotationState | undefined> {
    const node = asNode(arg);
    const accountId = node && (node.kind === 'account' || node.kind === 'finding') ? node.account.snapshot.id
      : isRotationRequest(arg) ? arg.accountId : undefined;
    if (accountId) {
      const rotation = this.deps.store.rotation(accountId);
      if (!rotation) {
        const choice = await this.deps.ui().info(vscode.l10n.t('{0} has no unfinished key rotation.', splitId(accountId).accountName), Action.rotateSafely);
        if (choice === Action.rotateSafely) await this.rotateKeysSafely({ accountId } satisfies RotationRequest);
      }
      return rotation;
    }
    const rotations = this.deps.store.rotations();
    if (rotations.length === 0) {
      await this.deps.ui().info(vscode.l10n.t('There is no unfinished key rotation.'));
      return undefined;
    }
    const picked = await this.deps.ui().pick({
      title, placeholder: vscode.l10n.t('An unfinished key rotation'),
      items: rotations.map((r) => ({ label: `$(database) ${r.accountName}`, description: describeRotation(r).status,
        detail: vscode.l10n.t('started {0} · {1}', r.startedAt.slice(0, 10), r.accountId), value: r })),
    });
    return picked === undefined || picked === BACK ? undefined : picked;
  }
}

/** The key a rotation regenerated last: the other key after step 3, the old one when it is done. */
function keyKindOfPrevious(state: RotationState): KeyKind {
  return state.phase === 'done' || state.phase === 'regenerate-old' || state.phase === 'regenerating-old' ? state.inUse : otherKey(state);
}

/** The guided rotation's quick-input title. */
function rotationTitle(accountName: string): string {
  return vscode.l10n.t('Rotate Keys Safely: {0}', accountName);
}

function capitalise(text: string): string {
  return text.split(' ').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ').replace(/Read-only/, 'Read-Only');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function asNode(arg: unknown): AccountsNode | undefined {
  return typeof arg === 'object' && arg !== null && typeof (arg as { kind?: unknown }).kind === 'string' ? arg as AccountsNode : undefined;
}

function isRotationRequest(arg: unknown): arg is RotationRequest {
  return typeof arg === 'object' && arg !== null && typeof (arg as { accountId?: unknown }).accountId === 'string'
    && (arg as { kind?: unknown }).kind === undefined;
}

function splitId(accountId: string): { resourceGroup: string; accountName: string } {
  return parseAccountId(accountId);
}

function refOf(snapshot: Pick<AccountSnapshot, 'id' | 'name' | 'subscriptionId'>): AccountRef {
  return { accountId: snapshot.id, accountName: snapshot.name, subscriptionId: snapshot.subscriptionId };
}
