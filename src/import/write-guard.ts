/**
 * What keeps one import writer from corrupting another's work, and the disk from filling up under a write.
 *
 * The page holds a Web Lock for the whole import (services/write-lock.ts), so two tabs take turns. The lock is
 * not enough on its own: a tab of an older version takes no lock, and a lock can be stolen ("Delete all
 * data"). So each writer also claims the database: its id goes in the settings store in the same transaction
 * that reads the stored conversations, and every flush transaction first checks that the claim is still its
 * own. IndexedDB runs read-write transactions over the same stores one after the other, so a writer that finds
 * another's claim knows that one has read (or will read) everything it committed, and stops before writing
 * anything more: nothing is written twice, and no count is derived from a stale picture of the database.
 */
import type { SettingRecord } from '../db/schema';
import { WRITER_SETTING } from '../db/settings';

// Its name lives with the settings store: "Re-group conversations" (db/regroup.ts) claims it too.
export { WRITER_SETTING } from '../db/settings';

/** Kept free beyond what a flush needs: the browser's database needs room of its own to compact and commit. */
export const RESERVE_BYTES = 24 * 1024 * 1024;
/** A flush takes about this many times its values' size on disk before compaction (log, then tables). */
export const WRITE_FACTOR = 2;
/**
 * Media take about their own size: the browser keeps large values (pictures) as files beside its tables,
 * written once, never through the log. Measured in Chromium 150 on an on-disk profile: the 275 MB archive
 * with 1,000 distinct ~200 KB pictures peaked at 196 MB of IndexedDB for about 200 MB of pictures, where
 * the text factor would have held 400 MB for them; a margin stays for what the estimate misses.
 */
export const MEDIA_WRITE_FACTOR = 1.25;

/** Pending bytes of media (and text) that start a flush when room is plenty: keeps memory bounded. */
export const FLUSH_MEDIA_BYTES = 48 * 1024 * 1024;
/** Flushes never get smaller than this, however little room is left: below it the import stops instead. */
const MIN_FLUSH_BYTES = 1024 * 1024;

/** How many pending bytes start a flush with `room` bytes left: a quarter of what still fits, at most. */
export function flushBytesFor(room: number): number {
  return Math.max(MIN_FLUSH_BYTES, Math.min(FLUSH_MEDIA_BYTES, room / (4 * WRITE_FACTOR)));
}

/** The disk a flush of `bytes` of values, `mediaBytes` of them media, may take at its peak. */
export function diskBytes(bytes: number, mediaBytes = 0): number {
  return (bytes - mediaBytes) * WRITE_FACTOR + mediaBytes * MEDIA_WRITE_FACTOR;
}

/** Another writer (another tab's import) claimed the database: this one stopped without writing more. */
export class WriterPreemptedError extends Error {
  constructor() {
    super('another import took over the database');
    this.name = 'WriterPreemptedError';
  }
}

/** The database was closed under the import: deleted ("Delete all data") or upgraded by another window. */
export class DatabaseClosedError extends Error {
  constructor(readonly reason: 'deleted' | 'upgraded') {
    super(`the database was ${reason} in another window`);
    this.name = 'DatabaseClosedError';
  }
}

/** The storage is (nearly) full: nothing of the flush that would not fit was written. */
export class StorageFullError extends Error {
  constructor(readonly neededBytes: number) {
    super('storage full');
    this.name = 'StorageFullError';
  }
}

/** A fresh writer id. */
export function newWriterId(): string {
  return crypto.randomUUID();
}

/** The settings store of a read-write transaction, as far as the claim needs it. */
interface SettingsStore {
  get(name: string): Promise<SettingRecord | undefined>;
  put(record: SettingRecord): Promise<unknown>;
}

/** Puts `writerId` as the one writer; in the transaction that also reads what the writer starts from. */
export function claim(settings: SettingsStore, writerId: string): void {
  // A failure aborts the transaction, which its `done` reports.
  settings.put({ name: WRITER_SETTING, value: writerId }).catch(() => undefined);
}

/**
 * The first request of every flush: aborts the transaction (nothing of it is written) and throws if another
 * writer claimed the database since this one did.
 */
export async function checkClaim(
  settings: SettingsStore,
  tx: { abort(): void; done: Promise<void> },
  writerId: string,
): Promise<void> {
  const record = await settings.get(WRITER_SETTING);
  if (record?.value === writerId) return;
  try {
    tx.abort();
  } catch {
    // Already finished: nothing was written by it either way.
  }
  await tx.done.catch(() => undefined);
  throw new WriterPreemptedError();
}

/** What `navigator.storage.estimate()` says, or undefined where it cannot say. */
export interface StorageEstimateLike {
  usage?: number;
  quota?: number;
}

/** Where the writer asks the browser's estimate (a test gives its own). */
export type EstimateStorage = () => Promise<StorageEstimateLike | undefined>;

/**
 * Disk room held for an import: bytes written to prove the disk has them, and kept (not given back) until a
 * flush needs them. A test gives its own.
 */
export interface HeldRoom {
  /** Holds up to `bytes` more, stopping early when the disk is full or `signal` aborts; the bytes now held. */
  grow(bytes: number, signal: AbortSignal): Promise<number>;
  /** Gives `bytes` of what is held back to the disk, for the flush about to be written. */
  give(bytes: number): void;
  /** Gives back all that is still held (the import ended, however it ended). */
  release(): Promise<void>;
}

/** The bytes the estimate leaves after the reserve: negative when even the reserve is gone. */
export function roomLeft(estimate: StorageEstimateLike | undefined): number {
  if (estimate?.quota === undefined || estimate.usage === undefined) return Number.POSITIVE_INFINITY;
  return estimate.quota - estimate.usage - RESERVE_BYTES;
}

/** The browser's estimate, where it has one (workers have it; some test runtimes do not). */
export async function browserEstimate(): Promise<StorageEstimateLike | undefined> {
  try {
    return await navigator.storage.estimate();
  } catch {
    return undefined;
  }
}

const MB = 1024 * 1024;
/** What one look adds at least: each costs a write of this much and a flush to disk, so not one per flush. */
const PROBE_BYTES = 64 * MB;
/** What flushes may take before the first look has answered: a few small flushes' worth. */
const EARLY_BYTES = 4 * MB;
const PROBE_FILE = 'textkeep-room-probe';

/** The part of a worker's FileSystemSyncAccessHandle the held room uses (not in the page's DOM types). */
interface SyncHandle {
  write(data: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}
type ProbeFile = FileSystemFileHandle & { createSyncAccessHandle?: () => Promise<SyncHandle> };

/**
 * Bytes a file system cannot store in less room than they take: random. Zeros are left as holes by some, and a
 * repeated byte is compressed to nearly nothing by others (btrfs, ZFS, NTFS with compression on), which would
 * make the room look held when it is not. Made once per import; writing them costs the same as any bytes.
 */
function incompressible(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  // getRandomValues fills at most 65,536 bytes a call.
  for (let at = 0; at < size; at += 65_536) crypto.getRandomValues(bytes.subarray(at, at + 65_536));
  return bytes;
}

/**
 * Holds room in a scratch file of the origin's private file system: the bytes it could write are bytes the disk
 * really has. Needed because the browser's estimate is a quota, not the free space: with a profile on a 200 MB
 * disk holding 125 MB of other data, Chromium 150 still estimates a quota of 1 GB, and a database that fills the
 * disk fails as a whole. The file is kept and cut down as flushes take its room, rather than written afresh
 * and deleted at each look: each byte of room is then proven by one write, where fresh looks wrote each 64 MB
 * with the 24 MB reserve again (measured on the 275 MB picture archive, on disk: those looks cost 3.0 s of
 * 9.2 s). Infinity where there is no such file system (old browsers, tests), which leaves the estimate and the
 * database's own quota errors. Never more than one per import, in the import worker.
 */
export class ScratchRoom implements HeldRoom {
  private _chunk: Uint8Array<ArrayBuffer> | undefined;
  private _handle: SyncHandle | undefined;
  private _root: FileSystemDirectoryHandle | undefined;
  private _held = 0;
  private _unavailable = false;

  async grow(bytes: number, signal: AbortSignal): Promise<number> {
    const handle = await this._open();
    if (!handle) return Number.POSITIVE_INFINITY;
    const target = this._held + bytes;
    this._chunk ??= incompressible(4 * MB);
    const chunk = this._chunk;
    try {
      // Stopped (Cancel): no more writes; what it holds so far is all it found.
      while (this._held < target && !signal.aborted) {
        const n = handle.write(chunk.subarray(0, Math.min(chunk.length, target - this._held)), {
          at: this._held,
        });
        if (n <= 0) break;
        this._held += n;
        // The writes block this thread: between them, the import's messages are read and written.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      handle.flush();
    } catch {
      // The disk is full at `_held`.
    }
    return this._held;
  }

  give(bytes: number): void {
    if (!this._handle) return;
    this._held = Math.max(0, this._held - bytes);
    try {
      this._handle.truncate(this._held);
    } catch {
      // Cannot shrink: the room stays held until release(), so the flush may find less than it was promised,
      // and the database's own quota error then stops the import.
    }
  }

  async release(): Promise<void> {
    try {
      this._handle?.close();
    } catch {
      // Closed already.
    }
    this._handle = undefined;
    this._held = 0;
    await this._root?.removeEntry(PROBE_FILE).catch(() => undefined);
  }

  private async _open(): Promise<SyncHandle | undefined> {
    if (this._handle || this._unavailable) return this._handle;
    try {
      this._root = await navigator.storage.getDirectory();
      const file = (await this._root.getFileHandle(PROBE_FILE, { create: true })) as ProbeFile;
      if (!file.createSyncAccessHandle) throw new Error('no sync access');
      this._handle = await file.createSyncAccessHandle();
      // Left by an import that did not end (a closed tab): what it held is given back first.
      this._handle.truncate(0);
    } catch {
      this._unavailable = true;
    }
    return this._handle;
  }
}

/**
 * The room an import may write into: the browser's estimate, and the disk's real free space as the held room
 * finds it, less the reserve. Each flush takes its share out of what is held; when that is used up, more is
 * held, and when the disk has no more, the import stops before the database fills it.
 */
export class Room {
  private _held = 0;
  private _last = Number.POSITIVE_INFINITY;
  /** The first look, begun and not yet waited for (see begin()); what flushes took meanwhile. */
  private _measuring: Promise<number> | undefined;
  private _measured = false;
  private _early = 0;
  /** Set by stop(): a look under way ends, and no other is begun. */
  private readonly _stop = new AbortController();
  private _afterStop = 0;

  constructor(
    private readonly _estimate: EstimateStorage = browserEstimate,
    private readonly _disk: HeldRoom = new ScratchRoom(),
  ) {}

  /** The room there was at the last look (for sizing flushes). */
  get last(): number {
    return this._last;
  }

  /** Looks at the room now (at the start of an import). */
  async measure(): Promise<number> {
    const estimated = roomLeft(await this._estimate());
    this._held = await this._disk.grow(PROBE_BYTES + RESERVE_BYTES, this._stop.signal);
    this._last = Math.min(estimated, this._held - RESERVE_BYTES);
    this._measured = true;
    return this._last;
  }

  /**
   * Begins the first look without waiting for it: it writes tens of MB and takes about a second (its writes
   * hold the thread), and the first flushes (the first conversations in the list) are far smaller. Until it
   * has looked, take() lets flushes of up to EARLY_BYTES in all through on the browser's estimate alone, and
   * begins the look (if not begun) and waits for it before any more.
   */
  begin(): Promise<number> {
    if (this._measured) return Promise.resolve(this._last);
    this._measuring ??= this.measure();
    // Its failure is met by the take() that waits for it.
    this._measuring.catch(() => undefined);
    return this._measuring;
  }

  /**
   * The import is stopping (Cancel): a look under way ends after its current write, rather than hold the
   * stop up by a second or more of writing. Afterwards, only small writes (the last summaries, up to
   * EARLY_BYTES in all) go through, on the browser's estimate alone.
   */
  stop(): void {
    this._stop.abort();
  }

  /** Gives back the room still held: the import ended, however it ended. */
  async release(): Promise<void> {
    this._stop.abort();
    await this._measuring?.catch(() => undefined);
    await this._disk.release();
  }

  /** Takes the room a flush of `bytes` (values' size; `mediaBytes` of them media) needs, or throws StorageFullError. */
  async take(bytes: number, mediaBytes = 0): Promise<void> {
    const needed = diskBytes(bytes, mediaBytes);
    const estimated = roomLeft(await this._estimate());
    if (needed > estimated) throw new StorageFullError(needed - Math.max(0, estimated));
    if (this._stop.signal.aborted) {
      if (this._afterStop + needed > EARLY_BYTES) throw new StorageFullError(needed);
      this._afterStop += needed;
      return;
    }
    if (!this._measured) {
      if (this._early + needed <= EARLY_BYTES) {
        this._early += needed;
        return;
      }
      // The early flushes wrote outside what the look holds: what it holds is the disk's room still.
      await this.begin();
    }
    if (this._held - RESERVE_BYTES < needed) {
      // Holds enough for this flush and the next ones: looks are costly, so each adds at least PROBE_BYTES.
      const more = needed - (this._held - RESERVE_BYTES) + PROBE_BYTES;
      this._held = await this._disk.grow(more, this._stop.signal);
      this._last = Math.min(estimated, this._held - RESERVE_BYTES);
      if (this._held - RESERVE_BYTES < needed)
        throw new StorageFullError(needed - Math.max(0, this._held - RESERVE_BYTES));
    }
    this._held -= needed;
    this._disk.give(needed);
  }
}

/** Whether `error` is IndexedDB saying the connection is closed or closing (deleted or upgraded elsewhere). */
export function isClosedConnectionError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'InvalidStateError';
}
