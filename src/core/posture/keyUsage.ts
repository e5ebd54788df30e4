// When each key was last used, read from the snapshot (`keysLastUsed`, Azure's approximate last-usage time) and put
// into words that never present a guess as a fact: "last used about 3 h ago", "not used in the last 45 days",
// "no use reported", "usage not reported". `keyInUse` names the key applications use only when the evidence is
// unambiguous — the key rotation preselects it, and asks otherwise.
import { KEY_NAMES, type AccountSnapshot, type KeyName } from './accountSnapshot';
import { KEY_INFO } from './keyAges';
import { DEFAULT_UNUSED_KEY_DAYS } from './postureOptions';
import { type KeyKind } from './postureFinding';
import { DAY_MS, parseTimestamp } from './timestamps';

/** A key used within this many days counts as in use (`keyInUse`). */
export const KEY_IN_USE_WINDOW_DAYS = 7;

/** Anything before Cosmos DB existed is a placeholder for "no use" (services write 0001-01-01 for a missing date). */
const NO_USE_BEFORE_MS = Date.UTC(2014, 0, 1);

export type KeyUsageState = 'used' | 'never' | 'not-reported';

/** What to say about a key's last use; `describeKeyUsage` words it in English, the extension localises it. */
export type KeyUsagePhrase =
  | { readonly kind: 'used-ago'; readonly amount: number; readonly unit: 'minutes' | 'hours' | 'days' }
  | { readonly kind: 'not-used-for-days'; readonly days: number }
  | { readonly kind: 'no-use-reported' }
  | { readonly kind: 'not-reported' };

export interface KeyUsage {
  readonly key: KeyName;
  readonly keyKind: KeyKind;
  /** `primary`, `secondary read-only`, … */
  readonly label: string;
  /** `keysMetadata.<key>.generationTime`; undefined means "before 2022-06-18". */
  readonly generated: string | undefined;
  /** Azure's approximate last-usage time (ISO 8601), when it reported one. */
  readonly lastUsed: string | undefined;
  readonly state: KeyUsageState;
  readonly phrase: KeyUsagePhrase;
}

function stateOf(value: string | null | undefined): { state: KeyUsageState; lastUsedMs?: number } {
  if (value === undefined) return { state: 'not-reported' };
  if (value === null) return { state: 'never' };
  const ms = parseTimestamp(value);
  // An unreadable time is no evidence; a placeholder date is Azure's way of saying "none".
  if (ms === undefined) return { state: 'not-reported' };
  if (ms < NO_USE_BEFORE_MS) return { state: 'never' };
  return { state: 'used', lastUsedMs: ms };
}

function phraseOf(state: KeyUsageState, lastUsedMs: number | undefined, nowMs: number, unusedKeyDays: number): KeyUsagePhrase {
  if (state === 'not-reported') return { kind: 'not-reported' };
  if (state === 'never' || lastUsedMs === undefined) return { kind: 'no-use-reported' };
  const ago = Math.max(0, nowMs - lastUsedMs);
  const days = Math.floor(ago / DAY_MS);
  if (days >= unusedKeyDays) return { kind: 'not-used-for-days', days };
  if (ago < 3_600_000) return { kind: 'used-ago', amount: Math.max(1, Math.round(ago / 60_000)), unit: 'minutes' };
  if (ago < 2 * DAY_MS) return { kind: 'used-ago', amount: Math.round(ago / 3_600_000), unit: 'hours' };
  return { kind: 'used-ago', amount: days, unit: 'days' };
}

function nowMsOf(now: Date | number): number {
  const ms = now instanceof Date ? now.getTime() : now;
  if (!Number.isFinite(ms)) throw new RangeError(`keyUsageOf: "now" must be a valid Date or epoch milliseconds, got ${String(now)}.`);
  return ms;
}

/**
 * The four keys' generation and last use at `now`, in `KEY_NAMES` order. Keys unused for `unusedKeyDays` (30) or
 * more are "not used in the last N days".
 */
export function keyUsageOf(snapshot: Pick<AccountSnapshot, 'keysMetadata' | 'keysLastUsed'>, now: Date | number,
  options: { readonly unusedKeyDays?: number } = {}): KeyUsage[] {
  const nowMs = nowMsOf(now);
  const unusedKeyDays = options.unusedKeyDays ?? DEFAULT_UNUSED_KEY_DAYS;
  return KEY_NAMES.map((key) => {
    const raw = snapshot.keysLastUsed?.[key];
    const { state, lastUsedMs } = stateOf(raw);
    const generated = snapshot.keysMetadata[key];
    return {
      key, ...KEY_INFO[key],
      generated: parseTimestamp(generated) === undefined ? undefined : generated,
      lastUsed: lastUsedMs === undefined ? undefined : new Date(lastUsedMs).toISOString(),
      state,
      phrase: phraseOf(state, lastUsedMs, nowMs, unusedKeyDays),
    };
  });
}

/** Whether Azure reported the usage of at least one key (the preview api-version answered). */
export function isKeyUsageReported(snapshot: Pick<AccountSnapshot, 'keysLastUsed'>): boolean {
  return snapshot.keysLastUsed !== undefined && KEY_NAMES.some((k) => snapshot.keysLastUsed![k] !== undefined);
}

/** "last used about 3 h ago", "not used in the last 45 days", "no use reported", "usage not reported". */
export function describeKeyUsage(phrase: KeyUsagePhrase): string {
  switch (phrase.kind) {
    case 'used-ago': {
      const unit = phrase.unit === 'minutes' ? 'min' : phrase.unit === 'hours' ? 'h' : phrase.amount === 1 ? 'day' : 'days';
      return `last used about ${phrase.amount} ${unit} ago`;
    }
    case 'not-used-for-days': return `not used in the last ${phrase.days} ${phrase.days === 1 ? 'day' : 'days'}`;
    case 'no-use-reported': return 'no use reported';
    case 'not-reported': return 'usage not reported';
  }
}

/** Whether the key was used within `windowMs` before `now` (e.g. the last 24 hours, before regenerating it). */
export function usedWithin(usage: Pick<KeyUsage, 'lastUsed'>, now: Date | number, windowMs: number): boolean {
  const used = parseTimestamp(usage.lastUsed);
  return used !== undefined && nowMsOf(now) - used <= windowMs;
}

export interface KeyInUse {
  readonly keyKind: KeyKind;
  readonly lastUsed: string;
}

/**
 * The key applications use, when the evidence names exactly one: Azure reported the usage of every key considered,
 * and exactly one of them was used in the last `KEY_IN_USE_WINDOW_DAYS`. Undefined when usage is not reported (a
 * key that may be in use cannot be ruled out), when no key was used lately, or when several were (ambiguous).
 * `among` limits the question to some keys, e.g. one pair (`['primary', 'secondary']`).
 */
export function keyInUse(snapshot: Pick<AccountSnapshot, 'keysMetadata' | 'keysLastUsed'>, now: Date | number,
  options: { readonly among?: readonly KeyKind[] } = {}): KeyInUse | undefined {
  const considered = keyUsageOf(snapshot, now).filter((u) => !options.among || options.among.includes(u.keyKind));
  if (considered.length === 0 || considered.some((u) => u.state === 'not-reported')) return undefined;
  const recent = considered.filter((u) => u.state === 'used' && usedWithin(u, now, KEY_IN_USE_WINDOW_DAYS * DAY_MS));
  return recent.length === 1 ? { keyKind: recent[0]!.keyKind, lastUsed: recent[0]!.lastUsed! } : undefined;
}
