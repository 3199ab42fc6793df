import type { IDBPDatabase } from 'idb';
import type { ImportRecord } from '../../model/types';
import type { TextkeepDB } from './schema';

/** The import history: one record per file imported. */
export class ImportRepository {
  constructor(private readonly _db: IDBPDatabase<TextkeepDB>) {}

  /** Starts a record and returns its id. */
  async add(record: Omit<ImportRecord, 'id'>): Promise<number> {
    return this._db.add('imports', record);
  }

  /** Rewrites a record (its counts or status changed). */
  async update(record: ImportRecord & { id: number }): Promise<void> {
    await this._db.put('imports', record);
  }

  /** Every import, newest first. */
  async listNewestFirst(): Promise<ImportRecord[]> {
    const all = await this._db.getAllFromIndex('imports', 'byStartedAt');
    return all.reverse();
  }
}
