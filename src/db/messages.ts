import type { IDBPDatabase } from 'idb';
import type { Message, MessageBlock } from '../model/types';
import type { TextkeepDB } from './schema';

/** A date range, ms UTC, either end open. */
export interface TimeRange {
  from?: number;
  to?: number;
}

/** Every block key of one conversation (blocks are keyed by conversation, start time and id). */
export function conversationBlocks(conversationKey: string): IDBKeyRange {
  return IDBKeyRange.bound([conversationKey, -Infinity, ''], [conversationKey, Infinity, '\uffff']);
}

/**
 * The messages of a conversation, oldest first, cut to `range`: what every export reads (the text formats in
 * the export worker, the picture on the page). Blocks wholly outside the range are passed over.
 */
export async function readMessages(
  db: IDBPDatabase<TextkeepDB>,
  key: string,
  range: TimeRange,
): Promise<Message[]> {
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  const blocks = await db.getAll('messageBlocks', conversationBlocks(key));
  const messages: Message[] = [];
  for (const block of blocks) {
    if (block.endTime < from || block.startTime > to) continue;
    for (const m of block.messages) if (m.time >= from && m.time <= to) messages.push(m);
  }
  return messages;
}

/** Reads the blocks that hold a conversation's messages in time order. */
export class MessageRepository {
  constructor(private readonly _db: IDBPDatabase<TextkeepDB>) {}

  /** The blocks of one conversation, oldest first (the key orders them by start time). */
  blocksOf(conversationKey: string): Promise<MessageBlock[]> {
    return this._db.getAll('messageBlocks', conversationBlocks(conversationKey));
  }

  /** The messages of a conversation in `range`, oldest first. */
  inRange(conversationKey: string, range: TimeRange): Promise<Message[]> {
    return readMessages(this._db, conversationKey, range);
  }

  /** The newest block of one conversation (what a conversation opens on), read with a reverse cursor. */
  async newestBlock(conversationKey: string): Promise<MessageBlock | undefined> {
    const cursor = await this._db
      .transaction('messageBlocks')
      .store.openCursor(conversationBlocks(conversationKey), 'prev');
    return cursor?.value;
  }
}
