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
