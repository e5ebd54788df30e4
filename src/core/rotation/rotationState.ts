// What Cosmos Guard remembers across window reloads about key regenerations: an unfinished guided rotation, and a
// regeneration started with "Regenerate Key…" that is still running. Plain JSON with a version field, validated on
// the way back in (globalState is user data: it may be old, hand-edited or written by a newer version). Neither
// shape can hold key material: only ids, names, key kinds, times and the poller's serialized state (status and
// result URLs of the operation).
import { parseAccountId } from '../posture/accountId';
import { parseTimestamp } from '../posture/timestamps';
import { isKeyKind, keyKindInfo, type KeyKind, type KeyPair } from './keyKinds';

/**
 * Bumped whenever a stored shape changes incompatibly. An older version's entry is not guessed at; a newer version's
 * is kept untouched (another window may run that version) and respected: its account is left alone here.
 */
export const ROTATION_STATE_VERSION = 1;

/**
 * Where a guided rotation stands. The key applications use (`inUse`) is regenerated last:
 * `regenerate-other` → `regenerating-other` → `switch-apps` → `regenerate-old` → `regenerating-old` → `done`.
 */
export type RotationPhase = 'regenerate-other' | 'regenerating-other' | 'switch-apps' | 'regenerate-old' | 'regenerating-old' | 'done';

export const ROTATION_PHASES: readonly RotationPhase[] = ['regenerate-other', 'regenerating-other', 'switch-apps', 'regenerate-old', 'regenerating-old', 'done'];

/** A regeneration that Azure accepted and that may still be running. */
export interface PendingOperation {
  readonly keyKind: KeyKind;
  /** ISO 8601: when Azure accepted the request. */
  readonly startedAt: string;
  /** `await poller.serialize()`: the operation's status and result URLs; no key material. */
  readonly pollerState: string;
}

/** The account a stored entry is about. */
export interface AccountRef {
  /** ARM resource id of the account. */
  readonly accountId: string;
  readonly accountName: string;
  readonly subscriptionId: string;
}

export interface RotationState extends AccountRef {
  readonly version: typeof ROTATION_STATE_VERSION;
  /** The pair being rotated (both keys of `inUse`'s pair). */
  readonly pair: KeyPair;
  /** The key applications used when the rotation started: it is regenerated last. */
  readonly inUse: KeyKind;
  readonly phase: RotationPhase;
  readonly startedAt: string;
  readonly updatedAt: string;
  /** Set exactly in the `regenerating-*` phases. */
  readonly operation?: PendingOperation;
  /** When the other key's regeneration succeeded. */
  readonly otherRegeneratedAt?: string;
  /** When the old key's regeneration succeeded (phase `done`). */
  readonly oldRegeneratedAt?: string;
  /** Why the last regeneration of this rotation failed, in plain words; cleared when the step is tried again. */
  readonly lastError?: string;
}

/** A regeneration started outside a guided rotation ("Regenerate Key…"), watched until it finishes. */
export interface PendingRegeneration extends AccountRef {
  readonly version: typeof ROTATION_STATE_VERSION;
  readonly operation: PendingOperation;
}

export type Parsed<T> = { readonly ok: true; readonly value: T }
  /** `newer`: written by a newer version of Cosmos Guard (a higher `version`), so not readable here but not invalid. */
  | { readonly ok: false; readonly problem: string; readonly newer?: true };

type Raw = Record<string, unknown>;

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(raw: Raw, field: string, problems: string[], optional = false): string | undefined {
  const value = raw[field];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value.trim() === '') problems.push(`${field} is missing`);
  return typeof value === 'string' ? value : undefined;
}

function instant(raw: Raw, field: string, problems: string[], optional = false): string | undefined {
  const value = text(raw, field, problems, optional);
  if (value !== undefined && parseTimestamp(value) === undefined) problems.push(`${field} is not a date-time`);
  return value;
}

function accountRef(raw: Raw, problems: string[]): AccountRef | undefined {
  const accountId = text(raw, 'accountId', problems);
  const accountName = text(raw, 'accountName', problems);
  const subscriptionId = text(raw, 'subscriptionId', problems);
  if (accountId === undefined || accountName === undefined || subscriptionId === undefined) return undefined;
  try {
    const parts = parseAccountId(accountId);
    if (parts.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) problems.push('subscriptionId does not match accountId');
  } catch {
    problems.push('accountId is not an account resource id');
  }
  return { accountId, accountName, subscriptionId };
}

function operation(value: unknown, problems: string[]): PendingOperation | undefined {
  if (!isObject(value)) {
    problems.push('operation is not an object');
    return undefined;
  }
  const keyKind = value.keyKind;
  if (!isKeyKind(keyKind)) problems.push('operation.keyKind is not a key kind');
  const startedAt = instant(value, 'startedAt', problems);
  const pollerState = text(value, 'pollerState', problems);
  if (pollerState !== undefined) {
    try {
      if (!isObject(JSON.parse(pollerState))) problems.push('operation.pollerState is not a serialized poller');
    } catch {
      problems.push('operation.pollerState is not JSON');
    }
  }
  if (!isKeyKind(keyKind) || startedAt === undefined || pollerState === undefined) return undefined;
  return { keyKind, startedAt, pollerState };
}

/** Whether a stored value carries a higher `version` than this one writes (a newer Cosmos Guard wrote it). */
export function isNewerEntry(value: unknown): boolean {
  return isObject(value) && typeof value.version === 'number' && Number.isInteger(value.version) && value.version > ROTATION_STATE_VERSION;
}

function version(raw: Raw): { readonly ok: false; readonly problem: string; readonly newer?: true } | undefined {
  if (raw.version === ROTATION_STATE_VERSION) return undefined;
  if (isNewerEntry(raw)) {
    return { ok: false, newer: true, problem: `version ${String(raw.version)} was written by a newer version of Cosmos Guard` };
  }
  return { ok: false, problem: `version ${JSON.stringify(raw.version)} is not ${ROTATION_STATE_VERSION} (written by another version of Cosmos Guard)` };
}

/** Validates a stored rotation; anything inconsistent is refused with the reason (for the log). */
export function parseRotationState(value: unknown): Parsed<RotationState> {
  if (!isObject(value)) return { ok: false, problem: 'not an object' };
  const wrongVersion = version(value);
  if (wrongVersion) return wrongVersion;
  const problems: string[] = [];
  const ref = accountRef(value, problems);
  const inUse = value.inUse;
  if (!isKeyKind(inUse)) problems.push('inUse is not a key kind');
  const phase = value.phase;
  if (typeof phase !== 'string' || !(ROTATION_PHASES as readonly string[]).includes(phase)) problems.push('phase is unknown');
  const startedAt = instant(value, 'startedAt', problems);
  const updatedAt = instant(value, 'updatedAt', problems);
  const otherRegeneratedAt = instant(value, 'otherRegeneratedAt', problems, true);
  const oldRegeneratedAt = instant(value, 'oldRegeneratedAt', problems, true);
  const lastError = text(value, 'lastError', problems, true);
  const running = phase === 'regenerating-other' || phase === 'regenerating-old';
  let op: PendingOperation | undefined;
  if (value.operation !== undefined) op = operation(value.operation, problems);
  if (running && value.operation === undefined) problems.push(`phase ${String(phase)} needs an operation`);
  if (!running && value.operation !== undefined) problems.push(`phase ${String(phase)} has no running operation`);
  if (isKeyKind(inUse)) {
    const pair = keyKindInfo(inUse).pair;
    if (value.pair !== pair) problems.push(`pair is not ${pair}`);
    const expected = phase === 'regenerating-other' ? keyKindInfo(inUse).partner : inUse;
    if (op && op.keyKind !== expected) problems.push(`the running operation regenerates ${op.keyKind}, not ${expected}`);
  }
  if (problems.length || !ref || !isKeyKind(inUse) || startedAt === undefined || updatedAt === undefined) {
    return { ok: false, problem: problems.join('; ') || 'incomplete' };
  }
  return {
    ok: true,
    value: {
      version: ROTATION_STATE_VERSION, ...ref, pair: keyKindInfo(inUse).pair, inUse, phase: phase as RotationPhase, startedAt, updatedAt,
      ...(op ? { operation: op } : {}),
      ...(otherRegeneratedAt ? { otherRegeneratedAt } : {}),
      ...(oldRegeneratedAt ? { oldRegeneratedAt } : {}),
      ...(lastError ? { lastError } : {}),
    },
  };
}

/** Validates a stored stand-alone regeneration. */
export function parsePendingRegeneration(value: unknown): Parsed<PendingRegeneration> {
  if (!isObject(value)) return { ok: false, problem: 'not an object' };
  const wrongVersion = version(value);
  if (wrongVersion) return wrongVersion;
  const problems: string[] = [];
  const ref = accountRef(value, problems);
  const op = operation(value.operation, problems);
  if (problems.length || !ref || !op) return { ok: false, problem: problems.join('; ') || 'incomplete' };
  return { ok: true, value: { version: ROTATION_STATE_VERSION, ...ref, operation: op } };
}

/** Map keys of stored entries: one rotation and one pending regeneration per account at most. */
export function accountKey(accountId: string): string {
  return accountId.trim().replace(/\/+$/, '').toLowerCase();
}
