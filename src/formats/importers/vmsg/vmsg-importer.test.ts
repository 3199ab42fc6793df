import { describe, expect, it } from 'vitest';
import { vmsgDateToMs } from '../../../model/time';
import { collect, PARIS, streamOf, utf16 } from '../../../../test-support/streams';
import { headText } from '../registry';
import { vmsgImporter } from './vmsg-importer';

/** One Lumia-style block; `subject` is the raw QP value, line breaks included; `eol` the line ending. */
function lumia(tel: string, box: string, date: string, subject: string, eol = '\r'): string {
  return [
    'BEGIN:VMSG',
    'VERSION: 1.1',
    'BEGIN:VCARD',
    `TEL:${tel}`,
    'END:VCARD',
    'BEGIN:VBODY',
    `X-BOX:${box}`,
    'X-READ:READ',
    'X-SIMID:0',
    'X-LOCKED:UNLOCKED',
    'X-TYPE:SMS',
    `Date:${date}`,
    `Subject;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:${subject}`,
    'END:VBODY',
    'END:VMSG',
    '',
  ].join(eol);
}

const parse = (text: string, chunkSize = 7) => collect(vmsgImporter.parse(streamOf(text, chunkSize), PARIS));

describe('vmsg detect', () => {
  it('recognises VMSG and VENV-wrapped files, and nothing else', () => {
    expect(vmsgImporter.detect('BEGIN:VMSG\rVERSION: 1.1', 'sms.vmsg')).toBe(true);
    expect(vmsgImporter.detect('BEGIN:VENV\r\nBEGIN:VMSG', 'a.vmg')).toBe(true);
    expect(vmsgImporter.detect('BEGIN:VCARD\r\n', 'a.vmsg')).toBe(false);
    expect(vmsgImporter.detect('<ArrayOfMessage>', 'a.vmsg')).toBe(false);
  });
});

describe('vmsg Lumia export', () => {
  it('reads CR-only lines whose continuations start with a space, with UTF-8 split over soft breaks', async () => {
    const subject = 'Coucou =C3=A7a va ? tu es ren=\r tr=C3=\r =A9 =F0=9F=98=A2=0Abisous ';
    const { messages, problems } = await parse(
      lumia('+33650000001', 'INBOX', '2016/11/07 14:51:30', subject),
    );
    expect(problems).toEqual([]);
    expect(messages).toEqual([
      {
        kind: 'message',
        time: Date.UTC(2016, 10, 7, 13, 51, 30),
        direction: 'in',
        directionKnown: true,
        status: 'received',
        others: [{ address: '+33650000001' }],
        sender: '+33650000001',
        text: 'Coucou ça va ? tu es rentré 😢\nbisous ',
        attachments: [],
        offset: 60,
      },
    ]);
  });

  it('keeps a space that starts a continuation line in LF files, where it is text', async () => {
    const { messages } = await parse(
      lumia('+33', 'INBOX', '2017/05/15 10:25:46', '=C3=A0=\n bient=C3=B4t', '\n'),
    );
    expect(messages[0]?.text).toBe('à bientôt');
  });

  it('reads Date as Paris wall-clock time, summer and winter', async () => {
    const { messages } = await parse(
      lumia('+33', 'INBOX', '2016/08/01 00:34:04', 'summer') +
        lumia('+33', 'INBOX', '2016/11/07 14:51:30', 'winter'),
    );
    expect(messages.map((m) => new Date(m.time).toISOString())).toEqual([
      '2016-07-31T22:34:04.000Z',
      '2016-11-07T13:51:30.000Z',
    ]);
  });

  it("reads dates in the runtime's zone when no zone is given", async () => {
    const text = lumia('+33', 'INBOX', '2016/08/01 00:34:04', 'x');
    const { messages } = await collect(vmsgImporter.parse(streamOf(text), {}));
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(messages[0]?.time).toBe(vmsgDateToMs('2016/08/01 00:34:04', zone));
  });

  it('maps the boxes to direction and status', async () => {
    const boxes = ['INBOX', 'SENDBOX', 'OUTBOX', 'DRAFT'];
    const text = boxes.map((box, i) => lumia(`+3${i}`, box, `2016/11/07 14:5${i}:00`, box)).join('');
    const { messages } = await parse(text);
    expect(messages.map((m) => [m.text, m.direction, m.status, m.sender])).toEqual([
      ['INBOX', 'in', 'received', '+30'],
      ['SENDBOX', 'out', 'sent', undefined],
      ['OUTBOX', 'out', 'outbox', undefined],
      ['DRAFT', 'out', 'draft', undefined],
    ]);
  });

  it('folds the consecutive per-recipient blocks of one send into one message to all of them', async () => {
    const at = '2016/11/07 10:00:00';
    const text =
      lumia('+331', 'SENDBOX', at, 'Bonne ann=C3=A9e') +
      lumia('+332', 'SENDBOX', at, 'Bonne ann=C3=A9e') +
      lumia('+333', 'SENDBOX', at, 'Bonne ann=C3=A9e') +
      lumia('+334', 'INBOX', at, 'Merci');
    const { messages } = await parse(text);
    expect(messages.map((m) => [m.text, m.others.map((o) => o.address)])).toEqual([
      ['Bonne année', ['+331', '+332', '+333']],
      ['Merci', ['+334']],
    ]);
  });

  it('does not fold different texts, other seconds, or blocks that are not adjacent', async () => {
    const text =
      lumia('+331', 'SENDBOX', '2016/11/07 10:00:00', 'Oui') +
      lumia('+332', 'SENDBOX', '2016/11/07 10:00:00', 'Non') +
      lumia('+333', 'SENDBOX', '2016/11/07 10:00:01', 'Non') +
      lumia('+334', 'INBOX', '2016/11/07 10:00:01', 'Non') +
      lumia('+335', 'SENDBOX', '2016/11/07 10:00:01', 'Non');
    const { messages } = await parse(text);
    expect(messages.map((m) => m.others.map((o) => o.address))).toEqual([
      ['+331'],
      ['+332'],
      ['+333'],
      ['+334'],
      ['+335'],
    ]);
  });

  it('adds lines of plain text after the Subject, keeps an empty message, and skips an unreadable date', async () => {
    const withText = lumia('+33', 'INBOX', '2017/05/04 17:54:54', 'En savoir plus sur \r0fYG8cY- (clic)');
    const { messages, problems } = await parse(
      withText + lumia('+33', 'INBOX', '2017/05/04 17:55:00', '') + lumia('+33', 'INBOX', 'hier', 'x'),
    );
    expect(messages.map((m) => m.text)).toEqual(['En savoir plus sur \n0fYG8cY- (clic)', '']);
    expect(problems).toEqual([{ kind: 'problem', reason: 'bad-date', count: 1 }]);
  });

  it('keeps the complete blocks of a truncated file', async () => {
    const whole =
      lumia('+33', 'INBOX', '2016/11/07 14:51:30', 'un') +
      lumia('+33', 'INBOX', '2016/11/07 14:52:30', 'deux');
    const { items } = await parse(whole.slice(0, whole.lastIndexOf('END:VBODY')));
    expect(items.map((item) => (item.kind === 'message' ? item.text : item.kind))).toEqual(['un', 'problem']);
    expect(items.at(-1)).toEqual({ kind: 'problem', reason: 'truncated', count: 1, fatal: true });
  });
});

describe('vmsg IrMC / Nokia', () => {
  it('reads X-IRMC-BOX, day-first dates, envelopes and plain body lines', async () => {
    const text = [
      'BEGIN:VMSG\r\nVERSION:1.1\r\nX-IRMC-STATUS:READ\r\nX-IRMC-BOX:INBOX\r\nX-NOK-DT:20071022T044825Z',
      'BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane\r\nTEL:+990123456789\r\nEND:VCARD',
      'BEGIN:VENV\r\nBEGIN:VBODY\r\nDate:22.10.2007 06:48:25\r\nFirst line\r\nDate: not a property here',
      '  indented\r\nEND:VBODY\r\nEND:VENV\r\nEND:VMSG',
      'BEGIN:VMSG\r\nVERSION:1.1\r\nX-IRMC-STATUS:SENT\r\nX-IRMC-BOX:SENT',
      'BEGIN:VCARD\r\nVERSION:2.1\r\nN:\r\nTEL:\r\nEND:VCARD',
      'BEGIN:VENV\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nTEL:+41790000000\r\nEND:VCARD',
      'BEGIN:VENV\r\nBEGIN:VBODY\r\nDate:23-10-2007 09:00:00\r\nReply\r\nEND:VBODY\r\nEND:VENV\r\nEND:VENV\r\nEND:VMSG\r\n',
    ].join('\r\n');
    const { messages, problems } = await parse(text);
    expect(problems).toEqual([]);
    expect(messages).toMatchObject([
      {
        time: Date.UTC(2007, 9, 22, 4, 48, 25),
        direction: 'in',
        status: 'received',
        others: [{ address: '+990123456789', name: 'Jane Doe' }],
        sender: '+990123456789',
        text: 'First line\nDate: not a property here\n  indented',
      },
      {
        time: Date.UTC(2007, 9, 23, 7),
        direction: 'out',
        status: 'sent',
        others: [{ address: '+41790000000' }],
        text: 'Reply',
      },
    ]);
  });

  it('falls back to the UTC X-NOK-DT when Date is missing', async () => {
    const text =
      'BEGIN:VMSG\nX-IRMC-BOX:INBOX\nX-NOK-DT:20091022T064825Z\nBEGIN:VCARD\nTEL:+1\nEND:VCARD\n' +
      'BEGIN:VENV\nBEGIN:VBODY\nHello\nEND:VBODY\nEND:VENV\nEND:VMSG\n';
    const { messages } = await parse(text);
    expect(messages[0]?.time).toBe(Date.UTC(2009, 9, 22, 6, 48, 25));
  });
});

describe('vmsg in UTF-16', () => {
  // Nokia PC Suite writes .vmg files as UTF-16LE with no byte order mark: `42 00 45 00 47 00` = "BEG".
  const nokiaSent = [
    'BEGIN:VMSG',
    'VERSION:1.1',
    'X-IRMC-STATUS:SENT',
    'X-IRMC-BOX:SENTBOX',
    'X-MESSAGE-TYPE:SUBMIT',
    'BEGIN:VCARD',
    'VERSION:2.1',
    'N:',
    'TEL:',
    'END:VCARD',
    'BEGIN:VENV',
    'BEGIN:VCARD',
    'VERSION:2.1',
    'N:',
    'TEL:+358401234567',
    'END:VCARD',
    'BEGIN:VENV',
    'BEGIN:VBODY',
    'Date:14.06.2010 19:30:45',
    'Hyvää yötä 🌙',
    'END:VBODY',
    'END:VENV',
    'END:VENV',
    'END:VMSG',
    '',
  ].join('\r\n');

  it.each([1, 3, 7, 64])(
    'reads a UTF-16LE file without BOM, in chunks of %i bytes (odd ones split code units)',
    async (chunk) => {
      const bytes = utf16(nokiaSent, 'le');
      expect(vmsgImporter.detect(headText(bytes), 'sms.vmg')).toBe(true);
      const { messages, problems } = await collect(vmsgImporter.parse(streamOf(bytes, chunk), PARIS));
      expect(problems).toEqual([]);
      expect(messages).toMatchObject([
        {
          time: Date.UTC(2010, 5, 14, 17, 30, 45),
          direction: 'out',
          status: 'sent',
          others: [{ address: '+358401234567' }],
          text: 'Hyvää yötä 🌙',
        },
      ]);
    },
  );

  it('reads a UTF-16BE file with BOM', async () => {
    const bytes = utf16(nokiaSent, 'be', true);
    expect(vmsgImporter.detect(headText(bytes), 'sms.vmg')).toBe(true);
    const { messages } = await collect(vmsgImporter.parse(streamOf(bytes, 7), PARIS));
    expect(messages.map((m) => [m.direction, m.text])).toEqual([['out', 'Hyvää yötä 🌙']]);
  });
});

interface IrmcBlock {
  box?: string;
  status?: string;
  type?: string;
  /** TEL of the card right after BEGIN:VMSG (the originator); '' for an empty TEL. */
  top?: string;
  /** TEL of the card in the VENV envelope (the recipient); undefined for no card there. */
  env?: string;
  nokDt?: string;
  date?: string;
  text?: string;
}

/** One IrMC / Nokia block, with only the fields given. */
function irmc(b: IrmcBlock): string {
  const lines = ['BEGIN:VMSG', 'VERSION:1.1'];
  if (b.status) lines.push(`X-IRMC-STATUS:${b.status}`);
  if (b.box) lines.push(`X-IRMC-BOX:${b.box}`);
  if (b.type) lines.push(`X-MESSAGE-TYPE:${b.type}`);
  if (b.top !== undefined) lines.push('BEGIN:VCARD', 'VERSION:2.1', 'N:', `TEL:${b.top}`, 'END:VCARD');
  lines.push('BEGIN:VENV');
  if (b.env !== undefined) lines.push('BEGIN:VCARD', 'VERSION:2.1', 'N:', `TEL:${b.env}`, 'END:VCARD');
  lines.push('BEGIN:VENV', 'BEGIN:VBODY');
  if (b.nokDt) lines.push(`X-NOK-DT:${b.nokDt}`);
  if (b.date) lines.push(`Date:${b.date}`);
  if (b.text) lines.push(b.text);
  lines.push('END:VBODY', 'END:VENV', 'END:VENV', 'END:VMSG', '');
  return lines.join('\r\n');
}

describe('vmsg direction: the message fields win over the folder', () => {
  const date = '14.06.2010 19:30:45';
  it.each<[string, IrmcBlock, string, string, boolean]>([
    [
      'Nokia "Saved Sent": SUBMIT filed in INBOX',
      { box: 'INBOX', status: 'READ', type: 'SUBMIT', top: '', env: '+3581' },
      'out',
      'sent',
      true,
    ],
    ['DELIVER filed in SENTBOX', { box: 'SENTBOX', type: 'DELIVER', top: '+3581' }, 'in', 'received', true],
    [
      'X-IRMC-STATUS:SENT filed in INBOX',
      { box: 'INBOX', status: 'SENT', top: '', env: '+3581' },
      'out',
      'sent',
      true,
    ],
    [
      'X-MESSAGE-TYPE over X-IRMC-STATUS',
      { status: 'SENT', type: 'DELIVER', top: '+3581' },
      'in',
      'received',
      true,
    ],
    [
      'number only in the envelope, filed in INBOX',
      { box: 'INBOX', top: '', env: '+3581' },
      'out',
      'sent',
      true,
    ],
    [
      'number only in the originator card, filed in SENTBOX',
      { box: 'SENTBOX', top: '+3581', env: '' },
      'in',
      'received',
      true,
    ],
    [
      'numbers in both cards: the box decides',
      { box: 'SENTBOX', top: '+3580', env: '+3581' },
      'out',
      'sent',
      true,
    ],
    [
      'the box refines the status when it agrees',
      { box: 'OUTBOX', type: 'SUBMIT', top: '', env: '+3581' },
      'out',
      'outbox',
      true,
    ],
    ['UNSENT with no box', { status: 'UNSENT', top: '', env: '+3581' }, 'out', 'outbox', true],
    [
      'nothing says (a number in both cards, no box): received, direction unknown',
      { top: '+3581', env: '+3581' },
      'in',
      'received',
      false,
    ],
  ])('%s', async (_label, block, direction, status, known) => {
    const { messages, problems } = await parse(irmc({ date, text: 'x', ...block }));
    expect(problems).toEqual([]);
    expect(messages).toMatchObject([
      { direction, status, directionKnown: known, others: [{ address: '+3581' }] },
    ]);
  });
});

describe('vmsg X-NOK-DT', () => {
  const at = async (block: IrmcBlock): Promise<string | undefined> => {
    const { messages } = await parse(irmc({ box: 'INBOX', top: '+1', text: 'x', ...block }));
    return messages[0] && new Date(messages[0].time).toISOString();
  };

  it('is read in preference to Date, in UTC with a Z and in the local zone without', async () => {
    expect(await at({ nokDt: '20100614T173045Z', date: '01.01.2009 10:00:00' })).toBe(
      '2010-06-14T17:30:45.000Z',
    );
    expect(await at({ nokDt: '20100614T173045', date: '01.01.2009 10:00:00' })).toBe(
      '2010-06-14T15:30:45.000Z',
    );
  });

  it("gives no offset for a UTC stamp, and the import zone's offset for a local one", async () => {
    const offsets = async (block: IrmcBlock) =>
      (await parse(irmc({ box: 'INBOX', top: '+1', text: 'x', ...block }))).messages.map((m) => m.offset);
    expect(await offsets({ nokDt: '20100614T173045Z' })).toEqual([undefined]);
    expect(await offsets({ nokDt: '20100614T173045' })).toEqual([120]);
    expect(await offsets({ date: '14.01.2010 19:30:45' })).toEqual([60]);
  });

  it('leaves Date to decide when it cannot be read', async () => {
    expect(await at({ nokDt: '2010-06-14', date: '14.06.2010 19:30:45' })).toBe('2010-06-14T17:30:45.000Z');
  });
});

describe('vmsg records kept and skipped', () => {
  it('keeps a message with an empty body that has a date and a party, with text ""', async () => {
    const { messages, problems } = await parse(
      irmc({ box: 'INBOX', top: '+1', date: '14.06.2010 19:30:45' }),
    );
    expect(problems).toEqual([]);
    expect(messages).toMatchObject([
      { text: '', direction: 'in', others: [{ address: '+1' }], attachments: [] },
    ]);
  });

  it('skips a record with no date as no-date, and one with no party as no-party', async () => {
    const { messages, problems } = await parse(
      irmc({ box: 'INBOX', top: '+1', text: 'undated' }) +
        irmc({ box: 'INBOX', top: '', date: '14.06.2010 19:30:45', text: 'nobody' }),
    );
    expect(messages).toEqual([]);
    expect(problems).toEqual([
      { kind: 'problem', reason: 'no-date', count: 1 },
      { kind: 'problem', reason: 'no-party', count: 1 },
    ]);
  });

  it("yields both of two identical adjacent sent records to the same recipient (dedupe is the writer's)", async () => {
    const at = '2016/11/07 10:00:00';
    const { messages } = await parse(
      lumia('+331', 'SENDBOX', at, 'Oui') + lumia('+331', 'SENDBOX', at, 'Oui'),
    );
    expect(messages.map((m) => m.others.map((o) => o.address))).toEqual([['+331'], ['+331']]);
  });

  it('counts add up: records in the file = messages yielded + records skipped', async () => {
    const date = '14.06.2010 19:30:45';
    const records = [
      irmc({ box: 'INBOX', top: '+1', date, text: 'good' }),
      irmc({ box: 'SENTBOX', top: '', env: '+2', date, text: 'good' }),
      irmc({ box: 'INBOX', top: '+3', date }),
      irmc({ box: 'INBOX', top: '+4', text: 'dateless' }),
      irmc({ box: 'INBOX', top: '', date, text: 'partyless' }),
      lumia('+5', 'SENDBOX', '2016/11/07 10:00:00', 'twice'),
      lumia('+5', 'SENDBOX', '2016/11/07 10:00:00', 'twice'),
      lumia('+6', 'INBOX', '2016/11/07 10:00:01', 'good'),
    ];
    const { messages, problems } = await parse(records.join(''));
    const skipped = problems.reduce((sum, p) => sum + p.count, 0);
    expect(messages).toHaveLength(6);
    expect(problems.map((p) => p.reason).sort()).toEqual(['no-date', 'no-party']);
    expect(messages.length + skipped).toBe(records.length);
  });
});
