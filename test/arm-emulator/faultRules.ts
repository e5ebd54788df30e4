// Fault injection: an ordered list of rules, the first matching rule wins. A rule either shapes the response
// (status, latency, dropped connection) or, with an `lro*` field, changes the key-regeneration operation that a
// matching regenerateKey request starts. `times` makes a rule expire after that many matches.

export interface FaultRule {
  /** HTTP method to match (any when omitted). */
  readonly method?: string;
  /** RegExp tested against path + query, or a case-insensitive substring of it (any when omitted). */
  readonly path?: RegExp | string;
  /** Matches this many times, then the rule is removed (forever when omitted). */
  readonly times?: number;
  /** Answer with this status (400–599) and an ARM error body. */
  readonly status?: number;
  readonly code?: string;
  readonly message?: string;
  /** Sent as `Retry-After` (seconds) with the status. */
  readonly retryAfterSeconds?: number;
  /** Sent as `WWW-Authenticate` with a 401 instead of the default `error="invalid_token"` (e.g. a claims challenge). */
  readonly wwwAuthenticate?: string;
  /** Delay before answering (alone: a slow but otherwise normal answer). */
  readonly latencyMs?: number;
  /** Destroy the connection without any response. */
  readonly drop?: true;
  /**
   * The URLs this answer hands out (`nextLink`, `Azure-AsyncOperation`, `Location`) point at this origin instead of
   * the emulator's: a hostile or broken Resource Manager, for the client's refusal to send its token elsewhere.
   */
  readonly linkOrigin?: string;
  /** The regeneration started by a matching regenerateKey ends in this state; `code`/`message` give its error. */
  readonly lroOutcome?: 'Succeeded' | 'Failed';
  /** InProgress polls before the regeneration's terminal state. */
  readonly lroPolls?: number;
  /** The regeneration runs this long in real time (a slow operation). */
  readonly lroDurationMs?: number;
}

/** FaultRule as JSON for the control endpoint: a RegExp travels as `pathRegExp` (+ `pathFlags`). */
export type FaultRuleJson = Omit<FaultRule, 'path'> & { readonly path?: string; readonly pathRegExp?: string; readonly pathFlags?: string };

interface ActiveRule {
  readonly rule: FaultRule;
  remaining: number;
}

export function isLroRule(rule: FaultRule): boolean {
  return rule.lroOutcome !== undefined || rule.lroPolls !== undefined || rule.lroDurationMs !== undefined;
}

/** Throws with a precise message for rules that cannot do anything sensible. */
export function validateFaultRule(rule: FaultRule): FaultRule {
  const where = `Fault rule ${describeFaultRule(rule)}`;
  if (rule.status !== undefined && (!Number.isInteger(rule.status) || rule.status < 400 || rule.status > 599)) {
    throw new Error(`${where}: status must be an integer from 400 to 599`);
  }
  if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) throw new Error(`${where}: times must be >= 1`);
  for (const k of ['latencyMs', 'retryAfterSeconds', 'lroPolls', 'lroDurationMs'] as const) {
    const v = rule[k];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) throw new Error(`${where}: ${k} must be a number >= 0`);
  }
  if (rule.drop !== undefined && rule.drop !== true) throw new Error(`${where}: drop must be true when present`);
  if (rule.wwwAuthenticate !== undefined && rule.status !== 401) throw new Error(`${where}: wwwAuthenticate goes with status 401`);
  if (isLroRule(rule) && (rule.status !== undefined || rule.drop)) {
    throw new Error(`${where}: an lro* rule changes the operation, it cannot also set status or drop`);
  }
  if (rule.lroOutcome !== undefined && rule.lroOutcome !== 'Failed' && rule.lroOutcome !== 'Succeeded') {
    throw new Error(`${where}: lroOutcome must be "Failed" or "Succeeded"`);
  }
  if (rule.linkOrigin !== undefined && (typeof rule.linkOrigin !== 'string' || !/^https?:\/\/[^/]+$/.test(rule.linkOrigin))) {
    throw new Error(`${where}: linkOrigin must be an origin such as https://host:port`);
  }
  if (rule.linkOrigin !== undefined && (isLroRule(rule) || rule.status !== undefined || rule.drop)) {
    throw new Error(`${where}: linkOrigin rewrites a normal answer; it cannot also set status, drop or an lro* field`);
  }
  if (!isLroRule(rule) && rule.status === undefined && !rule.drop && rule.latencyMs === undefined && rule.linkOrigin === undefined) {
    throw new Error(`${where}: set status, drop, latencyMs, linkOrigin or an lro* field`);
  }
  return rule;
}

export function faultRuleFromJson(json: unknown): FaultRule {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('A fault rule must be a JSON object');
  const { pathRegExp, pathFlags, path, ...rest } = json as FaultRuleJson;
  if (pathRegExp !== undefined && path !== undefined) throw new Error('A fault rule has either path or pathRegExp, not both');
  const rule: FaultRule = { ...rest, ...(pathRegExp !== undefined ? { path: new RegExp(pathRegExp, pathFlags) } : path !== undefined ? { path } : {}) };
  return validateFaultRule(rule);
}

export function faultRuleToJson(rule: FaultRule): FaultRuleJson {
  const { path, ...rest } = rule;
  if (path instanceof RegExp) return { ...rest, pathRegExp: path.source, ...(path.flags ? { pathFlags: path.flags } : {}) };
  return path === undefined ? rest : { ...rest, path };
}

export function describeFaultRule(rule: FaultRule): string {
  const what = rule.drop ? 'drop' : rule.status !== undefined ? String(rule.status) : rule.linkOrigin !== undefined ? `links to ${rule.linkOrigin}`
    : isLroRule(rule) ? `lro ${rule.lroOutcome ?? ''}${rule.lroPolls !== undefined ? ` polls=${rule.lroPolls}` : ''}${rule.lroDurationMs !== undefined ? ` duration=${rule.lroDurationMs}ms` : ''}`.trim()
      : `latency ${rule.latencyMs ?? 0}ms`;
  const path = rule.path instanceof RegExp ? String(rule.path) : rule.path ?? '*';
  return `${rule.method ?? '*'} ${path} → ${what}`;
}

export class FaultList {
  private rules: ActiveRule[] = [];

  constructor(initial: readonly FaultRule[] = []) {
    for (const r of initial) this.add(r);
  }

  add(rule: FaultRule): void {
    this.rules.push({ rule: validateFaultRule(rule), remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  /** The first response-shaping rule matching the request, consumed once. */
  takeResponseFault(method: string, pathAndQuery: string): FaultRule | undefined {
    return this.take(method, pathAndQuery, (r) => !isLroRule(r));
  }

  /** The first operation-shaping rule matching a request that starts an operation, consumed once. */
  takeOperationFault(method: string, pathAndQuery: string): FaultRule | undefined {
    return this.take(method, pathAndQuery, isLroRule);
  }

  private take(method: string, pathAndQuery: string, kind: (r: FaultRule) => boolean): FaultRule | undefined {
    const i = this.rules.findIndex(({ rule }) => kind(rule) && matches(rule, method, pathAndQuery));
    if (i < 0) return undefined;
    const active = this.rules[i]!;
    active.remaining--;
    if (active.remaining <= 0) this.rules.splice(i, 1);
    return active.rule;
  }
}

function matches(rule: FaultRule, method: string, pathAndQuery: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path === undefined) return true;
  if (rule.path instanceof RegExp) {
    rule.path.lastIndex = 0;
    return rule.path.test(pathAndQuery);
  }
  return pathAndQuery.toLowerCase().includes(rule.path.toLowerCase());
}
