import { type AccountSnapshot } from '../accountSnapshot';
import { isKeyUsageReported, keyUsageOf, type KeyUsage } from '../keyUsage';
import { type UnusedKey } from '../postureFinding';
import { DAY_MS, parseTimestamp } from '../timestamps';
import { keysUsable } from './localAuthRule';
import { definePostureRule } from './postureRule';

/**
 * Unused: Azure reported the key's usage, and neither a use nor the key's own regeneration happened in the last
 * `days` days. A key regenerated yesterday and not used since is new, not unused (a rotation in progress looks so).
 */
function isUnused(usage: KeyUsage, nowMs: number, days: number): boolean {
  if (usage.state === 'not-reported') return false;
  const lastUsed = usage.state === 'used' ? parseTimestamp(usage.lastUsed) : undefined;
  const generated = parseTimestamp(usage.generated);
  // No generation time means before 2022-06-18: long enough ago.
  const lastActivity = Math.max(lastUsed ?? -Infinity, generated ?? -Infinity);
  return nowMs - lastActivity >= days * DAY_MS;
}

function describe(key: UnusedKey): string {
  return `${key.label} (${key.lastUsed === undefined ? 'no use reported' : `last used ${key.lastUsed.slice(0, 10)}`})`;
}

export const unusedKeyRule = definePostureRule<'unused-key'>({
  id: 'unused-key',
  title: 'Unused Account Key',
  description: 'Azure reports that an account key has not been used for the unused-key period (30 days by default), yet it still grants access.',
  defaultSeverity: 'low',
  defaultEnabled: true,
  referenceUrl: 'https://learn.microsoft.com/azure/cosmos-db/database-security#key-rotation-and-regeneration',
  remediation: 'Regenerate the unused key ("Cosmos Guard: Regenerate Key…"): nothing uses it, so nothing breaks, and any copy of it that leaked stops ' +
    'working. When both keys of a pair are unused, nothing needs that pair: if your apps use Microsoft Entra ID, consider turning key ' +
    'authentication off (disableLocalAuth) on NoSQL accounts.',
}, (snapshot, options) => {
  if (!keysUsable(snapshot)) return undefined;
  const usage = keyUsageOf(snapshot, options.nowMs, { unusedKeyDays: options.unusedKeyDays });
  const unused = usage.filter((u) => isUnused(u, options.nowMs, options.unusedKeyDays));
  if (unused.length === 0) return undefined;
  const unusedKeys: UnusedKey[] = unused.map((u) => ({ key: u.key, keyKind: u.keyKind, label: u.label, lastUsed: u.lastUsed }));
  const kinds = new Set(unused.map((u) => u.keyKind));
  const unusedPairs = ([['readWrite', 'primary', 'secondary'], ['readOnly', 'primaryReadonly', 'secondaryReadonly']] as const)
    .filter(([, a, b]) => kinds.has(a) && kinds.has(b)).map(([pair]) => pair);
  const pairNote = unusedPairs.length === 0 ? ''
    : ` Neither ${unusedPairs.map((p) => (p === 'readWrite' ? 'read-write' : 'read-only')).join(' nor ')} key is used.`;
  return {
    message: `Not used in the last ${options.unusedKeyDays} days, yet still valid: ${unusedKeys.map(describe).join(', ')}. ` +
      `Regenerating an unused key breaks nothing.${pairNote}`,
    detail: { unusedKeyDays: options.unusedKeyDays, unusedKeys, unusedPairs },
  };
}, (snapshot: AccountSnapshot) => (keysUsable(snapshot) && !isKeyUsageReported(snapshot)
  ? 'Azure did not report when the keys were last used: api-version 2026-04-01-preview is not served here' : undefined));
