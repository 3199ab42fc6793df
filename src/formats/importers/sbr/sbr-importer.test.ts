import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ImportItem, RawMedia, RawMessage } from '../../contract';
import { streamOf } from '../../../../test-support/streams';
import { sbrImporter } from './sbr-importer';

async function parse(xml: string, chunk?: number): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  for await (const batch of sbrImporter.parse(streamOf(xml, chunk), {})) items.push(...batch);
  return items;
}

const messages = (items: ImportItem[]): RawMessage[] =>
  items.filter((i): i is RawMessage => i.kind === 'message');
const problems = (items: ImportItem[]): string[] =>
  items.flatMap((i) => (i.kind === 'problem' ? [i.reason + (i.fatal ? '!' : '')] : []));

const HEAD = `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<!--File Created By SMS Backup & Restore v10.15.002 on 06/11/2021 08:35:17-->
<smses count="99" backup_set="x" backup_date="1636184108806" type="full">`;
const sms = (attrs: string): string =>
  `<sms protocol="0" subject="null" toa="null" sc_toa="null" read="1" status="-1" locked="0" ${attrs} />`;

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108020000', 'hex');

describe('SMS Backup & Restore importer', () => {
  it('detects SB&R and call-log roots, not other XML', () => {
    expect(sbrImporter.detect(HEAD, 'sms.xml')).toBe(true);
    expect(sbrImporter.detect('<?xml version="1.0"?><calls count="1">', 'calls.xml')).toBe(true);
    expect(sbrImporter.detect('<?xml version="1.0"?><ArrayOfMessage>', 'x.msg')).toBe(false);
  });

  it('reads every SMS type with its direction and status, in ms and in seconds', async () => {
    const xml = `${HEAD}
      ${sms('address="+15555550101" date="1600000000123" type="1" body="in" contact_name="Ada"')}
      ${sms('address="+15555550101" date="1600000001000" type="2" body="sent" contact_name="(Unknown)"')}
      ${sms('address="+15555550101" date="1600000002" type="3" body="draft"')}
      ${sms('address="+15555550101" date="1600000003000" type="4" body="outbox"')}
      ${sms('address="+15555550101" date="1600000004000" type="5" body="failed"')}
      ${sms('address="+15555550101" date="1600000005000" type="6" body="queued"')}
    </smses>`;
    const read = messages(await parse(xml));
    expect(read.map((m) => [m.direction, m.status, m.text])).toEqual([
      ['in', 'received', 'in'],
      ['out', 'sent', 'sent'],
      ['out', 'draft', 'draft'],
      ['out', 'outbox', 'outbox'],
      ['out', 'failed', 'failed'],
      ['out', 'queued', 'queued'],
    ]);
    expect(read[0]).toMatchObject({ time: 1600000000123, sender: '+15555550101', others: [{ name: 'Ada' }] });
    expect(read[1]?.others).toEqual([{ address: '+15555550101' }]);
    expect(read[2]?.time).toBe(1600000002000);
  });

  it("takes the phone's UTC offset from readable_date, SMS and MMS; an unreadable one is no offset, no problem", async () => {
    // 1762221345123 is 2025-11-04 01:55:45.123 UTC: 20:55:45 on 3 November in New York.
    const xml = `${HEAD}
      ${sms('address="+1" date="1762221345123" type="1" body="a" readable_date="Nov 3, 2025 8:55:45\u202fPM"')}
      ${sms('address="+1" date="1762221345123" type="2" body="b" readable_date="pas une date"')}
      ${sms('address="+1" date="1762221346000" type="2" body="c"')}
      <mms date="1762221347000" msg_box="1" address="+1" readable_date="03/11/2025 20:55:47">
        <parts><part seq="0" ct="text/plain" text="d" /></parts>
      </mms>
    </smses>`;
    const items = await parse(xml);
    expect(problems(items)).toEqual([]);
    expect(messages(items).map((m) => [m.text, m.offset])).toEqual([
      ['a', -300],
      ['b', undefined],
      ['c', undefined],
      ['d', -300],
    ]);
  });

  it('repairs emoji written as surrogate references, drops &#0;, keeps newlines and non-Latin text', async () => {
    const xml = `${HEAD}${sms(
      'address="1" date="1600000000000" type="1" body="Hi &#55357;&#56832; &#128514; 😀&#0; مرحبا&#10;こんにちは"',
    )}</smses>`;
    for (const chunk of [1, 3, 7, 64]) {
      expect(messages(await parse(xml, chunk))[0]?.text).toBe('Hi 😀 😂 😀 مرحبا\nこんにちは');
    }
  });

  it('reads a group MMS: text parts in seq order, SMIL skipped, the picture as media, self left out', async () => {
    const data = PNG.toString('base64');
    const xml = `${HEAD}
    <mms date="1600000000000" msg_box="1" m_type="132" address="+15555550102~+15555550101" contact_name="A, B">
      <parts>
        <part seq="-1" ct="application/smil" text='&lt;smil&gt;&lt;/smil&gt;' />
        <part seq="1" ct="text/plain" chset="106" text="second" />
        <part seq="0" ct="text/plain" chset="106" text="first" />
        <part seq="2" ct="image/png" name="null" cl="photo.png" text="null" data="${data}" />
        <part seq="3" ct="text/plain" text="null" />
      </parts>
      <addrs>
        <addr address="+15555550101" type="137" charset="106" />
        <addr address="+15555550100" type="151" charset="106" />
        <addr address="+15555550102" type="151" charset="106" />
      </addrs>
    </mms></smses>`;
    const items = await parse(xml, 5);
    const media = items.find((i): i is RawMedia => i.kind === 'media');
    const hash = createHash('sha256').update(PNG).digest('hex');
    expect(media).toMatchObject({ hash, type: 'image/png', size: PNG.length });
    expect(items.indexOf(media as ImportItem)).toBeLessThan(items.findIndex((i) => i.kind === 'message'));
    const [message] = messages(items);
    expect(message).toMatchObject({
      direction: 'in',
      sender: '+15555550101',
      text: 'first\nsecond',
      attachments: [{ type: 'image/png', name: 'photo.png', size: PNG.length, mediaKey: hash }],
    });
    expect(message?.others.map((o) => o.address).sort()).toEqual(['+15555550101', '+15555550102']);
  });

  it('learns the person from insert-address-token and sent MMS, and RCS groups come from addrs', async () => {
    const xml = `${HEAD}
    <mms date="1600000000000" msg_box="2" m_type="128" address="group_8@rcs.google.com">
      <parts><part seq="0" ct="text/plain" text="hello all" /></parts>
      <addrs>
        <addr address="insert-address-token" type="137" />
        <addr address="+15555550103" type="151" />
        <addr address="+15555550104" type="130" />
      </addrs>
    </mms>
    <mms date="1600000001000" msg_box="2" address="+15555550105">
      <parts><part seq="0" ct="text/plain" text="me by number" /></parts>
      <addrs><addr address="+15555550100" type="137" /><addr address="+15555550105" type="151" /></addrs>
    </mms>
    <mms date="1600000002000" msg_box="1" address="+15555550103~+15555550104">
      <parts><part seq="0" ct="text/plain" text="reply" /></parts>
      <addrs>
        <addr address="+15555550103" type="137" />
        <addr address="+1 555 555 0100" type="151" />
        <addr address="+15555550104" type="151" />
      </addrs>
    </mms></smses>`;
    const read = messages(await parse(xml));
    expect(read.map((m) => [m.direction, m.others.map((o) => o.address).sort()])).toEqual([
      ['out', ['+15555550103', '+15555550104']],
      ['out', ['+15555550105']],
      ['in', ['+15555550103', '+15555550104']],
    ]);
  });

  it('keeps messages whose attachment is damaged, and says so', async () => {
    const xml = `${HEAD}
    <mms date="1600000000000" msg_box="1" address="+15555550101">
      <parts>
        <part seq="0" ct="image/jpeg" data="@@not base64@@" />
        <part seq="1" ct="image/png" data="" />
        <part seq="2" ct="application/x-unknown" data="${Buffer.from('abc').toString('base64')}" />
      </parts>
    </mms></smses>`;
    const items = await parse(xml);
    expect(problems(items)).toEqual(['bad-base64', 'empty-media']);
    const [message] = messages(items);
    expect(message?.attachments.map((a) => a.damaged ?? a.type)).toEqual([
      'bad-base64',
      'empty-media',
      'application/x-unknown',
    ]);
  });

  it('skips records without date or party or with a date that is not a number, and tells which', async () => {
    const xml = `${HEAD}
      ${sms('type="1" body="no address or date"')}
      ${sms('address="Google" type="1" body="no date"')}
      ${sms('date="1600000000000" type="1" body="no address"')}
      ${sms('address="Google" date="today" type="1" body="bad date"')}
      ${sms('address="Google" date="1600000000000" type="1" body="ok"')}
    </smses>`;
    const items = await parse(xml);
    expect(problems(items)).toEqual(['no-date', 'no-date', 'no-party', 'bad-date']);
    expect(messages(items).map((m) => m.text)).toEqual(['ok']);
  });

  it('counts add up: every record is a message yielded or a record skipped, empty ones kept', async () => {
    const records = [
      sms('address="+15555550101" date="1600000000000" type="1" body="good"'),
      sms('address="+15555550101" date="1600000001000" type="1" body=""'),
      sms('address="+15555550101" date="1600000002000" type="2"'),
      `<mms date="1600000003000" msg_box="1" m_type="132" address="+15555550101"><parts /></mms>`,
      `<mms date="1600000004000" m_type="130" address="+15555550101"><parts /></mms>`,
      `<mms date="1600000005000" msg_box="2" address="+15555550101"><parts>` +
        `<part seq="-1" ct="application/smil" text="&lt;smil/&gt;" /></parts></mms>`,
      `<mms date="1600000006000" msg_box="1" address="+15555550101"><parts>` +
        `<part seq="0" ct="text/plain" text="mms good" /></parts></mms>`,
      sms('address="+15555550101" type="1" body="dateless"'),
      sms('date="1600000007000" type="1" body="partyless"'),
      sms('address="null" date="1600000008000" type="1" body="partyless"'),
      `<mms msg_box="1" address="+15555550101"><parts /></mms>`,
      `<mms date="1600000009000" msg_box="1"><parts /></mms>`,
      `<mms date="1600000010000" msg_box="2" address="insert-address-token"><parts /><addrs>` +
        `<addr address="insert-address-token" type="137" /></addrs></mms>`,
      sms('address="+15555550101" date="soon" type="1" body="bad date"'),
    ];
    const items = await parse(`${HEAD}${records.join('\n')}</smses>`);
    const read = messages(items);
    const skipped = items.flatMap((i) => (i.kind === 'problem' ? [i] : []));
    expect(read.map((m) => m.text)).toEqual(['good', '', '', '', '', '', 'mms good']);
    expect(read.every((m) => m.attachments.length === 0)).toBe(true);
    expect(skipped.every((p) => !p.fatal)).toBe(true);
    const byReason = (reason: string): number =>
      skipped.filter((p) => p.reason === reason).reduce((n, p) => n + p.count, 0);
    expect([byReason('no-date'), byReason('no-party'), byReason('bad-date')]).toEqual([2, 4, 1]);
    expect(read.length + skipped.reduce((n, p) => n + p.count, 0)).toBe(records.length);
  });

  it('keeps everything before a truncation or damage, and ends with a fatal problem', async () => {
    const good = sms('address="1" date="1600000000000" type="1" body="kept"');
    const truncated = await parse(
      `${HEAD}${good}<mms date="1600000001000" msg_box="1"><parts><part seq="0" ct="text/pl`,
    );
    expect(messages(truncated).map((m) => m.text)).toEqual(['kept']);
    expect(problems(truncated)).toEqual(['truncated!']);
    const damaged = await parse(`${HEAD}${good}<sms address="2" date=1600000000000 /></smses>`);
    expect(messages(damaged).map((m) => m.text)).toEqual(['kept']);
    expect(problems(damaged)).toEqual(['malformed!']);
  });

  it('reads a BOM, CRLF lines, attributes spread over lines and single quotes; count is not trusted', async () => {
    const xml =
      "\uFEFF<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\r\n<smses count=\"1\">\r\n" +
      "  <sms protocol='0' address='+15555550101'\r\n       date='1600000000000' type='1'\r\n       body='one' />\r\n" +
      '  <sms protocol="0" address="+15555550101" date="1600000001000" type="2" body="two" />\r\n' +
      '  <sms protocol="0" address="+15555550101" date="1600000002000" type="1" body="three" />\r\n</smses>\r\n';
    const items = await parse(xml, 5);
    expect(messages(items).map((m) => m.text)).toEqual(['one', 'two', 'three']);
    expect(problems(items)).toEqual([]);
  });

  it('keeps an MMS that was never downloaded (m_type 130, no content) as a message without text', async () => {
    const xml = `${HEAD}<mms date="1600000000000" m_type="130" address="+15555550101"><parts /></mms></smses>`;
    const items = await parse(xml);
    expect(messages(items)).toMatchObject([
      {
        time: 1600000000000,
        direction: 'in',
        others: [{ address: '+15555550101' }],
        text: '',
        attachments: [],
      },
    ]);
    expect(problems(items)).toEqual([]);
  });

  it('tolerates raw < in attribute values written by third-party converters', async () => {
    const xml = `${HEAD}${sms('address="1" date="1600000000000" type="1" body="a <3 b"')}</smses>`;
    expect(messages(await parse(xml))[0]?.text).toBe('a <3 b');
  });

  it('reads a call log instead of refusing it (sbr-calls.test.ts has the details)', async () => {
    const items = await parse(
      '<?xml version="1.0"?><calls count="1"><call number="1" duration="3" date="1" type="1" /></calls>',
    );
    expect(problems(items)).toEqual([]);
    expect(messages(items).map((m) => m.call)).toEqual([{ type: 'incoming', duration: 3 }]);
  });

  it('stops without error when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const batches = [];
    for await (const batch of sbrImporter.parse(streamOf(`${HEAD}</smses>`), { signal: controller.signal }))
      batches.push(batch);
    expect(batches).toEqual([]);
  });
});
