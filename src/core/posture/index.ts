export { apiOf, type CosmosApi } from './accountApi';
export {
  whyUnreadable, type DefenderPlanEvidence, type DiagnosticSetting, type DiagnosticSettingsEvidence, type KeyAccessEvidence,
  type UnreadableEvidence,
} from './accountEvidence';
export { InvalidAccountIdError, parseAccountId, resourceGroupOf, type AccountIdParts } from './accountId';
export {
  KEY_NAMES, type AccountKind, type AccountSnapshot, type KeyName, type KeysLastUsed, type KeysMetadata, type NotebookWorkspaceState,
} from './accountSnapshot';
export { CHAOSDB_CUTOFF_DATE, KEYS_METADATA_SINCE_DATE, NOTEBOOKS_RETIRED_DATE } from './chaosDbTimeline';
export { dataPlaneLogWorkspaces, parseDiagnosticSettings, sendsDataPlaneLogs } from './diagnosticLogging';
export { evaluatePosture } from './evaluatePosture';
export { keyAges } from './keyAges';
export {
  describeKeyUsage, isKeyUsageReported, KEY_IN_USE_WINDOW_DAYS, keyInUse, keyUsageOf, usedWithin, type KeyInUse, type KeyUsage,
  type KeyUsagePhrase, type KeyUsageState,
} from './keyUsage';
export { parseTimestamp } from './timestamps';
export { notebookStateFromError, notebookStateFromList, shouldLookUpNotebookWorkspace } from './notebookLookup';
export {
  SEVERITIES, type AzureDatacentersDetail, type ChaosDbPrimaryKeyDetail, type CustomerManagedKeyDetail, type DefenderOffDetail,
  type DiagnosticLogsDetail, type KeyAge, type KeyKind, type KeyReader, type KeysReadRecentlyDetail, type LocalAuthDetail, type MetadataWriteDetail,
  type NoPrivateEndpointDetail, type NotebookWorkspaceDetail, type OpenNetworkDetail, type PostureDetails, type PostureFinding, type PostureFindingOf,
  type PostureSeverity, type PublicNetworkAccessDetail, type StaleKeysDetail, type TlsDetail, type UnusedKey, type UnusedKeyDetail,
} from './postureFinding';
export {
  ACTIVITY_LOG_RETENTION_DAYS, DEFAULT_KEY_READ_DAYS, DEFAULT_MAX_KEY_AGE_DAYS, DEFAULT_UNUSED_KEY_DAYS, type PostureOptions,
  type ResolvedPostureOptions,
} from './postureOptions';
export { resolvePostureOptions } from './resolvePostureOptions';
export { isPostureRuleId, RULE_IDS, type PostureRuleId } from './postureRuleIds';
export { DEFAULT_RULE_ENABLEMENT, POSTURE_RULES, postureRuleById, type AnyPostureRule } from './postureRules';
export { summarise, type PostureSummary } from './postureSummary';
export { uncheckedRules, type UncheckedRule } from './uncheckedRules';
export { isDefenderOn } from './rules/defenderRule';
export { README_URL, type AzurePolicyReference, type PostureRule } from './rules/postureRule';
