/**
 * A ByteSink into a file of the origin private file system (OPFS), for "Export everything" where the browser
 * cannot write into a file the person chooses (no showSaveFilePicker: Firefox, Safari, Android, or the picker
 * declined). A BlobSink there made the browser hold the whole zip in memory (a 1.79 GB zip took 1.87 GB);
 * written through a synchronous access handle (dedicated workers only) the bytes go to disk as they come, and
 * `getFile()` hands back a disk-backed File the page can download, so memory stays flat whatever the size.
 * The price is disk: the copy needs as much free space as the zip, so the export asks `storage.estimate()`
 * first (see `roomFor`) and a full disk mid-way is reported in words, the partial file removed.
 */
import { formatBytes } from '../lib/format';
import type { ByteSink } from './blob-sink';

/** Where the page wants the zip spooled: an OPFS folder and a file name in it (the page removes it later). */
export interface SpoolTarget {
  folder: string;
  name: string;
}

/** There is not room for the zip (before it starts, or the disk filled up while writing). */
export class NoRoomError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoRoomError';
  }
}

const KEPT = 'Nothing was exported and nothing was changed: every message is still stored.';
const TODO =
  'Free some space on this device and try again, or use a browser that saves straight into a file you choose (Chrome or Edge on a computer).';

/** Throws a NoRoomError when the origin's quota cannot take `needed` more bytes (unknown quota: no check). */
export async function roomFor(
  needed: number,
  estimate: () => Promise<StorageEstimate> = () => navigator.storage.estimate(),
): Promise<void> {
  const { quota, usage } = await estimate();
  if (quota === undefined || usage === undefined) return;
  const free = quota - usage;
  if (free >= needed) return;
  throw new NoRoomError(
    `There is not room on this device for the zip: it needs about ${formatBytes(needed)} and Textkeep can use only ${formatBytes(Math.max(0, free))} more. ${KEPT} ${TODO}`,
  );
}

/**
 * The part of FileSystemSyncAccessHandle used here, declared here because the page's DOM library (which
 * also checks this file, through the wire types the page imports) does not have it.
 */
interface SyncHandle {
  write(buffer: Uint8Array<ArrayBuffer>, options: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}

interface SyncCapable {
  createSyncAccessHandle(): Promise<SyncHandle>;
}

function syncCapable(file: object): file is SyncCapable {
  return 'createSyncAccessHandle' in file;
}

/** Whether this worker can write OPFS files through synchronous access handles. */
export function opfsSupported(): boolean {
  return (
    typeof (navigator.storage as StorageManager | undefined)?.getDirectory === 'function' &&
    typeof FileSystemFileHandle !== 'undefined' &&
    syncCapable(FileSystemFileHandle.prototype)
  );
}

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'QuotaExceededError';
}

/** Writes into an OPFS file through a synchronous access handle; removes the file on abort. */
export class OpfsSink implements ByteSink {
  private _at = 0;
  private readonly _encoder = new TextEncoder();

  private constructor(
    private readonly _folder: FileSystemDirectoryHandle,
    private readonly _file: FileSystemFileHandle,
    private readonly _handle: SyncHandle,
  ) {}

  /** Opens (creates, empties) the spool file; undefined where OPFS sync handles are missing or refused. */
  static async open(target: SpoolTarget): Promise<OpfsSink | undefined> {
    try {
      const root = await navigator.storage.getDirectory();
      const folder = await root.getDirectoryHandle(target.folder, { create: true });
      const file = await folder.getFileHandle(target.name, { create: true });
      if (!syncCapable(file)) return undefined;
      const handle = await file.createSyncAccessHandle();
      handle.truncate(0);
      return new OpfsSink(folder, file, handle);
    } catch {
      // Firefox's private windows refuse OPFS (SecurityError), older Safari has no sync handles.
      return undefined;
    }
  }

  write(chunk: Uint8Array<ArrayBuffer> | string): Promise<void> {
    const bytes = typeof chunk === 'string' ? this._encoder.encode(chunk) : chunk;
    try {
      for (let done = 0; done < bytes.byteLength;) {
        const wrote = this._handle.write(bytes.subarray(done), { at: this._at + done });
        if (wrote <= 0) throw new DOMException('Nothing was written.', 'QuotaExceededError');
        done += wrote;
      }
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      throw new NoRoomError(
        `The storage of this device filled up after ${formatBytes(this._at)} of the zip, so the export stopped and the partial zip was removed. ${KEPT} ${TODO}`,
      );
    }
    this._at += bytes.byteLength;
    return Promise.resolve();
  }

  /** The finished zip: a File read from disk when used, not a copy in memory. */
  async close(): Promise<File> {
    this._handle.flush();
    this._handle.close();
    return this._file.getFile();
  }

  async abort(): Promise<void> {
    try {
      this._handle.close();
    } catch {
      // Already closed.
    }
    await this._folder.removeEntry(this._file.name).catch(() => undefined);
  }
}
