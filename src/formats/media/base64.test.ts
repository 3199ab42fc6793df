import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { Base64Decoder, type NativeBase64 } from './base64';

/**
 * A stand-in for the browser's `setFromBase64` (Node 20 has none), as the standard defines it for what the
 * decoder hands it: plain standard digits, a multiple of 4. It counts its calls, so a test can see it used.
 */
let nativeCalls = 0;
const standIn: NativeBase64 = (target, digits) => {
  nativeCalls++;
  if (digits.length % 4 !== 0 || !/^[A-Za-z0-9+/]*$/.test(digits)) throw new SyntaxError('not plain digits');
  const bytes = Buffer.from(digits, 'base64');
  target.set(bytes);
  return bytes.length;
};

/** Each test runs with the loop alone and with the native decoder for plain runs. */
let backend: NativeBase64 | null = null;

function decode(pieces: readonly string[]): { bytes: Buffer; invalid: boolean } {
  const decoder = new Base64Decoder(backend);
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

describe.each([
  ['the loop', null],
  ['the native decoder for plain runs', standIn],
] as const)('Base64Decoder with %s', (_name, native) => {
  beforeEach(() => {
    backend = native;
  });

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

describe('Base64Decoder, native', () => {
  it('hands long runs of plain digits to the native decoder, and the rest to the loop', () => {
    backend = standIn;
    nativeCalls = 0;
    const bytes = randomBytes(3000);
    // Wrapped at 76 as mail encoders do, with an escaped newline in the middle, and padding at the end.
    const lines = (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\n');
    const text = lines.slice(0, 2000) + '&#10;' + lines.slice(2000);
    const result = decode([text.slice(0, 1001), text.slice(1001)]);
    expect(result.invalid).toBe(false);
    expect(result.bytes.equals(bytes)).toBe(true);
    expect(nativeCalls).toBeGreaterThan(30);
  });
});
