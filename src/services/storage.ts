/** How much the browser lets Textkeep store here, and whether it keeps it when space runs low. */

/** Storage figures for settings. */
export interface StorageFigures {
  /** Bytes this site uses. */
  usage: number;
  /** Bytes this site may use in all. */
  quota: number;
  /** Whether the browser keeps the data even when the device runs low on space. */
  persisted: boolean;
}

/** The storage figures, or undefined where the browser does not tell (older Safari, some private modes). */
export async function storageFigures(): Promise<StorageFigures | undefined> {
  // `navigator.storage` is missing on plain-http origins other than localhost, whatever the types say.
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage?.estimate) return undefined;
  try {
    const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted()]);
    return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
  } catch {
    return undefined;
  }
}

/** Asks the browser to keep the data when space runs low; resolves to whether it agreed. */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = navigator.storage as StorageManager | undefined;
  try {
    return (await storage?.persist()) ?? false;
  } catch {
    return false;
  }
}
