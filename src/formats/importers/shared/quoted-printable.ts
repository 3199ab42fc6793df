/** Quoted-printable values of vCard 2.1 and vMessage properties (`ENCODING=QUOTED-PRINTABLE`). */

const encoder = new TextEncoder();

const decoders = new Map<string, TextDecoder>();

/** A TextDecoder for an archive's CHARSET label, falling back to UTF-8 for labels the runtime lacks. */
export function decoderFor(charset: string | undefined): TextDecoder {
  const label = (charset?.trim() ?? '').toLowerCase() || 'utf-8';
  let decoder = decoders.get(label);
  if (!decoder) {
    try {
      decoder = new TextDecoder(label);
    } catch {
      decoder = new TextDecoder('utf-8');
    }
    decoders.set(label, decoder);
  }
  return decoder;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/**
 * Decodes a quoted-printable value into text in `charset` (UTF-8 by default). The escapes are turned into
 * bytes first and decoded together, so a multi-byte character split over several `=XX` escapes (or over
 * a soft line break) comes out whole. A soft break (`=` at the end of a line) still present is removed;
 * an `=` not followed by two hex digits is kept as written; characters outside ASCII (a writer that did
 * not encode them) are kept as UTF-8.
 */
export function decodeQuotedPrintable(value: string, charset?: string): string {
  const bytes = new Uint8Array(value.length * 3);
  let length = 0;
  let i = 0;
  while (i < value.length) {
    const code = value.charCodeAt(i);
    if (code === 61 /* = */) {
      const next = value.charCodeAt(i + 1);
      if (next === 13 || next === 10) {
        i += next === 13 && value.charCodeAt(i + 2) === 10 ? 3 : 2;
        continue;
      }
      if (i + 1 >= value.length) break; // a trailing soft break
      const high = hexValue(next);
      const low = hexValue(value.charCodeAt(i + 2));
      if (high >= 0 && low >= 0) {
        bytes[length++] = high * 16 + low;
        i += 3;
        continue;
      }
    }
    if (code < 0x80) {
      bytes[length++] = code;
      i += 1;
    } else {
      // A run of raw non-ASCII text: copy it as UTF-8 up to the next escape.
      let end = value.indexOf('=', i);
      if (end < 0) end = value.length;
      length += encoder.encodeInto(value.slice(i, end), bytes.subarray(length)).written;
      i = end;
    }
  }
  return decoderFor(charset).decode(bytes.subarray(0, length));
}
