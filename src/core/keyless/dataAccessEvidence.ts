// What the account's "Data Access (Microsoft Entra ID)" row and the switch to Entra ID read on demand: its data-plane
// role assignments (with the role definitions that name them) and the key-authenticated requests in its resource
// logs. Each part says when it could not be read and why; absent evidence in the snapshot means "not read".
import { type DataPlaneRequestsEvidence } from './dataPlaneRequests';
import { type RoleAssignmentsEvidence } from './roleAssignments';

export interface DataAccessEvidence {
  readonly roleAssignments: RoleAssignmentsEvidence;
  readonly dataPlaneRequests: DataPlaneRequestsEvidence;
}
