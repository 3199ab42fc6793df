/** The import worker's API (exposed with Comlink by import.worker.ts; used by services/import.ts). */
import type { IDBPDatabase } from 'idb';
import type { CountryCode } from '../model/address';
import { openTextkeepDb, type TextkeepDB } from '../services/db/schema';
import { runImport, type ImportProgress, type ImportSummary } from './import-job';

let database: Promise<IDBPDatabase<TextkeepDB>> | undefined;
let running: AbortController | undefined;

/** The worker's API object. */
export const importApi = {
  /**
   * Imports the files; `onProgress` hears how far it is, `onStored` each time new messages were committed
   * (so the page can show them while the import goes on).
   */
  async importFiles(
    files: File[],
    settings: { region: CountryCode; timeZone: string },
    onProgress: (progress: ImportProgress) => void,
    onStored: () => void,
  ): Promise<ImportSummary> {
    if (running) throw new Error('An import is already running.');
    const controller = new AbortController();
    running = controller;
    try {
      database ??= openTextkeepDb(undefined, {
        onVersionChange: () => {
          database = undefined;
        },
      });
      return await runImport(await database, files, {
        ...settings,
        signal: controller.signal,
        onProgress,
        onStored,
      });
    } finally {
      running = undefined;
    }
  },

  /** Stops the running import after the batch in hand; what was committed stays, consistent. */
  cancel(): void {
    running?.abort();
  },
};

/** The type the page side wraps. */
export type ImportApi = typeof importApi;
