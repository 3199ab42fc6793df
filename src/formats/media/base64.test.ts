import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { Base64Decoder, type NativeBase64 } from './base64';

/**
 * A stand-in for the browser's `setFromBase64(text, { lastChunkHandling: 'stop-before-partial' })` (Node 20
 * has none), as the standard defines it: ASCII whitespace skipped; any other character outside the standard
 * alphabet, or misplaced padding, a SyntaxError (undefined here, as the decoder's wrapper returns); whole
 * quads and a padded last one decoded; a partial quad at the end left unread (`read` stops after the last
 * whole quad). Checked against Chromium 150 on the cases below. It counts its calls, so a test can see it used.
 */
let nativeCalls = 0;
const standIn: NativeBase64 = (target, text) => {
  nativeCalls++;
  const digits: string[] = [];
  let read = 0;
  let quad = '';
  let padded = false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charAt(k);
    if (/[\t\n\f\r ]/.test(c)) continue;
    if (padded) {
      if (c !== '=' || !/^[A-Za-z0-9+/]{2}=$/.test(quad)) return undefined;
      quad += c;
      continue;
    }
    if (c === '=') {
      if (quad.length < 2) return undefined;
      padded = true;
      quad += c;
      if (quad.length === 4) [digits[digits.length], quad, read] = [quad, '', k + 1];
      continue;
    }
    if (!/[A-Za-z0-9+/]/.test(c)) return undefined;
    quad += c;
    if (quad.length === 4) [digits[digits.length], quad, read] = [quad, '', k + 1];
  }
  // Padding begun and not ended ("QQ=") is a partial quad too; with nothing partial, the trailing whitespace
  // is read (as Chromium 150 does: "QUJD\r\n" reads 6).
  if (quad === '') read = text.length;
  const bytes = Buffer.from(digits.join(''), 'base64');
  target.set(bytes);
  return { read, written: bytes.length };
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
  it('hands a whole piece of plain digits to the native decoder at once, line breaks and all', () => {
    backend = standIn;
    nativeCalls = 0;
    const bytes = randomBytes(30_000);
    const text = (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
    const result = decode([text.slice(0, 20_001), text.slice(20_001)]);
    expect(result.invalid).toBe(false);
    expect(result.bytes.equals(bytes)).toBe(true);
    // One call per piece: no search for runs first.
    expect(nativeCalls).toBe(2);
  });

  it('takes data after a padding the native decoder read as damage', () => {
    backend = standIn;
    const head = randomBytes(100).toString('base64');
    expect(head.endsWith('=')).toBe(true);
    expect(decode([head, 'QUJD']).invalid).toBe(true);
  });

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
