import { type PostureRuleId } from './postureRuleIds';

// The options' shapes and defaults only. Their validation (`resolvePostureOptions.ts`) needs every rule's default
// enablement, and every rule needs these types: keeping the two apart keeps the rules free of an import circle.

/** Azure Policy 9d83ccb1's `maxDaysSinceLastRegeneration` default, and Microsoft's "at least every 60 days". */
export const DEFAULT_MAX_KEY_AGE_DAYS = 60;

export interface PostureOptions {
  /** The moment to judge key ages against. Required, so results never depend on a hidden clock. */
  readonly now: Date | number;
  /** `cosmosGuard.posture.maxKeyAgeDays`: a key this many whole days old or older is stale. Integer ≥ 1; default 60. */
  readonly maxKeyAgeDays?: number;
  /** `cosmosGuard.posture.rules`: per-rule on/off overrides of each rule's `defaultEnabled`. */
  readonly rules?: Readonly<Partial<Record<PostureRuleId, boolean>>>;
}

/** Options after validation, as the rules receive them. */
export interface ResolvedPostureOptions {
  readonly nowMs: number;
  readonly maxKeyAgeDays: number;
  readonly enabled: Readonly<Record<PostureRuleId, boolean>>;
}
