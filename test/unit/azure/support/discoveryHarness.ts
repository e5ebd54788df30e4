// Shared by the tests of src/azure: a client factory that trusts an in-process emulator, the emulator's
// subscriptions through the custom-endpoint route, and request-log helpers.
import type { RequestLogEntry, ArmEmulator } from '../../../arm-emulator/armEmulator';
import { type ArmSubscription } from '../../../../src/azure/armSubscription';
import { CosmosClientFactory, type RetryOptions } from '../../../../src/azure/cosmosClientFactory';
import { CustomEndpointProvider } from '../../../../src/azure/customEndpointProvider';

// The SDK's proxy policy honours HTTPS_PROXY; loopback traffic must never go through a proxy.
process.env.NO_PROXY = [process.env.NO_PROXY, 'localhost', '127.0.0.1'].filter(Boolean).join(',');

/** Short retry delays, so that fault tests take milliseconds; the SDK's logic is unchanged. */
export const FAST_RETRY: RetryOptions = { maxRetries: 2, retryDelayInMs: 20, maxRetryDelayInMs: 100 };

export function testFactory(emu: ArmEmulator, retryOptions: RetryOptions = FAST_RETRY): CosmosClientFactory {
  return new CosmosClientFactory({ userAgentPrefix: 'cosmos-guard-test/0.0.0', caPem: emu.caPem, retryOptions });
}

/** The emulator's subscriptions, listed the way the extension's custom-endpoint route lists them. */
export async function emulatorSubscriptions(emu: ArmEmulator, factory = testFactory(emu)): Promise<ArmSubscription[]> {
  const listing = await new CustomEndpointProvider(emu.url, emu.token, factory).listSubscriptions({ filtered: true });
  if (listing.kind !== 'subscriptions') throw new Error('the custom endpoint route is never signed out');
  return [...listing.subscriptions];
}

/** Requests whose path (without query) matches. */
export function requestsTo(emu: ArmEmulator, pattern: RegExp): RequestLogEntry[] {
  return emu.requests.filter((r) => pattern.test(r.path.split('?')[0]!));
}

/** The most ARM requests the emulator was serving at the same moment, from the log's arrival times and durations. */
export function maxInFlight(entries: readonly RequestLogEntry[]): number {
  const edges = entries.flatMap((e) => [[e.at, 1], [e.at + e.durationMs, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0, max = 0;
  for (const [, d] of edges) {
    now += d;
    max = Math.max(max, now);
  }
  return max;
}
