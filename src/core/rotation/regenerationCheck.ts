// The last look before a key regeneration is sent. Questions and modals can stay open for minutes, and another
// window, the portal or a pipeline may act meanwhile: so right before `regenerateKey` goes out, the caller reads
// the account's keysMetadata and the stored rotations again and asks this function whether the request it was
// confirmed for still makes sense. It also holds the one rule that protects every client: both keys of a pair
// must never change close together — a client that has not yet picked up the new partner would then hold no
// valid key at all.
import { type KeysMetadata } from '../posture/accountSnapshot';
import { parseTimestamp } from '../posture/timestamps';
import { keyKindInfo, type KeyKind } from './keyKinds';
import { type PendingRegeneration, type RotationState } from './rotationState';

/** `cosmosGuard.rotation.pairCooldownMinutes`' default. */
export const DEFAULT_PAIR_COOLDOWN_MINUTES = 60;

/** A stored entry this version cannot read because a newer version of Cosmos Guard wrote it: kept, and respected. */
export interface NewerStoredEntry {
  readonly newer: true;
  readonly version: unknown;
}

/** What the regeneration was confirmed for. */
export interface RegenerationIntent {
  readonly keyKind: KeyKind;
  /** The account's keysMetadata as shown when the user confirmed. */
  readonly seen: KeysMetadata;
  /**
   * `standalone`: Regenerate Key…; `newRotation`: step 2 of a rotation not stored yet; `rotation`: a step of the
   * stored rotation `state` (which must still be stored exactly so).
   */
  readonly context: { readonly kind: 'standalone' } | { readonly kind: 'newRotation' } | { readonly kind: 'rotation'; readonly state: RotationState };
}

/** What holds now, read right before sending. */
export interface RegenerationFacts {
  readonly keysMetadata: KeysMetadata;
  readonly storedRotation?: RotationState | NewerStoredEntry;
  readonly storedPending?: PendingRegeneration | NewerStoredEntry;
  /** This window already follows a regeneration of the account. */
  readonly watching: boolean;
  readonly now: number;
  /** 0 turns the pair rule off. */
  readonly pairCooldownMinutes: number;
  /** The partner's generation time the user already accepted in the "partner regenerated recently" confirmation. */
  readonly acceptedPartnerGeneration?: string;
}

export type RegenerationVerdict =
  | { readonly go: true }
  /** Another rotation of the account is unfinished (started in another window, or here and left for later). */
  | { readonly go: false; readonly why: 'rotationUnfinished'; readonly rotation: RotationState }
  /** A regeneration of the account is running (stored, or followed in this window). */
  | { readonly go: false; readonly why: 'regenerationRunning'; readonly keyKind?: KeyKind }
  /** The stored rotation moved on (another window advanced, finished or abandoned it) since this step was shown. */
  | { readonly go: false; readonly why: 'rotationMoved'; readonly stored?: RotationState }
  /** A newer Cosmos Guard stored work for this account that this version cannot read. */
  | { readonly go: false; readonly why: 'newerEntry' }
  /** The key, or its partner, was regenerated since the user confirmed: what they decided on is out of date. */
  | { readonly go: false; readonly why: 'keysChanged'; readonly changed: KeyKind; readonly generationTime?: string }
  /** The partner was regenerated within the cooldown: only an explicit second confirmation lets this through. */
  | { readonly go: false; readonly why: 'recentPartner'; readonly partner: KeyKind; readonly partnerGeneratedAt: string;
    readonly minutesAgo: number; readonly cooldownMinutes: number };

function isNewer(entry: unknown): entry is NewerStoredEntry {
  return typeof entry === 'object' && entry !== null && (entry as { newer?: unknown }).newer === true;
}

/** The generation time of a key, as keysMetadata records it (absent: before 2022-06-18). */
export function generationTime(metadata: KeysMetadata, keyKind: KeyKind): string | undefined {
  return metadata[keyKindInfo(keyKind).keyName];
}

function sameInstant(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return parseTimestamp(a) === parseTimestamp(b);
}

/**
 * Whether the partner of `keyKind` was regenerated less than `cooldownMinutes` before `now`; the minutes since, or
 * undefined. A generation time slightly in the future (clock skew) counts as just now.
 */
export function recentPartnerRegeneration(metadata: KeysMetadata, keyKind: KeyKind, now: number, cooldownMinutes: number):
  { readonly partner: KeyKind; readonly at: string; readonly minutesAgo: number } | undefined {
  if (cooldownMinutes <= 0) return undefined;
  const partner = keyKindInfo(keyKind).partner;
  const at = generationTime(metadata, partner);
  const t = parseTimestamp(at);
  if (at === undefined || t === undefined) return undefined;
  const minutesAgo = Math.max(0, Math.floor((now - t) / 60_000));
  return now - t < cooldownMinutes * 60_000 ? { partner, at, minutesAgo } : undefined;
}

/** Whether the regeneration confirmed as `intent` may be sent now, given `facts`; the first reason it may not. */
export function checkRegeneration(intent: RegenerationIntent, facts: RegenerationFacts): RegenerationVerdict {
  const { storedRotation, storedPending } = facts;
  if (isNewer(storedRotation) || isNewer(storedPending)) return { go: false, why: 'newerEntry' };
  if (intent.context.kind === 'rotation') {
    const expected = intent.context.state;
    if (!storedRotation || storedRotation.phase !== expected.phase || storedRotation.updatedAt !== expected.updatedAt) {
      return { go: false, why: 'rotationMoved', ...(storedRotation ? { stored: storedRotation } : {}) };
    }
  } else if (storedRotation) {
    return { go: false, why: 'rotationUnfinished', rotation: storedRotation };
  }
  if (storedPending) return { go: false, why: 'regenerationRunning', keyKind: storedPending.operation.keyKind };
  if (facts.watching) return { go: false, why: 'regenerationRunning' };
  for (const kind of [intent.keyKind, keyKindInfo(intent.keyKind).partner]) {
    const now = generationTime(facts.keysMetadata, kind);
    if (!sameInstant(generationTime(intent.seen, kind), now)) return { go: false, why: 'keysChanged', changed: kind, ...(now ? { generationTime: now } : {}) };
  }
  const recent = recentPartnerRegeneration(facts.keysMetadata, intent.keyKind, facts.now, facts.pairCooldownMinutes);
  if (recent && !sameInstant(recent.at, facts.acceptedPartnerGeneration)) {
    return { go: false, why: 'recentPartner', partner: recent.partner, partnerGeneratedAt: recent.at, minutesAgo: recent.minutesAgo,
      cooldownMinutes: facts.pairCooldownMinutes };
  }
  return { go: true };
}
