export { compareFindings } from './findingOrder';
export { createExcludeTest, type ExcludeTest } from './globExclude';
export { IgnoreScope, type IgnoreScopeOptions } from './ignoreScope';
export { scanFileText, type FileScanOptions } from './scanFileText';
export {
  isSwitchableScanRule, SCAN_RULES, scanRuleById, SWITCHABLE_SCAN_RULES, type ScanRuleInfo, type SwitchableScanRuleId,
} from './scanRules';
export {
  fingerprintPair, fingerprintSearchOf, type FingerprintSearch, mayContainSecretAtFingerprints, mayContainSecretBytes, SCAN_TRIGGERS, scanTriggersFor, SECRET_TRIGGERS,
  TRIGGER_FINGERPRINTS, type TriggerFingerprint,
} from './secretTriggers';
export {
  BINARY_SNIFF_BYTES, decodeFileBytes, decodeLatin1, detectBom, hasNulByte, type DecodedFile, type DecodeOptions, type TextDecoders, type TextEncodingName,
} from './textDecoding';
export { compileGlob, compileGlobs, type GlobOptions } from './vscodeGlob';
export { type StepCounter } from './wildcardPattern';
export { estimateScanMicros } from './scanCost';
export { DEFAULT_MAX_FILE_SIZE } from './maxFileSize';
