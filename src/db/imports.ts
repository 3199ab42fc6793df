import type { IDBPDatabase } from 'idb';
import type { ImportRecord } from '../model/types';
import type { TextkeepDB } from './schema';

/** Reads the import history: one record per file imported (written by the import job). */
export class ImportRepository {
  constructor(private readonly _db: IDBPDatabase<TextkeepDB>) {}

  /** Every import, newest first. */
  async listNewestFirst(): Promise<ImportRecord[]> {
    const all = await this._db.getAllFromIndex('imports', 'byStartedAt');
    return all.reverse();
  }

  /**
   * Marks every import still "running" as "interrupted": called only while no import runs anywhere (the write
   * lock is free), so these were stopped by a tab closed or crashed mid-import. Their counts are already what
   * they committed (each flush counts in the record). Returns how many were marked.
   */
  async markInterrupted(): Promise<number> {
    const tx = this._db.transaction('imports', 'readwrite');
    let marked = 0;
    let cursor = await tx.store.openCursor();
    while (cursor) {
      if (cursor.value.status === 'running') {
        await cursor.update({ ...cursor.value, status: 'interrupted' });
        marked++;
      }
      cursor = await cursor.continue();
    }
    await tx.done;
    return marked;
  }
}
