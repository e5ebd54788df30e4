// The Log Analytics query API (`POST /v1/{resourceId}/query`, resource-centric) for the accounts of a scenario, on the
// emulator's own origin: a client in custom-endpoint mode points `@azure/monitor-query-logs` at `<emulator>/v1`, so
// its token goes nowhere else. It answers queries of the `CDBDataPlaneRequests` table with the account's scenario
// rows, summarised as Cosmos Guard asks for them (KeyType, AuthTokenType, ClientIpAddress, UserAgent → requests,
// last), newest first, within the request's time span and the query's trailing `take N`. Errors have the shape of the
// Log Analytics API (`{"error":{"message","code","correlationId"[,"innererror"]}}`), not ARM's.
import { randomUUID } from 'node:crypto';
import { type ArmRequest, type ArmResponse, type Params, type Route } from './armHttp';
import { type Json } from './armResources';
import { type AccountState, type EmulatorState } from './emulatorState';
import { resolveDate } from './scenario';
import { type DataPlaneRequestSpec } from './scenarioKeyless';

export interface LogsApiDeps {
  readonly state: () => EmulatorState;
  /** The account of the route's `:sub`, `:rg`, `:account`; undefined when it does not exist, `forbidden` when it may not be read. */
  readonly account: (p: Params) => AccountState | 'forbidden' | undefined;
}

const COLUMNS = [
  { name: 'KeyType', type: 'string' }, { name: 'AuthTokenType', type: 'string' }, { name: 'ClientIpAddress', type: 'string' },
  { name: 'UserAgent', type: 'string' }, { name: 'requests', type: 'long' }, { name: 'last', type: 'datetime' },
];

function logsError(status: number, code: string, message: string, inner?: Json): ArmResponse {
  return { status, body: { error: { message, code, correlationId: randomUUID(), ...(inner ? { innererror: inner } : {}) } } };
}

export function logsRoutes(deps: LogsApiDeps): Route[] {
  const resource = ['subscriptions', ':sub', 'resourcegroups', ':rg', 'providers', 'microsoft.documentdb', 'databaseaccounts', ':account'];
  return [{ pattern: ['v1', ...resource, 'query'], plain: true, handlers: { POST: (p, r) => query(deps, p, r) } }];
}

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

function durationMs(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m || text.toUpperCase() === 'P' || text.toUpperCase() === 'PT') return undefined;
  const [, d = '0', h = '0', min = '0', s = '0'] = m;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000;
}

/** The start of an ISO 8601 time span ("P7D", "start/end", "start/P1D"), or undefined when none was given. */
function spanStart(timespan: unknown, now: number): number | undefined | 'invalid' {
  if (timespan === undefined || timespan === null) return undefined;
  if (typeof timespan !== 'string') return 'invalid';
  const [first, second] = timespan.split('/');
  if (second === undefined) {
    const ms = durationMs(first!);
    return ms === undefined ? 'invalid' : now - ms;
  }
  const start = Date.parse(first!);
  return Number.isNaN(start) ? 'invalid' : start;
}

function generatedRows(count: number, now: number): DataPlaneRequestSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    keyType: i % 2 ? 'SecondaryMasterKey' : 'PrimaryMasterKey', authTokenType: '', clientIp: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    userAgent: `generated-client/${i}`, requests: i + 1, last: new Date(now - i * 60_000).toISOString(),
  }));
}

function query(deps: LogsApiDeps, p: Params, req: ArmRequest): ArmResponse {
  const a = deps.account(p);
  if (!a) return logsError(404, 'ResourceNotFoundError', `The resource '${req.url.pathname.replace(/^\/v1\/+/, '/').replace(/\/query$/i, '')}' was not found.`);
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(req.body);
    body = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as Record<string, unknown> : {};
  } catch {
    return logsError(400, 'BadArgumentError', 'The request body is not valid JSON.');
  }
  const text = typeof body.query === 'string' ? body.query : '';
  if (!text.trim()) return logsError(400, 'BadArgumentError', 'The query is required.');
  const spec = a === 'forbidden' ? 'forbidden' : a.spec.dataPlaneRequests ?? [];
  if (spec === 'forbidden') return logsError(403, 'InsufficientAccessError', 'The provided credentials have insufficient access to perform the requested operation');
  const table = /^\s*([A-Za-z_][\w]*)/.exec(text)?.[1] ?? '';
  if (spec === 'tableMissing' || table !== 'CDBDataPlaneRequests') {
    return logsError(400, 'BadArgumentError', 'The request had some invalid properties', {
      code: 'SemanticError', message: 'A semantic error occurred.',
      innererror: { code: 'SEM0100', message: `'where' operator: Failed to resolve table or column expression named '${spec === 'tableMissing' ? 'CDBDataPlaneRequests' : table}'` },
    });
  }
  const now = deps.state().now().getTime();
  const start = spanStart(body.timespan, now);
  if (start === 'invalid') return logsError(400, 'BadArgumentError', `The timespan '${String(body.timespan)}' is not a valid ISO 8601 time span.`);
  const take = /\|\s*(?:take|limit)\s+(\d+)\s*$/i.exec(text);
  const source: readonly DataPlaneRequestSpec[] = Array.isArray(spec) ? spec as readonly DataPlaneRequestSpec[] : generatedRows((spec as { generate: number }).generate, now);
  const rows = source
    .map((r) => ({ r, last: resolveDate(r.last, new Date(now)).getTime() }))
    .filter(({ last }) => start === undefined || last >= start)
    .sort((x, y) => y.last - x.last)
    .slice(0, take ? Number(take[1]) : undefined)
    .map(({ r, last }) => [r.keyType ?? '', r.authTokenType ?? '', r.clientIp ?? '', r.userAgent ?? '', r.requests, new Date(last).toISOString()]);
  return { status: 200, body: { tables: [{ name: 'PrimaryResult', columns: COLUMNS, rows }] } };
}
