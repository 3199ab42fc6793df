/** Timestamps as the archives write them, to milliseconds since the epoch, UTC (FORMATS.md §1.6-7, §2.3, §2.6). */

/** A date and time as a clock on the wall showed it; month 1–12. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A vMessage date: wall-clock parts, and whether they are UTC (a trailing `Z`) rather than local time. */
export interface VmsgDate extends WallClock {
  utc: boolean;
}

// 1e11 ms is March 1973, before any SMS; 1e11 s is the year 5138. Below it, a value must be seconds.
const SECONDS_BELOW = 1e11;
// Ticks (100 ns) per ms, and ms from 1601-01-01 (the FILETIME epoch) to 1970-01-01.
const TICKS_PER_MS = 10_000n;
const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000n;

/** An SB&R `date` in ms (values below 1e11 are seconds); undefined for `null`, `0`, empty or non-numeric values. */
export function sbrDateToMs(value: string | undefined): number | undefined {
  const text = value?.trim();
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  // `0` is how SB&R writes "unknown" (`date_sent` of sent messages), not 1970.
  if (n === 0 || !Number.isSafeInteger(n)) return undefined;
  return n < SECONDS_BELOW ? n * 1000 : n;
}

/** A Windows FILETIME (`LocalTimestamp`: 100-ns ticks since 1601, UTC) in ms, exact; undefined if not one. */
export function fileTimeToMs(value: string): number | undefined {
  const text = value.trim();
  if (!/^\d+$/.test(text) || /^0+$/.test(text)) return undefined;
  // BigInt: real stamps are ~1.3e17, beyond 2^53, so Number would round them by up to 16 ticks.
  const ms = Number(BigInt(text) / TICKS_PER_MS - FILETIME_EPOCH_OFFSET_MS);
  return Number.isNaN(new Date(ms).getTime()) ? undefined : ms;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the runtime knows this IANA time zone (an unknown one makes the wall-clock reader throw). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function wallClockAsUtc(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The zone's offset from UTC at instant `t`, in ms (+3_600_000 for Paris in winter). */
export function offsetAt(t: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const { type, value } of formatter(timeZone).formatToParts(t)) parts[type] = Number(value);
  const wall = {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    // Some engines still write midnight as 24 despite h23.
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
  return wallClockAsUtc(wall) - Math.floor(t / 1000) * 1000;
}

const DAY_MS = 86_400_000;

/**
 * The instant a local wall-clock time names in an IANA zone (vMessage dates carry no zone). As Temporal's
 * "compatible" and RFC 5545 do: a time skipped by a spring-forward gap is read with the offset from before the
 * gap, so it lands that much later (Paris 2016-03-27 02:30 → 03:30 CEST); a time repeated by a fall-back
 * overlap is its first, earlier occurrence (summer time). Throws RangeError for an unknown zone.
 */
export function localWallClockToMs(parts: WallClock, timeZone: string): number {
  const asUtc = wallClockAsUtc(parts);
  // Transitions are far more than a day apart, so the offsets a day either side are the two that can apply.
  const before = offsetAt(asUtc - DAY_MS, timeZone);
  const after = offsetAt(asUtc + DAY_MS, timeZone);
  const first = asUtc - before;
  if (offsetAt(first, timeZone) === before) return first;
  const second = asUtc - after;
  if (offsetAt(second, timeZone) === after) return second;
  return first;
}

// Lumia `2016/11/07 14:51:30` (or with `-`); IrMC `07-11-2016 14:51:30` and `07.11.2016 14:51:30` (day first);
// ISO basic `20161107T145130`, UTC with a `Z`. Seconds are optional in the first two. `ymd` = capture groups
// of year, month, day; hour, minute, second are always groups 4–6.
const VMSG_DATE_FORMS = [
  { pattern: /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/, ymd: [1, 2, 3] },
  { pattern: /^(\d{1,2})[.-](\d{1,2})[.-](\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/, ymd: [3, 2, 1] },
  { pattern: /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/i, ymd: [1, 2, 3] },
] as const;

function isRealWallClock(w: WallClock): boolean {
  const daysInMonth = new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
  const dateOk = w.month >= 1 && w.month <= 12 && w.day >= 1 && w.day <= daysInMonth;
  return dateOk && w.hour <= 23 && w.minute <= 59 && w.second <= 59;
}

/** Reads a vMessage `Date:` value; undefined when it is in none of the known forms or names no real time. */
export function parseVmsgDate(value: string): VmsgDate | undefined {
  const text = value.trim();
  for (const { pattern, ymd } of VMSG_DATE_FORMS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const n = (group: number): number => Number(m[group] ?? 0);
    const date: VmsgDate = {
      year: n(ymd[0]),
      month: n(ymd[1]),
      day: n(ymd[2]),
      hour: n(4),
      minute: n(5),
      second: n(6),
      utc: m[7]?.toUpperCase() === 'Z',
    };
    return isRealWallClock(date) ? date : undefined;
  }
  return undefined;
}

/** A vMessage `Date:` value in ms: local wall time in `timeZone` unless it ends in `Z`; undefined if unreadable. */
export function vmsgDateToMs(value: string, timeZone: string): number | undefined {
  const date = parseVmsgDate(value);
  if (!date) return undefined;
  return date.utc ? wallClockAsUtc(date) : localWallClockToMs(date, timeZone);
}

/** The westmost UTC offset in use, minutes east of UTC (UTC−12:00, Baker Island). */
export const MIN_UTC_OFFSET = -720;
/** The eastmost UTC offset in use, minutes east of UTC (UTC+14:00, Kiribati). */
export const MAX_UTC_OFFSET = 840;

/** Whether `value` can be a phone's UTC offset (Message.offset): whole minutes within −12:00..+14:00. */
export function isUtcOffset(value: unknown): value is number {
  return (
    Number.isInteger(value) && (value as number) >= MIN_UTC_OFFSET && (value as number) <= MAX_UTC_OFFSET
  );
}
