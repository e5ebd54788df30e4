// The answers and evidence of one run of "Switch to Microsoft Entra ID…", gathered step by step.
import { type KeylessTarget } from '../../azure/dataPlaneRoles';
import { type DataAccessEvidence, type KeylessReadiness, type RoleAssignment, type RoleAssignmentsEvidence } from '../../core/keyless';
import { type AccountSnapshot, type KeyAccessEvidence } from '../../core/posture';

/** The flow's four steps: Evidence, Grant roles, Code, Turn keys off. */
export const SWITCH_STEP_COUNT = 4;

export interface SwitchEvidence {
  readonly keyAccess?: KeyAccessEvidence;
  readonly dataAccess?: DataAccessEvidence;
  readonly readAt: number;
}

export interface SwitchContext {
  /** The account as the view held it when the flow started (the current one is read again where it matters). */
  readonly account: AccountSnapshot;
  readonly target: KeylessTarget;
  /** Step 1's reads (kept when the user goes back to it). */
  evidence?: SwitchEvidence;
  /** The role assignments as last read (after step 1, and again after each grant). */
  roles?: RoleAssignmentsEvidence;
  /** Assignments this run created. */
  readonly granted: RoleAssignment[];
  /** Step 4: the readiness the user saw in the modal when they confirmed. */
  confirmed?: KeylessReadiness;
}
