import { mediaBlob } from '../../../model/types';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { collect, streamOf } from '../../../../test-support/streams';
import { wpMsgImporter } from './wp-msg-importer';

/** FILETIME ticks for 2016-11-07 13:51:30.946 UTC (plus 4,794 ticks under the millisecond). */
const TICKS = '131230002909464794';
const MS = Date.UTC(2016, 10, 7, 13, 51, 30, 946);

const utf16Base64 = (text: string): string => Buffer.from(text, 'utf16le').toString('base64');

/** A `.msg` file as contacts+message backup writes it: declaration, namespaces, tab indentation. */
function file(...messages: string[]): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>\r\n' +
    '<ArrayOfMessage xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema">\r\n' +
    messages.join('') +
    '</ArrayOfMessage>'
  );
}

interface Fields {
  recipients?: string[];
  body?: string;
  incoming?: boolean;
  attachments?: { type: string; data: string }[];
  time?: string;
  sender?: string;
  senderTag?: string;
}

function message(f: Fields): string {
  const recipients = f.recipients?.length
    ? `\t<Recepients>\r\n${f.recipients.map((r) => `\t\t<string>${r}</string>\r\n`).join('')}\t</Recepients>\r\n`
    : '\t<Recepients />\r\n';
  const attachments = f.attachments?.length
    ? `\t<Attachments>${f.attachments
        .map(
          (a) =>
            `<MessageAttachment><AttachmentContentType>${a.type}</AttachmentContentType>` +
            `<AttachmentDataBase64String>${a.data}</AttachmentDataBase64String></MessageAttachment>`,
        )
        .join('')}</Attachments>\r\n`
    : '\t<Attachments />\r\n';
  const tag = f.senderTag ?? 'Sender';
  return (
    '<Message>\r\n' +
    recipients +
    (f.body ? `\t<Body>${f.body}</Body>\r\n` : '\t<Body />\r\n') +
    `\t<IsIncoming>${String(f.incoming ?? true)}</IsIncoming>\r\n\t<IsRead>true</IsRead>\r\n` +
    attachments +
    `\t<LocalTimestamp>${f.time ?? TICKS}</LocalTimestamp>\r\n` +
    (f.sender ? `\t<${tag}>${f.sender}</${tag}>\r\n` : `\t<${tag} />\r\n`) +
    '</Message>\r\n'
  );
}

const parse = (text: string) => collect(wpMsgImporter.parse(streamOf(text), {}));

describe('wp-msg detect', () => {
  it('recognises ArrayOfMessage with or without a declaration, and nothing else', () => {
    expect(wpMsgImporter.detect(file(), 'x.msg')).toBe(true);
    expect(wpMsgImporter.detect("<?xml version='1.0' encoding='UTF-8'?>\n<ArrayOfMessage>", 'a')).toBe(true);
    expect(wpMsgImporter.detect('<ArrayOfMessage/>', 'a')).toBe(true);
    expect(wpMsgImporter.detect("<?xml version='1.0'?><smses count='1'>", 'a.msg')).toBe(false);
    expect(wpMsgImporter.detect('BEGIN:VMSG', 'a.msg')).toBe(false);
  });
});

describe('wp-msg messages', () => {
  it('reads SMS both ways, with the FILETIME as exact UTC ms and empty <Attachments />', async () => {
    const { messages, problems } = await parse(
      file(
        message({ body: 'Salut', sender: '+33650000001' }),
        message({ body: 'Hello', incoming: false, recipients: ['+33650000001'] }),
      ),
    );
    expect(problems).toEqual([]);
    expect(messages).toEqual([
      {
        kind: 'message',
        time: MS,
        direction: 'in',
        directionKnown: true,
        status: 'received',
        others: [{ address: '+33650000001' }],
        sender: '+33650000001',
        text: 'Salut',
        attachments: [],
      },
      {
        kind: 'message',
        time: MS,
        direction: 'out',
        directionKnown: true,
        status: 'sent',
        others: [{ address: '+33650000001' }],
        text: 'Hello',
        attachments: [],
      },
    ]);
  });

  it('keeps an outgoing message to three recipients as one message to all three', async () => {
    const { messages } = await parse(
      file(message({ body: 'Party!', incoming: false, recipients: ['+1', '+2', '+3'] })),
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]?.others.map((o) => o.address)).toEqual(['+1', '+2', '+3']);
  });

  it('reads a received group MMS: text from a UTF-16LE part, the sender joined to the other members', async () => {
    const { messages } = await parse(
      file(
        message({
          sender: 'Mace',
          recipients: ['Ki-Adi', 'Yoda'],
          attachments: [
            { type: 'application/smil', data: utf16Base64('<smil><body><par/></body></smil>') },
            { type: 'text/plain', data: utf16Base64('Le groupe 👋 שלום') },
          ],
        }),
      ),
    );
    expect(messages[0]).toMatchObject({
      direction: 'in',
      sender: 'Mace',
      others: [{ address: 'Mace' }, { address: 'Ki-Adi' }, { address: 'Yoda' }],
      text: 'Le groupe 👋 שלום',
      attachments: [],
    });
  });

  it('appends a text part to a Body on a new line', async () => {
    const { messages } = await parse(
      file(
        message({
          body: 'Body',
          sender: '+1',
          attachments: [{ type: 'text/plain', data: utf16Base64('part') }],
        }),
      ),
    );
    expect(messages[0]?.text).toBe('Body\npart');
  });

  it('passes text through: surrogate-pair references joined, &#x11; dropped, newlines, emoji, RTL', async () => {
    const body = 'Ça va &#55357;&#56832;?&#x11;\r\nمرحبا 🔥 עברית &amp; &lt;3';
    const { messages } = await parse(file(message({ body, sender: '+1' })));
    expect(messages[0]?.text).toBe('Ça va 😀?\nمرحبا 🔥 עברית & <3');
  });

  it('keeps an MMS placeholder (empty Body, no attachments) as a message without text', async () => {
    const { messages, problems } = await parse(
      file(message({ sender: '+1' }), message({ body: 'kept', sender: '+1' })),
    );
    expect(messages.map((m) => m.text)).toEqual(['', 'kept']);
    expect(messages[0]).toMatchObject({ time: MS, direction: 'in', sender: '+1', attachments: [] });
    expect(problems).toEqual([]);
  });

  it('skips a message that names no party (no Sender, no Recepients), and says so', async () => {
    const { messages, problems } = await parse(
      file(message({ body: 'who?' }), message({ body: 'to whom?', incoming: false })),
    );
    expect(messages).toEqual([]);
    expect(problems.map((p) => p.reason)).toEqual(['no-party', 'no-party']);
  });

  it('keeps a received group message with an empty Sender: its Recepients are the party', async () => {
    const { messages, problems } = await parse(file(message({ body: 'hi all', recipients: ['+2', '+3'] })));
    expect(messages[0]).toMatchObject({ direction: 'in', others: [{ address: '+2' }, { address: '+3' }] });
    expect(messages[0]?.sender).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('counts add up: every record is a message yielded or a record skipped, empty ones kept', async () => {
    const records = [
      message({ body: 'good', sender: '+1' }),
      message({ sender: '+1' }),
      message({ incoming: false, recipients: ['+1'] }),
      message({ sender: '+1', attachments: [{ type: 'application/smil', data: utf16Base64('<smil/>') }] }),
      message({ sender: '+1', attachments: [{ type: 'text/plain', data: '' }] }),
      message({ body: 'dateless', sender: '+1', time: '' }),
      message({ sender: '+1', time: '' }),
      message({ body: 'partyless' }),
      message({ incoming: false }),
      message({ body: 'bad date', sender: '+1', time: 'soon' }),
    ];
    const { messages, problems } = await parse(file(...records));
    expect(messages.map((m) => m.text)).toEqual(['good', '', '', '', '']);
    const byReason = (reason: string): number =>
      problems.filter((p) => p.reason === reason).reduce((n, p) => n + p.count, 0);
    expect([byReason('no-date'), byReason('no-party'), byReason('bad-date')]).toEqual([2, 2, 1]);
    expect(messages.length + problems.reduce((n, p) => n + p.count, 0)).toBe(records.length);
  });

  it('accepts <Address> for the sender, in any element order', async () => {
    const shuffled =
      '<Message><Address>TELKOMSEL</Address><LocalTimestamp>' +
      TICKS +
      '</LocalTimestamp><Attachments /><Body>Promo</Body><IsIncoming>true</IsIncoming><Recepients /></Message>';
    const { messages } = await parse(file(shuffled));
    expect(messages[0]).toMatchObject({
      time: MS,
      sender: 'TELKOMSEL',
      others: [{ address: 'TELKOMSEL' }],
      text: 'Promo',
    });
  });

  it('skips a message whose timestamp is missing (no-date) or not a FILETIME (bad-date)', async () => {
    const { messages, problems } = await parse(
      file(
        message({ body: 'x', sender: '+1', time: 'yesterday' }),
        message({ body: 'x', sender: '+1', time: '' }),
      ),
    );
    expect(messages).toEqual([]);
    expect(problems).toEqual([
      { kind: 'problem', reason: 'bad-date', count: 1 },
      { kind: 'problem', reason: 'no-date', count: 1 },
    ]);
  });
});

describe('wp-msg media', () => {
  const image = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) % 256);
  const sha256 = createHash('sha256').update(image).digest('hex');

  it('emits an image as a media item before its message, keyed by SHA-256', async () => {
    const data = Buffer.from(image).toString('base64');
    const { items } = await parse(
      file(
        message({ sender: '+1', attachments: [{ type: 'image/jpeg', data }] }),
        message({ body: 'next', sender: '+1' }),
      ),
    );
    expect(items.map((item) => item.kind)).toEqual(['media', 'message', 'message']);
    const [media, mms] = items;
    expect(media).toMatchObject({ kind: 'media', hash: sha256, type: 'image/jpeg', size: 300 });
    if (media?.kind !== 'media') throw new Error('no media');
    expect(new Uint8Array(await mediaBlob(media).arrayBuffer())).toEqual(image);
    expect(mms).toMatchObject({
      text: '',
      attachments: [{ type: 'image/jpeg', size: 300, mediaKey: sha256 }],
    });
  });

  it('lists damaged base64 as a damaged attachment and counts it', async () => {
    const { items, problems } = await parse(
      file(
        message({ body: 'look', sender: '+1', attachments: [{ type: 'image/png', data: 'iVBOR!!w0KGgo=' }] }),
      ),
    );
    expect(items.map((item) => item.kind)).toEqual(['message', 'problem']);
    expect(items[0]).toMatchObject({
      text: 'look',
      attachments: [{ type: 'image/png', size: 0, damaged: 'bad-base64' }],
    });
    expect(problems).toEqual([{ kind: 'problem', reason: 'bad-base64', count: 1 }]);
  });

  it('keeps a text part too long to decode inline as a text attachment', async () => {
    const text = 'x'.repeat(600_000);
    const data = utf16Base64(text);
    const result = await collect(
      wpMsgImporter.parse(
        streamOf(file(message({ sender: '+1', attachments: [{ type: 'text/plain', data }] })), 1 << 16),
        {},
      ),
    );
    expect(result.media[0]).toMatchObject({ type: 'text/plain', size: 1_200_000 });
    expect(result.messages[0]?.attachments).toEqual([
      { type: 'text/plain', size: 1_200_000, mediaKey: result.media[0]?.hash },
    ]);
  });
});
