// Reads, on demand, the evidence about one account that its properties do not carry: who listed or regenerated its
// keys (the Activity Log, with who the signed-in principal is), where its resource logs go (diagnostic settings), and
// its data access (data-plane role assignments, key-authenticated requests in Log Analytics).
// Used by the expanded account in the accounts view, `cosmos-guard posture --deep` and `audit`, and the rotation and
// keyless flows. Every part has its own time limit; a part that fails becomes "unreadable" evidence with the reason
// (and the missing permission for a 403) — never an exception, except when the caller cancels.
import { type DataAccessEvidence } from '../core/keyless';
import {
  ACTIVITY_LOG_RETENTION_DAYS, type DiagnosticSettingsEvidence, type KeyAccessEvidence, type UnreadableEvidence,
} from '../core/posture';
import { readKeyAccessEvents } from './activityLog';
import { describeArmFailure, unreadableEvidence, type ArmOperation } from './armFailure';
import { type CosmosClientFactory } from './cosmosClientFactory';
import { readDataPlaneRequests } from './dataPlaneRequests';
import { DataPlaneRoles } from './dataPlaneRoles';
import { readDiagnosticSettings } from './diagnosticSettings';
import { type AccountTarget } from './keyOperations';
import { OperationCancelledError, withinTimeLimit } from './requestSignal';
import { signedInIdentity } from './signedInIdentity';

/** The time limit of each part (all pages of the Activity Log included). */
export const DEFAULT_EVIDENCE_TIMEOUT_MS = 60_000;

export interface EvidenceTarget extends AccountTarget {
  readonly accountId: string;
}

export interface EvidenceRequest {
  /** Read this many days of the Activity Log (1–90). */
  readonly keyAccessDays?: number;
  readonly diagnosticSettings?: boolean;
  /**
   * The data-plane role assignments and the key-authenticated requests of the last `dataPlaneDays` (7) days in Log
   * Analytics. Needs the diagnostic settings, which are read (and returned) too.
   */
  readonly dataAccess?: boolean;
  readonly dataPlaneDays?: number;
}

export interface AccountEvidence {
  readonly keyAccess?: KeyAccessEvidence;
  readonly diagnosticSettings?: DiagnosticSettingsEvidence;
  readonly dataAccess?: DataAccessEvidence;
}

export interface EvidenceOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** The end of the Activity Log window (default: now). */
  readonly now?: number;
  readonly maxActivityLogPages?: number;
}

export async function readAccountEvidence(factory: CosmosClientFactory, target: EvidenceTarget, request: EvidenceRequest,
  options: EvidenceOptions = {}): Promise<AccountEvidence> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_EVIDENCE_TIMEOUT_MS;
  const endpoint = target.cloud.resourceManagerEndpoint;
  const json = factory.armJson(target);

  /** One part under its own time limit; a failure (not the caller's cancellation) becomes unreadable evidence. */
  const part = async <T>(op: ArmOperation, read: (signal: AbortSignal) => Promise<T>): Promise<{ value: T } | { unreadable: UnreadableEvidence }> => {
    const signal = withinTimeLimit(options.signal, timeoutMs);
    try {
      return { value: await read(signal) };
    } catch (error) {
      if (options.signal?.aborted) throw new OperationCancelledError();
      return { unreadable: unreadableEvidence(describeArmFailure(error, op, { timeoutMs, endpoint }), op) };
    }
  };

  const keyAccess = async (days: number): Promise<KeyAccessEvidence> => {
    const toMs = options.now ?? Date.now();
    const window = { fromMs: toMs - Math.min(Math.max(1, days), ACTIVITY_LOG_RETENTION_DAYS) * 86_400_000, toMs };
    const [read, identity] = await Promise.all([
      part({ kind: 'readActivityLog', accountName: target.accountName }, (signal) => readKeyAccessEvents(json, target.subscriptionId, target.accountId,
        window, { signal, ...(options.maxActivityLogPages ? { maxPages: options.maxActivityLogPages } : {}) })),
      signedInIdentity(target.credential, target.cloud, options.signal),
    ]);
    if ('unreadable' in read) return read.unreadable;
    return { status: 'read', ...read.value, ...('principal' in identity ? { signedIn: identity.principal } : { signedInUnknownReason: identity.unknownReason }) };
  };

  const diagnostics = async (): Promise<DiagnosticSettingsEvidence> => {
    const read = await part({ kind: 'readDiagnosticSettings', accountName: target.accountName },
      (signal) => readDiagnosticSettings(json, target.accountId, signal));
    return 'unreadable' in read ? read.unreadable : { status: 'read', settings: read.value };
  };

  const settingsRead = request.diagnosticSettings || request.dataAccess ? diagnostics() : undefined;
  const dataAccess = async (settings: Promise<DiagnosticSettingsEvidence>): Promise<DataAccessEvidence> => {
    const [roleAssignments, dataPlaneRequests] = await Promise.all([
      new DataPlaneRoles(factory, { timeLimits: { listMs: timeoutMs } }).readRoles(target, options.signal),
      settings.then((s) => readDataPlaneRequests(factory, target, s, { timeoutMs, ...(options.signal ? { signal: options.signal } : {}),
        ...(options.now !== undefined ? { now: options.now } : {}), ...(request.dataPlaneDays !== undefined ? { days: request.dataPlaneDays } : {}) })),
    ]);
    return { roleAssignments, dataPlaneRequests };
  };

  const [keyAccessEvidence, diagnosticSettings, dataAccessEvidence] = await Promise.all([
    request.keyAccessDays !== undefined ? keyAccess(request.keyAccessDays) : undefined,
    settingsRead,
    request.dataAccess && settingsRead ? dataAccess(settingsRead) : undefined,
  ]);
  return { ...(keyAccessEvidence ? { keyAccess: keyAccessEvidence } : {}), ...(diagnosticSettings ? { diagnosticSettings } : {}),
    ...(dataAccessEvidence ? { dataAccess: dataAccessEvidence } : {}) };
}
