/**
 * CRC-32 (ISO-HDLC: reflected polynomial 0xEDB88320, the one PNG, zip and gzip use), table-driven.
 * Only compressed bytes pass through it, so one table lookup per byte is fast enough.
 */

const TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** Continues a CRC over `bytes`; start with `crc = 0` and chain calls to cover several pieces. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (const byte of bytes) c = (TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return ~c >>> 0;
}
