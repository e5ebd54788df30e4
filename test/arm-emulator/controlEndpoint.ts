// The control endpoint (/__emulator/*): fault injection and inspection for tests running in other processes (same
// bearer token as the ARM routes), and the ARM error answers that fault rules produce.
import { errorBody } from './armResources';
import { type ArmResponse } from './armRoutes';
import { faultRuleFromJson, faultRuleToJson, type FaultList, type FaultRule } from './faultRules';
import { type RequestLogEntry } from './armEmulator';

const DEFAULT_FAULT_ERRORS: Readonly<Record<number, readonly [string, string]>> = {
  400: ['BadRequest', 'The request is not valid.'],
  401: ['InvalidAuthenticationToken', 'The access token is invalid.'],
  403: ['AuthorizationFailed', 'The client does not have authorization to perform this action.'],
  404: ['ResourceNotFound', 'The requested resource was not found.'],
  408: ['RequestTimeout', 'The request timed out.'],
  409: ['Conflict', 'There is already an operation in progress which requires exclusive lock on this service. Please retry the operation after sometime.'],
  429: ['TooManyRequests', 'The request rate is too high. Please retry after the time in the Retry-After header.'],
  500: ['InternalServerError', 'The server encountered an internal error. Please retry the request.'],
  502: ['BadGateway', 'The gateway received an invalid response from the upstream server.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable. Please retry the request.'],
  504: ['GatewayTimeout', 'The gateway did not receive a response within the specified time period.'],
};

export function faultResponse(rule: FaultRule): ArmResponse {
  const status = rule.status!;
  const [code, message] = DEFAULT_FAULT_ERRORS[status] ?? [status >= 500 ? 'InternalServerError' : 'BadRequest', `HTTP ${status}`];
  const headers: Record<string, string> = {};
  if (rule.retryAfterSeconds !== undefined) headers['Retry-After'] = String(rule.retryAfterSeconds);
  if (status === 401) headers['WWW-Authenticate'] = rule.wwwAuthenticate ?? wwwAuthenticate(rule.message ?? message);
  return { status, headers, body: errorBody(rule.code ?? code, rule.message ?? message) };
}

export function wwwAuthenticate(description: string): string {
  return `Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="${description.replace(/"/g, "'")}"`;
}


export interface ControlHooks {
  readonly faults: FaultList;
  readonly requests: () => readonly RequestLogEntry[];
  readonly clearRequests: () => void;
  readonly reset: () => void;
  readonly keyValues: () => string[];
  readonly setLatency: (ms: number) => void;
}

/** /__emulator/*: fault injection and inspection for tests running in other processes (same bearer token). */
export class ControlEndpoint {
  constructor(private readonly hooks: ControlHooks) {}

  handle(method: string, url: URL, body: string): ArmResponse {
    const route = `${method} ${url.pathname.toLowerCase().replace(/\/+$/, '')}`;
    try {
      switch (route) {
        case 'GET /__emulator/faults':
          return { status: 200, body: { value: this.hooks.faults.list().map(faultRuleToJson) } };
        case 'POST /__emulator/faults': {
          const parsed = parseJson(body);
          const rules = (Array.isArray(parsed) ? parsed : [parsed]).map(faultRuleFromJson);
          for (const r of rules) this.hooks.faults.add(r);
          return { status: 201, body: { added: rules.length } };
        }
        case 'DELETE /__emulator/faults':
          this.hooks.faults.clear();
          return { status: 204 };
        case 'GET /__emulator/requests':
          return { status: 200, body: { value: this.hooks.requests() } };
        case 'DELETE /__emulator/requests':
          this.hooks.clearRequests();
          return { status: 204 };
        case 'POST /__emulator/reset':
          this.hooks.reset();
          return { status: 204 };
        case 'GET /__emulator/key-values':
          return { status: 200, body: { value: this.hooks.keyValues() } };
        case 'PUT /__emulator/latency': {
          const ms = (parseJson(body) as { latencyMs?: unknown } | null)?.latencyMs;
          if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new Error('Body must be {"latencyMs": <number >= 0>}');
          this.hooks.setLatency(ms);
          return { status: 204 };
        }
        default:
          return { status: 404, body: errorBody('NotFound', `No control route '${method} ${url.pathname}'.`) };
      }
    } catch (err) {
      return { status: 400, body: errorBody('BadRequest', err instanceof Error ? err.message : String(err)) };
    }
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new Error('The request body is not valid JSON');
  }
}
