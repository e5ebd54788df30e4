export {
  isKeyOperationEvent, KEY_OPERATION_ACTIONS, KEY_OPERATIONS, KEY_READ_OPERATIONS, keyAccessEvents, type CallerKind, type KeyAccessEvent,
  type KeyOperation,
} from './keyAccessEvents';
export { isSignedInPrincipal, principalFromAccessToken, type SignedInPrincipal } from './signedInPrincipal';
