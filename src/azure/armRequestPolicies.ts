// Two pipeline policies every ARM client gets (cosmosClientFactory.ts), both before the bearer-token policy signs
// the request:
// - the origin guard: a bearer token goes only to the cloud's Resource Manager. ARM responses name further URLs
//   (`nextLink` pages, `Azure-AsyncOperation` and `Location` of long-running operations) and the SDK follows them
//   through the same pipeline, attaching the token to whatever URL it is given — so a response pointing elsewhere
//   would hand the token over. With a custom endpoint (the emulator, CI) only its exact origin is allowed; with a
//   real cloud, its Resource Manager host and the regional hosts under it.
// - a time limit per HTTP request, so no single request (a page, a status poll) can hang for ever.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { type ArmCloud } from './armCloud';

/** The time limit of one ARM HTTP request (an operation's own, longer limit applies around its retries). */
export const DEFAULT_REQUEST_TIME_LIMIT_MS = 60_000;

/** Thrown, before anything is sent, for a request to a URL a token must not go to. */
export class ForeignOriginError extends Error {
  override readonly name = 'ForeignOriginError';
  readonly code = 'ForeignOrigin';
  constructor(readonly url: string, readonly allowed: string) {
    super(`Azure Resource Manager pointed at ${url} for the next step, which is not ${allowed}; Cosmos Guard does not send its token there.`);
  }
}

/** Whether `url` may receive a token meant for `cloud`'s Resource Manager. */
export function isArmUrl(cloud: Pick<ArmCloud, 'name' | 'resourceManagerEndpoint'>, url: string): boolean {
  let target: URL;
  let endpoint: URL;
  try {
    target = new URL(url);
    endpoint = new URL(cloud.resourceManagerEndpoint);
  } catch {
    return false;
  }
  if (target.protocol !== 'https:' || target.username || target.password) return false;
  if (target.origin === endpoint.origin) return true;
  // A real cloud may answer on a regional host under its Resource Manager host (westus.management.azure.com).
  return cloud.name !== 'Custom' && target.port === endpoint.port && target.hostname.toLowerCase().endsWith(`.${endpoint.hostname.toLowerCase()}`);
}

/** Refuses, before the token is attached, every request that leaves the cloud's Resource Manager. */
export function armOriginPolicy(cloud: Pick<ArmCloud, 'name' | 'resourceManagerEndpoint'>): PipelinePolicy {
  return {
    name: 'cosmosGuardArmOrigin',
    sendRequest(request, next) {
      if (!isArmUrl(cloud, request.url)) {
        // Only the origin: the path and query may carry tokens of their own (SAS-like skip tokens).
        let origin = request.url;
        try {
          origin = new URL(request.url).origin;
        } catch {
          // keep what we have; it is not a URL
        }
        return Promise.reject(new ForeignOriginError(origin, new URL(cloud.resourceManagerEndpoint).origin));
      }
      return next(request);
    },
  };
}

/**
 * Aborts each attempt of a request that takes longer than `ms`. (Not through `request.timeout`: the HTTP client
 * leaves that timer running when a request fails, which keeps a CLI process alive for the whole limit.)
 */
export function requestTimeLimitPolicy(ms: number): PipelinePolicy {
  return {
    name: 'cosmosGuardRequestTimeLimit',
    async sendRequest(request, next) {
      if (request.timeout) return next(request);
      const limit = new AbortController();
      const timer = setTimeout(() => limit.abort(), ms);
      timer.unref();
      const callers = request.abortSignal;
      const cancel = () => limit.abort();
      if (callers?.aborted) limit.abort();
      callers?.addEventListener('abort', cancel);
      request.abortSignal = limit.signal;
      try {
        return await next(request);
      } finally {
        clearTimeout(timer);
        callers?.removeEventListener('abort', cancel);
        request.abortSignal = callers;
      }
    },
  };
}
