import { type AccountSnapshot, KEY_NAMES, type KeyName } from './accountSnapshot';
import { type KeyAge, type KeyKind } from './postureFinding';
import { parseTimestamp, wholeDaysBetween } from './timestamps';

/** Each key's kind (as the regenerate API names it) and its label in sentences. */
export const KEY_INFO: Readonly<Record<KeyName, { readonly keyKind: KeyKind; readonly label: string }>> = {
  primaryMasterKey: { keyKind: 'primary', label: 'primary' },
  secondaryMasterKey: { keyKind: 'secondary', label: 'secondary' },
  primaryReadonlyMasterKey: { keyKind: 'primaryReadonly', label: 'primary read-only' },
  secondaryReadonlyMasterKey: { keyKind: 'secondaryReadonly', label: 'secondary read-only' },
};

/**
 * The age of each of the four keys at `now`, in `KEY_NAMES` order, stale or not (the accounts tree's tooltip shows
 * them all). Ages are whole days rounded down; a missing or unparseable generation time gives `undefined`, read
 * as "last regenerated before 2022-06-18".
 */
export function keyAges(snapshot: Pick<AccountSnapshot, 'keysMetadata'>, now: Date | number): KeyAge[] {
  const nowMs = now instanceof Date ? now.getTime() : now;
  if (!Number.isFinite(nowMs)) throw new RangeError(`keyAges: "now" must be a valid Date or epoch milliseconds, got ${String(now)}.`);
  return KEY_NAMES.map((key) => {
    const raw = snapshot.keysMetadata[key];
    const generatedMs = parseTimestamp(raw);
    return {
      key,
      ...KEY_INFO[key],
      generatedAt: generatedMs === undefined ? undefined : raw,
      ageDays: generatedMs === undefined ? undefined : wholeDaysBetween(generatedMs, nowMs),
    };
  });
}
