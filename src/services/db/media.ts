import type { IDBPDatabase } from 'idb';
import type { MediaRecord } from '../../model/types';
import type { TextkeepDB } from './schema';

/** Stores media bytes once per content hash. */
export class MediaRepository {
  constructor(private readonly _db: IDBPDatabase<TextkeepDB>) {}

  /** One media record by its hash. */
  get(hash: string): Promise<MediaRecord | undefined> {
    return this._db.get('media', hash);
  }

  /**
   * Adds the records whose hash is not stored yet, in one transaction; returns how many were new.
   * A hash already present is the same bytes, so it is left alone rather than rewritten.
   */
  async addMany(records: readonly MediaRecord[]): Promise<number> {
    const tx = this._db.transaction('media', 'readwrite');
    const present = await Promise.all(records.map((record) => tx.store.getKey(record.hash)));
    let added = 0;
    records.forEach((record, i) => {
      if (present[i] !== undefined) return;
      added++;
      void tx.store.put(record);
    });
    await tx.done;
    return added;
  }
}
