import type { IDBPDatabase } from 'idb';
import type { TextkeepDB } from './schema';

/**
 * The settings record that names the one writer allowed to write (import/write-guard.ts): an import's writer,
 * or "Re-group conversations", whose claim stops any writer that took no lock (an older tab).
 */
export const WRITER_SETTING = 'importWriter';

/** Settings and small pieces of app state, stored by name. */
export class SettingsRepository {
  constructor(private readonly _db: IDBPDatabase<TextkeepDB>) {}

  /** The stored value, or `fallback` when there is none or it fails the guard. */
  async get<T>(name: string, guard: (value: unknown) => value is T, fallback: T): Promise<T> {
    const record = await this._db.get('settings', name);
    return record && guard(record.value) ? record.value : fallback;
  }

  /** Stores a value under its name. */
  async set(name: string, value: unknown): Promise<void> {
    await this._db.put('settings', { name, value });
  }
}
