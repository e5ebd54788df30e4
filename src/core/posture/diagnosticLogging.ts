// Whether an account's diagnostic settings send its data-plane request log anywhere: the only record of which key
// (or identity) each request used. Reads the raw `Microsoft.Insights/diagnosticSettings` list (untrusted JSON:
// fields checked, strings bounded) into plain data, and answers from it.
import { type DiagnosticSetting } from './accountEvidence';

/** Log categories and category groups that include `DataPlaneRequests`. */
const DATA_PLANE_CATEGORIES = new Set(['dataplanerequests']);
const DATA_PLANE_GROUPS = new Set(['audit', 'alllogs']);

type Json = Readonly<Record<string, unknown>>;
const record = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Json : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 1024) : undefined);

/** At most this many settings and log entries per setting are read (Azure allows 5 settings per resource). */
const MAX_SETTINGS = 100;
const MAX_LOGS = 200;

/** The settings of a `diagnosticSettings` list response body (`{ value: [...] }`). */
export function parseDiagnosticSettings(body: unknown): DiagnosticSetting[] {
  const value = record(body)?.value;
  if (!Array.isArray(value)) return [];
  const out: DiagnosticSetting[] = [];
  for (const item of value.slice(0, MAX_SETTINGS)) {
    const setting = record(item);
    const p = record(setting?.properties);
    if (!setting || !p) continue;
    const logs = (Array.isArray(p.logs) ? p.logs.slice(0, MAX_LOGS) : []).map(record).filter((l): l is Json => l !== undefined)
      .map((l) => ({ ...optional('category', text(l.category)), ...optional('categoryGroup', text(l.categoryGroup)), enabled: l.enabled === true }));
    out.push({
      name: text(setting.name) ?? '(unnamed)',
      ...optional('workspaceId', text(p.workspaceId)),
      ...optional('storageAccountId', text(p.storageAccountId)),
      ...optional('eventHubAuthorizationRuleId', text(p.eventHubAuthorizationRuleId)),
      ...optional('marketplacePartnerId', text(p.marketplacePartnerId)),
      logs,
    });
  }
  return out;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function hasDestination(s: DiagnosticSetting): boolean {
  return Boolean(s.workspaceId || s.storageAccountId || s.eventHubAuthorizationRuleId || s.marketplacePartnerId);
}

/** Whether the setting sends data-plane request logs somewhere (the category itself, or the `audit`/`allLogs` group). */
export function sendsDataPlaneLogs(s: DiagnosticSetting): boolean {
  return hasDestination(s) && s.logs.some((l) => l.enabled && (
    (l.category !== undefined && DATA_PLANE_CATEGORIES.has(l.category.toLowerCase()))
    || (l.categoryGroup !== undefined && DATA_PLANE_GROUPS.has(l.categoryGroup.toLowerCase()))));
}

/**
 * The settings whose data-plane logs can be queried: they go to a Log Analytics workspace (what a key-usage query
 * by client needs, `CDBDataPlaneRequests`).
 */
export function dataPlaneLogWorkspaces(settings: readonly DiagnosticSetting[]): DiagnosticSetting[] {
  return settings.filter((s) => sendsDataPlaneLogs(s) && s.workspaceId !== undefined);
}
