// The guided ("safe") key rotation as a state machine, after Microsoft's procedure: applications must use one key
// of a pair; regenerate the OTHER key, wait for it, give the new key to the applications and switch them over,
// then regenerate the key they used. Pure: the extension feeds events and persists the result; every transition
// not in the table below is refused, so a reload, a second window or a stale button can never skip a step.
import { keyKindInfo, type KeyKind } from './keyKinds';
import {
  ROTATION_STATE_VERSION, type AccountRef, type PendingOperation, type RotationPhase, type RotationState,
} from './rotationState';

export type RotationEvent =
  /** Azure accepted the regeneration that the current phase calls for. */
  | { readonly type: 'regenerationStarted'; readonly operation: PendingOperation; readonly at: string }
  | { readonly type: 'regenerationSucceeded'; readonly at: string }
  /** The regeneration was refused or failed; the phase before it comes back, with the reason. */
  | { readonly type: 'regenerationFailed'; readonly at: string; readonly message: string }
  /** The user confirmed that the applications use the new key. */
  | { readonly type: 'appsSwitched'; readonly at: string };

export class InvalidTransitionError extends Error {
  override readonly name = 'InvalidTransitionError';
  constructor(readonly phase: RotationPhase, readonly event: RotationEvent['type'], detail = '') {
    super(`A key rotation in phase "${phase}" cannot take "${event}"${detail ? `: ${detail}` : ''}.`);
  }
}

/** The key regenerated first: the partner of the key in use. */
export function otherKey(state: Pick<RotationState, 'inUse'>): KeyKind {
  return keyKindInfo(state.inUse).partner;
}

/** A new rotation: the applications use `inUse`; its partner is regenerated first. */
export function startRotation(account: AccountRef, inUse: KeyKind, at: string): RotationState {
  return {
    version: ROTATION_STATE_VERSION,
    accountId: account.accountId, accountName: account.accountName, subscriptionId: account.subscriptionId,
    pair: keyKindInfo(inUse).pair, inUse, phase: 'regenerate-other', startedAt: at, updatedAt: at,
  };
}

/** The key the next (or the running) regeneration is for, or undefined in `switch-apps` and `done`. */
export function keyToRegenerate(state: RotationState): KeyKind | undefined {
  switch (state.phase) {
    case 'regenerate-other':
    case 'regenerating-other': return otherKey(state);
    case 'regenerate-old':
    case 'regenerating-old': return state.inUse;
    default: return undefined;
  }
}

/** Applies one event; throws {@link InvalidTransitionError} for anything the procedure does not allow. */
export function transition(state: RotationState, event: RotationEvent): RotationState {
  const { operation: _op, lastError: _error, ...rest } = state;
  const base = { ...rest, updatedAt: event.at };
  const refuse = (detail?: string): never => {
    throw new InvalidTransitionError(state.phase, event.type, detail);
  };
  switch (event.type) {
    case 'regenerationStarted': {
      const next: RotationPhase | undefined = state.phase === 'regenerate-other' ? 'regenerating-other'
        : state.phase === 'regenerate-old' ? 'regenerating-old' : undefined;
      if (!next) return refuse();
      const expected = keyToRegenerate(state)!;
      if (event.operation.keyKind !== expected) return refuse(`this step regenerates the ${keyKindInfo(expected).label}, not the ${keyKindInfo(event.operation.keyKind).label}`);
      return { ...base, phase: next, operation: event.operation };
    }
    case 'regenerationSucceeded':
      if (state.phase === 'regenerating-other') return { ...base, phase: 'switch-apps', otherRegeneratedAt: event.at };
      if (state.phase === 'regenerating-old') return { ...base, phase: 'done', oldRegeneratedAt: event.at };
      return refuse();
    case 'regenerationFailed':
      if (state.phase === 'regenerating-other') return { ...base, phase: 'regenerate-other', lastError: event.message };
      if (state.phase === 'regenerating-old') return { ...base, phase: 'regenerate-old', lastError: event.message };
      return refuse();
    case 'appsSwitched':
      if (state.phase === 'switch-apps') return { ...base, phase: 'regenerate-old' };
      return refuse();
  }
}

/** The guided flow's steps, for "step n/m" titles. */
export const ROTATION_STEP_COUNT = 6;

export type RotationStepNumber = 1 | 2 | 3 | 4 | 5 | 6;

/** What the next thing to do is. */
export type RotationNextAction = 'regenerate' | 'watch' | 'switchApps' | 'none';

export interface RotationStepView {
  /** 1 choose the key in use, 2 regenerate the other key, 3 wait, 4 hand out the new key, 5 confirm the switch, 6 regenerate the old key. */
  readonly step: RotationStepNumber;
  readonly total: typeof ROTATION_STEP_COUNT;
  /** A heading for the step: "Regenerate the secondary read-write key". */
  readonly title: string;
  /** A few words for a tree row's description: "rotation 3/6: regenerating secondary". */
  readonly status: string;
  /** One or two sentences: what happens now and what the user does next. */
  readonly detail: string;
  readonly next: RotationNextAction;
}

/** The title of step 1 (before any state exists). */
export const CHOOSE_KEY_TITLE = 'Which key do your applications use now?';

/** Titles of steps 4 and 5, which both belong to the `switch-apps` phase. */
export function switchStepTitles(state: Pick<RotationState, 'inUse'>): { readonly distribute: string; readonly confirm: string } {
  const other = keyKindInfo(otherKey(state));
  return {
    distribute: `Give your applications the new ${other.label}`,
    confirm: `Confirm your applications use the ${other.label}`,
  };
}

/** What to show for a stored rotation: its step, a heading, a short status and what comes next. */
export function describeRotation(state: RotationState): RotationStepView {
  const other = keyKindInfo(otherKey(state));
  const old = keyKindInfo(state.inUse);
  const failed = state.lastError ? ` The last attempt failed: ${state.lastError}` : '';
  const view = (step: RotationStepNumber, title: string, status: string, detail: string, next: RotationNextAction): RotationStepView =>
    ({ step, total: ROTATION_STEP_COUNT, title, status: `rotation ${step}/${ROTATION_STEP_COUNT}: ${status}`, detail, next });
  switch (state.phase) {
    case 'regenerate-other':
      return view(2, `Regenerate the ${other.label}`, state.lastError ? `${other.short} not regenerated` : `regenerate ${other.short} next`,
        `Your applications use the ${old.label}, so the ${other.label} is regenerated first; nothing that uses the ${old.label} is affected.${failed}`,
        'regenerate');
    case 'regenerating-other':
      return view(3, `Wait for the ${other.label}`, `regenerating ${other.short}`,
        `Azure is regenerating the ${other.label}; this takes from a minute to several hours, depending on the size of the account.`, 'watch');
    case 'switch-apps':
      return view(4, switchStepTitles(state).distribute, `switch apps to ${other.short}`,
        `The ${other.label} is new. Give it (or its connection string) to every application that uses the ${old.label}, restart clients `
        + `that keep the key (CosmosClient caches it), check they work, then confirm to regenerate the ${old.label}.`, 'switchApps');
    case 'regenerate-old':
      return view(6, `Regenerate the ${old.label}`, state.lastError ? `${old.short} not regenerated` : `regenerate ${old.short} next`,
        `Your applications use the ${other.label} now, so the ${old.label} can be regenerated.${failed}`, 'regenerate');
    case 'regenerating-old':
      return view(6, `Wait for the ${old.label}`, `regenerating ${old.short}`,
        `Azure is regenerating the ${old.label}, the last step of the rotation.`, 'watch');
    case 'done':
      return view(6, 'Rotation finished', 'rotation finished',
        `Both keys of the ${old.pair === 'readWrite' ? 'read-write' : 'read-only'} pair are new; your applications use the ${other.label}.`, 'none');
  }
}
