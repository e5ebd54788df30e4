// The items of the key-rotation pickers, as plain data: accounts grouped by subscription (one separator each) with
// their worst finding and oldest key, and the four keys with their age and what breaks. No `vscode` import.
import { type SubscriptionEntry } from '../accounts/accountsModel';
import {
  describeKeyUsage, isKeyUsageReported, KEY_IN_USE_WINDOW_DAYS, KEYS_METADATA_SINCE_DATE, keyAges, keyInUse, keyUsageOf, type KeyInUse,
  type PostureFinding,
} from '../../core/posture';
import { KEY_KINDS, keyKindInfo, type KeyKind } from '../../core/rotation';
import { type EvaluatedAccount } from '../accounts/accountsModel';
import { type PickEntry } from '../../platform/flow/flowUi';

/** "230 days" / "1 day" / "today". */
function days(n: number): string {
  return n === 0 ? 'today' : n === 1 ? '1 day ago' : `${n} days ago`;
}

/** "High: Stale Account Keys · oldest key 230 days old": what matters most about an account, in one line. */
export function accountPickDescription(account: EvaluatedAccount, now: number): string {
  const worst = account.findings[0];
  const head = worst ? `${worst.severity[0]!.toUpperCase()}${worst.severity.slice(1)}: ${worst.title}` : 'No issues';
  const ages = keyAges(account.snapshot, now);
  const unknown = ages.some((k) => k.ageDays === undefined);
  const oldest = Math.max(...ages.map((k) => k.ageDays ?? 0));
  const keys = unknown ? `a key last regenerated before ${KEYS_METADATA_SINCE_DATE}` : `oldest key regenerated ${days(oldest)}`;
  return `${head} · ${keys}`;
}

/** Accounts grouped by subscription (a separator each), in the view's order; `filter` keeps some (rotations). */
export function accountPickEntries<T>(subscriptions: readonly SubscriptionEntry[], now: number,
  value: (account: EvaluatedAccount, subscription: SubscriptionEntry) => T | undefined,
  annotate: (account: EvaluatedAccount) => string | undefined = () => undefined): PickEntry<T>[] {
  const entries: PickEntry<T>[] = [];
  for (const s of subscriptions) {
    if (s.status !== 'ok') continue;
    const items: PickEntry<T>[] = [];
    for (const account of s.accounts) {
      const v = value(account, s);
      if (v === undefined) continue;
      const note = annotate(account);
      items.push({ label: `$(database) ${account.snapshot.name}`, description: `${note ? `${note} · ` : ''}${accountPickDescription(account, now)}`,
        detail: `${account.snapshot.location || 'unknown region'} · resource group ${account.snapshot.resourceGroup}`, value: v });
    }
    if (items.length) entries.push({ separator: s.ref.tenantName ? `${s.ref.name} (${s.ref.tenantName})` : s.ref.name }, ...items);
  }
  return entries;
}

/** The keys a finding row points at: ChaosDB → the primary key; stale keys → the stale ones. */
export function keysNamedBy(finding: PostureFinding | undefined): KeyKind[] {
  if (!finding) return [];
  if (finding.rule === 'chaosdb-primary-key' || finding.rule === 'notebook-workspace') return ['primary'];
  if (finding.rule === 'stale-keys') return finding.detail.keys.filter((k) => finding.detail.staleKeys.includes(k.key)).map((k) => k.keyKind);
  return [];
}

/** "regenerated 230 days ago (stale)", "last regenerated before 2022-06-18". */
export function keyAgeText(account: EvaluatedAccount, kind: KeyKind, now: number): string {
  const age = keyAges(account.snapshot, now).find((k) => k.keyKind === kind)!;
  const stale = account.findings.find((f) => f.rule === 'stale-keys');
  const isStale = stale?.rule === 'stale-keys' && stale.detail.staleKeys.includes(age.key);
  const when = age.ageDays === undefined ? `last regenerated before ${KEYS_METADATA_SINCE_DATE}` : `regenerated ${days(age.ageDays)}`;
  return isStale ? `${when} (stale)` : when;
}

/**
 * " · last used about 3 h ago" — Azure's key-usage evidence for one key, when it reports usage for the account
 * (nothing is added where it does not: no guess is shown as a fact).
 */
export function keyUsageNote(account: EvaluatedAccount, kind: KeyKind, now: number): string {
  if (!isKeyUsageReported(account.snapshot)) return '';
  const usage = keyUsageOf(account.snapshot, now).find((u) => u.keyKind === kind)!;
  return ` · ${describeKeyUsage(usage.phrase)}`;
}

/** The four keys: age (and last use, where Azure reports it) in the description, what breaks in the detail. */
export function keyPickEntries(account: EvaluatedAccount, now: number, kinds: readonly KeyKind[] = KEY_KINDS): PickEntry<KeyKind>[] {
  return kinds.map((kind) => {
    const info = keyKindInfo(kind);
    return { label: `$(key) ${info.title}`, description: `${keyAgeText(account, kind, now)}${keyUsageNote(account, kind, now)}`,
      detail: `Breaks: ${info.whatBreaks}`, value: kind };
  });
}

/**
 * The key the applications use, when Azure's key-usage evidence names one: the only key used in the last
 * KEY_IN_USE_WINDOW_DAYS days — among all four, or else among the read-write pair (readers often use a read-only key
 * beside it), or else the read-only pair. Undefined when usage is not reported or ambiguous: then step 1 just asks.
 */
export function evidenceOfKeyInUse(account: EvaluatedAccount, now: number): KeyInUse | undefined {
  return keyInUse(account.snapshot, now) ?? keyInUse(account.snapshot, now, { among: ['primary', 'secondary'] })
    ?? keyInUse(account.snapshot, now, { among: ['primaryReadonly', 'secondaryReadonly'] });
}

export { KEY_IN_USE_WINDOW_DAYS };

/** Step 1 of the guided rotation: the key the applications use now (the other one is regenerated first). */
export function keyInUseEntries(account: EvaluatedAccount, now: number): PickEntry<KeyKind>[] {
  return KEY_KINDS.map((kind) => {
    const info = keyKindInfo(kind);
    const other = keyKindInfo(info.partner);
    return { label: `$(key) ${info.title}`, description: `${keyAgeText(account, kind, now)}${keyUsageNote(account, kind, now)}`,
      detail: `Regenerates the ${other.label} first, then, once your apps use it, the ${info.label}.`, value: kind };
  });
}
