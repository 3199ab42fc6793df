import type { IDBPDatabase } from 'idb';
import type { Conversation } from '../model/types';
import type { TextkeepDB } from './schema';

/** Reads conversation summaries (the import writer writes them with their messages). */
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

  /** One conversation by the opaque id its URL names it by, if stored. */
  byId(id: string): Promise<Conversation | undefined> {
    return this._db.getFromIndex('conversations', 'byId', id);
  }
}
