// The guided rotation ("Rotate Keys Safely…"), after Microsoft's procedure: regenerate the key the applications do
// not use, wait, give it to them, confirm, regenerate the old one. The order of phases is the core's state machine
// (src/core/rotation/rotationPlan.ts); here each phase becomes its questions (wizard prompt steps, rotationUi.ts,
// keyHandout.ts) and its execute step: a regeneration sent through regenerationSender.ts, or the confirmed switch
// stored only if no other window moved the rotation on meanwhile.
import * as vscode from 'vscode';
import { type AccountTarget } from '../../azure/keyOperations';
import { parseTimestamp, type KeysMetadata } from '../../core/posture';
import {
  accountKey, describeRotation, keyKindInfo, otherKey, ROTATION_STEP_COUNT, startRotation, transition, type RotationEvent, type RotationState,
} from '../../core/rotation';
import { runWizard, type ExecuteStep, type PromptStep } from '../../platform/flow/wizard';
import { ConfirmSwitchStep, HandOutStep, type HandOutContext } from './keyHandout';
import { formatElapsed, type WatchOutcome } from './regenerationWatcher';
import { sendRegeneration } from './regenerationSender';
import { Action, type RotationServices } from './rotationServices';
import {
  ConfirmRotationStep, KeyInUseStep, RegenerateNowStep, rotationTitle, type KeyFlowContext, type LocatedAccount,
} from './rotationUi';

export class RotationFlow {
  /** Accounts whose regeneration the user stopped watching in this window: not resumed until Resume Rotation. */
  readonly stoppedByUser = new Set<string>();

  constructor(private readonly services: RotationServices) {}

  /** Steps 1–3 of a new rotation (the account, the key in use, regenerate the other now), then the rest. */
  async start(context: KeyFlowContext): Promise<void> {
    let state: RotationState | undefined;
    const current = (id: string) => this.services.snapshot(id);
    const result = await runWizard(context, {
      title: (c) => rotationTitle(c.account?.ref.accountName ?? ''), totalSteps: ROTATION_STEP_COUNT,
      prompts: [new KeyInUseStep(() => this.services.ui, this.services.clock),
        new RegenerateNowStep(() => this.services.ui, false), new ConfirmRotationStep(() => this.services.ui, 'other', current, this.services.clock)],
      executes: [{ priority: 100, execute: async (c) => {
        state = await this.regenerate(startRotation(c.account.ref, c.inUse!, this.services.now()), c.seen!, true);
        return state ? 'next' : 'stop';
      } }],
    });
    if (result === 'done' && state) await this.continue(state);
  }

  /**
   * Runs a stored rotation from its phase until it is done or the user leaves it (it stays stored then). Not
   * `interactive` (resumed after a reload, not started by the user in this window): once the regeneration it
   * waited for ends, a notification offers to continue instead of opening the next step unasked.
   */
  async continue(initial: RotationState, options: { readonly interactive: boolean } = { interactive: true }): Promise<void> {
    let state: RotationState | undefined = initial;
    let interactive = options.interactive;
    while (state) {
      if (!interactive && state !== initial) {
        if (state.phase !== 'done') {
          this.offerToContinue(state);
          return;
        }
        interactive = true;
      }
      switch (describeRotation(state).next) {
        case 'regenerate':
          state = await this.regenerateStep(state);
          break;
        case 'watch':
          state = await this.watchStep(state);
          break;
        case 'switchApps':
          state = await this.switchStep(state);
          break;
        case 'none':
          await this.finish(state);
          state = undefined;
          break;
      }
    }
  }

  private offerToContinue(next: RotationState): void {
    const view = describeRotation(next);
    const previous = next.phase === 'regenerate-old' || next.phase === 'regenerating-old' ? next.inUse : otherKey(next);
    void this.services.ui.info(vscode.l10n.t('Key rotation of {0}: the {1} is new. Next: {2} (step {3}/{4}).', next.accountName,
      keyKindInfo(previous).label, `${view.title.charAt(0).toLowerCase()}${view.title.slice(1)}`, view.step, view.total), Action.continueRotation)
      .then((choice) => (choice === Action.continueRotation ? this.continue(next) : undefined))
      .catch((error: unknown) => this.services.report(error, `continuing the key rotation of ${next.accountName}`));
  }

  /** Step 2 (again, after a failure or "Not now") or step 6 of a stored rotation: confirm, then regenerate. */
  private async regenerateStep(state: RotationState): Promise<RotationState | undefined> {
    const located = this.located(state);
    if (!located) return undefined;
    const first = state.phase === 'regenerate-other';
    const context: KeyFlowContext = { account: located, inUse: state.inUse, ...(first ? {} : { switchedAt: state.updatedAt }) };
    const current = (id: string) => this.services.snapshot(id);
    const prompts: PromptStep<KeyFlowContext>[] = first
      ? [new RegenerateNowStep(() => this.services.ui, true), new ConfirmRotationStep(() => this.services.ui, 'other', current, this.services.clock)]
      : [new ConfirmRotationStep(() => this.services.ui, 'old', current, this.services.clock)];
    let next: RotationState | undefined;
    const result = await runWizard(context, {
      title: () => rotationTitle(state.accountName), totalSteps: ROTATION_STEP_COUNT, prompts,
      executes: [{ priority: 100, execute: async (c) => {
        next = await this.regenerate(state, c.seen!, false);
        return 'next';
      } }],
    });
    if (result === 'stopped' && !first && next === undefined) {
      void this.services.ui.info(vscode.l10n.t('The rotation of {0} waits on its account row: Resume Rotation regenerates the {1}.', state.accountName,
        keyKindInfo(state.inUse).label));
    }
    return next;
  }

  /**
   * Sends the regeneration the phase calls for (after the last look) and follows it; resolves to the state to go on
   * with, or undefined to stop here. `isNew`: the rotation is stored only once Azure accepted its first regeneration.
   */
  private async regenerate(state: RotationState, seen: KeysMetadata, isNew: boolean): Promise<RotationState | undefined> {
    const keyKind = state.phase === 'regenerate-other' ? otherKey(state) : state.inUse;
    const info = keyKindInfo(keyKind);
    const view = describeRotation(state);
    this.services.logger.info(`Rotate Keys Safely: regenerating the ${info.label} of ${state.accountName} (step ${view.step}/${view.total}), confirmed.`);
    let current = state;
    const sent = await sendRegeneration(this.services, {
      ref: state, keyKind, seen, context: isNew ? { kind: 'newRotation' } : { kind: 'rotation', state },
      onAccepted: async (handle, startedAt) => {
        current = transition(current, { type: 'regenerationStarted', at: startedAt, operation: { keyKind, startedAt, pollerState: handle.pollerState } });
        // Azure accepted it: the running operation is the truth now, whatever another window stored meanwhile.
        if (!await this.services.store.saveRotation(current)) {
          this.services.logger.warn(`Could not store the rotation of ${state.accountName}: a newer version of Cosmos Guard keeps its own entry.`);
        }
      },
    });
    if (!sent.sent) return undefined;
    if (sent.outcome.status === 'refused') {
      await this.services.reportFailure(sent.outcome.failure, vscode.l10n.t('Azure did not regenerate the {0} of {1}', info.label, state.accountName));
      if (!isNew) await this.services.store.saveRotation({ ...state, lastError: sent.outcome.failure.message }, state);
      return undefined;
    }
    return this.afterWatch(current, sent.outcome, sent.target);
  }

  /** Step 3 (or 6): follows the regeneration a stored rotation is waiting for. */
  private async watchStep(state: RotationState): Promise<RotationState | undefined> {
    const operation = state.operation!;
    const target = await this.services.target(state);
    const handle = this.resume(target, state);
    if (!handle) {
      return this.afterWatch(state, { status: 'lost', failure: { kind: 'other', code: 'UntrustedState', message: 'The stored operation could not be resumed.' } }, target);
    }
    const outcome = await this.services.watcher.watch({ accountId: state.accountId, accountName: state.accountName, keyKind: operation.keyKind,
      operation: { handle, startedAt: operation.startedAt } });
    return this.afterWatch(state, outcome, target);
  }

  private resume(target: AccountTarget, state: RotationState) {
    try {
      return this.services.deps.operations().resumeRegeneration(target, state.operation!.keyKind, state.operation!.pollerState);
    } catch (error) {
      this.services.logger.warn(`Could not resume a stored regeneration of ${target.accountName}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** What a watch's end means for the rotation; stores the new state and resolves to it (undefined: stop here). */
  private async afterWatch(state: RotationState, outcome: WatchOutcome, target: AccountTarget): Promise<RotationState | undefined> {
    if (!state.operation) return undefined;
    // Another caller (another window, or Resume Rotation while a resumed watch runs) may have handled this end.
    const stored = this.services.store.rotation(state.accountId);
    if (!stored || stored.phase !== state.phase || stored.updatedAt !== state.updatedAt) return undefined;
    const info = keyKindInfo(state.operation.keyKind);
    const at = this.services.now();
    let event: RotationEvent;
    switch (outcome.status) {
      case 'succeeded':
        event = { type: 'regenerationSucceeded', at };
        break;
      case 'failed':
        await this.services.reportFailure(outcome.failure, vscode.l10n.t('The regeneration of the {0} of {1} failed', info.label, state.accountName));
        event = { type: 'regenerationFailed', at, message: outcome.failure.message };
        break;
      case 'lost': {
        const regenerated = await this.services.regeneratedSince(target, state.operation.keyKind, state.operation);
        if (!regenerated) {
          await this.services.reportFailure(outcome.failure, vscode.l10n.t('The regeneration of the {0} of {1} cannot be followed', info.label, state.accountName));
        }
        event = regenerated ? { type: 'regenerationSucceeded', at } : { type: 'regenerationFailed', at,
          message: `${outcome.failure.message} ${vscode.l10n.t('The key\'s generation time did not change, so it was not regenerated.')}` };
        break;
      }
      case 'unfollowed':
        // Azure may still be regenerating: the rotation stays at "waiting"; Resume Rotation (or the next load of the
        // view) follows it again.
        await this.services.reportFailure(outcome.failure, vscode.l10n.t('Cosmos Guard lost track of the regeneration of the {0} of {1}; it may go on in '
          + 'Azure, and Resume Rotation follows it again', info.label, state.accountName));
        return undefined;
      case 'stopped':
        this.stoppedByUser.add(accountKey(state.accountId));
        void this.services.ui.info(vscode.l10n.t('Stopped watching the regeneration of the {0} of {1}; it goes on in Azure. Resume Rotation watches it '
          + 'again (so does reopening VS Code).', info.label, state.accountName));
        return undefined;
      case 'disposed':
      case 'refused':
      case 'busy':
        return undefined;
    }
    const next = transition(state, event);
    if (!await this.services.store.saveRotation(next, state)) return undefined; // abandoned or moved on while Azure answered
    if (event.type === 'regenerationSucceeded') {
      await this.services.refreshAccount(target);
      this.services.logger.info(`Rotate Keys Safely: the ${info.label} of ${state.accountName} is new.`);
      return next;
    }
    return undefined;
  }

  /** Steps 4 and 5: hand out the new key, then confirm the applications use it. */
  private async switchStep(state: RotationState): Promise<RotationState | undefined> {
    const context: HandOutContext = { state, target: await this.services.target(state),
      subscription: await this.services.deps.accounts.resolveSubscription(state.subscriptionId), copied: false };
    let next: RotationState | undefined;
    const confirm: ExecuteStep<HandOutContext> = { priority: 100, execute: async () => {
      const switched = transition(state, { type: 'appsSwitched', at: this.services.now() });
      if (!await this.services.store.saveRotation(switched, state)) {
        void this.services.ui.warn(vscode.l10n.t('The key rotation of {0} was changed in another window meanwhile; nothing was changed here. Resume '
          + 'Rotation continues from where it is now.', state.accountName));
        return 'stop';
      }
      this.services.logger.info(`Rotate Keys Safely: the applications of ${state.accountName} use the ${keyKindInfo(otherKey(state)).label} (confirmed).`);
      next = switched;
      return 'next';
    } };
    await runWizard(context, { title: () => rotationTitle(state.accountName), totalSteps: ROTATION_STEP_COUNT,
      prompts: [new HandOutStep(this.services), new ConfirmSwitchStep(this.services)], executes: [confirm] });
    return next;
  }

  private async finish(state: RotationState): Promise<void> {
    await this.services.store.removeRotation(state.accountId, state);
    const other = keyKindInfo(otherKey(state));
    const old = keyKindInfo(state.inUse);
    const took = formatElapsed((parseTimestamp(state.oldRegeneratedAt) ?? this.services.clock()) - (parseTimestamp(state.startedAt) ?? this.services.clock()));
    this.services.logger.info(`Rotate Keys Safely: finished for ${state.accountName} in ${took}.`);
    void this.services.ui.info(vscode.l10n.t('Key rotation of {0} finished: the {1} and the {2} are new, and your applications use the {1}.',
      state.accountName, other.label, old.label));
  }

  /** The stored rotation's account as the view shows it (for its keys' ages); undefined when the view lost it. */
  private located(state: RotationState): LocatedAccount | undefined {
    const found = this.services.deps.accounts.model.account(state.accountId);
    if (!found) {
      void this.services.ui.warn(vscode.l10n.t('The account {0} is not in the Cosmos Guard view (refresh it, or check the subscription filter).',
        state.accountName));
      return undefined;
    }
    return { account: found.account, ref: state };
  }
}
