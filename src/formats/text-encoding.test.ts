import { describe, expect, it } from 'vitest';
import { collect, streamOf, utf16 } from '../../test-support/streams';
import { headText } from './importers/registry';
import { sbrImporter } from './importers/sbr/sbr-importer';
import { vcfImporter } from './importers/vcf/vcf-importer';
import { StreamingTextDecoder, sniffEncoding } from './text-encoding';

const VMSG = 'BEGIN:VMSG\r\nVERSION:1.1\r\n';
const utf8Bom = (text: string): Uint8Array =>
  new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);

describe('headText decodes the head in the encoding its bytes show', () => {
  it.each([
    ['UTF-8', new TextEncoder().encode(VMSG)],
    ['UTF-8 with BOM', utf8Bom(VMSG)],
    ['UTF-16LE without BOM (Nokia PC Suite)', utf16(VMSG, 'le')],
    ['UTF-16LE with BOM', utf16(VMSG, 'le', true)],
    ['UTF-16BE without BOM', utf16(VMSG, 'be')],
    ['UTF-16BE with BOM', utf16(VMSG, 'be', true)],
  ])('%s', (_label, bytes) => {
    expect(headText(bytes)).toBe(VMSG);
  });

  it('cut in the middle of a UTF-16 code unit, still reads what came before', () => {
    expect(headText(utf16(VMSG, 'le').slice(0, 13))).toMatch(/^BEGIN:/);
  });

  it('keeps non-Latin text in a UTF-16 head', () => {
    expect(headText(utf16('BEGIN:VCARD\r\nFN:Иван 🌻', 'le'))).toBe('BEGIN:VCARD\r\nFN:Иван 🌻');
  });
});

describe('the importers read UTF-16 streams', () => {
  const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Иван 🌻\r\nTEL:+7900\r\nEND:VCARD\r\n';

  it.each([1, 3, 7, 64])('vCard in UTF-16BE with BOM, in chunks of %i bytes', async (chunk) => {
    const { contacts, problems } = await collect(
      vcfImporter.parse(streamOf(utf16(card, 'be', true), chunk), {}),
    );
    expect(problems).toEqual([]);
    expect(contacts).toEqual([{ kind: 'contact', address: '+7900', name: 'Иван 🌻' }]);
  });

  it.each([1, 5, 64])('SB&R XML in UTF-16LE with BOM, in chunks of %i bytes', async (chunk) => {
    const xml =
      '<?xml version="1.0" encoding="UTF-16" standalone="yes" ?>\r\n<smses count="1">' +
      '<sms protocol="0" address="+15555550101" date="1600000000123" type="2" body="Привет 😀" read="1" />' +
      '</smses>';
    const bytes = utf16(xml, 'le', true);
    expect(sbrImporter.detect(headText(bytes), 'sms.xml')).toBe(true);
    const { messages, problems } = await collect(sbrImporter.parse(streamOf(bytes, chunk), {}));
    expect(problems).toEqual([]);
    expect(messages.map((m) => [m.direction, m.text])).toEqual([['out', 'Привет 😀']]);
  });
});

describe('StreamingTextDecoder', () => {
  const decodeAll = (bytes: Uint8Array, chunk: number): string => {
    const decoder = new StreamingTextDecoder();
    let text = '';
    for (let at = 0; at < bytes.length; at += chunk) text += decoder.decode(bytes.slice(at, at + chunk));
    return text + decoder.end();
  };

  it.each([1, 3, 64])('decodes a file shorter than the sniffed head, in chunks of %i bytes', (chunk) => {
    expect(decodeAll(utf16('{"a":1}', 'le'), chunk)).toBe('{"a":1}');
    expect(decodeAll(utf16('{"a":1}', 'be', true), chunk)).toBe('{"a":1}');
  });

  it('keeps a surrogate pair split across chunks at an odd byte', () => {
    const bytes = utf16(`${'x'.repeat(40)}😀 ok`, 'le');
    expect(decodeAll(bytes, 83)).toBe(`${'x'.repeat(40)}😀 ok`);
  });

  it('reads UTF-8 whose first letters are not Latin, and an empty file', () => {
    expect(sniffEncoding(new TextEncoder().encode('Привет, BEGIN:VMSG'))).toBe('utf-8');
    expect(decodeAll(new Uint8Array(0), 7)).toBe('');
  });
});
