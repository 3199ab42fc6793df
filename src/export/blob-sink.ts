/**
 * Where an export's bytes go. A BlobSink folds its parts into a Blob every few MB, so the browser can move
 * them to its blob storage (Chromium keeps large blobs on disk) and the worker's heap holds one slice at a
 * time; a FileSink writes straight into a file the person chose (showSaveFilePicker), for archives larger than
 * memory.
 */

/** A destination for bytes. */
export interface ByteSink {
  write(chunk: Uint8Array<ArrayBuffer> | string): Promise<void>;
  /** Ends the output: the Blob for a BlobSink, undefined for a file (it is already on disk). */
  close(): Promise<Blob | undefined>;
  abort(): Promise<void>;
}

const FOLD_BYTES = 4 * 1024 * 1024;

/** Collects bytes into one Blob of `type`. */
export class BlobSink implements ByteSink {
  private _folded: Blob[] = [];
  private _pending: (Uint8Array<ArrayBuffer> | string)[] = [];
  private _pendingBytes = 0;

  constructor(private readonly _type: string) {}

  write(chunk: Uint8Array<ArrayBuffer> | string): Promise<void> {
    this._pending.push(chunk);
    // A string's UTF-8 size is at least its length: close enough to decide when to fold.
    this._pendingBytes += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    if (this._pendingBytes >= FOLD_BYTES) this._fold();
    return Promise.resolve();
  }

  close(): Promise<Blob> {
    this._fold();
    const blob = new Blob(this._folded, { type: this._type });
    this._folded = [];
    return Promise.resolve(blob);
  }

  abort(): Promise<void> {
    this._folded = [];
    this._pending = [];
    return Promise.resolve();
  }

  private _fold(): void {
    if (this._pending.length === 0) return;
    this._folded.push(new Blob(this._pending));
    this._pending = [];
    this._pendingBytes = 0;
  }
}

/** Writes into a file the person chose; on abort the partial file is discarded (the writable is aborted). */
export class FileSink implements ByteSink {
  private constructor(private readonly _writable: FileSystemWritableFileStream) {}

  /** Opens `handle` for writing (from the start, replacing what was there). */
  static async open(handle: FileSystemFileHandle): Promise<FileSink> {
    return new FileSink(await handle.createWritable());
  }

  async write(chunk: Uint8Array<ArrayBuffer> | string): Promise<void> {
    await this._writable.write(chunk);
  }

  async close(): Promise<undefined> {
    await this._writable.close();
    return undefined;
  }

  async abort(): Promise<void> {
    await this._writable.abort().catch(() => undefined);
  }
}
