// The emulator's request and response shapes, its ARM error, and nextLink paging: shared by every route module.
import { type Json } from './armResources';

/** Who made a request, as the emulator's Activity Log records it: from the bearer token's claims, or the scenario's principal. */
export interface EmulatorCaller {
  /** A user's sign-in name, when the token names one. */
  readonly upn?: string;
  readonly objectId: string;
  /** The application (client) id of the token. */
  readonly applicationId: string;
  readonly kind: 'user' | 'application';
}

export interface ArmRequest {
  readonly method: string;
  readonly url: URL;
  readonly body: string;
  /** Absent for requests built by tests without a transport. */
  readonly caller?: EmulatorCaller;
  readonly clientIp?: string;
}

export interface ArmResponse {
  readonly status: number;
  readonly body?: Json;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Thrown inside handlers; turned into an ARM error response. */
export class ArmHttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Readonly<Record<string, string>> = {}) {
    super(message);
  }
}

export type Params = Readonly<Record<string, string>>;
export type Handler = (p: Params, req: ArmRequest) => ArmResponse;

/** A path pattern (lower-case literals, `:name` captures) and its handlers by method. */
export interface Route {
  readonly pattern: readonly string[];
  /** Not an ARM route (the Log Analytics API on the same origin): no api-version is required. */
  readonly plain?: boolean;
  readonly handlers: Readonly<Record<string, Handler>>;
}

export function ok(body: Json): ArmResponse {
  return { status: 200, body };
}

/**
 * One page of `items` (by `$skipToken`), with an absolute `nextLink` on `origin` that repeats the request's other
 * query parameters (`api-version`, `$filter`, `$select`), as ARM's links do.
 */
export function page(items: readonly Json[], req: ArmRequest, origin: string, pageSize: number): ArmResponse {
  const token = req.url.searchParams.get('$skipToken');
  const offset = token === null ? 0 : decodeSkipToken(token);
  const body: Json = { value: items.slice(offset, offset + pageSize) };
  if (offset + pageSize < items.length) {
    const query = new URLSearchParams(req.url.searchParams);
    query.delete('$skipToken');
    query.set('$skipToken', encodeSkipToken(offset + pageSize));
    body.nextLink = `${origin}${req.url.pathname}?${query.toString()}`;
  }
  return ok(body);
}

function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

function decodeSkipToken(token: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the error below
  }
  throw new ArmHttpError(400, 'InvalidSkipToken', 'The $skipToken query parameter is not valid.');
}
