import { describe, expect, it } from 'vitest';
import { collect, streamOf } from '../../../../test-support/streams';
import { vcfImporter } from './vcf-importer';

const parse = async (text: string, chunkSize = 7) =>
  (await collect(vcfImporter.parse(streamOf(text, chunkSize), {}))).items;

describe('vcf detect', () => {
  it('recognises a vCard and nothing else', () => {
    expect(vcfImporter.detect('BEGIN:VCARD\r\nVERSION:2.1', 'a.vcf')).toBe(true);
    expect(vcfImporter.detect('\r\nbegin:vcard\n', 'a.vcf')).toBe(true);
    expect(vcfImporter.detect('BEGIN:VMSG\r\nBEGIN:VCARD', 'a.vcf')).toBe(false);
    expect(vcfImporter.detect('<ArrayOfMessage>', 'a.vcf')).toBe(false);
  });
});

describe('vcf contacts', () => {
  it('gives one contact per TEL of a vCard 2.1 card, with a quoted-printable UTF-8 name over a soft break', async () => {
    const card =
      'BEGIN:VCARD\r\nVERSION:2.1\r\n' +
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=D0=BD=D0=BE=D0=B2;=D0=98=D0=B2=D0=B0=D0=BD\r\n' +
      'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=D0=BD =D0=98=D0=B2=D0=B0=\r\n=D0=BD=D0=BE=D0=B2\r\n' +
      'TEL;CELL:+7 900 000-00-01\r\nTEL;HOME;VOICE:+7 495 000-00-02\r\nEND:VCARD\r\n';
    expect(await parse(card)).toEqual([
      { kind: 'contact', address: '+7 900 000-00-01', name: 'Иван Иванов' },
      { kind: 'contact', address: '+7 495 000-00-02', name: 'Иван Иванов' },
    ]);
  });

  it('unfolds vCard 3.0 lines, skips a folded PHOTO, and strips group prefixes', async () => {
    const card =
      'BEGIN:VCARD\nVERSION:3.0\nN:Dupont;Marie-Hélène;;;\nFN:Marie-Hél\n ène Dupont\\, 🌻\n' +
      'TEL;TYPE=CELL:+33 6 00 00 00 01\nitem1.TEL;type=pref:0600000002\n' +
      'PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\n SkZJRgABAQ\n AAAQABAAD\nEND:VCARD\n';
    expect(await parse(card)).toEqual([
      { kind: 'contact', address: '+33 6 00 00 00 01', name: 'Marie-Hélène Dupont, 🌻' },
      { kind: 'contact', address: '0600000002', name: 'Marie-Hélène Dupont, 🌻' },
    ]);
  });

  it('falls back to N (Family;Given → "Given Family") when there is no FN', async () => {
    const card = 'BEGIN:VCARD\r\nVERSION:2.1\r\nN:Smith;John;;;\r\nTEL;WORK:555-0100\r\nEND:VCARD\r\n';
    expect(await parse(card)).toEqual([{ kind: 'contact', address: '555-0100', name: 'John Smith' }]);
  });

  it('reads vCard 4.0 tel: URIs with quoted parameters, and CR-only line endings', async () => {
    const card =
      'BEGIN:VCARD\rVERSION:4.0\rFN:نور الهدى\rTEL;VALUE=uri;TYPE="voice,cell":tel:+1-555-555-0100\rEND:VCARD\r';
    expect(await parse(card)).toEqual([{ kind: 'contact', address: '+1-555-555-0100', name: 'نور الهدى' }]);
  });

  it('gives nothing for a card without a name, reports one without a number, and handles many cards', async () => {
    const cards =
      'BEGIN:VCARD\nVERSION:3.0\nTEL:+1\nEND:VCARD\n' +
      'BEGIN:VCARD\nVERSION:3.0\nFN:No Number\nEND:VCARD\n' +
      'BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nTEL:+2\nEND:VCARD';
    expect(await parse(cards, 3)).toEqual([
      { kind: 'problem', reason: 'no-party', count: 1 },
      { kind: 'contact', address: '+2', name: 'Ann' },
    ]);
  });

  it('counts add up: cards in the file = cards giving contacts + cards skipped, identical cards both kept', async () => {
    const card = (fn: string, tel: string): string =>
      `BEGIN:VCARD\r\nVERSION:2.1\r\n${fn ? `FN:${fn}\r\n` : ''}${tel ? `TEL:${tel}\r\n` : ''}END:VCARD\r\n`;
    const cards = [card('Ann', '+1'), card('Bob', ''), card('Cy', '+3'), card('Cy', '+3'), card('Di', '+4')];
    const { contacts, problems } = await collect(vcfImporter.parse(streamOf(cards.join(''), 5), {}));
    expect(contacts.map((c) => c.name)).toEqual(['Ann', 'Cy', 'Cy', 'Di']);
    expect(problems).toEqual([{ kind: 'problem', reason: 'no-party', count: 1 }]);
    expect(contacts.length + problems.reduce((sum, p) => sum + p.count, 0)).toBe(cards.length);
  });

  it('drops a card cut off by the end of the file and reports the file truncated', async () => {
    const text = 'BEGIN:VCARD\nFN:Ann\nTEL:+2\nEND:VCARD\nBEGIN:VCARD\nFN:Bob\nTEL:+3\n';
    expect(await parse(text)).toEqual([
      { kind: 'contact', address: '+2', name: 'Ann' },
      { kind: 'problem', reason: 'truncated', count: 1, fatal: true },
    ]);
  });
});
