/**
 * The OPFS spool files of "Export everything" without a save picker: the export worker writes the zip into
 * one (memory stays flat), the page downloads the disk-backed File. The page cannot know when the browser
 * has finished reading a download, and removing the file earlier breaks it, so a spool file lives until the
 * next export or the next start-up. A Web Lock per file, held by the tab that made it until it lets go (or
 * closes), tells a start-up in another tab which files are still someone's; the rest are removed.
 */

/** The OPFS folder of the spool files. */
export const SPOOL_FOLDER = 'export-spool';
const LOCK_PREFIX = 'textkeep-export-spool:';

/** One spool file, reserved by this tab until `discard()`. */
export interface Spool {
  folder: string;
  name: string;
  /** Removes the file and lets go of it. */
  discard(): Promise<void>;
}

/** Whether this browser has an origin private file system (the export worker also needs sync handles). */
export function hasOpfs(): boolean {
  // Missing on plain-http origins other than localhost (not a secure context) and in old browsers.
  return typeof (navigator.storage as StorageManager | undefined)?.getDirectory === 'function';
}

async function folder(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(SPOOL_FOLDER, { create: true });
}

/** Holds the Web Lock named `name` until the returned function is called (no-op where locks are missing). */
async function hold(name: string): Promise<() => void> {
  if (typeof navigator.locks === 'undefined') return () => undefined;
  return new Promise((granted) => {
    void navigator.locks.request(
      name,
      () =>
        new Promise<void>((release) => {
          granted(release);
        }),
    );
  });
}

/** Reserves a new spool file name for one export. */
export async function reserveSpool(): Promise<Spool> {
  const name = `export-${String(Date.now())}-${Math.random().toString(36).slice(2, 10)}.zip`;
  const release = await hold(LOCK_PREFIX + name);
  return {
    folder: SPOOL_FOLDER,
    name,
    async discard() {
      try {
        await (await folder()).removeEntry(name);
      } catch {
        // Never written (no room, OPFS refused) or already gone.
      }
      release();
    },
  };
}

/** Removes the spool files no open tab holds: left by a closed tab, a crash, or a download long finished. */
export async function removeStaleSpools(): Promise<void> {
  if (!hasOpfs()) return;
  try {
    const dir = await folder();
    const held = new Set(
      typeof navigator.locks === 'undefined'
        ? []
        : ((await navigator.locks.query()).held ?? []).map((lock) => lock.name),
    );
    const stale: string[] = [];
    for await (const name of dir.keys()) if (!held.has(LOCK_PREFIX + name)) stale.push(name);
    // A file another tab is still writing has an open access handle and refuses removal: it stays.
    await Promise.all(stale.map((name) => dir.removeEntry(name).catch(() => undefined)));
  } catch {
    // OPFS refused (a private window): nothing was spooled either.
  }
}
