/** One `AttachmentDataBase64String` value, lifted out of the XML by the repair pre-pass and collected here. */
import { Base64Decoder } from '../../media/base64';
import { MediaCollector, type CollectedMedia } from '../../media/collector';

/**
 * How much base64 is kept aside for decoding as text: 1 MB of base64 is 384 K UTF-16 characters, far more
 * than any text part of a real MMS. The content type may come after the data (element order is not to be
 * relied on), so every value is kept up to this cap; a longer one stays a media attachment even if it is
 * text/plain, rather than being held whole as a string.
 */
export const TEXT_PART_CAP = 1 << 20;

const utf16 = new TextDecoder('utf-16le');

/** The bytes of one attachment: streamed into a MediaCollector, and the first MB kept for a text decode. */
export class LiftedPart {
  private readonly _collector = new MediaCollector();
  private _base64: string[] = [];
  private _length = 0;
  private _overCap = false;

  /** Takes the next piece of base64. */
  push(chunk: string): void {
    this._collector.push(chunk);
    if (this._overCap) return;
    this._length += chunk.length;
    if (this._length > TEXT_PART_CAP) {
      this._overCap = true;
      this._base64 = [];
    } else {
      this._base64.push(chunk);
    }
  }

  /**
   * The value as a text part (base64 of UTF-16LE, FORMATS.md §2.3): its text; `bad-base64` if the base64 is
   * damaged; `too-long` past the cap (then use `media()`).
   */
  text(): { text: string } | { damaged: 'bad-base64' } | 'too-long' {
    if (this._overCap) return 'too-long';
    const decoder = new Base64Decoder();
    const pieces: Uint8Array[] = this._base64.map((chunk) => decoder.push(chunk));
    pieces.push(decoder.end());
    this._base64 = [];
    if (decoder.invalid) return { damaged: 'bad-base64' };
    const bytes = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
    let at = 0;
    for (const piece of pieces) {
      bytes.set(piece, at);
      at += piece.length;
    }
    return { text: utf16.decode(bytes) };
  }

  /** The value as media bytes of MIME `type`: Blob, SHA-256 and size, or why there are none. */
  media(type: string): CollectedMedia {
    this._base64 = [];
    return this._collector.finish(type);
  }
}
