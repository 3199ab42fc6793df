/**
 * The bounds of limits.ts, format by format: past one, a file is damaged there (a fatal `malformed`), what
 * came before is kept, and nothing grows without bound on the way. The whole-import view of the same cases
 * is in src/import/hostile/.
 */
import { describe, expect, it } from 'vitest';
import type { ImportItem } from '../contract';
import { sbrImporter } from '../importers/sbr/sbr-importer';
import { collect, streamOf } from '../../../test-support/streams';
import { textkeepJsonImporter } from '../importers/textkeep-json/textkeep-json-importer';
import { vcfImporter } from '../importers/vcf/vcf-importer';
import { vmsgImporter } from '../importers/vmsg/vmsg-importer';
import { wpMsgImporter } from '../importers/wp-msg/wp-msg-importer';
import { MAX_ATTACHMENTS, MAX_DEPTH, MAX_PARTICIPANTS, MAX_TEXT_CHARS } from '../limits';
import { XmlRepair } from '../xml/repair';
import {
  BEFORE_DATE,
  HOSTILE_ADDRESS,
  SBR_HEAD,
  SBR_TAIL,
  repeatedStream,
  smsXml,
} from '../../../test-support/hostile-inputs';

/** Repairs `input` in chunks of `size`; returns the output and the bound passed, if any. */
function repair(input: string, size: number): { out: string; limit: string | undefined } {
  const repairer = new XmlRepair({ liftAttributes: ['data'] });
  let out = '';
  for (let at = 0; at < input.length; at += size) out += repairer.push(input.slice(at, at + size));
  out += repairer.end();
  return { out, limit: repairer.limit };
}

const CHUNKS = [7, 4096, 65_536, Infinity];

describe('the XML pre-pass bounds', () => {
  it.each(CHUNKS)('counts open elements, in chunks of %s', (size) => {
    const deep = (levels: number): string => `${'<a x="1">'.repeat(levels)}${'</a>'.repeat(levels)}`;
    expect(repair(deep(MAX_DEPTH), size).limit).toBeUndefined();
    expect(repair(deep(MAX_DEPTH + 1), size).limit).toBe('depth');
    // Siblings and self-closing elements never add up.
    expect(
      repair(`<r>${'<a><b/></a>'.repeat(10_000)}${'<c/>'.repeat(1000)}</r>`, size).limit,
    ).toBeUndefined();
  });

  it.each(CHUNKS)('stops the text right after the element that went too deep, in chunks of %s', (size) => {
    const input = `<r>${'<a>'.repeat(MAX_DEPTH + 50)}tail`;
    const { out } = repair(input, size);
    expect(out).toBe(`<r>${'<a>'.repeat(MAX_DEPTH)}`);
  });

  // The bound is checked at each chunk's end: a construct may pass it by up to one chunk.
  const long = 'y'.repeat(MAX_TEXT_CHARS + 2 * 65_536);
  it.each([
    ['an attribute value', `<r><a v="${long}"/></r>`],
    ['a text', `<r>${long}</r>`],
    ['a comment', `<r><!--${long}--></r>`],
    ['a CDATA section', `<r><![CDATA[${long}]]></r>`],
    ['a processing instruction', `<r><?pi ${long}?></r>`],
    ['a DOCTYPE', `<!DOCTYPE r [${long}]><r/>`],
    [
      'a tag of many attributes',
      `<r><a ${Array.from({ length: 300_000 }, (_, i) => `a${String(i)}=""`).join(' ')}/></r>`,
    ],
  ])('passes its length bound in %s', (_, input) => {
    expect(repair(input, 65_536).limit).toBe('length');
  });

  it('lets a value just under the bound through, and any lifted value whatever its length', () => {
    const under = 'y'.repeat(MAX_TEXT_CHARS - 100);
    expect(repair(`<r><a v="${under}"/></r>`, 65_536)).toEqual({
      out: `<r><a v="${under}"/></r>`,
      limit: undefined,
    });
    const data = `<r><part data="${'QUJD'.repeat(MAX_TEXT_CHARS)}"/></r>`;
    expect(repair(data, 65_536)).toEqual({ out: '<r><part data="lift:0"/></r>', limit: undefined });
  });
});

const reasons = (items: ImportItem[]): string[] =>
  items.flatMap((i) => (i.kind === 'problem' ? [`${i.reason}${i.fatal ? '!' : ''}`] : []));
const texts = (items: ImportItem[]): string[] => items.flatMap((i) => (i.kind === 'message' ? [i.text] : []));

const mms = (inner: string, address = HOSTILE_ADDRESS): string =>
  `<mms date="${String(BEFORE_DATE + 1000)}" msg_box="1" address="${address}"><parts>${inner}</parts></mms>\n`;
const sbr = (...records: string[]): string =>
  SBR_HEAD +
  smsXml('before', BEFORE_DATE) +
  records.join('') +
  smsXml('after', BEFORE_DATE + 2000) +
  SBR_TAIL;
const part = (text: string): string => `<part seq="0" ct="text/plain" text="${text}"/>`;

describe('SB&R bounds on one MMS', () => {
  it.each([
    ['parts', mms(part('p').repeat(MAX_ATTACHMENTS + 1))],
    ['text over its parts', mms(part('t'.repeat(MAX_TEXT_CHARS / 4 + 1)).repeat(4))],
    [
      'addresses',
      mms(`<addrs>${`<addr address="+1555555" type="151"/>`.repeat(MAX_PARTICIPANTS + 1)}</addrs>`),
    ],
  ])('too many %s is damage at that MMS; the message before is kept', async (_, record) => {
    const { items } = await collect(sbrImporter.parse(streamOf(sbr(record), 65_536), {}));
    expect(reasons(items)).toEqual(['malformed!']);
    expect(texts(items)).toEqual(['before']);
  });

  it('as many as a phone writes are read', async () => {
    const record = mms(part('p').repeat(MAX_ATTACHMENTS));
    const { items } = await collect(sbrImporter.parse(streamOf(sbr(record), 65_536), {}));
    expect(reasons(items)).toEqual([]);
    expect(texts(items)).toHaveLength(3);
  });

  it('an `address` list longer than any group is not taken as the participants', async () => {
    const list = Array.from({ length: MAX_PARTICIPANTS + 1 }, (_, i) => `+1555555${String(1000 + i)}`).join(
      '~',
    );
    const record = `<mms date="${String(BEFORE_DATE + 1000)}" msg_box="1" address="${list}"><parts>${part('x')}</parts></mms>`;
    const { messages, problems } = await collect(sbrImporter.parse(streamOf(sbr(record), 65_536), {}));
    expect(messages.map((m) => m.others.length)).toEqual([1, 1]);
    expect(problems.map((p) => p.reason)).toEqual(['no-party']);
  });
});

const wp = (...messages: string[]): string =>
  `<?xml version="1.0" encoding="utf-8"?>\r\n<ArrayOfMessage>${messages.join('')}</ArrayOfMessage>`;
const wpMessage = (body: string, extra = ''): string =>
  `<Message><Recepients>${extra}</Recepients><Body>${body}</Body><IsIncoming>true</IsIncoming>` +
  `<Attachments/><LocalTimestamp>131230002909464794</LocalTimestamp><Sender>${HOSTILE_ADDRESS}</Sender></Message>`;

describe('Windows Phone bounds on one message', () => {
  it.each([
    ['a body cut by comments into pieces', wpMessage(`${'b'.repeat(MAX_TEXT_CHARS / 4)}<!---->`.repeat(5))],
    ['recipients', wpMessage('r', '<string>+15555550123</string>'.repeat(MAX_PARTICIPANTS + 1))],
  ])('too long or too many %s is damage; the message before is kept', async (_, message) => {
    const { items } = await collect(
      wpMsgImporter.parse(streamOf(wp(wpMessage('before'), message), 65_536), {}),
    );
    expect(reasons(items)).toEqual(['malformed!']);
    expect(texts(items)).toEqual(['before']);
  });
});

const vmsg = (body: string): string =>
  `BEGIN:VMSG\r\nVERSION:1.1\r\nX-IRMC-BOX:INBOX\r\nBEGIN:VCARD\r\nTEL:${HOSTILE_ADDRESS}\r\nEND:VCARD\r\n` +
  `BEGIN:VENV\r\nBEGIN:VBODY\r\nDate:07.11.2016 13:51:30\r\n${body}\r\nEND:VBODY\r\nEND:VENV\r\nEND:VMSG\r\n`;

describe('text format bounds', () => {
  it('a vMessage body of many lines over the bound is damage; the message before is kept', async () => {
    const body = 'a short line\r\n'.repeat(MAX_TEXT_CHARS / 12);
    const { items } = await collect(vmsgImporter.parse(streamOf(vmsg('before') + vmsg(body), 65_536), {}));
    expect(reasons(items)).toEqual(['malformed!']);
    expect(texts(items)).toEqual(['before']);
  });

  it('a line of 1 GB is damage once past the bound, read no further; the message before is kept', async () => {
    const [head = '', tail = ''] = vmsg('\u0000').split('\u0000');
    let read = 0;
    const stream = repeatedStream(vmsg('before') + head, 'x', 1 << 30, tail);
    const { items } = await collect(vmsgImporter.parse(stream, { onProgress: (n) => (read = n) }));
    expect(reasons(items)).toEqual(['malformed!']);
    expect(texts(items)).toEqual(['before']);
    expect(read).toBeLessThan(8 << 20);
  });

  it('a vCard value folded over the bound is damage; the card before is kept', async () => {
    const card = (name: string): string => `BEGIN:VCARD\r\nFN:${name}\r\nTEL:+15555550123\r\nEND:VCARD\r\n`;
    const folded = `BEGIN:VCARD\r\nFN:x${'\r\n y'.repeat(MAX_TEXT_CHARS)}\r\nEND:VCARD\r\n`;
    const { items } = await collect(vcfImporter.parse(streamOf(card('Ann') + folded, 65_536), {}));
    expect(reasons(items)).toEqual(['malformed!']);
    expect(items.filter((i) => i.kind === 'contact')).toHaveLength(1);
  });

  it('a JSON string of 130 MB is damage once past the bound, read no further', async () => {
    const head = '{"format":"textkeep.conversation","version":1,"messages":["';
    const stream = repeatedStream(head, 'x', 130 << 20, '"]}');
    let read = 0;
    const { items } = await collect(textkeepJsonImporter.parse(stream, { onProgress: (n) => (read = n) }));
    expect(reasons(items)).toEqual(['malformed!']);
    expect(read).toBeLessThan(8 << 20);
  });
});
