/**
 * The phone's UTC offset from an SB&R `readable_date` (FORMATS.md §1.3): the phone wrote its own wall clock
 * as text in its locale beside `date` (ms UTC), so their difference is the offset it kept. Reads the forms
 * SB&R writes, 12- and 24-hour: "Nov 3, 2025 8:55:45 PM", "3 nov. 2025 20:55:45", "03.11.2025 20:55:45",
 * "2025-11-03 20:55:45", "03/11/2025 20:55:45", "11/3/2025 8:55:45 PM", "3 Nov 2025 20:55:45", and the like
 * in the languages of readable-date-words.ts.
 *
 * One linear pass over the characters, no regular expression (it runs once per message of files of 100,000
 * and more). A numeric date is ambiguous (03/11: 3 November or March 11?): `date` is known, so each reading
 * is tried and kept only when it gives an offset on a quarter hour within −12:00..+14:00; two readings that
 * both fit (or none) give no offset. Anything not read gives undefined: never a problem, never a skip.
 */
import { MAX_UTC_OFFSET, MIN_UTC_OFFSET } from '../../../model/time';
import { FILLERS, MERIDIEMS, MONTHS } from './readable-date-words';

const QUARTER_MS = 15 * 60_000;
/** How far from a quarter hour a difference may be: text without seconds, and a little clock drift. */
const SLACK_MS = 2 * 60_000;
const MAX_LENGTH = 64;

/** What the text says, before the date numbers are given their meaning. */
interface Parts {
  /** Numbers of the date, in order, with how many digits each had. */
  numbers: number[];
  digits: number[];
  month: number | undefined;
  hour: number;
  minute: number;
  second: number;
  meridiem: 'am' | 'pm' | undefined;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** Letters: ASCII ones, and anything past Latin-1's symbols that is not a space or General Punctuation mark. */
const isLetter = (c: number): boolean =>
  (c >= 97 && c <= 122) ||
  (c >= 65 && c <= 90) ||
  (c >= 0xc0 && !(c >= 0x2000 && c <= 0x206f) && c !== 0x3000);

const lowered = new Map<string, string>();
/** The word lowercased, remembered: a file spells its month names the same way a hundred thousand times. */
function lower(word: string): string {
  let low = lowered.get(word);
  if (low === undefined) {
    low = word.toLowerCase();
    if (lowered.size < 256) lowered.set(word, low);
  }
  return low;
}

/** Reads the text's parts, or undefined when it holds anything but a date, a time and known words. */
function scan(text: string): Parts | undefined {
  const parts: Parts = {
    numbers: [],
    digits: [],
    month: undefined,
    hour: -1,
    minute: 0,
    second: 0,
    meridiem: undefined,
  };
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      const start = i;
      let value = 0;
      while (i < n && isDigit(text.charCodeAt(i))) value = value * 10 + text.charCodeAt(i++) - 48;
      if (text.charCodeAt(i) === 58 /* : */ && isDigit(text.charCodeAt(i + 1))) {
        if (parts.hour >= 0) return undefined;
        parts.hour = value;
        const clock = [0, 0];
        for (let k = 0; k < 2 && text.charCodeAt(i) === 58 && isDigit(text.charCodeAt(i + 1)); k++) {
          i++;
          const from = i;
          let v = 0;
          while (i < n && isDigit(text.charCodeAt(i))) v = v * 10 + text.charCodeAt(i++) - 48;
          if (i - from !== 2) return undefined;
          clock[k] = v;
        }
        parts.minute = clock[0] ?? 0;
        parts.second = clock[1] ?? 0;
        continue;
      }
      if (parts.numbers.length === 3 || i - start > 4) return undefined;
      parts.numbers.push(value);
      parts.digits.push(i - start);
    } else if (isLetter(c)) {
      const start = i;
      while (i < n && isLetter(text.charCodeAt(i))) i++;
      let word = lower(text.slice(start, i));
      // "a.m." / "p.m.": two one-letter words.
      if (
        (word === 'a' || word === 'p') &&
        text.charCodeAt(i) === 46 &&
        (text.charCodeAt(i + 1) | 32) === 109
      ) {
        word += 'm';
        i += 2;
      }
      const month = MONTHS.get(word);
      const meridiem = MERIDIEMS.get(word);
      if (month !== undefined && parts.month === undefined) parts.month = month;
      else if (meridiem !== undefined && parts.meridiem === undefined) parts.meridiem = meridiem;
      else if (!FILLERS.has(word)) return undefined;
    } else i++;
  }
  return parts.hour >= 0 ? parts : undefined;
}

/** The 24-hour hour, or -1 when the hour cannot be on that clock. */
function hour24(parts: Parts): number {
  const { hour, meridiem } = parts;
  if (meridiem === undefined) return hour <= 23 ? hour : -1;
  // Some phones write midnight as "00:12:00 AM".
  if (hour > 12 || (hour === 0 && meridiem === 'pm')) return -1;
  return (hour % 12) + (meridiem === 'pm' ? 12 : 0);
}

const fullYear = (value: number, digits: number): number =>
  digits === 4 ? value : digits === 2 ? (value < 70 ? 2000 + value : 1900 + value) : -1;

/** The readings of the date, as [year, month, day] each: one or two (a numeric day and month can swap). */
function readings(parts: Parts): [number, number, number][] {
  const { numbers: v, digits: d, month } = parts;
  const [a = 0, b = 0, c = 0] = v;
  const [da = 0, db = 0, dc = 0] = d;
  if (month !== undefined) {
    if (v.length !== 2) return [];
    // "Nov 3, 2025", "3 nov. 2025", "2025 Nov 3": the year is the four-digit number.
    if (da === 4 && db <= 2) return [[a, month, b]];
    if (db === 4 && da <= 2) return [[b, month, a]];
    return [];
  }
  if (v.length !== 3) return [];
  if (da === 4) return db <= 2 && dc <= 2 ? [[a, b, c]] : [];
  const year = fullYear(c, dc);
  if (year < 0 || da > 2 || db > 2) return [];
  return a === b
    ? [[year, b, a]]
    : [
        [year, b, a],
        [year, a, b],
      ];
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDate(year: number, month: number, day: number): boolean {
  // Before 1970 no phone kept messages (and Date.UTC would read years 0–99 as 1900–1999).
  if (year < 1970 || month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (DAYS_IN_MONTH[month - 1] ?? 0) + (leap ? 1 : 0);
}

/**
 * The phone's UTC offset in minutes east of UTC (New York in winter: -300) that `readable` shows at the
 * instant `time` (ms UTC), rounded to the quarter hour; undefined when the text is not read, or no one
 * reading of it gives an offset on a quarter hour within −12:00..+14:00.
 */
export function readableDateOffset(readable: string, time: number): number | undefined {
  if (readable.length > MAX_LENGTH || !Number.isFinite(time)) return undefined;
  const parts = scan(readable);
  if (!parts) return undefined;
  const hour = hour24(parts);
  if (hour < 0 || parts.minute > 59 || parts.second > 59) return undefined;
  let found: number | undefined;
  for (const [year, month, day] of readings(parts)) {
    if (!isRealDate(year, month, day)) continue;
    const difference = Date.UTC(year, month - 1, day, hour, parts.minute, parts.second) - time;
    const quarters = Math.round(difference / QUARTER_MS);
    const minutes = quarters * 15;
    if (Math.abs(difference - quarters * QUARTER_MS) > SLACK_MS) continue;
    if (minutes < MIN_UTC_OFFSET || minutes > MAX_UTC_OFFSET) continue;
    if (found !== undefined && found !== minutes) return undefined;
    found = minutes;
  }
  // -0 (a reading at UTC with the time a little before the quarter) is written as 0.
  return found === undefined ? undefined : found + 0;
}
