import { type AccountSnapshot } from './accountSnapshot';
import { type PostureFinding, SEVERITIES } from './postureFinding';
import { type PostureOptions } from './postureOptions';
import { resolvePostureOptions } from './resolvePostureOptions';
import { POSTURE_RULES } from './postureRules';

/**
 * Runs every enabled rule on one account. Pure: the same snapshot and options give the same findings on any
 * machine. Findings come worst first, then in `RULE_IDS` order, so a tooltip or CLI can print them as they are.
 * Throws a `RangeError` for invalid options (see `resolvePostureOptions`).
 *
 * Severity interplay uses the other rules' conditions, not their findings: turning `local-auth-enabled` off in
 * settings hides that finding but keeps `stale-keys` high, because the keys still work.
 */
export function evaluatePosture(snapshot: AccountSnapshot, options: PostureOptions): PostureFinding[] {
  const resolved = resolvePostureOptions(options);
  const findings: PostureFinding[] = [];
  for (const rule of POSTURE_RULES) {
    if (!resolved.enabled[rule.id]) continue;
    const finding = rule.evaluate(snapshot, resolved);
    if (finding) findings.push(finding);
  }
  // Array#sort is stable, so rule order survives within a severity.
  return findings.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}
