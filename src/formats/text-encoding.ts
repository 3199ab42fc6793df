/**
 * Which Unicode encoding an archive's bytes are in, and a streaming decoder for it. Old phones' suites wrote
 * text archives in UTF-8 or UTF-16, with or without a byte order mark: Nokia PC Suite's `.vmg` is UTF-16LE
 * with none (`42 00 45 00 47 00` = "BEG"), .NET writers put one in front of UTF-16 XML.
 */

/** The encodings a text archive can be in. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/** How many bytes the guess needs to see (fewer only at the end of the file). */
export const SNIFF_BYTES = 64;

/**
 * The encoding of `bytes`, the start of a file: its byte order mark, else the place of the NULs among the
 * first bytes. Every format read as text starts with ASCII (`BEGIN:`, `<?xml`, `{`, white space), which in
 * UTF-16 is a NUL byte next to each character: after it in little-endian, before it in big-endian. UTF-8
 * text has no NULs at all. Anything else, or too few bytes to tell, is UTF-8.
 */
export function sniffEncoding(bytes: Uint8Array): TextEncodingName {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return 'utf-8';
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  const pairs = Math.floor(Math.min(bytes.length, SNIFF_BYTES) / 2);
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenNuls++;
    if (bytes[2 * i + 1] === 0) oddNuls++;
  }
  // Most pairs have their NUL on one side and next to none on the other: a non-Latin letter among the
  // first characters (U+0100 is `00 01` in UTF-16LE) must not flip the guess.
  if (oddNuls * 2 > pairs && evenNuls * 4 < oddNuls) return 'utf-16le';
  if (evenNuls * 2 > pairs && oddNuls * 4 < evenNuls) return 'utf-16be';
  return 'utf-8';
}

/** The start of a file as text, in the encoding its bytes show, BOM removed (a character cut at the end is U+FFFD). */
export function decodeHead(bytes: Uint8Array): string {
  return new TextDecoder(sniffEncoding(bytes)).decode(bytes).replace(/^\uFEFF/, '');
}

/**
 * Decodes a byte stream chunk by chunk in the encoding its first bytes show. The first bytes are held back
 * until there are enough to tell (`SNIFF_BYTES`, or the end), then decoded in streaming mode, so a
 * character, a UTF-16 code unit or a surrogate pair split across chunks comes out whole. The decoder drops
 * the byte order mark itself.
 */
export class StreamingTextDecoder {
  private _decoder: TextDecoder | undefined;
  private _held: Uint8Array[] = [];
  private _heldBytes = 0;

  /** Takes the next chunk; returns the text it completes (maybe '', while the first bytes are held back). */
  decode(chunk: Uint8Array): string {
    if (this._decoder) return this._decoder.decode(chunk, { stream: true });
    this._held.push(chunk);
    this._heldBytes += chunk.byteLength;
    if (this._heldBytes < SNIFF_BYTES) return '';
    const head = this._takeHeld();
    this._decoder = new TextDecoder(sniffEncoding(head));
    return this._decoder.decode(head, { stream: true });
  }

  /** Ends the stream: returns the text still held (a character cut off at the end is U+FFFD). */
  end(): string {
    if (this._decoder) return this._decoder.decode();
    const head = this._takeHeld();
    this._decoder = new TextDecoder(sniffEncoding(head));
    return this._decoder.decode(head);
  }

  private _takeHeld(): Uint8Array {
    const joined = concat(this._held, this._heldBytes);
    this._held = [];
    this._heldBytes = 0;
    return joined;
  }
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const joined = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.byteLength;
  }
  return joined;
}
