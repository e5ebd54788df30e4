import { KEYS_METADATA_SINCE_DATE } from '../chaosDbTimeline';
import { keyAges } from '../keyAges';
import { type KeyAge } from '../postureFinding';
import { isLocalAuthEnabled } from './localAuthRule';
import { cosmosPolicy, definePostureRule } from './postureRule';

function describeAge(age: KeyAge): string {
  if (age.ageDays === undefined) return `${age.label} since before ${KEYS_METADATA_SINCE_DATE}`;
  return `${age.label} ${age.ageDays} ${age.ageDays === 1 ? 'day' : 'days'}`;
}

export const staleKeysRule = definePostureRule<'stale-keys'>({
  id: 'stale-keys',
  title: 'Stale Account Keys',
  description: 'An account key has not been regenerated within the maximum key age (60 days by default), or not since before 2022-06-18.',
  defaultSeverity: 'medium',
  severityNote: 'High when key authentication is also enabled (the local-auth-enabled condition holds).',
  defaultEnabled: true,
  referenceUrl: 'https://learn.microsoft.com/azure/cosmos-db/database-security#key-rotation-and-regeneration',
  azurePolicy: cosmosPolicy('9d83ccb1-f313-46ce-9d39-a198bfdb51a0',
    'Azure Cosmos DB accounts should not exceed the maximum number of days allowed since last account key regeneration.', 'Cosmos_KeysMetadata_Audit.json'),
  remediation: 'Rotate with "Cosmos Guard: Rotate Keys Safely…": it regenerates the key your apps do not use first (the secondary, if they ' +
    'use the primary), waits while you switch them over, then regenerates the other; rotate the read-only pair the same way. ' +
    'Moving clients to Microsoft Entra ID removes the need for keys altogether.',
}, (snapshot, options) => {
  const keys = keyAges(snapshot, options.nowMs);
  // Azure Policy 9d83ccb1: stale when missing, or generated on or before now - max days.
  const stale = keys.filter((k) => k.ageDays === undefined || k.ageDays >= options.maxKeyAgeDays);
  if (stale.length === 0) return undefined;
  // Severity follows the risk, not the display settings: keys that still work are worth more to an attacker
  // whether or not the user has chosen to hide the local-auth-enabled finding itself.
  const localAuthEnabled = isLocalAuthEnabled(snapshot);
  return {
    severity: localAuthEnabled ? 'high' : 'medium',
    message: `${stale.length === 1 ? 'Key' : 'Keys'} not rotated in ${options.maxKeyAgeDays}+ days: ${stale.map(describeAge).join(', ')}.`,
    detail: { maxKeyAgeDays: options.maxKeyAgeDays, keys, staleKeys: stale.map((k) => k.key), localAuthEnabled },
  };
});
