// The key operations on one account from its subscription's Activity Log (`Microsoft.Insights/eventtypes/management/
// values`, api-version 2015-04-01), through the SDK client's pipeline. The service filters by time and resource only,
// so the operations (listKeys, readonlykeys, listConnectionStrings, regenerateKey) are picked here, page by page, and
// only they are kept. Pages follow `nextLink` on the endpoint's origin only (ArmJsonClient). A plain request rather
// than @azure/arm-monitor: one GET, no second SDK (and its pager would follow a nextLink anywhere).
import { isKeyOperationEvent, keyAccessEvents, type KeyAccessEvent } from '../core/activityLog';
import { type ArmJsonClient } from './armJsonClient';

export const ACTIVITY_LOG_API_VERSION = '2015-04-01';

/** The fields the interpretation reads; the rest of each event (often several kilobytes) is not sent. */
const SELECT = ['eventTimestamp', 'operationName', 'status', 'caller', 'claims', 'httpRequest', 'correlationId', 'operationId', 'eventDataId',
  'resourceId'].join(',');

/** At about 200 events a page, 100 pages is 20,000 events of one account; beyond that the history says it is cut. */
export const DEFAULT_ACTIVITY_LOG_PAGES = 100;

export interface KeyAccessWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

export interface KeyAccessRead {
  /** Newest first, one per operation. */
  readonly events: readonly KeyAccessEvent[];
  /** The start of the window read (ISO 8601). */
  readonly since: string;
  /** More pages than `maxPages`: the oldest operations of the window are missing. */
  readonly truncated: boolean;
}

/** Reads the window's key operations on `accountId`. Throws a RestError (403 names Microsoft.Insights/eventtypes/values/read). */
export async function readKeyAccessEvents(json: ArmJsonClient, subscriptionId: string, accountId: string, window: KeyAccessWindow,
  options: { readonly signal?: AbortSignal; readonly maxPages?: number } = {}): Promise<KeyAccessRead> {
  const since = new Date(window.fromMs).toISOString();
  const filter = `eventTimestamp ge '${since}' and eventTimestamp le '${new Date(window.toMs).toISOString()}' and resourceUri eq '${accountId}'`;
  const url = json.url(`/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Insights/eventtypes/management/values`
    + `?api-version=${ACTIVITY_LOG_API_VERSION}&$filter=${encodeURIComponent(filter)}&$select=${encodeURIComponent(SELECT)}`);
  const kept: unknown[] = [];
  const pages = json.pages(url, options.signal, options.maxPages ?? DEFAULT_ACTIVITY_LOG_PAGES);
  for (;;) {
    const page = await pages.next();
    if (page.done) return { events: keyAccessEvents(kept, accountId), since, truncated: page.value.truncated };
    for (const item of page.value.value) if (isKeyOperationEvent(item)) kept.push(item);
  }
}
