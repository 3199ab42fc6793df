import { describe, expect, it } from 'vitest';
import { readableDateOffset } from './readable-date';

// 2025-11-04 01:55:45.123 UTC: 20:55:45 on 3 November in New York (EST, -05:00).
const NY_WINTER = Date.UTC(2025, 10, 4, 1, 55, 45, 123);

describe('readableDateOffset', () => {
  it.each([
    ['Nov 3, 2025 8:55:45 PM'],
    ['3 nov. 2025 20:55:45'],
    ['03.11.2025 20:55:45'],
    ['2025-11-03 20:55:45'],
    ['03/11/2025 20:55:45'],
    ['11/3/2025 8:55:45 PM'],
    ['3 Nov 2025 20:55:45'],
    ['3 нояб. 2025 г., 20:55:45'],
    ['3. Nov. 2025 20:55:45'],
    ['3 de nov. de 2025 20:55:45'],
    ['3 nov 2025 20:55'],
    ['November 3, 2025 8:55:45 p.m.'],
    ['2025年11月3日 20:55:45'],
    ['Mo., 03 Nov 2025 20:55:45 MEZ'],
  ])('reads %s as New York in winter', (text) => {
    expect(readableDateOffset(text, NY_WINTER)).toBe(-300);
  });

  it('reads NBSP and narrow NBSP before AM/PM (Android 14 writes U+202F)', () => {
    expect(readableDateOffset('Nov 3, 2025 8:55:45\u202fPM', NY_WINTER)).toBe(-300);
    expect(readableDateOffset('Nov\u00a03,\u00a02025 8:55:45\u00a0PM', NY_WINTER)).toBe(-300);
  });

  it('reads 12 AM as midnight and 12 PM as noon', () => {
    expect(readableDateOffset('Jan 5, 2024 12:10:00 AM', Date.UTC(2024, 0, 5, 0, 10))).toBe(0);
    expect(readableDateOffset('Jan 5, 2024 12:10:00 PM', Date.UTC(2024, 0, 5, 12, 10))).toBe(0);
    expect(readableDateOffset('Jan 5, 2024 00:10:00 AM', Date.UTC(2024, 0, 5, 0, 10))).toBe(0);
  });

  it('sees summer time: New York in July is -04:00, Paris +02:00', () => {
    const t = Date.UTC(2024, 6, 1, 12, 0, 0);
    expect(readableDateOffset('Jul 1, 2024 8:00:00 AM', t)).toBe(-240);
    expect(readableDateOffset('1 juil. 2024 14:00:00', t)).toBe(120);
  });

  it('reads half- and quarter-hour zones: India +05:30, Nepal +05:45, Newfoundland -03:30', () => {
    const t = Date.UTC(2024, 0, 10, 10, 0, 0);
    expect(readableDateOffset('10 Jan 2024 15:30:00', t)).toBe(330);
    expect(readableDateOffset('10 Jan 2024 15:45:00', t)).toBe(345);
    expect(readableDateOffset('10 Jan 2024 06:30:00', t)).toBe(-210);
  });

  it('resolves day/month order by the known instant', () => {
    // 4 March, 10:00 in UTC+1: "04/03" must be day first; "03/04" month first.
    const t = Date.UTC(2024, 2, 4, 9, 0, 0);
    expect(readableDateOffset('04/03/2024 10:00:00', t)).toBe(60);
    expect(readableDateOffset('03/04/2024 10:00:00', t)).toBe(60);
    // The same day and month reads one way only.
    expect(readableDateOffset('03/03/2024 10:00:00', Date.UTC(2024, 2, 3, 9, 0, 0))).toBe(60);
  });

  it('gives no offset when no reading fits', () => {
    // Off the quarter hour by 7 minutes.
    expect(readableDateOffset('3 Nov 2025 21:02:45', NY_WINTER)).toBeUndefined();
    // Past +14:00 / -12:00.
    expect(readableDateOffset('5 Nov 2025 20:55:45', NY_WINTER)).toBeUndefined();
    // A swapped day and month moves the date by weeks, out of range: the edges of the range still read.
    const t = Date.UTC(2024, 0, 1, 22, 0, 0);
    expect(readableDateOffset('02/01/2024 12:00:00', t)).toBe(840);
    expect(readableDateOffset('01/01/2024 10:00:00', t)).toBe(-720);
  });

  it.each([
    [''],
    ['garbage'],
    ['null'],
    ['Nov 3, 2025'],
    ['20:55:45'],
    ['Foo 3, 2025 20:55:45'],
    ['13/13/2025 20:55:45'],
    ['Feb 30, 2025 10:00:00'],
    ['Nov 3, 2025 13:55:45 PM'],
    ['Nov 3, 2025 20:75:45'],
    ['3 Nov 2025 20:55:45 ' + 'x'.repeat(100)],
    ['1:2:3:4:5'],
  ])('gives undefined for %j', (text) => {
    expect(readableDateOffset(text, NY_WINTER)).toBeUndefined();
  });
});
