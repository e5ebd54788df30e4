import { DEFAULT_MAX_KEY_AGE_DAYS, type PostureOptions, type ResolvedPostureOptions } from './postureOptions';
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
  const maxKeyAgeDays = options.maxKeyAgeDays ?? DEFAULT_MAX_KEY_AGE_DAYS;
  if (typeof maxKeyAgeDays !== 'number' || !Number.isInteger(maxKeyAgeDays) || maxKeyAgeDays < 1) {
    throw new RangeError(`cosmosGuard.posture.maxKeyAgeDays must be a whole number of days, 1 or more; got ${String(maxKeyAgeDays)}.`);
  }
  const enabled = { ...DEFAULT_RULE_ENABLEMENT };
  for (const [id, on] of Object.entries(options.rules ?? {})) {
    if (!isPostureRuleId(id)) {
      throw new RangeError(`cosmosGuard.posture.rules: unknown rule "${id}". Known rules: ${RULE_IDS.join(', ')}.`);
    }
    if (on === undefined) continue;
    if (typeof on !== 'boolean') throw new RangeError(`cosmosGuard.posture.rules["${id}"] must be true or false; got ${String(on)}.`);
    enabled[id] = on;
  }
  return { nowMs, maxKeyAgeDays, enabled };
}
