export { apiOf, type CosmosApi } from './accountApi';
export { InvalidAccountIdError, parseAccountId, resourceGroupOf, type AccountIdParts } from './accountId';
export {
  KEY_NAMES, type AccountKind, type AccountSnapshot, type KeyName, type KeysMetadata, type NotebookWorkspaceState,
} from './accountSnapshot';
export { CHAOSDB_CUTOFF_DATE, KEYS_METADATA_SINCE_DATE, NOTEBOOKS_RETIRED_DATE } from './chaosDbTimeline';
export { evaluatePosture } from './evaluatePosture';
export { keyAges } from './keyAges';
export { parseTimestamp } from './timestamps';
export { notebookStateFromError, notebookStateFromList, shouldLookUpNotebookWorkspace } from './notebookLookup';
export {
  SEVERITIES, type AzureDatacentersDetail, type ChaosDbPrimaryKeyDetail, type CustomerManagedKeyDetail, type KeyAge, type KeyKind,
  type LocalAuthDetail, type MetadataWriteDetail, type NotebookWorkspaceDetail, type OpenNetworkDetail, type PostureDetails,
  type PostureFinding, type PostureFindingOf, type PostureSeverity, type PublicNetworkAccessDetail, type StaleKeysDetail, type TlsDetail,
} from './postureFinding';
export { DEFAULT_MAX_KEY_AGE_DAYS, type PostureOptions, type ResolvedPostureOptions } from './postureOptions';
export { resolvePostureOptions } from './resolvePostureOptions';
export { isPostureRuleId, RULE_IDS, type PostureRuleId } from './postureRuleIds';
export { DEFAULT_RULE_ENABLEMENT, POSTURE_RULES, postureRuleById, type AnyPostureRule } from './postureRules';
export { summarise, type PostureSummary } from './postureSummary';
export { README_URL, type AzurePolicyReference, type PostureRule } from './rules/postureRule';
