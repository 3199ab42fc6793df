/** Small formatting helpers for dates and counts in the person's locale. */

const sameDay = (a: Date, b: Date): boolean =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** A short date for lists: the time today, the day and month this year, else the full date. */
export function shortDate(ms: number, now: Date = new Date(), locale?: string): string {
  const date = new Date(ms);
  if (sameDay(date, now)) return date.toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' });
  if (date.getFullYear() === now.getFullYear())
    return date.toLocaleDateString(locale, { day: 'numeric', month: 'short' });
  return date.toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** "1 message", "2,345 messages". */
export function countLabel(count: number, one: string, many: string, locale?: string): string {
  return `${count.toLocaleString(locale)} ${count === 1 ? one : many}`;
}

const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB'] as const;

/**
 * "12.4 MB": decimal units, as operating systems show disk sizes, three significant digits at most. The one
 * byte-size formatter: the app, the exports and every sentence about space use it.
 */
export function formatBytes(bytes: number, locale?: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const number = value.toLocaleString(locale, { maximumFractionDigits: digits });
  return `${number} ${unit === 0 && value === 1 ? 'byte' : (UNITS[unit] ?? 'bytes')}`;
}
