// Which credentials the account's data-plane requests used in the last days, from its resource logs in Log Analytics
// (`@azure/monitor-query-logs`, `LogsQueryClient.queryResource` on the account). Only asked where a diagnostic setting
// sends DataPlaneRequests to a Log Analytics workspace; otherwise, and on every failure, the evidence says why it is
// unavailable: no such setting, a destination that cannot be queried, settings or logs not readable (403 names the
// permission), no CDBDataPlaneRequests table, a timeout. The client goes to the cloud's Log Analytics endpoint, or to
// the custom endpoint's own origin (cosmosClientFactory.ts), under the same time limits as ARM calls.
import { RestError } from '@azure/core-rest-pipeline';
import { LogsQueryResultStatus, type LogsTable } from '@azure/monitor-query-logs';
import {
  DATA_PLANE_QUERY_DAYS, dataPlaneRequestsQuery, parseDataPlaneRequestRows, type DataPlaneRequestsEvidence, type DataPlaneUnavailableReason,
} from '../core/keyless';
import { maskSecrets } from '../core/masking/maskSecrets';
import { dataPlaneLogWorkspaces, sendsDataPlaneLogs, whyUnreadable, type DiagnosticSettingsEvidence } from '../core/posture';
import { describeArmFailure, type ArmOperation } from './armFailure';
import { type CosmosClientFactory } from './cosmosClientFactory';
import { type KeylessTarget } from './dataPlaneRoles';
import { isAbortError, OperationCancelledError, withinTimeLimit, withRequestSignal } from './requestSignal';

export const DEFAULT_LOG_QUERY_TIMEOUT_MS = 60_000;
export const LOG_QUERY_PERMISSION = 'Microsoft.Insights/logs/CDBDataPlaneRequests/read';

export interface DataPlaneRequestOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** The end of the window (default: now). */
  readonly now?: number;
  readonly days?: number;
}

function unavailable(reason: DataPlaneUnavailableReason, message: string, missingPermission?: string): DataPlaneRequestsEvidence {
  return { status: 'unavailable', reason, message: maskSecrets(message), ...(missingPermission ? { missingPermission } : {}) };
}

/** Whether a Log Analytics error says the table is not there (the SEM0100 "Failed to resolve table" family). */
function isTableMissing(error: RestError): boolean {
  let details = '';
  try {
    details = JSON.stringify((error as { details?: unknown }).details ?? '').slice(0, 20_000);
  } catch {
    // an unserialisable body says nothing
  }
  return /failed to resolve table|SEM0100|PathNotFoundError|table.{0,40}(not found|does not exist)/i.test(`${error.message.slice(0, 2000)} ${details}`);
}

/** Plain rows: datetimes (Date objects from the SDK) as ISO strings; anything else as is. */
function plainTable(table: LogsTable): { columns: string[]; rows: unknown[] } {
  const columns = (Array.isArray(table.columnDescriptors) ? table.columnDescriptors : []).map((c) => (typeof c?.name === 'string' ? c.name : ''));
  const rows = (Array.isArray(table.rows) ? table.rows : []).map((row) => (Array.isArray(row)
    ? row.map((cell) => (cell instanceof Date ? (Number.isNaN(cell.getTime()) ? undefined : cell.toISOString()) : cell)) : row));
  return { columns, rows };
}

export async function readDataPlaneRequests(factory: CosmosClientFactory, target: KeylessTarget, settings: DiagnosticSettingsEvidence,
  options: DataPlaneRequestOptions = {}): Promise<DataPlaneRequestsEvidence> {
  if (settings.status === 'unreadable') {
    return unavailable('settingsUnreadable', `the diagnostic settings could not be read (${whyUnreadable(settings)}), so it is not known where the data-plane logs go`);
  }
  const sending = settings.settings.filter(sendsDataPlaneLogs);
  if (sending.length === 0) return unavailable('noSetting', 'no diagnostic setting sends DataPlaneRequests (or the audit or allLogs group) anywhere');
  const workspaces = dataPlaneLogWorkspaces(settings.settings);
  if (workspaces.length === 0) {
    return unavailable('notLogAnalytics', `diagnostic setting ${sending.map((s) => `"${s.name}"`).join(', ')} sends DataPlaneRequests to storage, an event hub `
      + 'or a partner, not to a Log Analytics workspace, so they cannot be queried here');
  }
  const client = factory.logsClient(target);
  if (!client) return unavailable('noEndpoint', `the Log Analytics endpoint of cloud ${target.cloud.name} is not known`);

  const days = Math.max(1, Math.min(90, Math.floor(options.days ?? DATA_PLANE_QUERY_DAYS)));
  const endMs = options.now ?? Date.now();
  const since = new Date(endMs - days * 86_400_000).toISOString();
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOG_QUERY_TIMEOUT_MS;
  const signal = withinTimeLimit(options.signal, timeoutMs);
  const op: ArmOperation = { kind: 'queryDataPlaneLogs', accountName: target.accountName };
  try {
    const result = await withRequestSignal(signal, () => client.queryResource(target.accountId, dataPlaneRequestsQuery(days),
      { startTime: new Date(since), endTime: new Date(endMs) }, { abortSignal: signal, serverTimeoutInSeconds: Math.max(1, Math.floor(timeoutMs / 1000)) }));
    const partial = result.status !== LogsQueryResultStatus.Success;
    const tables = result.status === LogsQueryResultStatus.Success ? result.tables : result.partialTables;
    const table = Array.isArray(tables) ? tables[0] : undefined;
    const parsed = table ? parseDataPlaneRequestRows(plainTable(table)) : { groups: [], truncated: false, skippedRows: 0 };
    return { status: 'read', since, days, groups: parsed.groups, truncated: parsed.truncated || partial || parsed.skippedRows > 0,
      settings: workspaces.map((w) => w.name) };
  } catch (error) {
    if (options.signal?.aborted) throw new OperationCancelledError();
    if (isAbortError(error)) return unavailable('timeout', describeArmFailure(error, op, { timeoutMs, endpoint: target.cloud.logAnalyticsEndpoint }).message);
    if (error instanceof RestError && error.statusCode === 403) {
      return unavailable('forbidden', `the data-plane logs could not be queried (403 ${error.code ?? 'Forbidden'}: missing permission ${LOG_QUERY_PERMISSION})`,
        LOG_QUERY_PERMISSION);
    }
    if (error instanceof RestError && (error.statusCode === 400 || error.statusCode === 404) && isTableMissing(error)) {
      return unavailable('tableMissing', 'the workspace has no CDBDataPlaneRequests table: the diagnostic setting may use the legacy AzureDiagnostics mode '
        + '(choose "Resource specific"), or no data-plane request was logged yet');
    }
    if (error instanceof RestError || (error instanceof Error && error.name === 'ForeignOriginError')) {
      return unavailable('failed', describeArmFailure(error, op, { timeoutMs, endpoint: target.cloud.logAnalyticsEndpoint }).message);
    }
    // The SDK reading an answer it does not understand (a hostile or changed body) throws plain errors.
    return unavailable('failed', `the Log Analytics answer could not be read (${error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200)})`);
  }
}
