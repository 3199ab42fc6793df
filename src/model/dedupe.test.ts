import { describe, expect, it } from 'vitest';
import { AddressResolver, normalizeAddress, type CountryCode } from './address';
import { conversationKey } from './conversation-key';
import { dedupeKey, dedupeKeysForUnknownDirection, messageId, type DedupeFields } from './dedupe';
import { sbrDateToMs } from './time';
import type { Direction } from './types';

/** A message as an archive row gives it: raw addresses, SB&R `date` string, direction, text. */
interface Row {
  others: string[];
  date: string;
  direction: Direction;
  text: string;
  hashes?: string[];
}

/** The dedupe key the import pipeline gives a row: normalize, resolve, key the conversation, then dedupe. */
function keyOf(row: Row, resolver = new AddressResolver(), region: CountryCode = 'US'): string {
  const addresses = row.others.flatMap((raw) => {
    const normalized = normalizeAddress(raw, region);
    return normalized ? [resolver.resolve(normalized.address)] : [];
  });
  const fields: DedupeFields = {
    conversationKey: conversationKey(addresses),
    direction: row.direction,
    time: sbrDateToMs(row.date) ?? Number.NaN,
    text: row.text,
    attachmentHashes: row.hashes ?? [],
  };
  return dedupeKey(fields);
}

const one = (others: string[], date: string, text = 'Some text content here'): Row => ({
  others,
  date,
  direction: 'in',
  text,
});

describe('dedupeKey: rows that are one message', () => {
  it.each<[name: string, rows: Row[]]>([
    [
      'ragibson similar_timestamps: the same second in ms',
      [
        one(['+11111111111'], '1600000001234'),
        one(['+11111111111'], '1600000001000'),
        one(['+11111111111'], '1600000001789'),
      ],
    ],
    [
      'a message without text, imported again (as SMS in ms and as MMS in s)',
      [one(['+11111111111'], '1600000001234', ''), one(['+11111111111'], '1600000001', '')],
    ],
    [
      'KhasMek: a date in seconds and its ms twin',
      [one(['5555555455'], '1485921084'), one(['5555555455'], '1485921084000')],
    ],
    [
      'ragibson whitespace_duplicates',
      ['Line 1\nLine 2', 'Line  1\nLine  2', 'Line 1\r\nLine 2', ' Line 1\nLine 2', 'Line 1\nLine 2 '].map(
        (text) => one(['+11111111111'], '1600000000000', text),
      ),
    ],
    [
      'ragibson multiple_duplicates: group members in another order',
      [
        one(['+11111111111', '+11111111112'], '1700000000000'),
        one(['+11111111112', '+11111111111'], '1700000000000'),
      ],
    ],
    [
      'ragibson cross_sms_mms_duplicate: MMS addr without country code, SMS with',
      [one(['1111111111'], '1600000001000'), one(['+11111111111'], '1600000001000')],
    ],
    [
      'radj: identical rows',
      [
        { others: ['09001234567'], date: '1365481757533', direction: 'out', text: 'Hey! :) What you doing?' },
        { others: ['09001234567'], date: '1365481757533', direction: 'out', text: 'Hey! :) What you doing?' },
      ],
    ],
    [
      'attachments in another order',
      [
        { ...one(['+11111111111'], '1600000000000'), hashes: ['bb', 'aa'] },
        { ...one(['+11111111111'], '1600000000000'), hashes: ['aa', 'bb'] },
      ],
    ],
  ])('%s', (_name, rows) => {
    // One resolver per import, as the importer keeps it: spellings of a number meet.
    const resolver = new AddressResolver();
    const keys = rows.map((row) => keyOf(row, resolver));
    expect(new Set(keys).size).toBe(1);
  });
});

describe('dedupeKey: rows that are different messages', () => {
  it.each<[name: string, rows: Row[]]>([
    [
      'ragibson similar_timestamps: another second',
      [one(['+11111111111'], '1600000001234'), one(['+11111111111'], '1600000000345')],
    ],
    [
      'two messages without text at different times',
      [
        one(['+11111111111'], '1600000001000', ''),
        one(['+11111111111'], '1600000002000', ''),
        one(['+11111111111'], '1600000060000', ''),
      ],
    ],
    [
      'a message without text and one with text at the same second',
      [one(['+11111111111'], '1600000001000', ''), one(['+11111111111'], '1600000001000', 'hi')],
    ],
    [
      'fkleon sms-non-dupes-2: the same text at the same time to two numbers',
      [
        {
          others: ['+491766932526'],
          date: '1331055444391',
          direction: 'out',
          text: 'Wie sieht es aus? Wegen buchen bald ',
        },
        {
          others: ['+491732532532'],
          date: '1331055444391',
          direction: 'out',
          text: 'Wie sieht es aus? Wegen buchen bald ',
        },
      ],
    ],
    [
      'fkleon sms-non-dupes: the same text months apart, sent then received',
      [
        { others: ['+4915112313123'], date: '1336729664538', direction: 'out', text: 'Klar ' },
        { others: ['+4915112313123'], date: '1349550921412', direction: 'in', text: 'Klar ' },
      ],
    ],
    [
      'the same text and second, in and out',
      [
        { ...one(['+11111111111'], '1600000000000'), direction: 'in' },
        { ...one(['+11111111111'], '1600000000000'), direction: 'out' },
      ],
    ],
    [
      'a group and one of its members',
      [one(['+11111111111', '+11111111112'], '1700000000000'), one(['+11111111111'], '1700000000000')],
    ],
    [
      'a photo more',
      [{ ...one(['+11111111111'], '1600000000000'), hashes: ['aa'] }, one(['+11111111111'], '1600000000000')],
    ],
    [
      'text differing beyond whitespace',
      [
        one(['+11111111111'], '1600000000000', 'Line 1 Line 2'),
        one(['+11111111111'], '1600000000000', 'Line1 Line2'),
      ],
    ],
  ])('%s', (_name, rows) => {
    const resolver = new AddressResolver();
    const keys = rows.map((row) => keyOf(row, resolver));
    expect(new Set(keys).size).toBe(rows.length);
  });
});

describe('dedupeKeysForUnknownDirection', () => {
  const fields = {
    conversationKey: '+11111111111',
    time: 1_600_000_001_234,
    text: 'Some text content here',
    attachmentHashes: [],
  };

  it('gives the in key then the out key', () => {
    expect(dedupeKeysForUnknownDirection(fields)).toEqual([
      dedupeKey({ ...fields, direction: 'in' }),
      dedupeKey({ ...fields, direction: 'out' }),
    ]);
  });

  it.each<Direction>(['in', 'out'])('matches a stored copy that went %s', (direction) => {
    const stored = messageId(dedupeKey({ ...fields, time: 1_600_000_001_000, direction }));
    expect(dedupeKeysForUnknownDirection(fields).map(messageId)).toContain(stored);
  });
});

describe('messageId', () => {
  // Stored message ids are these hashes: a change here orphans every stored id, so these values are pinned.
  it.each([
    ['', '488bdcb81aee8d83'],
    ['a', '501c2ba782c97901'],
    ['+11111111111\nin\n1600000001\n\nSome text content here', '45c8af33d761cd0f'],
  ])('%j → %s, stable across releases', (key, id) => {
    expect(messageId(key)).toBe(id);
  });

  it('tells 200,000 near-identical keys apart', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 200_000; i++) ids.add(messageId(`+11111111111\nin\n${1_600_000_000 + i}\n\nok`));
    expect(ids.size).toBe(200_000);
  });

  it('differs for keys differing in one character', () => {
    expect(messageId('+11111111111\nin\n1600000001\n\nok')).not.toBe(
      messageId('+11111111111\nout\n1600000001\n\nok'),
    );
    expect(messageId('ab')).not.toBe(messageId('ba'));
  });
});
