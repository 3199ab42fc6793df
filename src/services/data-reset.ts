/** "Delete all data": empties the database, the caches of personal data and web storage, then starts afresh. */
import { deleteDB } from 'idb';
import { DB_NAME } from '../db/schema';
import type { TextkeepStore } from './store';
import { withWriteLock } from './write-lock';

// The service worker's precache holds the app's own files, not anything of the person's: keeping it lets the
// fresh app start (and work offline) at once. Every other cache (stashed shared files and such) goes.
const KEPT_CACHE_PREFIX = 'workbox-precache';

/** What the deletion is doing, for the words in settings. */
export type ResetState = 'idle' | 'deleting' | 'blocked' | 'failed';

/**
 * Deletes everything Textkeep stored on this device, then reloads to a fresh app. `onState` hears 'blocked'
 * while another tab keeps the database open (deletion finishes once it closes) and 'failed' if it cannot.
 */
export async function deleteAllData(
  store: TextkeepStore,
  onState: (state: ResetState) => void,
  reload: () => void = () => {
    window.location.replace('/');
  },
): Promise<void> {
  onState('deleting');
  try {
    // The write lock is taken from any import running in another window (it does not wait for its end): the
    // import stops when its connection closes, and says that all data was deleted.
    await withWriteLock(
      async () => {
        await store.close();
        // Other connections (other tabs, the import worker) close themselves on the version change this raises.
        await deleteDB(DB_NAME, {
          blocked() {
            onState('blocked');
          },
        });
      },
      { steal: true },
    );
    if ('caches' in window) {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => !name.startsWith(KEPT_CACHE_PREFIX)).map((name) => caches.delete(name)),
      );
    }
    await clearPrivateFiles();
    localStorage.clear();
    sessionStorage.clear();
  } catch {
    onState('failed');
    return;
  }
  reload();
}

/**
 * Empties the origin's private file system: export spool files, and the scratch file an import holds its disk
 * room in (left full by a tab closed mid-import). A file still in use (another window's export) is left.
 */
async function clearPrivateFiles(): Promise<void> {
  const storage = navigator.storage as StorageManager | undefined;
  if (typeof storage?.getDirectory !== 'function') return;
  const root = await storage.getDirectory().catch(() => undefined);
  if (!root) return;
  const names: string[] = [];
  // keys() is missing from the DOM types this project builds with.
  for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
  await Promise.all(names.map((name) => root.removeEntry(name, { recursive: true }).catch(() => undefined)));
}
