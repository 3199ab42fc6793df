import type { IDBPDatabase } from 'idb';
import type { Conversation } from '../../model/types';
import type { TextkeepDB } from './schema';

/** Reads and writes conversation summaries. */
export class ConversationRepository {
  constructor(private readonly _db: IDBPDatabase<TextkeepDB>) {}

  /** Every conversation, newest message first. */
  async listByLatest(): Promise<Conversation[]> {
    const all = await this._db.getAllFromIndex('conversations', 'byLastTime');
    return all.reverse();
  }

  /** One conversation by its key, if stored. */
  get(key: string): Promise<Conversation | undefined> {
    return this._db.get('conversations', key);
  }

  /** Writes many conversations in one transaction: all of them or, on failure, none. */
  async putMany(conversations: readonly Conversation[]): Promise<void> {
    const tx = this._db.transaction('conversations', 'readwrite');
    for (const conversation of conversations) void tx.store.put(conversation);
    await tx.done;
  }

  /** How many conversations are stored. */
  count(): Promise<number> {
    return this._db.count('conversations');
  }
}
