import { apiOf } from './accountApi';
import { type AccountSnapshot, type NotebookWorkspaceState } from './accountSnapshot';
import { CHAOSDB_CUTOFF_MS } from './chaosDbTimeline';
import { parseTimestamp } from './timestamps';

/**
 * Whether posture should spend an ARM call on the account's notebook workspace. Only NoSQL accounts ever had
 * notebooks. Persistent workspaces (the only kind ARM lists) could be created until Microsoft switched the feature
 * off after ChaosDB in August 2021; the 2022 preview used temporary workspaces that never appear as resources, and
 * the feature was retired on 2024-03-30. So an account created on or after 2021-08-26 (`CHAOSDB_CUTOFF_MS`, see
 * chaosDbTimeline.ts for why that date) cannot have one. An unknown creation date means "look".
 */
export function shouldLookUpNotebookWorkspace(snapshot: Pick<AccountSnapshot, 'kind' | 'capabilities' | 'createdAt'>): boolean {
  if (apiOf(snapshot) !== 'nosql') return false;
  const createdMs = parseTimestamp(snapshot.createdAt);
  return createdMs === undefined || createdMs < CHAOSDB_CUTOFF_MS;
}

/**
 * The workspace state a failed lookup implies: 404 (no `default` workspace) and 400 (accounts that do not support
 * notebooks) mean none; anything else — 401/403, 409, 429, 5xx, a timeout (`undefined`) — means we do not know,
 * which shows as no finding rather than an error.
 */
export function notebookStateFromError(statusCode: number | undefined): NotebookWorkspaceState {
  return statusCode === 404 || statusCode === 400 ? 'absent' : 'unknown';
}

/** The workspace state a successful `listByDatabaseAccount` implies: any item means present, an empty list none. */
export function notebookStateFromList(itemCount: number): NotebookWorkspaceState {
  return itemCount > 0 ? 'present' : 'absent';
}
