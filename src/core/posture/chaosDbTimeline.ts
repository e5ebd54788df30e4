// The dates the posture rules hinge on, in one place, with the history that justifies each one
// (shared/notes/cosmos-posture.md §1.8 and §3.3).
//
// - 2019: Cosmos DB built-in Jupyter notebooks launch; from February 2021 they are on by default for new accounts.
// - 2021-08-09/12: Wiz finds and reports ChaosDB: a notebook workspace let anyone read other customers' primary
//   read-write keys. Microsoft switches the persistent notebook feature off server-side about 2021-08-14.
// - 2021-08-26: Microsoft notifies affected customers; 2021-08-27 the MSRC blog and the CISA alert tell everyone
//   to regenerate the primary read-write key.
// - 2022-06-18: Cosmos DB starts recording `keysMetadata.*.generationTime`; a missing value means the key was
//   last regenerated before that date.
// - 2022: notebooks return as a preview with temporary (≤ 1 hour) workspaces that never appear as ARM resources.
// - 2024-03-30: the notebook feature is retired.

/**
 * 2021-08-26T00:00:00Z, the day Microsoft notified customers about ChaosDB. An account created before it may hold
 * the primary key exposed through notebooks; an account created on or after it never had a persistent notebook
 * workspace. We use the notification date rather than the shutdown (~08-14) because only secondary sources date
 * the shutdown, and the 12 days of margin cost at most a few extra notebook GETs for accounts made in between.
 */
export const CHAOSDB_CUTOFF_MS = Date.UTC(2021, 7, 26);
export const CHAOSDB_CUTOFF_DATE = '2021-08-26';

/** Keys regenerated since this date carry a `generationTime`; a missing one was last regenerated before it. */
export const KEYS_METADATA_SINCE_DATE = '2022-06-18';

/** The notebook feature's retirement date: any workspace still present is a leftover. */
export const NOTEBOOKS_RETIRED_DATE = '2024-03-30';
