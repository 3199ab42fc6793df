import type { TimeRange } from '../db/messages';
import type { MediaRecord, Message } from '../model/types';
import type { TextkeepStore } from './store';

/** Reads what the conversation view shows: messages in time order, newest block first, and media. */
export class ConversationData {
  constructor(private readonly _store: TextkeepStore) {}

  /** The newest messages of a conversation (its last block): enough to draw it at once. */
  async newest(key: string): Promise<Message[]> {
    const block = await (await this._store.repositories()).messages.newestBlock(key);
    return block?.messages ?? [];
  }

  /** Every message of a conversation, oldest first. */
  async all(key: string): Promise<Message[]> {
    const blocks = await (await this._store.repositories()).messages.blocksOf(key);
    return blocks.flatMap((block) => block.messages);
  }

  /** The messages of a conversation in `range`, oldest first (what the picture export draws). */
  async inRange(key: string, range: TimeRange): Promise<Message[]> {
    return (await this._store.repositories()).messages.inRange(key, range);
  }

  /** A media record by its hash. */
  async media(hash: string): Promise<MediaRecord | undefined> {
    return (await this._store.repositories()).media.get(hash);
  }
}
