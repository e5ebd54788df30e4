import { type PostureRuleId, RULE_IDS } from './postureRuleIds';
import { azureDatacentersRule } from './rules/azureDatacentersRule';
import { chaosDbPrimaryKeyRule } from './rules/chaosDbPrimaryKeyRule';
import { customerManagedKeyRule } from './rules/customerManagedKeyRule';
import { defenderRule } from './rules/defenderRule';
import { diagnosticLogsRule } from './rules/diagnosticLogsRule';
import { keysReadRecentlyRule } from './rules/keysReadRecentlyRule';
import { localAuthRule } from './rules/localAuthRule';
import { metadataWriteRule } from './rules/metadataWriteRule';
import { notebookWorkspaceRule } from './rules/notebookWorkspaceRule';
import { openNetworkRule } from './rules/openNetworkRule';
import { type PostureRule } from './rules/postureRule';
import { privateEndpointRule } from './rules/privateEndpointRule';
import { publicNetworkAccessRule } from './rules/publicNetworkAccessRule';
import { staleKeysRule } from './rules/staleKeysRule';
import { tlsVersionRule } from './rules/tlsVersionRule';
import { unusedKeyRule } from './rules/unusedKeyRule';

/** Any one rule, keeping the link between its id and its finding's detail type. */
export type AnyPostureRule = { [Id in PostureRuleId]: PostureRule<Id> }[PostureRuleId];

const BY_ID: { readonly [Id in PostureRuleId]: PostureRule<Id> } = {
  'stale-keys': staleKeysRule,
  'chaosdb-primary-key': chaosDbPrimaryKeyRule,
  'notebook-workspace': notebookWorkspaceRule,
  'local-auth-enabled': localAuthRule,
  'open-network': openNetworkRule,
  'azure-datacenters-allowed': azureDatacentersRule,
  'public-network-access': publicNetworkAccessRule,
  'metadata-write-by-key': metadataWriteRule,
  'tls-below-1-2': tlsVersionRule,
  'no-customer-managed-key': customerManagedKeyRule,
  'unused-key': unusedKeyRule,
  'keys-read-recently': keysReadRecentlyRule,
  'no-private-endpoint': privateEndpointRule,
  'no-diagnostic-logs': diagnosticLogsRule,
  'defender-off': defenderRule,
};

/** Every rule's metadata and check, in `RULE_IDS` order; the settings schema, SARIF rules and README derive from it. */
export const POSTURE_RULES: readonly AnyPostureRule[] = RULE_IDS.map((id) => BY_ID[id]);

/** Each rule's `defaultEnabled`, keyed by id. */
export const DEFAULT_RULE_ENABLEMENT: Readonly<Record<PostureRuleId, boolean>> =
  Object.fromEntries(POSTURE_RULES.map((r) => [r.id, r.defaultEnabled])) as Record<PostureRuleId, boolean>;

export function postureRuleById<Id extends PostureRuleId>(id: Id): PostureRule<Id>;
export function postureRuleById(id: string): AnyPostureRule | undefined;
export function postureRuleById(id: string): AnyPostureRule | undefined {
  return (BY_ID as Readonly<Record<string, AnyPostureRule>>)[id];
}
