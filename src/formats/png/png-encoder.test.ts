import { PNG } from 'pngjs';
import { crc32 as nodeCrc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';
import { PNG_COLOURS, PngStreamEncoder, type PngEncoderOptions, type PngFilter } from './png-encoder';

const FILTERS: readonly PngFilter[] = ['none', 'sub', 'up', 'paeth', 'adaptive'];
const FILTER_TYPES: Record<PngFilter, readonly number[]> = {
  none: [0],
  sub: [1],
  up: [2],
  paeth: [4],
  adaptive: [0, 1, 2, 4],
};
const ODD_CHUNKS = [1, 4, 2, 7, 3, 11];

/** Deterministic pseudo-random bytes (mulberry32). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  };
}

/** RGBA with flat areas, gradients and noise (so every filter and Paeth branch is taken), alpha varying. */
function image(width: number, height: number, seed = 1): Uint8Array {
  const next = random(seed);
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      const region = ((x >> 3) + (y >> 2)) % 3;
      for (let k = 0; k < 4; k++) {
        rgba[at + k] = region === 0 ? 200 + k : region === 1 ? (x * (k + 1) + y * 3) & 0xff : next();
      }
    }
  }
  return rgba;
}

/** The pixels a decoder gives back for `rgba` written as `colour`: RGB drops alpha, so it reads as 255. */
function expected(rgba: Uint8Array, colour: keyof typeof PNG_COLOURS): Uint8Array {
  if (colour === 'rgba') return rgba;
  const opaque = rgba.slice();
  for (let i = 3; i < opaque.length; i += 4) opaque[i] = 255;
  return opaque;
}

async function encode(
  rgba: Uint8Array,
  options: PngEncoderOptions,
  chunkRows: readonly number[] = ODD_CHUNKS,
): Promise<Buffer> {
  const encoder = new PngStreamEncoder(options);
  const rowBytes = options.width * 4;
  for (let at = 0, k = 0; at < rgba.length; k++) {
    const rows = chunkRows[k % chunkRows.length] ?? 1;
    const end = Math.min(rgba.length, at + rows * rowBytes);
    await encoder.writeRows(rgba.subarray(at, end));
    at = end;
  }
  expect(encoder.rowsWritten).toBe(rgba.length / rowBytes);
  return Buffer.from(await (await encoder.finish()).arrayBuffer());
}

interface Chunk {
  type: string;
  data: Buffer;
  crc: number;
}

/** Splits a PNG file into its chunks (after checking the signature). */
function chunks(png: Buffer): Chunk[] {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const out: Chunk[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    out.push({ type, data: png.subarray(at + 8, at + 8 + length), crc: png.readUInt32BE(at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

/** Checks the chunk layout and every CRC; returns the header fields and the inflated IDAT stream. */
function structure(png: Buffer) {
  const list = chunks(png);
  for (const { type, data, crc } of list) {
    expect(crc, `CRC of ${type}`).toBe(nodeCrc32(Buffer.concat([Buffer.from(type, 'latin1'), data])));
  }
  const types = list.map((c) => c.type);
  expect(types[0]).toBe('IHDR');
  expect(types.at(-1)).toBe('IEND');
  expect(types.slice(1, -1).every((t) => t === 'IDAT')).toBe(true);
  const ihdr = list[0]?.data ?? Buffer.alloc(0);
  expect(ihdr.length).toBe(13);
  // inflateSync checks the zlib header and the Adler-32 at the end.
  const raw = inflateSync(Buffer.concat(list.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  return {
    width: ihdr.readUInt32BE(0),
    height: ihdr.readUInt32BE(4),
    rest: [...ihdr.subarray(8)],
    idats: types.length - 2,
    raw,
  };
}

/** The filter-type byte of each row of an inflated IDAT stream. */
function filterBytes(raw: Buffer, stride: number): number[] {
  const out: number[] = [];
  for (let at = 0; at < raw.length; at += stride) out.push(raw[at] ?? -1);
  return out;
}

describe('crc32', () => {
  it.each([
    ['123456789', 0xcbf43926],
    ['IEND', 0xae426082],
    ['', 0],
  ])('of %j is the standard value', (text, crc) => {
    expect(crc32(new TextEncoder().encode(text))).toBe(crc);
  });

  it('chains over pieces', () => {
    const bytes = image(37, 5);
    expect(crc32(bytes.subarray(100), crc32(bytes.subarray(0, 100)))).toBe(nodeCrc32(bytes));
  });
});

describe('PngStreamEncoder', () => {
  const cases = [1, 3, 1080, 2160].flatMap((width) =>
    FILTERS.flatMap((filter) =>
      (['rgb', 'rgba'] as const).map((colour) => ({ width, filter, colour, height: width > 100 ? 23 : 61 })),
    ),
  );

  it.each(cases)(
    'gives back the exact pixels: $width px wide, $filter, $colour',
    async ({ width, height, filter, colour }) => {
      const rgba = image(width, height, width);
      const png = await encode(rgba, { width, filter, colour });

      const decoded = PNG.sync.read(png);
      expect([decoded.width, decoded.height]).toEqual([width, height]);
      expect(Buffer.from(decoded.data).equals(expected(rgba, colour))).toBe(true);

      const { bpp, type } = PNG_COLOURS[colour];
      const header = structure(png);
      expect(header).toMatchObject({ width, height, rest: [8, type, 0, 0, 0] });
      expect(header.raw.length).toBe(height * (1 + width * bpp));
      const used = new Set(filterBytes(header.raw, 1 + width * bpp));
      expect([...used].every((t) => FILTER_TYPES[filter].includes(t))).toBe(true);
      // Mixed content: adaptive filtering does pick more than one filter.
      if (filter === 'adaptive' && width > 1) expect(used.size).toBeGreaterThan(1);
    },
  );

  it.each(['up', 'paeth'] as const)(
    'writes a %s-filtered PNG taller than 65,535 rows in order',
    async (filter) => {
      const width = 4;
      const height = 70_000;
      const rgba = new Uint8Array(width * height * 4);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          rgba.set([y & 0xff, (y >> 8) & 0xff, (y * 7 + x) & 0xff, 255 - x], (y * width + x) * 4);
        }
      }
      const png = await encode(rgba, { width, filter, opaque: true }, [4_999, 1, 65_536, 17]);
      const decoded = PNG.sync.read(png);
      expect(decoded.height).toBe(height);
      expect(Buffer.from(decoded.data).equals(expected(rgba, 'rgb'))).toBe(true);
      expect(structure(png).raw.length).toBe(height * (1 + width * 3));
    },
  );

  it('cuts several megabytes of compressed data into many IDAT chunks', async () => {
    const width = 1080;
    const height = 1_100;
    const noise = random(9);
    const rgba = Uint8Array.from({ length: width * height * 4 }, noise);
    const png = await encode(rgba, { width, filter: 'none' }, [97, 250, 3]);
    expect(png.length).toBeGreaterThan(4 << 20);
    expect(Buffer.from(PNG.sync.read(png).data).equals(rgba)).toBe(true);
    expect(structure(png).idats).toBeGreaterThan(16);
  });

  it('filters the same whatever the chunk sizes (previous row carried across chunks)', async () => {
    const width = 50;
    const rgba = image(width, 40, 3);
    for (const filter of FILTERS) {
      const whole = structure(await encode(rgba, { width, filter }, [40])).raw;
      const rows = structure(await encode(rgba, { width, filter }, [1, 2, 3])).raw;
      expect(rows.equals(whole), filter).toBe(true);
    }
  });

  it('lets the caller reuse its buffer for the next rows', async () => {
    const width = 30;
    const rgba = image(width, 12, 5);
    const encoder = new PngStreamEncoder({ width, filter: 'paeth' });
    const reused = new Uint8ClampedArray(width * 4 * 3);
    for (let row = 0; row < 12; row += 3) {
      reused.set(rgba.subarray(row * width * 4, (row + 3) * width * 4));
      await encoder.writeRows(reused);
      reused.fill(0);
    }
    const png = Buffer.from(await (await encoder.finish()).arrayBuffer());
    expect(Buffer.from(PNG.sync.read(png).data).equals(rgba)).toBe(true);
  });

  it('chooses per row the filter with the least sum of absolute differences, bytes read as signed', async () => {
    const width = 20;
    const rgba = new Uint8Array(width * 4 * 6);
    for (let i = 0; i < rgba.length; i++) {
      const [x, y, k] = [Math.floor(i / 4) % width, Math.floor(i / 4 / width), i % 4];
      rgba[i] = 250 - 9 * x - 5 * y - k;
    }
    const { raw } = structure(await encode(rgba, { width, filter: 'adaptive' }));
    // Row 0 falls by 9 a pixel (Sub leaves -9s); each next row is 5 darker (Up leaves -5s, Paeth ties with it).
    expect(filterBytes(raw, 1 + width * 4)).toEqual([1, 2, 2, 2, 2, 2]);
  });

  it.each([
    [{ width: 8 }, 'rgba', 6],
    [{ width: 8, opaque: true }, 'rgb', 2],
    [{ width: 8, opaque: true, colour: 'rgba' }, 'rgba', 6],
    [{ width: 8, colour: 'rgb' }, 'rgb', 2],
  ] as const)('picks the colour type from %j', async (options, colour, type) => {
    const encoder = new PngStreamEncoder(options);
    expect(encoder.colour).toBe(colour);
    await encoder.writeRows(image(8, 2));
    const png = Buffer.from(await (await encoder.finish()).arrayBuffer());
    expect(structure(png).rest[1]).toBe(type);
  });

  it.each([0, -1, 1.5, 2 ** 31, Number.NaN])('refuses width %d', (width) => {
    expect(() => new PngStreamEncoder({ width })).toThrow(RangeError);
  });

  it.each([{ colour: 'toString' }, { filter: 'average' }, { filter: 'constructor' }])(
    'refuses %j',
    (option) => {
      expect(() => new PngStreamEncoder({ width: 2, ...option } as PngEncoderOptions)).toThrow(/Unknown PNG/);
    },
  );

  it('refuses rows of the wrong length, and a PNG with no rows', async () => {
    const encoder = new PngStreamEncoder({ width: 3 });
    await expect(encoder.writeRows(new Uint8Array(13))).rejects.toThrow(
      /rows of a 3-pixel-wide PNG are 12 bytes/,
    );
    await encoder.writeRows(new Uint8Array(0));
    expect(encoder.rowsWritten).toBe(0);
    await expect(encoder.finish()).rejects.toThrow(/at least one row/);
  });

  it('refuses rows and a second finish once finished', async () => {
    const encoder = new PngStreamEncoder({ width: 2 });
    await encoder.writeRows(image(2, 2));
    const png = await encoder.finish();
    await expect(encoder.writeRows(image(2, 1))).rejects.toThrow(/already finished/);
    await expect(encoder.finish()).rejects.toThrow(/already finished/);
    encoder.abort();
    expect(PNG.sync.read(Buffer.from(await png.arrayBuffer())).height).toBe(2);
  });

  it('refuses rows and finish after abort', async () => {
    const encoder = new PngStreamEncoder({ width: 2 });
    await encoder.writeRows(image(2, 2));
    encoder.abort();
    await expect(encoder.writeRows(image(2, 1))).rejects.toThrow(/aborted/);
    await expect(encoder.finish()).rejects.toThrow(/aborted/);
  });

  it('rejects a pending write with the reason of its AbortSignal', async () => {
    const controller = new AbortController();
    const encoder = new PngStreamEncoder({ width: 1080, signal: controller.signal });
    const pending = encoder.writeRows(image(1080, 200));
    const reason = new Error('Cancel pressed');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await expect(encoder.writeRows(image(1080, 1))).rejects.toThrow(/aborted/);
  });

  it('rejects a pending finish with the abort reason', async () => {
    const encoder = new PngStreamEncoder({ width: 1080 });
    await encoder.writeRows(image(1080, 50));
    const finishing = encoder.finish();
    const reason = new Error('Cancel pressed');
    encoder.abort(reason);
    await expect(finishing).rejects.toBe(reason);
  });

  it('starts aborted with an aborted signal', async () => {
    const encoder = new PngStreamEncoder({ width: 2, signal: AbortSignal.abort() });
    await expect(encoder.writeRows(image(2, 1))).rejects.toThrow(/aborted/);
  });
});
