import { describe, expect, it } from 'vitest';
import type { Message } from '../model/types';
import { messageRows, rowIndexForDay, zoneLabel } from './message-rows';

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

describe('zoneLabel', () => {
  it('names the zone only when the offset differs from now', () => {
    const winterNow = new Date('2024-01-15T12:00:00Z').getTime();
    expect(zoneLabel(new Date('2024-02-01T12:00:00Z').getTime(), winterNow, 'en-GB')).toBeUndefined();
    expect(zoneLabel(new Date('2024-07-01T12:00:00Z').getTime(), winterNow, 'en-GB')).toBe('CEST');
  });
});
