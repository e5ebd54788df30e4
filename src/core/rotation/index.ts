export { accountHosts, accountsForHost, isAccountHost, normaliseHost, type HostedAccount } from './accountHosts';
export { connectionStringKeyKind, pickConnectionString, type ConnectionStringEntry } from './connectionStrings';
export {
  isKeyKind, KEY_KINDS, keyKindInfo, keyKindOfName, keysOfPair, parseKeyKind, type KeyKind, type KeyKindInfo, type KeyPair,
} from './keyKinds';
export { constantTimeEqual, keyDigest, matchKey, type AccountKeys } from './keyMatch';
export {
  CHOOSE_KEY_TITLE, describeRotation, InvalidTransitionError, keyToRegenerate, otherKey, ROTATION_STEP_COUNT, startRotation, switchStepTitles,
  transition, type RotationEvent, type RotationNextAction, type RotationStepNumber, type RotationStepView,
} from './rotationPlan';
export {
  checkRegeneration, DEFAULT_PAIR_COOLDOWN_MINUTES, generationTime, recentPartnerRegeneration, type NewerStoredEntry, type RegenerationFacts,
  type RegenerationIntent, type RegenerationVerdict,
} from './regenerationCheck';
export {
  accountKey, isNewerEntry, parsePendingRegeneration, parseRotationState, ROTATION_PHASES, ROTATION_STATE_VERSION, type AccountRef, type Parsed,
  type PendingOperation, type PendingRegeneration, type RotationPhase, type RotationState,
} from './rotationState';
