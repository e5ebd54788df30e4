export {
  buildSarifLog, FINGERPRINT_KEY, INFORMATION_URI, relativeUri, serializeSarif, SRCROOT, TOOL_NAME,
  type FindingSuppression, type SarifFinding, type SarifOptions, type ScanNotice,
} from './buildSarifLog';
export { type SarifLog } from './sarifTypes';
export { buildPostureSarifLog, POSTURE_FINGERPRINT_KEY, type PostureSarifAccount, type PostureSarifError, type PostureSarifOptions } from './postureSarif';
export { stringifyReport } from './safeJson';
