/** The export worker's API (exposed with Comlink by export.worker.ts; used by services/export.ts). */
import type { IDBPDatabase } from 'idb';
import { openTextkeepDb, type TextkeepDB } from '../db/schema';
import { exportConversation, exportEverything } from '../export/export-job';
import type { ExportProgress, ExportRequest, ExportResult } from '../export/summary';
import type { SpoolTarget } from '../export/opfs-sink';

let database: Promise<IDBPDatabase<TextkeepDB>> | undefined;
const running = new Map<number, AbortController>();

function open(): Promise<IDBPDatabase<TextkeepDB>> {
  database ??= openTextkeepDb(undefined, {
    onVersionChange: () => {
      database = undefined;
    },
  });
  return database;
}

async function run<T>(id: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    return await work(controller.signal);
  } finally {
    running.delete(id);
  }
}

/** The worker's API object. */
export const exportApi = {
  /** One conversation to one file. */
  async conversation(
    id: number,
    key: string,
    request: ExportRequest,
    onProgress: (progress: ExportProgress) => void,
  ): Promise<ExportResult> {
    const db = await open();
    return run(id, (signal) => exportConversation(db, key, request, signal, onProgress));
  },

  /** Every conversation to one zip, into `target` when the person chose a file, else spooled to OPFS. */
  async everything(
    id: number,
    request: ExportRequest,
    target: FileSystemFileHandle | undefined,
    spool: SpoolTarget | undefined,
    onProgress: (progress: ExportProgress) => void,
  ): Promise<ExportResult> {
    const db = await open();
    return run(id, (signal) => exportEverything(db, request, target, signal, onProgress, spool));
  },

  /** Stops export `id`; it rejects with an AbortError. */
  cancel(id: number): void {
    running.get(id)?.abort(new DOMException('The export was cancelled.', 'AbortError'));
  },
};

/** The type the page side wraps. */
export type ExportApi = typeof exportApi;
