// The Azure half of the CLI, bundled on its own (dist/cli-azure.js) and loaded only by the commands that talk to
// Azure: `posture`, `audit`, `rotate`, `keyless`, `local-auth`, `roles` and `scan --verify`. `scan` alone never parses the Azure SDK.
export { runAudit, type AuditOutcome, type AuditRunOptions } from './auditRunner';
export { runPosture, type PostureOutcome, type PostureRunOptions } from './postureRunner';
export { runRotate, type RotateOutcome, type RotateRunOptions } from './rotateRunner';
export { runVerify, type Verified, type VerifyOutcome, type VerifyRunOptions } from './verifyRunner';
export { runGrant, runLocalAuth, type ChangeOutcome, type ChangeRunOptions } from './keylessChangeRunner';
export { runKeyless, type KeylessOutcome, type KeylessRunOptions } from './keylessRunner';
