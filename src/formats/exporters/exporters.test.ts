import { describe, expect, it } from 'vitest';
import type { Message, Participant } from '../../model/types';
import { collect, streamOf } from '../../../test-support/streams';
import { textkeepJsonImporter } from '../importers/textkeep-json/textkeep-json-importer';
import type { RawMessage } from '../contract';
import type { ExportInput, TextFormat } from './contract';
import { TEXT_FORMATS } from './contract';
import { CSV_COLUMNS } from './csv';
import { HTML_EXPORT_CSP } from './html';
import type { JsonExport } from './json';
import { maskNumbersInText } from './mask';
import { exportFileName, partFileName, safeFileName } from './names';
import { FORMAT_LABELS } from './labels';
import { TEXT_EXPORTERS } from './registry';

const ALICE: Participant = { address: '+33612345678', raw: '06 12 34 56 78', name: 'Alice Martin' };
const BOB: Participant = { address: '+447700900123', raw: '+44 7700 900123' };
const HASH = 'a'.repeat(64);

let seq = 0;
function message(time: string, direction: 'in' | 'out', text: string, extra: Partial<Message> = {}): Message {
  seq += 1;
  return {
    id: `id${String(seq)}`,
    time: Date.parse(time),
    direction,
    status: direction === 'in' ? 'received' : 'sent',
    sender: direction === 'in' ? ALICE.address : '',
    text,
    attachments: [],
    source: { importId: 1, format: 'sbr' },
    ...extra,
  };
}

const MESSAGES: Message[] = [
  message('2024-01-05T13:03:09Z', 'in', 'Bonjour 👋🏽 家族 مرحبا'),
  message('2024-01-05T13:05:00Z', 'out', 'Line one\nline two, "quoted"'),
  message('2024-07-01T08:00:00Z', 'in', '', {
    attachments: [{ type: 'image/png', name: 'beach.png', size: 12_345, mediaKey: HASH }],
  }),
  message('2024-07-02T09:30:00Z', 'out', '=SUM(A1) call me on +33 6 12 34 56 78 before 2024-07-03'),
];

function input(overrides: Partial<ExportInput> = {}): ExportInput {
  return {
    conversation: { title: 'Alice Martin', participants: [ALICE], isGroup: false },
    messages: MESSAGES,
    timeZone: 'Europe/Paris',
    exportedAt: Date.parse('2026-11-24T10:00:00Z'),
    range: {},
    hideNumbers: false,
    generator: 'Textkeep test',
    ...overrides,
  };
}

async function run(format: TextFormat, overrides: Partial<ExportInput> = {}): Promise<string> {
  const parts: string[] = [];
  const decoder = new TextDecoder();
  for await (const part of TEXT_EXPORTERS[format].write(input(overrides))) {
    parts.push(typeof part === 'string' ? part : decoder.decode(part));
  }
  return parts.join('');
}

/** RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('text exporters', () => {
  it.each(TEXT_FORMATS)('%s keeps emoji and non-Latin text', async (format) => {
    const out = await run(format);
    const text = format === 'json' ? JSON.stringify(JSON.parse(out)) : out;
    expect(format === 'json' ? (JSON.parse(out) as JsonExport).messages[0]?.text : text).toContain(
      'Bonjour 👋🏽 家族 مرحبا',
    );
  });

  it('writes the transcript with date, time and zone on every line', async () => {
    const out = await run('txt');
    expect(out).toBe(
      [
        'Conversation: Alice Martin',
        'With: Alice Martin (06 12 34 56 78)',
        'Dates: 2024-01-05 to 2024-07-02',
        'Time zone: Europe/Paris (times below are as on the phone where the archive says it, else local; each with its offset from UTC)',
        'Messages: 4',
        'Exported: 2026-11-24 11:00 UTC+01:00 by Textkeep test',
        '',
        '2024-01-05 14:03 UTC+01:00  Alice Martin: Bonjour 👋🏽 家族 مرحبا',
        '2024-01-05 14:05 UTC+01:00  Me: Line one',
        '    line two, "quoted"',
        '2024-07-01 10:00 UTC+02:00  Alice Martin: [Attachment: beach.png, image/png, 12.3 kB]',
        '2024-07-02 11:30 UTC+02:00  Me: =SUM(A1) call me on +33 6 12 34 56 78 before 2024-07-03',
        '',
      ].join('\n'),
    );
    expect(out).not.toContain('\r');
    expect(out.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('writes RFC 4180 CSV that reads back to the same text, formula-safe, with a BOM', async () => {
    const out = await run('csv');
    expect(out.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(out.slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(5);
    const textColumn = CSV_COLUMNS.indexOf('text');
    expect(rows[2]?.[textColumn]).toBe('Line one\nline two, "quoted"');
    expect(rows[1]?.[textColumn]).toBe('Bonjour 👋🏽 家族 مرحبا');
    expect(rows[4]?.[textColumn]).toBe("'=SUM(A1) call me on +33 6 12 34 56 78 before 2024-07-03");
    expect(rows[1]?.slice(0, 3)).toEqual(['2024-01-05T13:03:09.000Z', '2024-01-05 14:03:09', '+01:00']);
    expect(rows[3]?.[CSV_COLUMNS.indexOf('attachments')]).toBe('beach.png');
    expect(rows[1]?.[CSV_COLUMNS.indexOf('sender_number')]).toBe("'+33612345678");
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
  });

  it('writes no CSV field a spreadsheet would run as a formula, in any column', async () => {
    const sender = '=HYPERLINK("x")';
    const hostile: Participant = { address: sender, raw: sender };
    const starts = ['@SUM(1)', '=1+1', '+1+1', '-1+1', '\tcmd', '\rcmd'];
    const messages = starts.map((text, i) =>
      message(`2024-02-0${String(i + 1)}T10:00:00Z`, 'in', text, {
        sender,
        attachments: [{ type: 'image/png', name: text, size: 1, mediaKey: HASH }],
      }),
    );
    const out = await run('csv', {
      conversation: { title: sender, participants: [hostile], isGroup: false },
      messages,
    });
    const rows = parseCsv(out.slice(1)).slice(1);
    expect(rows).toHaveLength(starts.length);
    const at = (name: (typeof CSV_COLUMNS)[number]): number => CSV_COLUMNS.indexOf(name);
    rows.forEach((row, i) => {
      expect(row[at('sender')]).toBe(`'${sender}`);
      expect(row[at('sender_number')]).toBe(`'${sender}`);
      expect(row[at('text')]).toBe(`'${starts[i] ?? ''}`);
      expect(row[at('attachments')]).toBe(`'${starts[i] ?? ''}`);
      // Every column: only the UTC offset, which this code writes, may start with a sign.
      CSV_COLUMNS.forEach((column, c) => {
        const field = row[c] ?? '';
        if (column === 'utc_offset') expect(field).toMatch(/^[+-]\d\d:\d\d$/);
        else expect(field).not.toMatch(/^[=+\-@\t\r]/);
      });
    });
  });

  it('keeps hostile text inert in the web page', async () => {
    const hostile = [
      message('2024-01-06T10:00:00Z', 'in', '<script>alert(1)</script>'),
      message('2024-01-06T10:01:00Z', 'in', '</textarea><img src=x onerror=alert(2)>'),
      message('2024-01-06T10:02:00Z', 'in', '<a href="javascript:alert(3)">tap</a> & "quotes" \'single\''),
    ];
    const out = await run('html', {
      messages: hostile,
      conversation: {
        title: '<b>Title</b>',
        participants: [{ ...ALICE, name: '"><script>x()</script>' }],
        isGroup: true,
      },
    });
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/<img src=x/i);
    expect(out).not.toMatch(/<a /i);
    expect(out).not.toMatch(/<[^>]*\sonerror=/i);
    expect(out).not.toContain('<b>Title</b>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&lt;/textarea&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(out).toContain(
      '&lt;a href=&quot;javascript:alert(3)&quot;&gt;tap&lt;/a&gt; &amp; &quot;quotes&quot; &#39;single&#39;',
    );
    expect(out).toContain(`content="${HTML_EXPORT_CSP}"`);
    expect(HTML_EXPORT_CSP).toContain("default-src 'none'");
    expect(HTML_EXPORT_CSP).not.toContain('script-src');
  });

  it('embeds pictures in the web page and names other attachments', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const out = await run('html', {
      media: (hash) => Promise.resolve(hash === HASH ? { type: 'image/png', data: png } : undefined),
      messages: [
        ...MESSAGES,
        message('2024-07-03T09:30:00Z', 'in', '', {
          attachments: [{ type: 'image/svg+xml', name: 'logo.svg', size: 10, mediaKey: HASH }],
        }),
      ],
    });
    expect(out).toContain(
      `<img alt="Picture: beach.png" src="data:image/png;base64,${Buffer.from(png).toString('base64')}">`,
    );
    expect(out).toContain('logo.svg · 10 bytes');
    expect(out).not.toContain('image/svg+xml;base64');
  });

  it.each(TEXT_FORMATS)('%s hides every digit of phone numbers but keeps names', async (format) => {
    const group = { title: 'Alice Martin, +44 7700 900123', participants: [ALICE, BOB], isGroup: true };
    const messages = [
      ...MESSAGES,
      message('2024-07-04T09:00:00Z', 'in', 'from Bob', { sender: BOB.address }),
    ];
    const out = await run(format, { hideNumbers: true, conversation: group, messages });
    for (const digits of ['612345678', '0612345678', '7700900123', '447700900123', '33612345678']) {
      expect(out.replace(/\D/g, ' ')).not.toMatch(new RegExp(`(^|\\D)${digits.slice(-6)}`));
    }
    for (const written of ['06 12 34 56 78', '+44 7700 900123', '+33 6 12 34 56 78', '+33612345678']) {
      expect(out).not.toContain(written);
    }
    expect(out).toContain('Alice Martin');
    expect(out).toContain('2024-07-03'); // a date in a message is not a phone number
  });

  it('masks numbers written in many ways, not dates or short figures', () => {
    expect(maskNumbersInText('call 06 12 34 56 78 or (555) 123-4567 or +1.555.123.4567')).toBe(
      'call •• •• •• •• •• or (•••) •••-•••• or +•.•••.•••.••••',
    );
    expect(maskNumbersInText('on 2024-07-03 at 10:30, 3 apples, code 1234')).toBe(
      'on 2024-07-03 at 10:30, 3 apples, code 1234',
    );
  });

  it('writes the documented JSON shape, and it imports back to the same messages', async () => {
    const out = await run('json');
    const file = JSON.parse(out) as JsonExport;
    expect(file.format).toBe('textkeep.conversation');
    expect(file.version).toBe(1);
    expect(file.conversation).toEqual({
      title: 'Alice Martin',
      isGroup: false,
      participants: [{ address: '+33612345678', name: 'Alice Martin' }],
    });
    expect(file.messages[2]).toMatchObject({
      time: '2024-07-01T08:00:00.000Z',
      direction: 'in',
      sender: '+33612345678',
      text: '',
      attachments: [{ type: 'image/png', name: 'beach.png', size: 12_345, sha256: HASH }],
    });
    expect(textkeepJsonImporter.detect(out.slice(0, 4096), 'x.json')).toBe(true);
    const { messages } = await collect(textkeepJsonImporter.parse(streamOf(out, 1000), {}));
    expect(messages.map((m: RawMessage) => [m.time, m.direction, m.text, m.status, m.sender])).toEqual(
      MESSAGES.map((m) => [
        m.time,
        m.direction,
        m.text,
        m.status,
        m.direction === 'in' ? m.sender : undefined,
      ]),
    );
    expect(messages[2]?.attachments).toEqual([
      { type: 'image/png', name: 'beach.png', size: 12_345, mediaKey: HASH },
    ]);
    expect(messages[0]?.others).toEqual([{ address: '+33612345678', name: 'Alice Martin' }]);
  });

  it('refuses to import a JSON export with hidden numbers, and keeps what a cut-off one holds', async () => {
    const hidden = await run('json', { hideNumbers: true });
    const refused = await collect(textkeepJsonImporter.parse(streamOf(hidden, 1000), {}));
    expect(refused.messages).toHaveLength(0);
    expect(refused.problems[0]).toMatchObject({ reason: 'numbers-hidden', fatal: true });
    const whole = await run('json');
    const cut = whole.indexOf('\n', whole.indexOf('"messages"') + 20) + 1;
    const broken = await collect(textkeepJsonImporter.parse(streamOf(whole.slice(0, cut + 30), 1000), {}));
    expect(broken.messages.map((m) => m.text)).toEqual([MESSAGES[0]?.text]);
    expect(broken.problems).toEqual([{ kind: 'problem', reason: 'truncated', count: 1, fatal: true }]);
  });

  it('says the chosen dates in the header when a range is given', async () => {
    const out = await run('txt', {
      range: { from: Date.parse('2023-12-31T23:00:00Z'), to: Date.parse('2024-03-31T21:59:59Z') },
      messages: MESSAGES.slice(0, 2),
    });
    expect(out).toContain('Dates: 2024-01-01 to 2024-03-31');
    expect(out).toContain('Messages: 2');
  });

  it('reports progress and stops when cancelled', async () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      message(new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(), 'in', `m${String(i)}`),
    );
    const seen: number[] = [];
    await run('txt', { messages: many, onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([2000, 4000, 5000]);
    const abort = new AbortController();
    abort.abort();
    await expect(run('csv', { messages: many, signal: abort.signal })).rejects.toThrow();
  });
});

describe('a message without text or attachment', () => {
  const empty: Message[] = [
    message('2024-03-01T10:00:00Z', 'in', 'before'),
    message('2024-03-01T10:01:00Z', 'in', ''),
    message('2024-03-01T10:02:00Z', 'out', ''),
  ];
  const overrides = { messages: empty };

  it('is a line saying "(no text)" in the transcript, with its time and sender', async () => {
    const lines = (await run('txt', overrides)).split('\n');
    expect(lines).toContain('Messages: 3');
    expect(lines.slice(-4)).toEqual([
      '2024-03-01 11:00 UTC+01:00  Alice Martin: before',
      '2024-03-01 11:01 UTC+01:00  Alice Martin: (no text)',
      '2024-03-01 11:02 UTC+01:00  Me: (no text)',
      '',
    ]);
  });

  it('is a CSV row with its time and an empty text', async () => {
    const rows = parseCsv((await run('csv', overrides)).slice(1));
    const text = CSV_COLUMNS.indexOf('text');
    expect(rows).toHaveLength(1 + empty.length);
    expect(rows.slice(1).map((row) => row[text])).toEqual(['before', '', '']);
  });

  it('is in the JSON export with text "", and imports back as a message', async () => {
    const out = await run('json', overrides);
    expect((JSON.parse(out) as JsonExport).messages.map((m) => m.text)).toEqual(['before', '', '']);
    const { messages, problems } = await collect(textkeepJsonImporter.parse(streamOf(out, 1000), {}));
    expect(problems).toEqual([]);
    expect(messages.map((m) => [m.time, m.direction, m.text])).toEqual([
      [empty[0]?.time, 'in', 'before'],
      [empty[1]?.time, 'in', ''],
      [empty[2]?.time, 'out', ''],
    ]);
  });

  it('is a muted "No text" bubble with its time in the web page', async () => {
    const out = await run('html', overrides);
    const bubbles = out.match(/<div class="msg"[^]*?<\/time>/g) ?? [];
    expect(bubbles).toHaveLength(3);
    for (const bubble of bubbles.slice(1)) {
      expect(bubble).toContain('<p class="text no-text">No text</p>');
      expect(bubble).toMatch(/<time datetime="2024-03-01T10:0[12]:00\.000Z">/);
    }
    expect(out).toMatch(/\.no-text \{[^}]*font-style: italic/);
  });
});

describe('export file names', () => {
  it('names the file by title and dates, safely', () => {
    expect(exportFileName('Alice Martin', { from: '2024-01-05', to: '2024-07-02' }, 'txt')).toBe(
      'Alice Martin 2024-01-05 to 2024-07-02.txt',
    );
    expect(exportFileName('Alice', { from: '2024-01-05', to: '2024-01-05' }, 'csv')).toBe(
      'Alice 2024-01-05.csv',
    );
    expect(safeFileName('../../etc/passwd')).toBe('etc passwd');
    expect(safeFileName('a\u0000b\u202Ec:d')).toBe('abc d');
    expect(safeFileName('...')).toBe('Conversation');
    expect(safeFileName('CON')).toBe('CON conversation');
    expect(safeFileName('😀'.repeat(60))).toHaveLength(80);
  });
});

describe('parts and labels', () => {
  it('names each part of a cut export with its number and the count', () => {
    expect(partFileName('Alice 2024-01-05.png', 2, 3)).toBe('Alice 2024-01-05 part 2 of 3.png');
    expect(partFileName('Alice', 1, 2)).toBe('Alice part 1 of 2');
  });

  it('gives every writer the label, extension and type the page shows', () => {
    for (const exporter of Object.values(TEXT_EXPORTERS)) {
      const label = FORMAT_LABELS[exporter.id];
      expect([exporter.label, exporter.extension, exporter.type]).toEqual([
        label.label,
        label.extension,
        label.type,
      ]);
    }
  });
});

describe('calls in the timeline', () => {
  const timeline: Message[] = [
    message('2024-01-05T13:00:00Z', 'in', 'Call me?'),
    message('2024-01-05T13:03:00Z', 'in', '', { call: { type: 'missed', duration: 0 } }),
    message('2024-01-05T13:05:00Z', 'out', '', { call: { type: 'outgoing', duration: 720 } }),
    message('2024-01-05T13:20:00Z', 'out', 'Thanks'),
    message('2024-01-05T14:00:00Z', 'in', '', { call: { type: 'voicemail', duration: 31 } }),
  ];
  const overrides = { messages: timeline };

  it('is a line of the transcript in words, with its time, party and length; the header counts apart', async () => {
    const lines = (await run('txt', overrides)).split('\n');
    expect(lines).toContain('Messages: 2');
    expect(lines).toContain('Calls: 3');
    expect(lines.slice(-6)).toEqual([
      '2024-01-05 14:00 UTC+01:00  Alice Martin: Call me?',
      '2024-01-05 14:03 UTC+01:00  Missed call from Alice Martin',
      '2024-01-05 14:05 UTC+01:00  Outgoing call to Alice Martin · 12 min',
      '2024-01-05 14:20 UTC+01:00  Me: Thanks',
      '2024-01-05 15:00 UTC+01:00  Voicemail from Alice Martin · 31 s',
      '',
    ]);
    // No "Calls:" line where there are none.
    expect(await run('txt')).not.toContain('Calls:');
  });

  it('names the party of a call by its masked number when numbers are hidden', async () => {
    const bob = { title: '+44 7700 900123', participants: [BOB], isGroup: false };
    const calls = [
      message('2024-01-05T13:03:00Z', 'in', '', {
        sender: BOB.address,
        call: { type: 'missed', duration: 0 },
      }),
      message('2024-01-05T13:05:00Z', 'out', '', { call: { type: 'outgoing', duration: 60 } }),
    ];
    const out = await run('txt', { hideNumbers: true, conversation: bob, messages: calls });
    expect(out.split('\n').slice(-3)).toEqual([
      '2024-01-05 14:03 UTC+01:00  Missed call from +•• •••• ••••••',
      '2024-01-05 14:05 UTC+01:00  Outgoing call to +•• •••• •••••• · 1 min',
      '',
    ]);
  });

  it('is a CSV row with its direction, kind and seconds in the last two columns', async () => {
    const rows = parseCsv((await run('csv', overrides)).slice(1));
    expect(rows[0]?.slice(-2)).toEqual(['call', 'call_duration_seconds']);
    expect(rows[0]?.slice(0, -2)).toEqual([
      'time_utc',
      'local_time',
      'utc_offset',
      'direction',
      'status',
      'sender',
      'sender_number',
      'text',
      'attachments',
    ]);
    const at = (name: (typeof CSV_COLUMNS)[number]): number => CSV_COLUMNS.indexOf(name);
    expect(
      rows
        .slice(1)
        .map((row) => [
          row[at('direction')],
          row[at('text')],
          row[at('call')],
          row[at('call_duration_seconds')],
        ]),
    ).toEqual([
      ['received', 'Call me?', '', ''],
      ['received', '', 'missed', '0'],
      ['sent', '', 'outgoing', '720'],
      ['sent', 'Thanks', '', ''],
      ['received', '', 'voicemail', '31'],
    ]);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
  });

  it('carries each call in the JSON, and imports back with its calls', async () => {
    const out = await run('json', overrides);
    const file = JSON.parse(out) as JsonExport;
    expect(file.messages.map((m) => [m.text, m.call])).toEqual([
      ['Call me?', undefined],
      ['', { type: 'missed', duration: 0 }],
      ['', { type: 'outgoing', duration: 720 }],
      ['Thanks', undefined],
      ['', { type: 'voicemail', duration: 31 }],
    ]);
    const { messages, problems } = await collect(textkeepJsonImporter.parse(streamOf(out, 1000), {}));
    expect(problems).toEqual([]);
    expect(messages.map((m) => [m.time, m.direction, m.text, m.call])).toEqual(
      timeline.map((m) => [m.time, m.direction, m.text, m.call]),
    );
  });

  it('is a centred, muted line in the web page, not a bubble, named with whom for screen readers', async () => {
    const out = await run('html', overrides);
    expect(out.match(/<div class="msg"/g)).toHaveLength(2);
    expect(out).toContain(
      '<div class="call" role="article" aria-label="Missed call from Alice Martin">Missed call · <time datetime="2024-01-05T13:03:00.000Z">14:03 UTC+01:00</time></div>',
    );
    expect(out).toContain(
      '<div class="call" role="article" aria-label="Outgoing call to Alice Martin · 12 min">Outgoing call · 12 min · <time datetime="2024-01-05T13:05:00.000Z">14:05 UTC+01:00</time></div>',
    );
    expect(out).toMatch(/\.call \{ text-align: center; color: var\(--muted\)/);
    expect(out).toContain('2 messages · 3 calls · ');
    expect(out).not.toContain('No text');
  });
});
