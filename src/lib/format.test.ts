import { describe, expect, it } from 'vitest';
import { countLabel, formatBytes, shortDate } from './format';

describe('shortDate', () => {
  const now = new Date(2026, 10, 24, 15, 0);
  it.each([
    ['today shows the time', new Date(2026, 10, 24, 9, 5), '9:05 AM'],
    ['this year shows day and month', new Date(2026, 2, 3, 9, 5), 'Mar 3'],
    ['an older year shows the year', new Date(2015, 2, 3, 9, 5), 'Mar 3, 2015'],
  ])('%s', (_, date, expected) => {
    expect(shortDate(date.getTime(), now, 'en-US')).toBe(expected);
  });
});

describe('countLabel', () => {
  it.each([
    [1, '1 message'],
    [2, '2 messages'],
    [12345, '12,345 messages'],
  ])('%i → %s', (count, expected) => {
    expect(countLabel(count, 'message', 'messages', 'en-US')).toBe(expected);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [999, '999 bytes'],
    [12_345, '12.3 kB'],
    [149_500, '150 kB'],
    [146 * 1024, '150 kB'],
    [2_345_678, '2.3 MB'],
    [1_600_000_000, '1.6 GB'],
  ])('%i → %s', (bytes, expected) => {
    expect(formatBytes(bytes, 'en-US')).toBe(expected);
  });
});
