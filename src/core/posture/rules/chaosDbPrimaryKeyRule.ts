import { type AccountSnapshot } from '../accountSnapshot';
import { CHAOSDB_CUTOFF_MS, KEYS_METADATA_SINCE_DATE } from '../chaosDbTimeline';
import { parseTimestamp } from '../timestamps';
import { definePostureRule } from './postureRule';

/**
 * The primary read-write key may still be the one ChaosDB exposed: the account existed before 2021-08-26 (or we
 * cannot tell when it was created) and its primary key has no recorded regeneration. Without a generation time
 * nobody can tell whether it was rotated between August 2021 and June 2022, so we assume not.
 */
export function hasChaosDbEraPrimaryKey(snapshot: Pick<AccountSnapshot, 'createdAt' | 'keysMetadata'>): boolean {
  const createdMs = parseTimestamp(snapshot.createdAt);
  const existedThen = createdMs === undefined || createdMs < CHAOSDB_CUTOFF_MS;
  return existedThen && parseTimestamp(snapshot.keysMetadata.primaryMasterKey) === undefined;
}

export const chaosDbPrimaryKeyRule = definePostureRule<'chaosdb-primary-key'>({
  id: 'chaosdb-primary-key',
  title: 'ChaosDB-Era Primary Key',
  description: 'The account predates the ChaosDB disclosure (August 2021) and its primary read-write key has no recorded regeneration since.',
  defaultSeverity: 'high',
  defaultEnabled: true,
  referenceUrl: 'https://msrc.microsoft.com/blog/2021/08/update-on-vulnerability-in-the-azure-cosmos-db-jupyter-notebook-feature/',
  remediation: 'Regenerate the primary read-write key, as Microsoft and CISA advised after ChaosDB: "Cosmos Guard: Rotate Keys Safely…" ' +
    'regenerates the secondary first, waits while you move your apps to it, then regenerates the primary. Review the account\'s ' +
    'diagnostic logs for access from unfamiliar IP addresses.',
}, (snapshot) => {
  if (!hasChaosDbEraPrimaryKey(snapshot)) return undefined;
  const createdMs = parseTimestamp(snapshot.createdAt);
  const when = createdMs === undefined
    ? 'the account\'s creation date is unknown'
    : `the account was created on ${new Date(createdMs).toISOString().slice(0, 10)}, before ChaosDB (August 2021)`;
  return {
    message: `Primary read-write key not rotated since before ${KEYS_METADATA_SINCE_DATE} and ${when}: it may be the key ChaosDB exposed.`,
    detail: { createdAt: createdMs === undefined ? undefined : snapshot.createdAt },
  };
});
