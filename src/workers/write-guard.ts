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
import type { SettingRecord } from '../services/db/schema';

/** The settings record that names the writer allowed to write. */
export const WRITER_SETTING = 'importWriter';

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

/** The bytes that may still be written, keeping the reserve: negative when even the reserve is gone. */
export function roomLeft(estimate: StorageEstimateLike | undefined): number {
  if (estimate?.quota === undefined || estimate.usage === undefined) return Number.POSITIVE_INFINITY;
  return estimate.quota - estimate.usage - RESERVE_BYTES;
}

/** Whether a flush of `bytes` (values' size) fits in the room left. */
export function fits(bytes: number, room: number): boolean {
  return bytes * WRITE_FACTOR <= room;
}

/** The browser's estimate, where it has one (workers have it; some test runtimes do not). */
export async function browserEstimate(): Promise<StorageEstimateLike | undefined> {
  try {
    return await navigator.storage.estimate();
  } catch {
    return undefined;
  }
}

/** Whether `error` is IndexedDB saying the connection is closed or closing (deleted or upgraded elsewhere). */
export function isClosedConnectionError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'InvalidStateError';
}
