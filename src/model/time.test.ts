import { describe, expect, it } from 'vitest';
import {
  fileTimeToMs,
  isValidTimeZone,
  localWallClockToMs,
  parseVmsgDate,
  sbrDateToMs,
  vmsgDateToMs,
  type VmsgDate,
  type WallClock,
} from './time';

/** Every zone is passed explicitly below, so these hold whatever TZ the machine runs with. */
const utc = (iso: string): number => Date.parse(iso);

/** The FILETIME of an instant, computed independently of fileTimeToMs (exact, in BigInt). */
const fileTimeOf = (ms: number): string => ((BigInt(ms) + 11_644_473_600_000n) * 10_000n).toString();

describe('sbrDateToMs', () => {
  it.each<[value: string | undefined, ms: number | undefined]>([
    ['1600000001234', 1_600_000_001_234],
    ['1485921084', 1_485_921_084_000],
    [' 1485921084 ', 1_485_921_084_000],
    ['1331055444391', 1_331_055_444_391],
    ['99999999999', 99_999_999_999_000],
    ['100000000000', 100_000_000_000],
    ['today', undefined],
    ['null', undefined],
    ['', undefined],
    [undefined, undefined],
    ['0', undefined],
    ['-5', undefined],
    ['1.6e12', undefined],
    ['1600000001234abc', undefined],
    ['99999999999999999999', undefined],
  ])('%j → %s', (value, ms) => {
    expect(sbrDateToMs(value)).toBe(ms);
  });
});

describe('fileTimeToMs', () => {
  // athg2sms: the newest .msg LocalTimestamp and its vmsg twin `Date:2016/11/07 14:51:30` (Paris, CET).
  const winter = utc('2016-11-07T13:51:30.946Z');
  // The summer pair: .msg 2016-07-31 22:34:04 UTC, vmsg `2016/08/01 00:34:04` (CEST).
  const summer = utc('2016-07-31T22:34:04.000Z');

  it('computes the FILETIME of the athg2sms stamp as the sample writes it', () => {
    expect(fileTimeOf(winter)).toBe('131230002909460000');
  });

  it.each<[value: string, ms: number | undefined]>([
    ['131230002909464794', winter],
    ['131230002909460000', winter],
    // Past 2^53: Number('131230002909469999') rounds up to …470000, one ms too late.
    ['131230002909469999', winter],
    ['131230002909470000', winter + 1],
    [fileTimeOf(summer), summer],
    [fileTimeOf(0), 0],
    [' 131230002909464794 ', winter],
    ['0', undefined],
    ['', undefined],
    ['-131230002909464794', undefined],
    ['1.3e17', undefined],
    ['not a time', undefined],
    ['9'.repeat(30), undefined],
  ])('%j → %s', (value, ms) => {
    expect(fileTimeToMs(value)).toBe(ms);
  });

  it.each([
    ['131230002909464794', '2016/11/07 14:51:30'],
    [fileTimeOf(summer), '2016/08/01 00:34:04'],
  ])('%s is the same second as vmsg %s in Europe/Paris', (fileTime, vmsg) => {
    const fromMsg = fileTimeToMs(fileTime) ?? Number.NaN;
    expect(Math.floor(fromMsg / 1000) * 1000).toBe(vmsgDateToMs(vmsg, 'Europe/Paris'));
  });
});

const wall = (year: number, month: number, day: number, hour: number, minute = 0, second = 0): WallClock => ({
  year,
  month,
  day,
  hour,
  minute,
  second,
});

describe('localWallClockToMs', () => {
  it.each<[name: string, parts: WallClock, zone: string, iso: string]>([
    ['Paris winter (CET, +1)', wall(2016, 11, 7, 14, 51, 30), 'Europe/Paris', '2016-11-07T13:51:30Z'],
    ['Paris summer (CEST, +2)', wall(2016, 8, 1, 0, 34, 4), 'Europe/Paris', '2016-07-31T22:34:04Z'],
    [
      'Paris just before the spring gap',
      wall(2016, 3, 27, 1, 59, 59),
      'Europe/Paris',
      '2016-03-27T00:59:59Z',
    ],
    [
      'Paris in the spring gap: moved forward',
      wall(2016, 3, 27, 2, 30),
      'Europe/Paris',
      '2016-03-27T01:30:00Z',
    ],
    ['Paris just after the spring gap', wall(2016, 3, 27, 3, 0), 'Europe/Paris', '2016-03-27T01:00:00Z'],
    [
      'Paris in the autumn overlap: first occurrence',
      wall(2016, 10, 30, 2, 30),
      'Europe/Paris',
      '2016-10-30T00:30:00Z',
    ],
    ['Paris just after the overlap', wall(2016, 10, 30, 3, 0), 'Europe/Paris', '2016-10-30T02:00:00Z'],
    ['New York winter (EST, −5)', wall(2016, 1, 15, 12, 0), 'America/New_York', '2016-01-15T17:00:00Z'],
    ['New York summer (EDT, −4)', wall(2016, 7, 4, 21, 15), 'America/New_York', '2016-07-05T01:15:00Z'],
    ['New York in the spring gap', wall(2016, 3, 13, 2, 30), 'America/New_York', '2016-03-13T07:30:00Z'],
    ['New York in the autumn overlap', wall(2016, 11, 6, 1, 30), 'America/New_York', '2016-11-06T05:30:00Z'],
    ['New York after the overlap', wall(2016, 11, 6, 2, 30), 'America/New_York', '2016-11-06T07:30:00Z'],
    ['UTC', wall(2016, 11, 7, 14, 51, 30), 'UTC', '2016-11-07T14:51:30Z'],
    ['a half-hour zone', wall(2016, 11, 7, 14, 51, 30), 'Asia/Kolkata', '2016-11-07T09:21:30Z'],
    ['midnight, new year', wall(2017, 1, 1, 0, 0), 'Europe/Paris', '2016-12-31T23:00:00Z'],
  ])('%s', (_name, parts, zone, iso) => {
    expect(localWallClockToMs(parts, zone)).toBe(utc(iso));
  });

  it('refuses an unknown zone', () => {
    expect(() => localWallClockToMs(wall(2016, 1, 1, 0), 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('America/New_York')).toBe(true);
  });
});

describe('parseVmsgDate', () => {
  const at = (parts: WallClock, isUtc = false): VmsgDate => ({ ...parts, utc: isUtc });

  it.each<[value: string, date: VmsgDate | undefined]>([
    ['2016/11/07 14:51:30', at(wall(2016, 11, 7, 14, 51, 30))],
    ['2016-11-07 14:51:30', at(wall(2016, 11, 7, 14, 51, 30))],
    [' 2016/11/07 14:51:30\r', at(wall(2016, 11, 7, 14, 51, 30))],
    ['2016/11/07 14:51', at(wall(2016, 11, 7, 14, 51, 0))],
    ['2016/1/7 9:05:00', at(wall(2016, 1, 7, 9, 5, 0))],
    ['07-11-2016 14:51:30', at(wall(2016, 11, 7, 14, 51, 30))],
    ['07.11.2016 14:51:30', at(wall(2016, 11, 7, 14, 51, 30))],
    ['20161107T145130', at(wall(2016, 11, 7, 14, 51, 30))],
    ['20161107T145130Z', at(wall(2016, 11, 7, 14, 51, 30), true)],
    ['2016/02/30 10:00:00', undefined],
    ['31.02.2016 10:00:00', undefined],
    ['2016/11/07 24:00:00', undefined],
    ['2016/13/07 10:00:00', undefined],
    ['11/07/2016 14:51:30', undefined],
    ['today', undefined],
    ['', undefined],
  ])('%j', (value, date) => {
    expect(parseVmsgDate(value)).toEqual(date);
  });
});

describe('vmsgDateToMs', () => {
  it.each<[value: string, zone: string, ms: number | undefined]>([
    ['2016/11/07 14:51:30', 'Europe/Paris', utc('2016-11-07T13:51:30Z')],
    ['07-11-2016 14:51:30', 'America/New_York', utc('2016-11-07T19:51:30Z')],
    ['20161107T135130Z', 'Europe/Paris', utc('2016-11-07T13:51:30Z')],
    ['20161107T135130Z', 'America/New_York', utc('2016-11-07T13:51:30Z')],
    ['garbage', 'Europe/Paris', undefined],
  ])('%s in %s', (value, zone, ms) => {
    expect(vmsgDateToMs(value, zone)).toBe(ms);
  });
});
