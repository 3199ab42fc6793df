/**
 * One writer at a time across tabs and windows: a Web Lock held for the whole of an import, and by "Delete all
 * data". The import writer's own claim (workers/write-guard.ts) keeps the database whole even where no lock is
 * taken (an older tab); the lock is what makes a second import wait its turn instead of being stopped.
 */

/** The lock's name, the same in every tab of this site. */
export const WRITE_LOCK = 'textkeep-write';

/** Whether this browser has Web Locks (every current one does; an old one imports without waiting). */
function locks(): LockManager | undefined {
  return typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : undefined;
}

/** How to take the lock. */
export interface WriteLockOptions {
  /** Called once if another tab holds the lock, before waiting for it. */
  onWaiting?: () => void;
  /** Stops waiting (the returned promise then rejects with an AbortError). */
  signal?: AbortSignal;
  /** Takes the lock from whoever holds it ("Delete all data" does not wait for an import to end). */
  steal?: boolean;
}

/**
 * Runs `work` while holding the write lock: at once if it is free, else after `onWaiting`, when the holder
 * lets go. Resolves with what `work` resolves.
 */
export async function withWriteLock<T>(work: () => Promise<T>, options: WriteLockOptions = {}): Promise<T> {
  const manager = locks();
  if (!manager) return work();
  if (options.steal) return manager.request(WRITE_LOCK, { steal: true }, work);
  const free = await manager.request(WRITE_LOCK, { ifAvailable: true }, async (lock) =>
    lock ? { done: await work() } : undefined,
  );
  if (free) return free.done;
  options.onWaiting?.();
  return manager.request(WRITE_LOCK, options.signal ? { signal: options.signal } : {}, work);
}

/** Runs `work` only if no tab is writing now (the lock is free), holding the lock meanwhile; else does nothing. */
export async function whileNobodyWrites(work: () => Promise<void>): Promise<void> {
  const manager = locks();
  if (!manager) return;
  await manager.request(WRITE_LOCK, { ifAvailable: true }, async (lock) => {
    if (lock) await work();
  });
}
