/**
 * Every posture rule id, in evaluation and display order. Stable: settings (`cosmosGuard.posture.rules`), SARIF
 * rule ids, README anchors (`#posture-<id>`) and saved baselines refer to them. Add new ids; never rename one.
 */
export const RULE_IDS = [
  'stale-keys',
  'chaosdb-primary-key',
  'notebook-workspace',
  'local-auth-enabled',
  'open-network',
  'azure-datacenters-allowed',
  'public-network-access',
  'metadata-write-by-key',
  'tls-below-1-2',
  'no-customer-managed-key',
  'unused-key',
  'keys-read-recently',
  'no-private-endpoint',
  'no-diagnostic-logs',
  'defender-off',
] as const;

export type PostureRuleId = (typeof RULE_IDS)[number];

export function isPostureRuleId(value: string): value is PostureRuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}
