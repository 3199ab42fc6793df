import { describe, expect, it } from 'vitest';
import type { Message } from '../model/types';
import { messageRows, rowIndexForDay } from './message-rows';

const message = (id: string, iso: string): Message => ({
  id,
  time: new Date(iso).getTime(),
  direction: 'in',
  status: 'received',
  sender: '+15555550101',
  text: id,
  attachments: [],
  source: { importId: 1, format: 'sbr' },
});

// The test script pins TZ=Europe/Paris.
const messages = [
  message('a', '2024-03-30T22:30:00Z'), // 23:30 on the 30th in Paris (winter time)
  message('b', '2024-03-30T23:30:00Z'), // 00:30 on the 31st
  message('c', '2024-03-31T12:00:00Z'),
  message('d', '2024-04-02T08:00:00Z'),
];

describe('messageRows', () => {
  it('puts a separator before each new local day', () => {
    const rows = messageRows(messages, 'en-GB');
    expect(rows.map((r) => (r.kind === 'day' ? r.label : r.message.id))).toEqual([
      'Saturday, 30 March 2024',
      'a',
      'Sunday, 31 March 2024',
      'b',
      'c',
      'Tuesday, 2 April 2024',
      'd',
    ]);
  });

  it('finds the first row of a day, or the nearest later one', () => {
    const rows = messageRows(messages, 'en-GB');
    expect(rowIndexForDay(rows, '2024-03-31')).toBe(2);
    expect(rowIndexForDay(rows, '2024-04-01')).toBe(5);
    expect(rowIndexForDay(rows, '2030-01-01')).toBe(rows.length - 1);
  });
});

describe("messageRows by the phone's clock", () => {
  // 8:55 PM in New York (UTC−05:00) on the 15th is 2:55 AM on the 16th in Paris.
  const ny = { ...message('ny', '2024-01-16T01:55:00Z'), offset: -300 };
  const labels = (times: 'phone' | 'device'): string[] =>
    messageRows([ny], 'en-GB', { times, timeZone: 'Europe/Paris' }).flatMap((r) =>
      r.kind === 'day' ? [r.label] : [],
    );

  it('starts the day the phone showed, as on the phone', () => {
    expect(labels('phone')).toEqual(['Monday, 15 January 2024']);
  });

  it("starts the device's day in the device time zone", () => {
    expect(labels('device')).toEqual(['Tuesday, 16 January 2024']);
  });

  it('jumps to the day as shown', () => {
    const rows = messageRows([ny], 'en-GB', { times: 'phone', timeZone: 'Europe/Paris' });
    expect(rowIndexForDay(rows, '2024-01-15')).toBe(0);
  });
});
