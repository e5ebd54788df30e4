// How scenario files are checked and their dates read: a small JSON validator whose messages name the path of the bad
// field, and dates given as ISO 8601, "now" or an offset from the emulator's clock ("-200d").

/** ISO 8601 date, "now", or an offset from the emulator's clock: "-200d", "-3h", "+10m", "-1y", "-2w", "-500ms". */
export type DateSpec = string;

const RELATIVE = /^([+-])(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3, y: 365 * 86400e3 };

/** Resolves a DateSpec against `now`; throws on anything that is neither relative nor an ISO date. */
export function resolveDate(spec: DateSpec, now: Date): Date {
  if (spec === 'now') return new Date(now.getTime());
  const m = RELATIVE.exec(spec);
  if (m) {
    const ms = Number(m[2]) * UNIT_MS[m[3]!]!;
    return new Date(now.getTime() + (m[1] === '-' ? -ms : ms));
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(spec)) {
    const t = Date.parse(spec);
    if (Number.isFinite(t)) return new Date(t);
  }
  throw new Error(`"${spec}" is not a date: use ISO 8601, "now" or an offset such as "-200d"`);
}

/** Small JSON validator whose messages name the path of the bad field. */
export class Validator {
  constructor(private readonly where: string) {}

  fail(at: string, what: string): never {
    throw new Error(`${this.where}: ${at || 'the root'} ${what}`);
  }

  object(x: unknown, at: string): Record<string, unknown> {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) this.fail(at, 'must be an object');
    return x as Record<string, unknown>;
  }

  array(x: unknown, at: string): unknown[] {
    if (!Array.isArray(x)) this.fail(at, 'must be an array');
    return x as unknown[];
  }

  string(x: unknown, at: string): string {
    if (typeof x !== 'string' || x === '') this.fail(at, 'must be a non-empty string');
    return x;
  }

  /** Subscription and tenant ids are GUIDs in Azure; code under test may rely on that. */
  guid(x: unknown, at: string): string {
    const s = this.string(x, at);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)) this.fail(at, 'must be a GUID');
    return s;
  }

  boolean(x: unknown, at: string): boolean {
    if (typeof x !== 'boolean') this.fail(at, 'must be true or false');
    return x;
  }

  int(x: unknown, at: string, min = Number.MIN_SAFE_INTEGER): number {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min) this.fail(at, `must be an integer >= ${min}`);
    return x;
  }

  oneOf<T extends string>(x: unknown, at: string, values: readonly T[]): T {
    if (typeof x !== 'string' || !(values as readonly string[]).includes(x)) this.fail(at, `must be one of ${values.join(', ')}`);
    return x as T;
  }

  date(x: unknown, at: string): DateSpec {
    const s = this.string(x, at);
    try {
      resolveDate(s, new Date(0));
    } catch (err) {
      this.fail(at, err instanceof Error ? err.message : String(err));
    }
    return s;
  }

  optional<T>(x: unknown, parse: (x: unknown) => T): T | undefined {
    return x === undefined ? undefined : parse(x);
  }

  only(o: Record<string, unknown>, at: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.fail(at ? `${at}.${k}` : k, `is not a known field (allowed: ${allowed.join(', ')})`);
  }
}
