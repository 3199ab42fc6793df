import { describe, expect, it } from 'vitest';
import { ContentLineAssembler, parseContentLine, type ContentLine } from './content-lines';
import { LineSplitter, type PhysicalLine } from './line-splitter';
import { decodeQuotedPrintable } from './quoted-printable';

function split(chunks: string[]): PhysicalLine[] {
  const splitter = new LineSplitter();
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
}

describe('LineSplitter', () => {
  it.each([
    ['LF', ['a\nb\n'], ['a', 'b']],
    ['CRLF split between chunks', ['a\r', '\nb\r\n'], ['a', 'b']],
    ['lone CR', ['a\rb\r'], ['a', 'b']],
    ['mixed, no final ending', ['a\r\nb\rc\nd'], ['a', 'b', 'c', 'd']],
    ['empty lines', ['\n\r\r\n'], ['', '', '']],
  ])('%s', (_name, chunks, lines) => {
    expect(split(chunks).map((line) => line.text)).toEqual(lines);
  });

  it('marks lines ended by a lone CR', () => {
    expect(split(['a\rb\r\nc\r', 'd']).map((line) => line.crOnly)).toEqual([true, false, true, false]);
  });
});

describe('decodeQuotedPrintable', () => {
  it.each([
    ['=C3=A7a', 'ça'],
    ['=F0=9F=98=A2!', '😢!'],
    ['soft=\r\nbreak=', 'softbreak'],
    ['a=3Db =ZZ', 'a=b =ZZ'],
    ['d=c3=a9j=C3=A0 déjà', 'déjà déjà'],
  ])('%s', (input, output) => {
    expect(decodeQuotedPrintable(input)).toBe(output);
  });

  it('decodes in the given charset', () => {
    expect(decodeQuotedPrintable('caf=E9', 'ISO-8859-1')).toBe('café');
  });
});

describe('content lines', () => {
  it('parses names, groups, bare and quoted parameters', () => {
    const line = parseContentLine('item1.tel;TYPE="cell,voice";PREF:+1:2');
    expect(line.name).toBe('TEL');
    expect(line.value).toBe('+1:2');
    expect([...line.params]).toEqual([['TYPE', ['cell', 'voice', 'PREF']]]);
    expect(parseContentLine('just some text').name).toBeUndefined();
  });

  it('joins folds and soft breaks, but never swallows the END of a block', () => {
    const out: ContentLine[] = [];
    const lines = new ContentLineAssembler((line) => out.push(line));
    const input = 'NOTE:one\n two\nX;ENCODING=QUOTED-PRINTABLE:a=\nb=\nEND:VCARD\ntext\n indented';
    for (const line of split([input])) lines.push(line);
    lines.end();
    expect(out.map((line) => [line.name, line.value])).toEqual([
      ['NOTE', 'onetwo'],
      ['X', 'ab='],
      ['END', 'VCARD'],
      [undefined, ''],
      [undefined, ''],
    ]);
    expect(out.slice(3).map((line) => line.raw)).toEqual(['text', ' indented']);
  });
});
