/** The PNG row filters (PNG spec 9.2) and RGBA → RGB packing: the per-pixel loops of the encoder. */

/** A row filter: writes `cur` filtered against `prev` into `out` from `at`. */
export type RowFilter = (cur: Uint8Array, prev: Uint8Array, out: Uint8Array, at: number, bpp: number) => void;

/** RGBA → RGB for whole rows, each after its filter byte 0 (None), into `out`. */
export function packRgbRows(source: Uint8Array, width: number, rows: number, out: Uint8Array): void {
  const stride = 1 + width * 3;
  for (let y = 0; y < rows; y++) {
    let d = y * stride;
    out[d++] = 0;
    for (let s = y * width * 4, end = s + width * 4; s < end; s += 4, d += 3) {
      out[d] = source[s] ?? 0;
      out[d + 1] = source[s + 1] ?? 0;
      out[d + 2] = source[s + 2] ?? 0;
    }
  }
}

/** RGBA → RGB for one row starting at `from`, into `row`. */
export function packRgb(source: Uint8Array, from: number, row: Uint8Array): Uint8Array {
  for (let s = from, d = 0; d < row.length; s += 4, d += 3) {
    row[d] = source[s] ?? 0;
    row[d + 1] = source[s + 1] ?? 0;
    row[d + 2] = source[s + 2] ?? 0;
  }
  return row;
}

/** Row filters by filter type; `prev` is all zeros for the first row, as the spec says. */
export const ROW_FILTERS: readonly (RowFilter | undefined)[] = [
  (cur, _prev, out, at) => out.set(cur, at),
  (cur, _prev, out, at, bpp) => {
    for (let i = 0; i < bpp; i++) out[at + i] = cur[i] ?? 0;
    for (let i = bpp; i < cur.length; i++) out[at + i] = (cur[i] ?? 0) - (cur[i - bpp] ?? 0);
  },
  (cur, prev, out, at) => {
    for (let i = 0; i < cur.length; i++) out[at + i] = (cur[i] ?? 0) - (prev[i] ?? 0);
  },
  undefined,
  (cur, prev, out, at, bpp) => {
    for (let i = 0; i < bpp; i++) out[at + i] = (cur[i] ?? 0) - (prev[i] ?? 0);
    for (let i = bpp; i < cur.length; i++) {
      const a = cur[i - bpp] ?? 0;
      const b = prev[i] ?? 0;
      const c = prev[i - bpp] ?? 0;
      const pa = Math.abs(b - c);
      const pb = Math.abs(a - c);
      const pc = Math.abs(a + b - c - c);
      out[at + i] = (cur[i] ?? 0) - (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
    }
  },
];

/** Sum of the bytes read as signed, stopping early once it reaches `limit`. */
export function absoluteSum(bytes: Uint8Array, limit: number): number {
  let sum = 0;
  for (let i = 0; i < bytes.length && sum < limit; i++) {
    const v = bytes[i] ?? 0;
    sum += v < 128 ? v : 256 - v;
  }
  return sum;
}
