import { describe, expect, it } from 'vitest';
import type { ImportItem, RawMessage } from '../../contract';
import { streamOf } from '../../../../test-support/streams';
import { sbrImporter } from './sbr-importer';

async function parse(xml: string, chunk?: number): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  for await (const batch of sbrImporter.parse(streamOf(xml, chunk), {})) items.push(...batch);
  return items;
}

const calls = (items: ImportItem[]): RawMessage[] =>
  items.filter((i): i is RawMessage => i.kind === 'message');
const problems = (items: ImportItem[]): string[] =>
  items.flatMap((i) => (i.kind === 'problem' ? [i.reason + (i.fatal ? '!' : '')] : []));

const HEAD = `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<!--File Created By SMS Backup & Restore v10.15.002 on 06/11/2021 08:35:17-->
<calls count="99" backup_set="x" backup_date="1636184108806" type="full">`;
const call = (attrs: string): string =>
  `<call subscription_id="1" post_dial_digits="" subscription_component_name="null" ${attrs} />`;
const log = (...records: string[]): string => `${HEAD}\n${records.join('\n')}\n</calls>`;

// 1609632000000 is 2021-01-03 00:00:00 UTC.
const T = 1609632000000;

describe('SMS Backup & Restore call logs', () => {
  it('reads every call type with its direction, status and sender; an unknown code is an incoming or missed call', async () => {
    const types = ['1', '2', '3', '4', '5', '6', '7', '7', 'null'];
    const durations = ['60', '61', '0', '0', '0', '0', '12', '0', '0'];
    const xml = log(
      ...types.map((type, i) =>
        call(
          `number="+15555550101" duration="${durations[i] ?? ''}" date="${String(T + i * 1000)}" type="${type}"`,
        ),
      ),
    );
    const items = await parse(xml);
    expect(problems(items)).toEqual([]);
    expect(
      calls(items).map((m) => [m.call?.type, m.direction, m.status, m.sender, m.text, m.attachments.length]),
    ).toEqual([
      ['incoming', 'in', 'received', '+15555550101', '', 0],
      ['outgoing', 'out', 'sent', undefined, '', 0],
      ['missed', 'in', 'received', '+15555550101', '', 0],
      ['voicemail', 'in', 'received', '+15555550101', '', 0],
      ['rejected', 'in', 'received', '+15555550101', '', 0],
      ['blocked', 'in', 'received', '+15555550101', '', 0],
      ['incoming', 'in', 'received', '+15555550101', '', 0],
      ['missed', 'in', 'received', '+15555550101', '', 0],
      ['missed', 'in', 'received', '+15555550101', '', 0],
    ]);
    expect(calls(items).every((m) => m.directionKnown)).toBe(true);
  });

  it('reads the duration in seconds, 0 when absent or not a number', async () => {
    const durations = ['125', '0', 'null', 'abc', '-5', '7.6'];
    const xml = log(
      ...durations.map((d, i) =>
        call(`number="+1555" duration="${d}" date="${String(T + i * 1000)}" type="2"`),
      ),
      call(`number="+1555" date="${String(T + 9000)}" type="2"`),
    );
    expect(calls(await parse(xml)).map((m) => m.call?.duration)).toEqual([125, 0, 0, 0, 0, 8, 0]);
  });

  it('reads the date in ms or seconds and the contact name, "(Unknown)" being none', async () => {
    const xml = log(
      call(`number="+15555550101" duration="3" date="${String(T)}" type="1" contact_name="Alice Smith"`),
      call(
        `number="+15555550101" duration="3" date="${String(T / 1000 + 1)}" type="1" contact_name="(Unknown)"`,
      ),
      call(`number="+15555550101" duration="3" date="${String(T + 2000)}" type="1" contact_name="null"`),
    );
    const read = calls(await parse(xml));
    expect(read.map((m) => [m.time, m.others])).toEqual([
      [T, [{ address: '+15555550101', name: 'Alice Smith' }]],
      [T + 1000, [{ address: '+15555550101' }]],
      [T + 2000, [{ address: '+15555550101' }]],
    ]);
  });

  it("takes the phone's UTC offset from readable_date; an unreadable one is no offset, no problem", async () => {
    const xml = log(
      call(`number="+1" duration="1" date="${String(T)}" type="1" readable_date="Jan 3, 2021 12:00:00 AM"`),
      // Five hours later in UTC, the same wall clock: a phone in New York.
      call(
        `number="+1" duration="1" date="${String(T + 5 * 3_600_000)}" type="1" readable_date="Jan 3, 2021 12:00:00 AM"`,
      ),
      call(`number="+1" duration="1" date="${String(T + 1000)}" type="1" readable_date="hier"`),
      call(`number="+1" duration="1" date="${String(T + 2000)}" type="1"`),
    );
    const items = await parse(xml);
    expect(problems(items)).toEqual([]);
    expect(calls(items).map((m) => m.offset)).toEqual([0, -300, undefined, undefined]);
  });

  it('skips a hidden caller as no-party, a call without date as no-date, a bad date as bad-date', async () => {
    const xml = log(
      call(`number="-1" presentation="3" duration="0" date="${String(T)}" type="3"`),
      call(`number="-2" presentation="2" duration="10" date="${String(T)}" type="1"`),
      call(`number="-3" presentation="4" duration="0" date="${String(T)}" type="3"`),
      call(`number="-4" presentation="3" duration="0" date="${String(T)}" type="3"`),
      call(`number="" presentation="2" duration="0" date="${String(T)}" type="3"`),
      call(`number="null" duration="0" date="${String(T)}" type="3"`),
      call(`duration="0" date="${String(T)}" type="3"`),
      call(`number="+15555550101" duration="0" type="3"`),
      call(`number="+15555550101" duration="0" date="null" type="3"`),
      call(`number="+15555550101" duration="0" date="yesterday" type="3"`),
      call(`number="+15555550101" duration="0" date="${String(T)}" type="3"`),
    );
    const items = await parse(xml);
    expect(problems(items)).toEqual([...Array<string>(7).fill('no-party'), 'no-date', 'no-date', 'bad-date']);
    expect(calls(items).map((m) => m.others[0]?.address)).toEqual(['+15555550101']);
  });

  it('counts add up: every call record is a call yielded or a record skipped', async () => {
    const records = [
      call(`number="+15555550101" presentation="1" duration="60" date="${String(T)}" type="1"`),
      call(`number="+15555550101" duration="0" date="${String(T + 1000)}" type="3"`),
      call(`number="+15555550102" duration="30" date="${String(T + 2000)}" type="2" contact_name="Bo"`),
      call(`number="-2" presentation="2" duration="0" date="${String(T + 3000)}" type="3"`),
      call(`number="" presentation="3" duration="0" date="${String(T + 4000)}" type="5"`),
      call(`number="+15555550101" duration="5"  type="4"`),
      call(`number="+15555550101" duration="0" date="soon" type="6"`),
      call(`number="+15555550103" duration="0" date="${String(T + 5000)}" type="99"`),
    ];
    const items = await parse(log(...records), 11);
    const read = calls(items);
    const skipped = items.flatMap((i) => (i.kind === 'problem' ? [i] : []));
    expect(read).toHaveLength(4);
    expect(skipped.every((p) => !p.fatal)).toBe(true);
    expect(read.length + skipped.reduce((n, p) => n + p.count, 0)).toBe(records.length);
  });

  it('keeps the calls before a truncation, and ends with a fatal truncated', async () => {
    const kept = call(`number="+15555550101" duration="60" date="${String(T)}" type="1"`);
    const cut = `${HEAD}${kept}<call number="+15555550101" duration="60" date="16096`;
    const items = await parse(cut);
    expect(calls(items).map((m) => m.time)).toEqual([T]);
    expect(problems(items)).toEqual(['truncated!']);
    // The last call whole but the root never closed: still cut short.
    const unclosed = await parse(`${HEAD}${kept}`);
    expect(calls(unclosed)).toHaveLength(1);
    expect(problems(unclosed)).toEqual(['truncated!']);
  });

  it('reads a whole call log with no problem when the root closes', async () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<calls count="1">\n  <call number="+15551234567" duration="125" ' +
      'date="1609632000000" type="1" presentation="1" subscription_id="1" readable_date="Jan 3, 2021 12:00:00 AM" ' +
      'contact_name="Alice Smith" />\n</calls>\n';
    const items = await parse(xml);
    expect(problems(items)).toEqual([]);
    expect(calls(items)).toEqual([
      {
        kind: 'message',
        time: T,
        direction: 'in',
        directionKnown: true,
        status: 'received',
        others: [{ address: '+15551234567', name: 'Alice Smith' }],
        sender: '+15551234567',
        text: '',
        attachments: [],
        call: { type: 'incoming', duration: 125 },
        offset: 0,
      },
    ]);
  });
});
