// Snapshots carry instants as ISO 8601 strings (what ARM JSON holds, and what `Date#toISOString()` gives for the
// SDK's `Date` fields): readable in tests, fixtures and cached JSON. Parsing here is strict so the same snapshot
// gives the same result on every machine: `Date.parse` would read a zone-less date-time in the local time zone.

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

export const DAY_MS = 86_400_000;

/**
 * Epoch milliseconds of an ISO 8601 date or date-time, or `undefined` when the value is absent or not a valid
 * instant. A missing zone means UTC (ARM timestamps are UTC); fractions beyond milliseconds (ARM sometimes
 * writes 7 digits) are truncated.
 */
export function parseTimestamp(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = ISO_INSTANT.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const ms = frac.slice(0, 3).padEnd(3, '0');
  const tz = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${tz}`;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  // Date.parse rolls 2021-02-30 over to March; a real timestamp never does, so treat it as invalid.
  const check = new Date(t + (tz === 'Z' ? 0 : offsetMs(tz)));
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() + 1 !== Number(mo) || check.getUTCDate() !== Number(d)) return undefined;
  return t;
}

function offsetMs(tz: string): number {
  const sign = tz.startsWith('-') ? -1 : 1;
  return sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6))) * 60_000;
}

/** Whole days from `fromMs` to `toMs`, rounded down; never negative (a timestamp slightly in the future is age 0). */
export function wholeDaysBetween(fromMs: number, toMs: number): number {
  return Math.max(0, Math.floor((toMs - fromMs) / DAY_MS));
}
