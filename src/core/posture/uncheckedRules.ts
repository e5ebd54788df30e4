import { type AccountSnapshot } from './accountSnapshot';
import { type PostureOptions } from './postureOptions';
import { type PostureRuleId } from './postureRuleIds';
import { POSTURE_RULES } from './postureRules';
import { resolvePostureOptions } from './resolvePostureOptions';

/** An enabled rule that could not be evaluated for an account: not a finding, and never a pass. */
export interface UncheckedRule {
  readonly rule: PostureRuleId;
  readonly title: string;
  /** "missing permission Microsoft.Security/pricings/read", or the failure's own words. */
  readonly reason: string;
}

/** The enabled rules whose evidence could not be read for this account, in `RULE_IDS` order. */
export function uncheckedRules(snapshot: AccountSnapshot, options: PostureOptions): UncheckedRule[] {
  const resolved = resolvePostureOptions(options);
  const out: UncheckedRule[] = [];
  for (const rule of POSTURE_RULES) {
    if (!resolved.enabled[rule.id]) continue;
    const reason = rule.whyUnchecked(snapshot, resolved);
    if (reason !== undefined) out.push({ rule: rule.id, title: rule.title, reason });
  }
  return out;
}
