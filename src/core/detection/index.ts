export { isRewritable, type Finding, type ScanOptions, type SecretEncoding, type SecretKind, type Severity } from './finding';
export { DETECTION_RULES, ruleById, ruleForKind, type DetectionRule } from './rules';
export { identityFingerprint, fingerprintOf } from './fingerprints';
export { extractSecret, maskHint, scanText, SECRET_TRIGGERS } from './scanText';
export { EQUALS_NEEDLES } from './escapedChars';
export { isKeyTerminatorAt } from './keyCandidates';
export { HOST_GATE } from './hostGate';
export { mayHoldUnpaddedKey } from './unpaddedKeys';
export { isVcoreHostAt } from './vcorePassword';
