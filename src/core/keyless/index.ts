export { type DataAccessEvidence } from './dataAccessEvidence';
export {
  credentialOf, DATA_PLANE_QUERY_DAYS, dataPlaneRequestsQuery, describeClient, keyAuthenticatedGroups, MAX_DATA_PLANE_GROUPS,
  parseDataPlaneRequestRows, type DataPlaneCredential, type DataPlaneRequestGroup, type DataPlaneRequestsEvidence, type DataPlaneUnavailableReason,
} from './dataPlaneRequests';
export {
  BUILT_IN_DATA_CONTRIBUTOR_ID, BUILT_IN_DATA_READER_ID, BUILT_IN_ROLES, isGuid, roleDefinitionId, roleGuidOf, roleNameOf, type BuiltInRole,
  type RoleDefinition,
} from './dataPlaneRoles';
export { describeScope, formatRelativeScope, fullScope, InvalidScopeError, parseRelativeScope, relativeScopeOf, type ScopeParts } from './dataPlaneScope';
export { apiLabel, keylessSupport, type KeylessSupport } from './keylessSupport';
export {
  describeReadinessItem, evidenceLines, keylessReadiness, keysOffConsequence, keysOnConsequence, LOCAL_AUTH_DISABLED_ERROR, type KeylessReadiness,
  type ReadinessInput, type ReadinessItem, type ReadinessLevel, type ReadinessVerdict,
} from './keylessReadiness';
export {
  findIdenticalAssignment, isSameAssignment, MAX_ROLE_ITEMS, ROLE_ASSIGNMENTS_READ_PERMISSION, roleAssignmentsFrom, roleDefinitionsFrom,
  type RoleAssignment, type RoleAssignmentsEvidence, type WantedAssignment,
} from './roleAssignments';
