// Plain ARM GETs through the very pipeline of an @azure/arm-cosmosdb client — the same bearer-token policy and
// scope, retries (429 Retry-After, 5xx), user agent, shared HTTP client, TLS options and request counter — for the
// reads the SDK does not model: the account with the preview api-version (key usage), the Activity Log, diagnostic
// settings, the Defender plan. No second HTTP stack. Non-2xx answers become a RestError with ARM's code and
// message, so `describeArmFailure` words them like any SDK error (and keeps the service's own message).
import { createPipelineRequest, RestError, type HttpClient, type Pipeline, type PipelineResponse } from '@azure/core-rest-pipeline';
import { type ArmCloud } from './armCloud';
import { ForeignOriginError, isArmUrl } from './armRequestPolicies';

/** Pages followed at most; an ARM collection longer than this is reported as truncated by the callers that page. */
export const DEFAULT_MAX_PAGES = 200;

export interface ArmPage {
  readonly value: readonly unknown[];
}

interface ArmErrorBody {
  readonly error?: { readonly code?: unknown; readonly message?: unknown };
}

function parseBody(response: PipelineResponse): unknown {
  const text = response.bodyAsText;
  if (text === undefined || text === null || text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorOf(response: PipelineResponse, body: unknown): RestError {
  const error = (typeof body === 'object' && body !== null ? body as ArmErrorBody : {}).error;
  const code = typeof error?.code === 'string' && error.code ? error.code : undefined;
  const message = typeof error?.message === 'string' && error.message ? error.message : `Unexpected status code: ${response.status}`;
  return new RestError(message, { statusCode: response.status, request: response.request, response, ...(code ? { code } : {}) });
}

export class ArmJsonClient {
  /**
   * `cloud`: whose Resource Manager the requests go to; relative paths are resolved against its endpoint, and no
   * request (a `nextLink` included) leaves it — checked here, and again by the pipeline's origin guard.
   */
  constructor(private readonly pipeline: Pipeline, private readonly httpClient: HttpClient,
    private readonly cloud: Pick<ArmCloud, 'name' | 'resourceManagerEndpoint'>) {}

  /** An absolute URL on the endpoint for `pathAndQuery` (`/subscriptions/…?api-version=…`). */
  url(pathAndQuery: string): string {
    return `${this.cloud.resourceManagerEndpoint.replace(/\/+$/, '')}${pathAndQuery}`;
  }

  /** GETs one URL (absolute, on the cloud's Resource Manager) and returns its JSON body. Throws a RestError for non-2xx answers. */
  async get(url: string, signal?: AbortSignal): Promise<unknown> {
    if (!isArmUrl(this.cloud, url)) throw new ForeignOriginError(originOf(url), new URL(this.cloud.resourceManagerEndpoint).origin);
    const request = createPipelineRequest({ url, method: 'GET', ...(signal ? { abortSignal: signal } : {}) });
    request.headers.set('Accept', 'application/json');
    const response = await this.pipeline.sendRequest(this.httpClient, request);
    const body = parseBody(response);
    if (response.status < 200 || response.status > 299) throw errorOf(response, body);
    if (body === undefined) {
      throw new RestError(`The answer of ${new URL(url).pathname} is not JSON.`, { code: RestError.PARSE_ERROR, statusCode: response.status, request, response });
    }
    return body;
  }

  /**
   * Every page of an ARM collection (`{ value, nextLink }`), in order, at most `maxPages` of them. A `nextLink` on
   * another origin is refused before anything is sent: the pipeline would attach the bearer token to it (a custom
   * endpoint's static token, or a Microsoft token, must never leave the endpoint).
   */
  async *pages(firstUrl: string, signal?: AbortSignal, maxPages = DEFAULT_MAX_PAGES): AsyncGenerator<ArmPage, { readonly truncated: boolean }> {
    let next: string | undefined = firstUrl;
    for (let page = 0; next !== undefined; page++) {
      if (page >= maxPages) return { truncated: true };
      const body = await this.get(next, signal) as { value?: unknown; nextLink?: unknown } | null;
      const value = Array.isArray(body?.value) ? body.value as unknown[] : [];
      yield { value };
      next = typeof body?.nextLink === 'string' && body.nextLink ? body.nextLink : undefined;
    }
    return { truncated: false };
  }
}

/** Only the origin of a refused URL is named: its path and query may carry tokens of their own. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url.slice(0, 100);
  }
}
