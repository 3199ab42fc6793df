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
/** Finds how many bytes can really be written, up to `wanted` (Infinity where it cannot tell). */
export type ProbeDisk = (wanted: number, signal?: AbortSignal) => Promise<number>;

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
/** What one probe looks for at least: a probe costs a write of this much, so it is not made every flush. */
const PROBE_BYTES = 64 * MB;
/** What flushes may take before the first probe has answered: a few small flushes' worth. */
const EARLY_BYTES = 4 * MB;
const PROBE_FILE = 'textkeep-room-probe';

/** The part of a worker's FileSystemSyncAccessHandle the probe uses (not in the page's DOM types). */
interface SyncHandle {
  write(data: Uint8Array, options: { at: number }): number;
  flush(): void;
  close(): void;
}
type ProbeFile = FileSystemFileHandle & { createSyncAccessHandle?: () => Promise<SyncHandle> };

/**
 * Writes up to `wanted` bytes to a scratch file in the origin's private file system, then deletes it: the
 * bytes it could write are bytes the disk really has. Needed because the browser's estimate is a quota, not
 * the free space: with a profile on a 200 MB disk holding 125 MB of other data, Chromium still estimates a
 * quota of 1 GB, and a database that fills the disk fails as a whole. Infinity where there is no such file
 * system (old browsers, tests), which leaves the estimate and the database's own quota errors.
 */
export async function probeDisk(wanted: number, signal?: AbortSignal): Promise<number> {
  let root: FileSystemDirectoryHandle;
  try {
    root = await navigator.storage.getDirectory();
  } catch {
    return Number.POSITIVE_INFINITY;
  }
  const file: ProbeFile | undefined = await root
    .getFileHandle(PROBE_FILE, { create: true })
    .catch(() => undefined);
  const open = file?.createSyncAccessHandle?.bind(file);
  if (!open) return Number.POSITIVE_INFINITY;
  let written = 0;
  let handle: SyncHandle | undefined;
  try {
    handle = await open();
    const chunk = new Uint8Array(4 * MB).fill(0x5a); // not zeros: some file systems do not store those
    // Stopped (Cancel): no more writes; what it found so far is all it found.
    while (written < wanted && !signal?.aborted) {
      const n = handle.write(chunk.subarray(0, Math.min(chunk.length, wanted - written)), { at: written });
      if (n <= 0) break;
      written += n;
      // The writes block this thread: between them, the import's first messages are read and written.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    handle.flush();
  } catch {
    // The disk is full at `written`.
  } finally {
    try {
      handle?.close();
    } catch {
      // Closed already.
    }
    await root.removeEntry(PROBE_FILE).catch(() => undefined);
  }
  return written;
}

/**
 * The room an import may write into: the browser's estimate, and the disk's real free space as found by
 * probing, less the reserve. Each flush takes its share; when the room known is used up, the disk is probed
 * again. A flush that does not fit throws StorageFullError before anything of it is written.
 */
export class Room {
  private _known = 0;
  private _last = Number.POSITIVE_INFINITY;
  /** The first look, begun and not yet waited for (see begin()); what flushes took meanwhile. */
  private _measuring: Promise<number> | undefined;
  private _measured = false;
  private _early = 0;
  /** Set by stop(): a probe under way ends, and no other is begun. */
  private readonly _stop = new AbortController();
  private _afterStop = 0;

  constructor(
    private readonly _estimate: EstimateStorage = browserEstimate,
    private readonly _probe: ProbeDisk = probeDisk,
  ) {}

  /** The room there was at the last look (for sizing flushes). */
  get last(): number {
    return this._last;
  }

  /** Looks at the room now (at the start of an import). */
  async measure(): Promise<number> {
    const estimated = roomLeft(await this._estimate());
    const probed = await this._probe(PROBE_BYTES + RESERVE_BYTES, this._stop.signal);
    this._known = Math.min(estimated, probed - RESERVE_BYTES);
    this._last = this._known;
    this._measured = true;
    return this._known;
  }

  /**
   * Begins the first look without waiting for it: the probe writes tens of MB and takes about a second (its
   * writes hold the thread), and the first flushes (the first conversations in the list) are far smaller.
   * Until it has looked, take() lets flushes of up to EARLY_BYTES in all through on the browser's estimate
   * alone, and begins the look (if not begun) and waits for it before any more.
   */
  begin(): Promise<number> {
    if (this._measured) return Promise.resolve(this._known);
    this._measuring ??= this.measure();
    // Its failure is met by the take() that waits for it.
    this._measuring.catch(() => undefined);
    return this._measuring;
  }

  /**
   * The import is stopping (Cancel): a probe under way ends after its current write, rather than hold the
   * stop up by a second or more of writing. Afterwards, only small writes (the last summaries, up to
   * EARLY_BYTES in all) go through, on the browser's estimate alone.
   */
  stop(): void {
    this._stop.abort();
  }

  /** Takes the room a flush of `bytes` (values' size) needs, or throws StorageFullError. */
  async take(bytes: number): Promise<void> {
    const needed = bytes * WRITE_FACTOR;
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
      await this.begin();
      this._known -= this._early;
    }
    // The estimate only ever lowers what a probe found (another tab, or the quota, took room meanwhile).
    this._known = Math.min(this._known, estimated);
    if (this._known < needed) {
      const found = await this._probe(Math.max(needed, PROBE_BYTES) + RESERVE_BYTES, this._stop.signal);
      this._known = Math.min(estimated, found - RESERVE_BYTES);
      this._last = this._known;
      if (this._known < needed) throw new StorageFullError(needed - Math.max(0, this._known));
    }
    this._known -= needed;
  }
}

/** Whether `error` is IndexedDB saying the connection is closed or closing (deleted or upgraded elsewhere). */
export function isClosedConnectionError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'InvalidStateError';
}
