import type { IDBPDatabase } from 'idb';
import type { MessageBlock } from '../../model/types';
import type { TextkeepDB } from './schema';

/** Reads and writes the blocks that hold a conversation's messages in time order. */
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

  /**
   * Replaces blocks in one transaction: `remove` are the keys of blocks being rewritten (a block that was
   * split or merged), `put` the new contents. Either all of it lands or none of it does.
   */
  async replaceBlocks(
    remove: readonly TextkeepDB['messageBlocks']['key'][],
    put: readonly MessageBlock[],
  ): Promise<void> {
    const tx = this._db.transaction('messageBlocks', 'readwrite');
    for (const key of remove) void tx.store.delete(key);
    for (const block of put) void tx.store.put(block);
    await tx.done;
  }

  /** How many messages one conversation holds, counted from its blocks. */
  async countIn(conversationKey: string): Promise<number> {
    const blocks = await this.blocksOf(conversationKey);
    return blocks.reduce((sum, block) => sum + block.messages.length, 0);
  }
}

/** The key of a stored block. */
export function blockKey(block: MessageBlock): TextkeepDB['messageBlocks']['key'] {
  return [block.conversationKey, block.startTime, block.startId];
}
