/**
 * Which clock a message's time is shown by: the phone's own (its UTC offset when the message was sent or
 * received, where the archive says it) or this device's time zone. Pure: the view, search and the picture use it.
 */
import { offsetAt } from './time';

/** The "Times" choices, as settings store them. */
export const TIMES_CHOICES = ['phone', 'device'] as const;
/** A "Times" choice: as on the phone, or in this device's time zone. */
export type TimesChoice = (typeof TIMES_CHOICES)[number];

/** Whether a stored value is a "Times" choice. */
export const isTimesChoice = (value: unknown): value is TimesChoice =>
  typeof value === 'string' && (TIMES_CHOICES as readonly string[]).includes(value);

/** A message's time as shown. */
export interface ShownTime {
  /** The wall clock shown, as ms whose UTC fields are its date and time (format with `timeZone: 'UTC'`). */
  wall: number;
  /** The zone to name beside it, when it is not the device's (`UTC−05:00`, `CEST`); else undefined. */
  label: string | undefined;
}

const MINUTE_MS = 60_000;
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `UTC`, `UTC+01:00`, `UTC−05:00` (a true minus sign, U+2212) for an offset in minutes east of UTC. */
export function offsetLabel(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  return `UTC${minutes < 0 ? '\u2212' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** The device zone's short name at `time` (`CEST`), when its offset then differs from its offset `now`. */
function deviceZoneLabel(time: number, timeZone: string, now: number, locale?: string): string | undefined {
  if (deviceOffset(time, timeZone) === deviceOffset(now, timeZone)) return undefined;
  const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(time);
  return parts.find((p) => p.type === 'timeZoneName')?.value;
}

const DAY_MS = 86_400_000;
// The device zone's offset per UTC day (null on a day it changes): Intl costs ~10 µs a call, too much for the
// day separators of a 50,000-message conversation. Cleared when full; a few thousand days is years of messages.
const dayOffsets = new Map<string, number | null>();
const MAX_DAYS = 20_000;

function deviceOffset(time: number, timeZone: string): number {
  const day = Math.floor(time / DAY_MS);
  const key = `${timeZone} ${String(day)}`;
  let cached = dayOffsets.get(key);
  if (cached === undefined) {
    if (dayOffsets.size >= MAX_DAYS) dayOffsets.clear();
    const start = offsetAt(day * DAY_MS, timeZone);
    cached = start === offsetAt(day * DAY_MS + DAY_MS - 1, timeZone) ? start : null;
    dayOffsets.set(key, cached);
  }
  return cached ?? offsetAt(time, timeZone);
}

/** Whether a stored offset is usable: whole minutes within the ±18 h real zones stay in. */
export const isOffset = (offset: number | undefined): offset is number =>
  offset !== undefined && Number.isInteger(offset) && Math.abs(offset) <= 18 * 60;

/** Only the wall clock of `shownTime` (no label): fast enough for every message of a long conversation. */
export function shownWall(
  time: number,
  offset: number | undefined,
  times: TimesChoice,
  timeZone: string,
): number {
  return time + (times === 'phone' && isOffset(offset) ? offset * MINUTE_MS : deviceOffset(time, timeZone));
}

/**
 * The wall clock to show for a message at `time` (ms UTC) with the phone's `offset` (minutes east of UTC, where
 * known). "As on the phone" with an offset: the phone's clock, labelled with its offset when the device's
 * differed at that instant. Otherwise the device's zone, labelled as before: its zone name when the offset
 * then differs from the device's offset now (a summer message read in winter).
 */
export function shownTime(
  time: number,
  offset: number | undefined,
  times: TimesChoice,
  timeZone: string,
  now: number = Date.now(),
  locale?: string,
): ShownTime {
  const device = deviceOffset(time, timeZone);
  if (times === 'phone' && isOffset(offset)) {
    const phone = offset * MINUTE_MS;
    return { wall: time + phone, label: phone === device ? undefined : offsetLabel(offset) };
  }
  return { wall: time + device, label: deviceZoneLabel(time, timeZone, now, locale) };
}
