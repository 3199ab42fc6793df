import type { IDBPDatabase } from 'idb';
import type { MessageBlock } from '../model/types';
import type { TextkeepDB } from './schema';

/** Reads the blocks that hold a conversation's messages in time order. */
export class MessageRepository {
  constructor(private readonly _db: IDBPDatabase<TextkeepDB>) {}

  /** The blocks of one conversation, oldest first (the key orders them by start time). */
  blocksOf(conversationKey: string): Promise<MessageBlock[]> {
    return this._db.getAll(
      'messageBlocks',
      IDBKeyRange.bound([conversationKey, -Infinity, ''], [conversationKey, Infinity, '\uffff']),
    );
  }

  /** The newest block of one conversation (what a conversation opens on), read with a reverse cursor. */
  async newestBlock(conversationKey: string): Promise<MessageBlock | undefined> {
    const cursor = await this._db
      .transaction('messageBlocks')
      .store.openCursor(
        IDBKeyRange.bound([conversationKey, -Infinity, ''], [conversationKey, Infinity, '\uffff']),
        'prev',
      );
    return cursor?.value;
  }
}
