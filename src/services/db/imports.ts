import type { IDBPDatabase } from 'idb';
import type { ImportRecord } from '../../model/types';
import type { TextkeepDB } from './schema';

/** Reads the import history: one record per file imported (written by the import job). */
export class ImportRepository {
  constructor(private readonly _db: IDBPDatabase<TextkeepDB>) {}

  /** Every import, newest first. */
  async listNewestFirst(): Promise<ImportRecord[]> {
    const all = await this._db.getAllFromIndex('imports', 'byStartedAt');
    return all.reverse();
  }
}
