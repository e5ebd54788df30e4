export { type Finding, type ScanOptions, type SecretEncoding, type SecretKind, type Severity } from './finding';
export { DETECTION_RULES, ruleById, ruleForKind, type DetectionRule } from './rules';
export { extractSecret, fingerprintOf, maskHint, scanText, SECRET_TRIGGERS } from './scanText';
