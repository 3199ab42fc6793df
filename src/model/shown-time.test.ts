import { describe, expect, it } from 'vitest';
import { offsetLabel, shownTime } from './shown-time';

const PARIS = 'Europe/Paris';
// 8:55 PM in New York on 15 January 2024 (UTC−05:00) is 01:55 UTC on the 16th, 2:55 AM in Paris.
const NY_EVENING = Date.UTC(2024, 0, 16, 1, 55);
const WINTER_NOW = Date.UTC(2024, 1, 1, 12);
const wallOf = (ms: number): string => new Date(ms).toISOString().slice(0, 16);

describe('shownTime', () => {
  it.each([
    {
      case: 'New York message on a Paris device, as on the phone',
      offset: -300,
      times: 'phone' as const,
      wall: '2024-01-15T20:55',
      label: 'UTC−05:00',
    },
    {
      case: 'the same message in the device time zone',
      offset: -300,
      times: 'device' as const,
      wall: '2024-01-16T02:55',
      label: undefined,
    },
    {
      case: 'a phone offset equal to the device’s at that instant',
      offset: 60,
      times: 'phone' as const,
      wall: '2024-01-16T02:55',
      label: undefined,
    },
    {
      case: 'no offset in the archive',
      offset: undefined,
      times: 'phone' as const,
      wall: '2024-01-16T02:55',
      label: undefined,
    },
  ])('$case', ({ offset, times, wall, label }) => {
    const shown = shownTime(NY_EVENING, offset, times, PARIS, WINTER_NOW, 'en-GB');
    expect(wallOf(shown.wall)).toBe(wall);
    expect(shown.label).toBe(label);
  });

  it('labels a phone offset against the device’s offset at that instant, not now', () => {
    // Paris summer time (+02:00) in July; the phone said +01:00 (London summer time).
    const july = Date.UTC(2024, 6, 1, 12);
    expect(shownTime(july, 120, 'phone', PARIS, WINTER_NOW).label).toBeUndefined();
    expect(shownTime(july, 60, 'phone', PARIS, WINTER_NOW).label).toBe('UTC+01:00');
  });

  it('names the device zone, as before, when its offset then differs from now', () => {
    const july = Date.UTC(2024, 6, 1, 12);
    expect(shownTime(july, undefined, 'phone', PARIS, WINTER_NOW, 'en-GB').label).toBe('CEST');
    expect(shownTime(july, 120, 'device', PARIS, WINTER_NOW, 'en-GB').label).toBe('CEST');
  });

  it('ignores an offset that no zone has', () => {
    expect(shownTime(NY_EVENING, 5000, 'phone', PARIS, WINTER_NOW).label).toBeUndefined();
  });
});

describe('offsetLabel', () => {
  it.each([
    [0, 'UTC'],
    [60, 'UTC+01:00'],
    [-300, 'UTC−05:00'],
    [330, 'UTC+05:30'],
    [-570, 'UTC−09:30'],
  ])('%i minutes → %s', (minutes, label) => {
    expect(offsetLabel(minutes)).toBe(label);
  });
});
