import { type PostureRuleId } from './postureRuleIds';

// The options' shapes and defaults only. Their validation (`resolvePostureOptions.ts`) needs every rule's default
// enablement, and every rule needs these types: keeping the two apart keeps the rules free of an import circle.

/** Azure Policy 9d83ccb1's `maxDaysSinceLastRegeneration` default, and Microsoft's "at least every 60 days". */
export const DEFAULT_MAX_KEY_AGE_DAYS = 60;

/** `unused-key`: a key Azure reports unused for this many days is still valid for nothing. */
export const DEFAULT_UNUSED_KEY_DAYS = 30;

/** `keys-read-recently`: key reads by others within this many days are reported. */
export const DEFAULT_KEY_READ_DAYS = 7;

/** The Activity Log keeps 90 days: a longer look-back would silently read less than it says. */
export const ACTIVITY_LOG_RETENTION_DAYS = 90;

export interface PostureOptions {
  /** The moment to judge key ages against. Required, so results never depend on a hidden clock. */
  readonly now: Date | number;
  /** `cosmosGuard.posture.maxKeyAgeDays`: a key this many whole days old or older is stale. Integer ≥ 1; default 60. */
  readonly maxKeyAgeDays?: number;
  /** `cosmosGuard.posture.unusedKeyDays`: a key not used for this many whole days is unused. Integer ≥ 1; default 30. */
  readonly unusedKeyDays?: number;
  /** `cosmosGuard.posture.keyReadDays`: key reads this many days back count as recent. Integer 1–90; default 7. */
  readonly keyReadDays?: number;
  /** `cosmosGuard.posture.rules`: per-rule on/off overrides of each rule's `defaultEnabled`. */
  readonly rules?: Readonly<Partial<Record<PostureRuleId, boolean>>>;
}

/** Options after validation, as the rules receive them. */
export interface ResolvedPostureOptions {
  readonly nowMs: number;
  readonly maxKeyAgeDays: number;
  readonly unusedKeyDays: number;
  readonly keyReadDays: number;
  readonly enabled: Readonly<Record<PostureRuleId, boolean>>;
}
