/** The import worker's API (exposed with Comlink by import.worker.ts; used by services/import.ts). */
import type { IDBPDatabase } from 'idb';
import type { CountryCode } from '../model/address';
import { openTextkeepDb, type TextkeepDB } from '../db/schema';
import { regroupCandidates, regroupConversations, type RegroupOutcome } from '../db/regroup';
import { runImport } from '../import/import-job';
import type { ImportInput, ImportProgress, ImportSummary } from '../import/summary';

let database: Promise<IDBPDatabase<TextkeepDB>> | undefined;
let running: AbortController | undefined;
/** Why the database connection was closed under a running import, if it was. */
let closedBy: 'deleted' | 'upgraded' | undefined;

/**
 * A stream the page could not hand over whole (a browser without transferable streams): the worker pulls
 * its chunks through `pull(index)`, which resolves `undefined` at the end; `pull(index, true)` cancels it.
 */
export interface PulledInput {
  name: string;
  size: number;
  pulled: number;
}

/** Pulls the next chunk of the pulled input `index`, or cancels it. */
export type PullChunk = (index: number, cancel: boolean) => Promise<Uint8Array | undefined>;

/** What the page sends: files, transferred streams, or streams to pull. */
export type WireInput = ImportInput | PulledInput;

/** How many chunks a pulled stream asks for ahead of the importer, so the page → worker hop overlaps parsing. */
const PULL_AHEAD = 4;

/** A pulled input as a stream the importers read like any other (exported for its test). */
export function pulledStream(index: number, pull: PullChunk): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const chunk = await pull(index, false);
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
      async cancel() {
        await pull(index, true);
      },
    },
    { highWaterMark: PULL_AHEAD },
  );
}

/** The database, opened once per worker; closed (and forgotten) when deleted or upgraded elsewhere. */
function openDatabase(): Promise<IDBPDatabase<TextkeepDB>> {
  database ??= openTextkeepDb(undefined, {
    onVersionChange: (deleted) => {
      closedBy = deleted ? 'deleted' : 'upgraded';
      database = undefined;
    },
  });
  return database;
}

function isPulled(input: WireInput): input is PulledInput {
  return 'pulled' in input;
}

/** The worker's API object. */
export const importApi = {
  /**
   * Imports the files (or streams); `onProgress` hears how far it is, `onStored` each time new messages were
   * committed (so the page can show them while the import goes on).
   */
  async importFiles(
    files: WireInput[],
    settings: { region: CountryCode; timeZone: string },
    onProgress: (progress: ImportProgress) => void,
    onStored: () => void,
    pull?: PullChunk,
  ): Promise<ImportSummary> {
    if (running) throw new Error('An import is already running.');
    const controller = new AbortController();
    running = controller;
    try {
      closedBy = undefined;
      const db = openDatabase();
      const inputs = files.map((input): ImportInput => {
        if (!isPulled(input)) return input;
        if (!pull) throw new Error('A pulled stream came without a way to pull it.');
        return { name: input.name, size: input.size, stream: pulledStream(input.pulled, pull) };
      });
      return await runImport(await db, inputs, {
        ...settings,
        signal: controller.signal,
        closedBy: () => closedBy,
        onProgress,
        onStored,
      });
    } finally {
      running = undefined;
    }
  },

  /**
   * "Re-group conversations" (db/regroup.ts): here rather than on the page, as the page's first chunk would
   * otherwise carry the phone-number parser (libphonenumber's parse, 9 KB gzip) that only imports need. The
   * page holds the write lock around it; never during an import of this worker.
   */
  async regroupCandidates(region: CountryCode): Promise<number> {
    return regroupCandidates(await openDatabase(), region);
  },

  async regroup(region: CountryCode): Promise<RegroupOutcome> {
    if (running) throw new Error('An import is running.');
    return regroupConversations(await openDatabase(), region);
  },

  /** Stops the running import after the batch in hand; what was committed stays, consistent. */
  cancel(): void {
    running?.abort();
  },
};

/** The type the page side wraps. */
export type ImportApi = typeof importApi;
