import {
  ACTIVITY_LOG_RETENTION_DAYS, DEFAULT_KEY_READ_DAYS, DEFAULT_MAX_KEY_AGE_DAYS, DEFAULT_UNUSED_KEY_DAYS, type PostureOptions,
  type ResolvedPostureOptions,
} from './postureOptions';
import { RULE_IDS, isPostureRuleId } from './postureRuleIds';
import { DEFAULT_RULE_ENABLEMENT } from './postureRules';

/**
 * Validates options and fills in defaults (each rule's `defaultEnabled` from its metadata). Throws a `RangeError`
 * naming the setting for a bad value, so the config layer can validate settings once and report them clearly;
 * an unknown rule id is an error too, because ignoring a typo would leave on a rule the user meant to turn off.
 */
export function resolvePostureOptions(options: PostureOptions): ResolvedPostureOptions {
  const nowMs = options.now instanceof Date ? options.now.getTime() : options.now;
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) {
    throw new RangeError(`Posture options: "now" must be a valid Date or epoch milliseconds, got ${String(options.now)}.`);
  }
  const maxKeyAgeDays = wholeDays('maxKeyAgeDays', options.maxKeyAgeDays ?? DEFAULT_MAX_KEY_AGE_DAYS);
  const unusedKeyDays = wholeDays('unusedKeyDays', options.unusedKeyDays ?? DEFAULT_UNUSED_KEY_DAYS);
  const keyReadDays = wholeDays('keyReadDays', options.keyReadDays ?? DEFAULT_KEY_READ_DAYS, ACTIVITY_LOG_RETENTION_DAYS);
  const enabled = { ...DEFAULT_RULE_ENABLEMENT };
  for (const [id, on] of Object.entries(options.rules ?? {})) {
    if (!isPostureRuleId(id)) {
      throw new RangeError(`cosmosGuard.posture.rules: unknown rule "${id}". Known rules: ${RULE_IDS.join(', ')}.`);
    }
    if (on === undefined) continue;
    if (typeof on !== 'boolean') throw new RangeError(`cosmosGuard.posture.rules["${id}"] must be true or false; got ${String(on)}.`);
    enabled[id] = on;
  }
  return { nowMs, maxKeyAgeDays, unusedKeyDays, keyReadDays, enabled };
}

function wholeDays(setting: string, value: unknown, max?: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || (max !== undefined && value > max)) {
    const range = max === undefined ? '1 or more' : `from 1 to ${max} (the Activity Log keeps ${max} days)`;
    throw new RangeError(`cosmosGuard.posture.${setting} must be a whole number of days, ${range}; got ${String(value)}.`);
  }
  return value;
}
