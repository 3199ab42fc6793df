import { mediaBlob } from '../../model/types';
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MediaCollector } from './collector';

function collect(pieces: readonly string[], type = 'image/jpeg'): ReturnType<MediaCollector['finish']> {
  const collector = new MediaCollector();
  for (const piece of pieces) collector.push(piece);
  return collector.finish(type);
}

/** Splits `text` into pieces of `size` characters, as the XML pre-pass hands them over. */
function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
}

describe('MediaCollector', () => {
  it.each([
    ['a tiny image in one piece', 3, 1 << 20],
    ['a small image in odd pieces', 50_000, 4_097],
    ['3 MB across several parts', 3 * (1 << 20) + 5, 65_536],
  ])('keeps %s with its SHA-256', async (_, size, pieceSize) => {
    const bytes = randomBytes(size);
    const result = collect(pieces(bytes.toString('base64'), pieceSize), 'image/png');
    if ('damaged' in result) throw new Error(`unexpectedly damaged: ${result.damaged}`);
    expect(result.hash).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(result.size).toBe(size);
    const blob = mediaBlob({ type: 'image/png', data: result.data });
    expect(blob.type).toBe('image/png');
    expect(Buffer.from(await blob.arrayBuffer()).equals(bytes)).toBe(true);
    // Small media stay bytes (a Blob each would cost a round trip to the browser process); large become Blobs.
    expect(result.data instanceof Blob).toBe(size > 1 << 20);
  });

  it.each([
    ['corrupt base64', ['not-valid-base64-content!!'], 'bad-base64'],
    ['damage in a later piece', ['QUJD', 'RE#G'], 'bad-base64'],
    ['an empty value', [], 'empty-media'],
    ['whitespace only', ['\r\n', '  '], 'empty-media'],
    ['the literal null', ['nu', 'll'], 'empty-media'],
  ])('reports %s', (_, input, damaged) => {
    expect(collect(input)).toEqual({ damaged });
  });

  it('tells the literal null apart from real data', () => {
    const empty = new MediaCollector();
    empty.push('null');
    expect(empty.isNullLiteral).toBe(true);
    const real = new MediaCollector();
    real.push('nullQUJD');
    expect(real.isNullLiteral).toBe(false);
    expect(real.finish('text/plain')).toMatchObject({ size: 6 });
  });
});
