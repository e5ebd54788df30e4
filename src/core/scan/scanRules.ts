// Every rule a file scan reports: detection's secret rules and the code rule `cosmos-key-based-client`. SARIF's rule
// list, suppression comments and the settings accept exactly these ids.
import { KEY_BASED_CLIENT_RULE } from '../clients';
import { DETECTION_RULES, type Severity } from '../detection';

export interface ScanRuleInfo {
  readonly id: string;
  /** Short name, Title Case. */
  readonly name: string;
  /** One sentence: what was found. */
  readonly description: string;
  readonly defaultSeverity: Severity;
  /** Anchor of the rule's section in the README. */
  readonly docsAnchor: string;
}

export const SCAN_RULES: readonly ScanRuleInfo[] = [...DETECTION_RULES, KEY_BASED_CLIENT_RULE];

/**
 * Rules a user may turn off (`cosmosGuard.scan.rules`, `cosmos-guard scan --disable-rule`): they report no secret.
 * Secret rules are always on; a secret that may stay is suppressed one by one, with a reason.
 */
export const SWITCHABLE_SCAN_RULES = [KEY_BASED_CLIENT_RULE.id] as const;
export type SwitchableScanRuleId = (typeof SWITCHABLE_SCAN_RULES)[number];

const BY_ID = new Map(SCAN_RULES.map((r) => [r.id, r]));

export function scanRuleById(id: string): ScanRuleInfo | undefined {
  return BY_ID.get(id);
}

export function isSwitchableScanRule(id: string): id is SwitchableScanRuleId {
  return (SWITCHABLE_SCAN_RULES as readonly string[]).includes(id);
}
