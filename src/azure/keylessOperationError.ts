// Why a change on the way to Microsoft Entra ID (a role assignment, turning key authentication off or on) was not made,
// as plain words for the UI and the CLI: `notNoSql` and `invalidInput` — nothing was sent; `serviceRefused` — Azure
// answered 400 with a reason of its own (such as the key-usage check that blocks turning keys off while a key was used
// in the last 12 hours), kept in the message; `arm` — any other ARM failure (403 naming the permission, 409, timeout,
// a failed long-running operation).
import { maskSecrets } from '../core/masking/maskSecrets';
import { describeArmFailure, type ArmFailure, type ArmOperation } from './armFailure';
import { OperationCancelledError, runWithinTimeLimit } from './requestSignal';

export type KeylessErrorReason = 'notNoSql' | 'serviceRefused' | 'invalidInput' | 'arm';

export class KeylessOperationError extends Error {
  override readonly name = 'KeylessOperationError';
  constructor(readonly reason: KeylessErrorReason, readonly failure: ArmFailure) {
    super(failure.message);
  }
}

/**
 * Runs one call of a keyless operation within `ms`: the caller's cancellation stays a cancellation, a
 * KeylessOperationError passes through, and any other failure becomes one that names the operation (on a timeout,
 * followed by `timeoutNote`: what may have happened anyway).
 */
export async function keylessCall<T>(ms: number, op: ArmOperation, endpoint: string, signal: AbortSignal | undefined,
  call: (signal: AbortSignal) => Promise<T>, timeoutNote = ''): Promise<T> {
  try {
    return await runWithinTimeLimit(signal, ms, call);
  } catch (error) {
    if (signal?.aborted) throw new OperationCancelledError();
    if (error instanceof KeylessOperationError) throw error;
    const failure = describeArmFailure(error, op, { endpoint, timeoutMs: ms });
    throw new KeylessOperationError('arm', failure.kind === 'timeout' && timeoutNote ? { ...failure, message: `${failure.message} ${timeoutNote}` } : failure);
  }
}

export function keylessInputError(code: string, message: string): KeylessOperationError {
  return new KeylessOperationError('invalidInput', { kind: 'other', code, message });
}

/**
 * The service's own reason from a Cosmos DB resource provider message: its first lines, without the
 * "ActivityId: …, Microsoft.Azure.Documents.Common/…" line it appends (kept apart as the request id), bounded and masked.
 */
export function serviceReason(message: string): { readonly reason: string; readonly activityId?: string } {
  const text = message.slice(0, 4000);
  const activity = /\bActivityId:\s*([0-9a-f-]{36})/i.exec(text);
  const reason = text.replace(/\s*\bActivityId:[^\n]*/gi, '').replace(/\s+/g, ' ').trim().replace(/^Message:\s*/i, '');
  const bounded = reason.length > 600 ? `${reason.slice(0, 600)}…` : reason;
  return { reason: maskSecrets(bounded), ...(activity ? { activityId: activity[1]! } : {}) };
}
