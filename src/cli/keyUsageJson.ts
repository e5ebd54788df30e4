// The `keys` array of the CLI's JSON reports (`posture`, `audit`): each key's kind, generation time and last use.
import { keyUsageOf, type AccountSnapshot, type KeyKind, type KeyUsageState } from '../core/posture';

export interface KeyJson {
  readonly kind: KeyKind;
  /** ISO 8601, or null when no generation time is recorded (regenerated before 2022-06-18). */
  readonly generated: string | null;
  /** ISO 8601, or null when Azure did not report a use (see `usage`). */
  readonly lastUsed: string | null;
  /** `used`, `never` (Azure reports no use) or `not-reported` (Azure said nothing). */
  readonly usage: KeyUsageState;
}

export function keysJson(snapshot: Pick<AccountSnapshot, 'keysMetadata' | 'keysLastUsed'>, now: number): KeyJson[] {
  return keyUsageOf(snapshot, now).map((u) => ({ kind: u.keyKind, generated: u.generated ?? null, lastUsed: u.lastUsed ?? null, usage: u.state }));
}
