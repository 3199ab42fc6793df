import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Base64Decoder } from './base64';

function decode(pieces: readonly string[]): { bytes: Buffer; invalid: boolean } {
  const decoder = new Base64Decoder();
  const parts = pieces.map((piece) => decoder.push(piece));
  parts.push(decoder.end());
  return { bytes: Buffer.concat(parts), invalid: decoder.invalid };
}

/** Every single split, plus one character at a time. */
function chunkings(text: string): string[][] {
  const all = [[text], Array.from({ length: text.length }, (_, k) => text.charAt(k))];
  for (let k = 0; k <= text.length; k++) all.push([text.slice(0, k), text.slice(k)]);
  return all;
}

describe('Base64Decoder', () => {
  it.each([0, 1, 2, 3, 4, 5, 31, 32, 33, 100])(
    'matches Buffer on %i random bytes at every chunking',
    (size) => {
      const bytes = randomBytes(size);
      for (const alphabet of ['base64', 'base64url'] as const) {
        for (const pieces of chunkings(bytes.toString(alphabet))) {
          const result = decode(pieces);
          expect(result.invalid).toBe(false);
          expect(result.bytes.equals(bytes)).toBe(true);
        }
      }
    },
  );

  it('matches Buffer on 1 MB in uneven pieces', () => {
    const bytes = randomBytes(1 << 20);
    const text = bytes.toString('base64');
    const pieces: string[] = [];
    for (let at = 0, step = 1; at < text.length; at += step, step = (step * 7 + 3) % 65_537) {
      pieces.push(text.slice(at, at + step));
    }
    expect(decode(pieces).bytes.equals(bytes)).toBe(true);
  });

  it.each([
    ['line wrapping with CRLF', 'QUJD\r\nREVG\r\n', 'ABCDEF'],
    ['spaces and tabs', ' QU JD\tRE VG ', 'ABCDEF'],
    ['newline references left by an XML writer', 'QUJD&#10;REVG&#xD;&#xa;R0g=', 'ABCDEFGH'],
    ['missing padding', 'QUJDRA', 'ABCD'],
    ['one = of padding', 'QUI=', 'AB'],
    ['URL-safe digits', '-_-_', '\xfb\xff\xbf'],
  ])('decodes %s', (_, text, expected) => {
    for (const pieces of chunkings(text)) {
      const result = decode(pieces);
      expect(result.invalid).toBe(false);
      expect(result.bytes.toString('latin1')).toBe(expected);
    }
  });

  it.each([
    ['a character outside the alphabet', 'QUJD!REVG'],
    ['non-ASCII', 'QUJDé'],
    ['data after padding', 'QQ==QQ=='],
    ['padding too early', 'Q==='],
    ['a length of one past a quad', 'QUJDR'],
    ['a reference to something other than whitespace', 'QUJD&#65;'],
    ['an unterminated reference', 'QUJD&#10'],
    ['the text of a corrupt attachment', 'not-valid-base64-content!!'],
  ])('flags %s', (_, text) => {
    for (const pieces of chunkings(text)) expect(decode(pieces).invalid).toBe(true);
  });
});
