import type { IDBPDatabase } from 'idb';
import type { MediaRecord } from '../model/types';
import type { TextkeepDB } from './schema';

/** Reads media by content hash (the import writer stores them, once per hash, in its flush transaction). */
export class MediaRepository {
  constructor(private readonly _db: IDBPDatabase<TextkeepDB>) {}

  /** One media record by its hash. */
  get(hash: string): Promise<MediaRecord | undefined> {
    return this._db.get('media', hash);
  }
}
