// The project's ARM emulator: a loopback HTTPS server (throwaway CA, see certificates.ts) speaking the subset of
// Azure Resource Manager that Cosmos Guard uses, with the official response shapes, fault injection, and a control
// endpoint (/__emulator/*) so tests in other processes can inject faults and read the request log.
// It never logs or prints request or response bodies: they carry keys.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { errorBody } from './armResources';
import { callerOf, DEMO_ARM_TOKEN } from './emulatorIdentity';
import { ArmApi, type ArmResponse } from './armRoutes';
import { defaultCertDir, ensureCertificates } from './certificates';
import { EmulatorState, type AccountState, type OperationKind, type OperationState } from './emulatorState';
import { type RoleAssignmentState } from './keylessState';
import { ControlEndpoint, faultResponse, wwwAuthenticate } from './controlEndpoint';
import { FaultList, describeFaultRule, type FaultRule } from './faultRules';
import { loadScenario, type KeyKind, type ScenarioSource, type ScenarioSpec } from './scenario';

export { API_VERSION } from './armResources';
export { DEMO_ARM_TOKEN, DEMO_USER, unsignedJwt } from './emulatorIdentity';
export type { FaultRule, FaultRuleJson } from './faultRules';
export type { KeyKind, ScenarioSource, ScenarioSpec } from './scenario';

/** Default principal named in 403 messages when the scenario names none. */
const DEFAULT_PRINCIPAL = { clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', objectId: '00000000-0000-4000-8000-0000000a11ce' };

export interface ArmEmulatorOptions {
  /** Scenario object, generator request, function, or the name of a file in scenarios/ (default "demo"). */
  readonly scenario?: ScenarioSource;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Address to listen on (default 127.0.0.1); the URL always says localhost so the certificate matches. */
  readonly host?: string;
  /** Where the CA and server certificate live (default: a per-user directory under the OS temp dir). */
  readonly certDir?: string;
  /** The accepted bearer token (default DEMO_ARM_TOKEN). */
  readonly token?: string;
  /** Items per page for every list (default: the scenario's pageSize, else 50). */
  readonly pageSize?: number;
  /** Delay added to every ARM request. */
  readonly latencyMs?: number;
  /** Initial fault rules (also restored by reset()). */
  readonly faults?: readonly FaultRule[];
  /** InProgress polls before a regeneration's terminal state (default 2). */
  readonly lroPolls?: number;
  /** When set, regenerations run this long in real time instead of counting polls. */
  readonly lroDurationMs?: number;
  /** Retry-After (seconds) on 202 and InProgress answers; omitted by default so the client's poll interval applies. */
  readonly lroRetryAfterSeconds?: number;
  /** Clock for dates in responses (relative scenario dates, key generation times). */
  readonly now?: () => Date;
  /** Called once per request after the answer (or the drop), e.g. to log it. */
  readonly onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry {
  /** Arrival time, ms since the epoch (real clock). */
  readonly at: number;
  readonly method: string;
  /** Path and query string (never bodies: they carry keys). */
  readonly path: string;
  /** HTTP status sent, or 0 when the connection was dropped. */
  readonly status: number;
  readonly durationMs: number;
  /** The fault rule that shaped this answer, if any. */
  readonly fault?: string;
  /** True for /__emulator control requests (never stored in `requests`). */
  readonly control?: boolean;
}

export interface OperationSnapshot {
  readonly id: string;
  /** What the operation does; `keyKind` is set for a regeneration. */
  readonly kind: OperationKind;
  readonly keyKind?: KeyKind;
  readonly status: 'InProgress' | 'Succeeded' | 'Failed';
  readonly polls: number;
  readonly startTime: Date;
  readonly endTime?: Date;
}

export interface AccountSnapshot {
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly kind: string;
  /** Current key values (tests only compare them; never print them). */
  readonly keys: Readonly<Record<KeyKind, string>>;
  readonly keysMetadata: Readonly<Partial<Record<KeyKind, Date>>>;
  readonly activeOperationId?: string;
  readonly operations: readonly OperationSnapshot[];
  /** Data-plane role assignments now (scopes relative to the account), and the properties account updates changed. */
  readonly roleAssignments: readonly RoleAssignmentState[];
  readonly updatedProperties: Readonly<Record<string, unknown>>;
}

export interface ArmEmulator {
  /** https://localhost:PORT */
  readonly url: string;
  readonly port: number;
  readonly caPath: string;
  readonly caPem: string;
  readonly token: string;
  readonly scenario: ScenarioSpec;
  /** A copy of the request log (ARM requests only). */
  readonly requests: readonly RequestLogEntry[];
  clearRequests(): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  faults(): readonly FaultRule[];
  setLatency(ms: number): void;
  /** State of one account by name, "subscriptionId/name" or resource id. */
  account(ref: string): AccountSnapshot;
  accounts(): AccountSnapshot[];
  /** Every key and connection string the emulator ever generated (current and past), for leak checks. */
  keyValues(): string[];
  /** Regenerates a key at once, as someone else (the portal, a pipeline) would: a new key and generation time. */
  regenerateNow(ref: string, keyKind: KeyKind): void;
  /** Back to the scenario's initial state: keys, operations, faults (the initial ones), log, latency. */
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;

/** The answer with the URLs it hands out moved from `from` to `to` (a `linkOrigin` fault). */
function relink(response: ArmResponse, from: string, to: string): ArmResponse {
  const move = (value: string) => (value.startsWith(from) ? `${to}${value.slice(from.length)}` : value);
  const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k, /^(azure-asyncoperation|location)$/i.test(k) ? move(v) : v]));
  const body = response.body && typeof response.body === 'object' && !Array.isArray(response.body) && typeof (response.body as { nextLink?: unknown }).nextLink === 'string'
    ? { ...response.body, nextLink: move((response.body as { nextLink: string }).nextLink) } : response.body;
  return { ...response, headers, ...(body === undefined ? {} : { body }) };
}

export async function startArmEmulator(options: ArmEmulatorOptions = {}): Promise<ArmEmulator> {
  checkOptions(options);
  const scenario = loadScenario(options.scenario ?? 'demo');
  const certs = await ensureCertificates(options.certDir ?? defaultCertDir());
  const token = options.token ?? DEMO_ARM_TOKEN;
  const now = options.now ?? (() => new Date());
  const stateOptions = { now, lroPolls: options.lroPolls ?? 2, lroDurationMs: options.lroDurationMs };
  const secrets = new Set<string>();
  let state = new EmulatorState(scenario, stateOptions, secrets);
  const faults = new FaultList(options.faults);
  let latencyMs = options.latencyMs ?? 0;
  let log: RequestLogEntry[] = [];
  let origin = '';

  const caller = callerOf(token, scenario.principal ?? DEFAULT_PRINCIPAL);
  const api = new ArmApi(() => state, {
    origin: () => origin,
    pageSize: () => options.pageSize ?? scenario.pageSize ?? 50,
    principal: scenario.principal ?? DEFAULT_PRINCIPAL,
    lroRetryAfterSeconds: options.lroRetryAfterSeconds,
    takeOperationFault: (m, p) => faults.takeOperationFault(m, p),
  });

  const record = (entry: RequestLogEntry) => {
    if (!entry.control) log.push(entry);
    options.onRequest?.(entry);
  };

  const reset = () => {
    state = new EmulatorState(scenario, stateOptions, secrets);
    faults.clear();
    for (const f of options.faults ?? []) faults.add(f);
    latencyMs = options.latencyMs ?? 0;
    log = [];
  };

  const control = new ControlEndpoint({
    faults,
    requests: () => log,
    clearRequests: () => { log = []; },
    reset,
    keyValues: () => [...secrets],
    setLatency: (ms) => { latencyMs = ms; },
  });

  const server = https.createServer({ key: certs.keyPem, cert: certs.certPem, keepAliveTimeout: 30_000 }, (req, res) => {
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    void handle(req, res);
  });
  server.on('tlsClientError', () => undefined);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', origin);
    const pathAndQuery = url.pathname + url.search;
    const isControl = url.pathname.toLowerCase().startsWith('/__emulator/');
    let fault: FaultRule | undefined;
    const finish = (response: ArmResponse) => {
      send(res, response);
      record({ at, method, path: pathAndQuery, status: response.status, durationMs: Date.now() - at, control: isControl || undefined,
        fault: fault ? describeFaultRule(fault) : undefined });
    };
    try {
      if (!isControl) {
        if (latencyMs > 0) await delay(latencyMs);
        fault = faults.takeResponseFault(method, pathAndQuery);
        if (fault?.latencyMs) await delay(fault.latencyMs);
        if (fault?.drop) {
          req.socket.destroy();
          record({ at, method, path: pathAndQuery, status: 0, durationMs: Date.now() - at, fault: describeFaultRule(fault) });
          return;
        }
        if (fault?.status !== undefined) return finish(faultResponse(fault));
      }
      const body = await readBody(req);
      if (isControl && method === 'GET' && url.pathname.toLowerCase() === '/__emulator/health') return finish({ status: 200, body: { status: 'ok' } });
      const auth = authenticate(req.headers.authorization, token);
      if (auth) return finish(auth);
      const clientIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
      const response = isControl ? control.handle(method, url, body) : api.handle({ method, url, body, caller, clientIp });
      finish(fault?.linkOrigin ? relink(response, origin, fault.linkOrigin) : response);
    } catch (err) {
      if (err instanceof BodyTooLarge) return finish({ status: 413, body: errorBody('RequestEntityTooLarge', 'The request body is too large.') });
      // A bug in the emulator: answer 500 with the message (no secrets in emulator errors) rather than hang the client.
      finish({ status: 500, body: errorBody('EmulatorError', err instanceof Error ? err.message : String(err)) });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `https://localhost:${port}`;

  return {
    url: origin,
    port,
    caPath: certs.caPath,
    caPem: certs.caPem,
    token,
    scenario,
    get requests() {
      return [...log];
    },
    clearRequests: () => { log = []; },
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    faults: () => faults.list(),
    setLatency: (ms) => { latencyMs = ms; },
    account: (ref) => snapshot(state, state.findAccount(ref)),
    accounts: () => state.allAccounts().map((a) => snapshot(state, a)),
    keyValues: () => [...secrets],
    regenerateNow: (ref, keyKind) => state.regenerateNow(state.findAccount(ref), keyKind),
    reset,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function checkOptions(o: ArmEmulatorOptions): void {
  const atLeast = (name: keyof ArmEmulatorOptions, min: number) => {
    const v = o[name];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < min)) {
      throw new Error(`startArmEmulator: ${name} must be an integer >= ${min}`);
    }
  };
  atLeast('pageSize', 1);
  atLeast('port', 0);
  for (const name of ['latencyMs', 'lroPolls', 'lroDurationMs', 'lroRetryAfterSeconds'] as const) atLeast(name, 0);
}

function snapshot(state: EmulatorState, a: AccountState): AccountSnapshot {
  state.settleAccount(a);
  const ops = [...state.operations.values()].filter((o) => o.account === a).map(operationSnapshot);
  return {
    id: a.id, subscriptionId: a.subscriptionId, resourceGroup: a.resourceGroup, name: a.name, kind: a.kind,
    keys: { ...a.keys },
    keysMetadata: Object.fromEntries(Object.entries(a.keysMetadata).map(([k, d]) => [k, new Date(d.getTime())])),
    activeOperationId: a.activeOperationId,
    operations: ops,
    roleAssignments: a.keyless.assignments.map((x) => ({ ...x })),
    updatedProperties: { ...a.keyless.properties },
  };
}

function operationSnapshot(o: OperationState): OperationSnapshot {
  return { id: o.id, kind: o.kind, ...(o.keyKind ? { keyKind: o.keyKind } : {}), status: o.status, polls: o.polls, startTime: o.startTime, endTime: o.endTime };
}

/** 401 answer for a missing or wrong bearer token, undefined when the token is right. */
function authenticate(header: string | undefined, token: string): ArmResponse | undefined {
  if (!header) {
    const message = "Authentication failed. The 'Authorization' header is missing.";
    return { status: 401, headers: { 'WWW-Authenticate': wwwAuthenticate(message) }, body: errorBody('AuthenticationFailed', message) };
  }
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const given = Buffer.from(m?.[1] ?? '', 'utf8'), want = Buffer.from(token, 'utf8');
  if (m && given.length === want.length && timingSafeEqual(given, want)) return undefined;
  const message = m ? 'The access token is invalid.' : "Authentication failed. The 'Authorization' header is not a bearer token.";
  return { status: 401, headers: { 'WWW-Authenticate': wwwAuthenticate(message) }, body: errorBody(m ? 'InvalidAuthenticationToken' : 'AuthenticationFailed', message) };
}

function send(res: ServerResponse, r: ArmResponse): void {
  if (res.destroyed || res.headersSent) return;
  const payload = r.body === undefined ? '' : JSON.stringify(r.body);
  const headers: Record<string, string | number> = {
    'x-ms-request-id': randomUUID(),
    'x-ms-correlation-request-id': randomUUID(),
    'Cache-Control': 'no-cache',
    'Content-Length': Buffer.byteLength(payload),
    ...(r.body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' }),
    ...(r.headers ?? {}),
  };
  res.writeHead(r.status, headers);
  res.end(payload);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) reject(new BodyTooLarge());
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  // Unref'd: a pending delay must not keep a test process alive after the emulator is closed.
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
