// Why a change on the way to Microsoft Entra ID (a role assignment, turning key authentication off or on) was not made,
// as plain words for the UI and the CLI: `notNoSql` and `invalidInput` — nothing was sent; `serviceRefused` — Azure
// answered 400 with a reason of its own (such as the key-usage check that blocks turning keys off while a key was used
// in the last 12 hours), kept in the message; `arm` — any other ARM failure (403 naming the permission, 409, timeout,
// a failed long-running operation).
import { maskSecrets } from '../core/masking/maskSecrets';
import { type ArmFailure } from './armFailure';

export type KeylessErrorReason = 'notNoSql' | 'serviceRefused' | 'invalidInput' | 'arm';

export class KeylessOperationError extends Error {
  override readonly name = 'KeylessOperationError';
  constructor(readonly reason: KeylessErrorReason, readonly failure: ArmFailure) {
    super(failure.message);
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
