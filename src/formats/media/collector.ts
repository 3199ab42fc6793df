/**
 * Collects one lifted base64 value into a Blob and its SHA-256, piece by piece, so a 700 MB attachment never
 * exists as one string or one buffer. The hash is the attachment's media key (contract.ts `RawMedia.hash`).
 */
import type { MediaData } from '../../model/types';
import type { ProblemReason } from '../contract';
import { Base64Decoder } from './base64';
import { createSha256 } from './sha256';

/** Decoded bytes are copied into parts of this size: few Blob parts, and no copy of the whole value. */
const PART_BYTES = 1 << 20;
/** The first part is smaller, so thousands of small images do not each allocate a full part. */
const FIRST_PART_BYTES = 64 << 10;

/** Why a value gave no media. */
export type MediaDamage = Extract<ProblemReason, 'bad-base64' | 'empty-media'>;

/** The media, or why there is none. */
export type CollectedMedia = { hash: string; size: number; data: MediaData } | { damaged: MediaDamage };

/** Media up to this size are kept as bytes, larger ones become a Blob (see MediaRecord in model/types). */
const INLINE_BYTES = 1 << 20;
/**
 * Once this many decoded bytes wait in parts, they are folded into the Blob built so far: the browser keeps
 * large Blobs out of the worker's memory (on disk if need be), so a 700 MB attachment never sits in it whole.
 */
const FOLD_BYTES = 16 << 20;

/** Decodes, hashes and stores one base64 value pushed in pieces; use once. */
export class MediaCollector {
  private readonly _decoder = new Base64Decoder();
  private readonly _hash = createSha256();
  private readonly _parts: Uint8Array<ArrayBuffer>[] = [];
  /** The parts folded so far (see FOLD_BYTES), and the bytes in `_parts` since. */
  private _folded: Blob | null = null;
  private _held = 0;
  private _current: Uint8Array<ArrayBuffer> | null = null;
  private _used = 0;
  private _size = 0;
  private _rawLength = 0;
  private _head = '';

  /** Whether the value was the literal `null` that SB&R writes for "no data" (it would decode to 3 bytes). */
  get isNullLiteral(): boolean {
    return this._rawLength === 4 && this._head === 'null';
  }

  /** Takes the next piece of base64 text. */
  push(chunk: string): void {
    this._rawLength += chunk.length;
    if (this._head.length < 4) this._head += chunk.slice(0, 4 - this._head.length);
    // Once damaged the bytes are never used: stop spending time on them.
    if (this._decoder.invalid) return;
    this._add(this._decoder.push(chunk));
  }

  /** Ends the value: the Blob (of MIME `type`) with its hash and size, or why there is no media. */
  finish(type: string): CollectedMedia {
    if (!this._decoder.invalid) this._add(this._decoder.end());
    if (this._decoder.invalid) return this._drop('bad-base64');
    if (this._size === 0 || this.isNullLiteral) return this._drop('empty-media');
    if (this._current !== null) this._parts.push(this._current.subarray(0, this._used));
    const parts = this._folded ? [this._folded, ...this._parts] : this._parts;
    const data = this._size <= INLINE_BYTES ? joined(this._parts, this._size) : new Blob(parts, { type });
    this._release();
    return { hash: this._hash.hex(), size: this._size, data };
  }

  private _add(bytes: Uint8Array<ArrayBuffer>): void {
    if (bytes.length === 0) return;
    this._hash.update(bytes);
    this._size += bytes.length;
    let from = 0;
    while (from < bytes.length) {
      if (this._current === null) {
        const first = this._parts.length === 0 ? Math.max(FIRST_PART_BYTES, bytes.length - from) : PART_BYTES;
        this._current = new Uint8Array(Math.min(first, PART_BYTES));
        this._used = 0;
      }
      const take = Math.min(bytes.length - from, this._current.length - this._used);
      this._current.set(bytes.subarray(from, from + take), this._used);
      this._used += take;
      from += take;
      if (this._used === this._current.length) {
        this._parts.push(this._current);
        this._held += this._current.length;
        this._current = null;
        if (this._held >= FOLD_BYTES) this._fold();
      }
    }
  }

  private _fold(): void {
    this._folded = new Blob(this._folded ? [this._folded, ...this._parts] : this._parts);
    this._parts.length = 0;
    this._held = 0;
  }

  private _drop(damaged: MediaDamage): CollectedMedia {
    this._release();
    return { damaged };
  }

  private _release(): void {
    this._parts.length = 0;
    this._folded = null;
    this._held = 0;
    this._current = null;
  }
}

/** The parts as one tightly sized buffer (a copy, so the oversized first part is not kept alive). */
function joined(parts: readonly Uint8Array<ArrayBuffer>[], size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
