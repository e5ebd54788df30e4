// Shared helpers for tests that drive the real @azure/arm-cosmosdb client against the ARM emulator over HTTPS.
import { CosmosDBManagementClient, type CosmosDBManagementClientOptionalParams } from '@azure/arm-cosmosdb';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import https from 'node:https';
import type { ArmEmulator } from '../../../arm-emulator/armEmulator';
import { KeyOperationError } from '../../../../src/azure/keyOperations';

// The SDK's proxy policy honours HTTPS_PROXY; loopback traffic must never go through a proxy.
process.env.NO_PROXY = [process.env.NO_PROXY, 'localhost', '127.0.0.1'].filter(Boolean).join(',');

export function staticTokenCredential(token: string): TokenCredential & { readonly scopesSeen: string[][] } {
  const scopesSeen: string[][] = [];
  return {
    scopesSeen,
    getToken: (scopes: string | string[]): Promise<AccessToken> => {
      scopesSeen.push(Array.isArray(scopes) ? [...scopes] : [scopes]);
      return Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3600_000 });
    },
  };
}

export function cosmosClient(emu: ArmEmulator, subscriptionId: string,
  options: { token?: string; retry?: CosmosDBManagementClientOptionalParams['retryOptions'] } = {}): CosmosDBManagementClient {
  return new CosmosDBManagementClient(staticTokenCredential(options.token ?? emu.token), subscriptionId, {
    endpoint: emu.url,
    credentials: { scopes: [`${emu.url}/.default`] },
    tlsOptions: { ca: emu.caPem },
    retryOptions: options.retry ?? { maxRetries: 2, retryDelayInMs: 50, maxRetryDelayInMs: 200 },
  });
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Awaits a promise that must reject and returns the rejection (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { statusCode?: number; code?: string; details?: unknown }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`Rejected with a non-Error: ${String(err)}`);
  }
  throw new Error('Expected the call to fail, but it succeeded');
}

/** Awaits a key operation that must fail with a KeyOperationError, and returns it. */
export async function keyOperationFailure(promise: Promise<unknown>): Promise<KeyOperationError> {
  const error = await rejection(promise);
  if (!(error instanceof KeyOperationError)) throw new Error(`expected a KeyOperationError, got ${error.name}: ${error.message}`);
  return error;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  readonly json: unknown;
}

/** A plain https request to the emulator (no SDK), with the bearer token unless `token` is null. */
export function rawRequest(emu: ArmEmulator, method: string, path: string,
  options: { token?: string | null; body?: unknown } = {}): Promise<RawResponse> {
  const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const token = options.token === undefined ? emu.token : options.token;
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(path, emu.url), {
      method,
      ca: emu.caPem,
      agent: false,
      headers: {
        ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export const DEMO = {
  contosoProd: '1f3e5a7c-9b2d-4c6e-8f10-0a2b4c6d8e01',
  contosoDev: '2a4c6e8f-1b3d-4f5a-9c7e-0b1d3f5a7c02',
  fabrikam: '3b5d7f9a-2c4e-4a6b-8d0f-1c3e5a7b9d03',
} as const;

export const PAGING_SUBSCRIPTION = '0a1b2c3d-4e5f-4a6b-8c7d-000000000000';
export const FORBIDDEN = { allowed: '8d9e0f1a-2b3c-4d5e-8f6a-000000000200', forbidden: '9e0f1a2b-3c4d-4e5f-9a7b-000000000403' } as const;
