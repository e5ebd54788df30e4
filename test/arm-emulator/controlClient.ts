// Client for the emulator's /__emulator control endpoint, for tests that run in another process than the emulator
// (Playwright UI tests, CLI tests, host tests): inject faults, read the request log, reset, fetch key values.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { RequestLogEntry } from './armEmulator';
import { faultRuleToJson, type FaultRule } from './faultRules';

export interface EmulatorEndpoint {
  readonly url: string;
  readonly token: string;
  /** The CA PEM, or read from caPath. */
  readonly caPem?: string;
  readonly caPath?: string;
}

export class EmulatorControlClient {
  private readonly ca: string;

  constructor(private readonly endpoint: EmulatorEndpoint) {
    const ca = endpoint.caPem ?? (endpoint.caPath ? readFileSync(endpoint.caPath, 'utf8') : undefined);
    if (!ca) throw new Error('EmulatorControlClient needs caPem or caPath');
    this.ca = ca;
  }

  async addFaults(...rules: FaultRule[]): Promise<void> {
    await this.call('POST', '/__emulator/faults', rules.map(faultRuleToJson), 201);
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/__emulator/faults', undefined, 204);
  }

  async requests(): Promise<RequestLogEntry[]> {
    return ((await this.call('GET', '/__emulator/requests', undefined, 200)) as { value: RequestLogEntry[] }).value;
  }

  async clearRequests(): Promise<void> {
    await this.call('DELETE', '/__emulator/requests', undefined, 204);
  }

  async reset(): Promise<void> {
    await this.call('POST', '/__emulator/reset', undefined, 204);
  }

  async setLatency(latencyMs: number): Promise<void> {
    await this.call('PUT', '/__emulator/latency', { latencyMs }, 204);
  }

  /** Every key and connection string the emulator generated; search logs and output for these to prove no leak. */
  async keyValues(): Promise<string[]> {
    return ((await this.call('GET', '/__emulator/key-values', undefined, 200)) as { value: string[] }).value;
  }

  private call(method: string, path: string, body: unknown, expected: number): Promise<unknown> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(new URL(path, this.endpoint.url), {
        method,
        ca: this.ca,
        headers: {
          Authorization: `Bearer ${this.endpoint.token}`,
          ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== expected) {
            reject(new Error(`${method} ${path} answered ${res.statusCode ?? '?'} (expected ${expected}): ${text.slice(0, 300)}`));
            return;
          }
          try {
            resolve(text ? JSON.parse(text) : undefined);
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
}
