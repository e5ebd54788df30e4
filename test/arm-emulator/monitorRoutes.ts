// The non-Cosmos reads Cosmos Guard makes about an account, served from the scenario: the subscription's Activity
// Log (`Microsoft.Insights/eventtypes/management/values`, filtered by time and resource, paged, `$select` honoured),
// the account's diagnostic settings (`…/providers/Microsoft.Insights/diagnosticSettings`), and the subscription's
// Defender plan (`Microsoft.Security/pricings/CosmosDbs`). Scenario switches make each answer 403.
import { activityEventJson } from './activityLogBook';
import { ArmHttpError, ok, page, type ArmRequest, type ArmResponse, type Params, type Route } from './armHttp';
import { type Json } from './armResources';
import type { AccountState, EmulatorState, SubscriptionState } from './emulatorState';

export interface MonitorApiDeps {
  readonly state: () => EmulatorState;
  readonly origin: () => string;
  readonly pageSize: () => number;
  /** The subscription, 404 when unknown (403 when the scenario forbids it). */
  readonly subscription: (id: string, action: string) => SubscriptionState;
  /** The account of a route's `:sub`, `:rg`, `:account`, readable (or the ARM error). */
  readonly account: (p: Params) => AccountState;
  readonly forbidden: (action: string, scope: string) => ArmHttpError;
}

const ACTIVITY_LOG_READ = 'Microsoft.Insights/eventtypes/values/read';
const DIAGNOSTIC_SETTINGS_READ = 'Microsoft.Insights/diagnosticSettings/read';
const PRICINGS_READ = 'Microsoft.Security/pricings/read';

/** The only `$filter` form Cosmos Guard sends (Azure accepts a few; this is the resource one). */
const RESOURCE_FILTER = /^\s*eventTimestamp ge '([^']+)' and eventTimestamp le '([^']+)' and resourceUri eq '([^']+)'\s*$/i;

export function monitorRoutes(deps: MonitorApiDeps, account: readonly string[]): Route[] {
  return [
    { pattern: ['subscriptions', ':sub', 'providers', 'microsoft.insights', 'eventtypes', 'management', 'values'],
      handlers: { GET: (p, r) => activityLog(deps, p, r) } },
    { pattern: [...account, 'providers', 'microsoft.insights', 'diagnosticsettings'], handlers: { GET: (p) => diagnosticSettings(deps, p) } },
    { pattern: ['subscriptions', ':sub', 'providers', 'microsoft.security', 'pricings', ':pricing'], handlers: { GET: (p) => pricing(deps, p) } },
  ];
}

function activityLog(deps: MonitorApiDeps, p: Params, req: ArmRequest): ArmResponse {
  const sub = deps.subscription(p.sub!, ACTIVITY_LOG_READ);
  if (sub.spec.activityLog === 'forbidden') throw deps.forbidden(ACTIVITY_LOG_READ, `/subscriptions/${sub.subscriptionId}`);
  const m = RESOURCE_FILTER.exec(req.url.searchParams.get('$filter') ?? '');
  const from = Date.parse(m?.[1] ?? ''), to = Date.parse(m?.[2] ?? '');
  if (!m || Number.isNaN(from) || Number.isNaN(to)) {
    throw new ArmHttpError(400, 'BadRequest', 'The $filter query parameter value is invalid: it needs eventTimestamp ge, eventTimestamp le and one more condition.');
  }
  if (to - from > 90 * 86_400_000 + 60_000) throw new ArmHttpError(400, 'BadRequest', 'The requested time range exceeds the 90 days of Activity Log retention.');
  const select = (req.url.searchParams.get('$select') ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  const events = deps.state().activity.query(sub.subscriptionId, m[3]!, from, to).map(activityEventJson)
    .map((e): Json => (select.length ? Object.fromEntries(select.filter((f) => f in e).map((f) => [f, e[f]])) : e));
  return page(events, req, deps.origin(), deps.pageSize());
}

function diagnosticSettings(deps: MonitorApiDeps, p: Params): ArmResponse {
  const a = deps.account(p);
  const spec = a.spec.diagnosticSettings ?? [];
  if (spec === 'forbidden') throw deps.forbidden(DIAGNOSTIC_SETTINGS_READ, a.id);
  const workspace = `/subscriptions/${a.subscriptionId}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/logs-${a.name}`;
  return ok({
    value: spec.map((s) => ({
      id: `${a.id}/providers/microsoft.insights/diagnosticSettings/${s.name}`,
      name: s.name,
      type: 'Microsoft.Insights/diagnosticSettings',
      properties: {
        ...(s.destination === 'logAnalytics' ? { workspaceId: workspace, logAnalyticsDestinationType: 'Dedicated' } : {}),
        ...(s.destination === 'storage' ? { storageAccountId: `/subscriptions/${a.subscriptionId}/resourceGroups/rg-monitoring/providers/Microsoft.Storage/storageAccounts/logs${a.name.replace(/-/g, '')}` } : {}),
        ...(s.destination === 'eventHub' ? { eventHubAuthorizationRuleId: `/subscriptions/${a.subscriptionId}/resourceGroups/rg-monitoring/providers/Microsoft.EventHub/namespaces/logs/authorizationrules/RootManageSharedAccessKey` } : {}),
        logs: [
          ...(s.categories ?? []).map((category) => ({ category, categoryGroup: null, enabled: true, retentionPolicy: { enabled: false, days: 0 } })),
          ...(s.categoryGroups ?? []).map((categoryGroup) => ({ category: null, categoryGroup, enabled: true, retentionPolicy: { enabled: false, days: 0 } })),
        ],
        metrics: [],
      },
    })),
  });
}

function pricing(deps: MonitorApiDeps, p: Params): ArmResponse {
  const sub = deps.subscription(p.sub!, PRICINGS_READ);
  if (p.pricing!.toLowerCase() !== 'cosmosdbs') throw new ArmHttpError(404, 'NotFound', `The pricing '${p.pricing!}' is not served by this ARM endpoint.`);
  const plan = sub.spec.defenderForCosmosDb ?? 'Free';
  if (plan === 'forbidden') throw deps.forbidden(PRICINGS_READ, `/subscriptions/${sub.subscriptionId}/providers/Microsoft.Security/pricings/CosmosDbs`);
  if (plan === 'notRegistered') {
    throw new ArmHttpError(409, 'MissingSubscriptionRegistration', `The subscription '${sub.subscriptionId}' is not registered to use namespace 'Microsoft.Security'.`);
  }
  return ok({
    id: `/subscriptions/${sub.subscriptionId}/providers/Microsoft.Security/pricings/CosmosDbs`,
    name: 'CosmosDbs',
    type: 'Microsoft.Security/pricings',
    properties: { pricingTier: plan, ...(plan === 'Standard' ? { enablementTime: '2025-02-01T00:00:00Z' } : { freeTrialRemainingTime: 'PT0S' }) },
  });
}
