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

const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB'] as const;

/** "12.4 MB": decimal units, as operating systems show disk sizes, three significant digits at most. */
export function formatBytes(bytes: number, locale?: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const number = value.toLocaleString(locale, { maximumFractionDigits: digits });
  return `${number} ${unit === 0 && value === 1 ? 'byte' : (UNITS[unit] ?? 'bytes')}`;
}
