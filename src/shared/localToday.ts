import { formatCalendarDate } from '../core/suppression';

/** Today's local date as `YYYY-MM-DD`: the day suppressions' `until` dates are compared with, in the CLI and the editor. */
export function localToday(now = new Date()): string {
  return formatCalendarDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}
