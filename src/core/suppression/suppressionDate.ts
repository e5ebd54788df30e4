// Calendar dates as suppressions write them: `YYYY-MM-DD`. The caller passes "today" in; nothing here reads a clock.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in `YYYY-MM-DD` form (`2025-02-30` is not one). */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/** A suppression `until` a date still applies on that date and stops applying the day after. */
export function isExpired(until: string, today: string): boolean {
  return today > until; // both YYYY-MM-DD: string order is date order
}

/** `YYYY-MM-DD` of a year, month (1-12) and day, for callers that hold a clock. */
export function formatCalendarDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
