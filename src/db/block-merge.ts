/**
 * Where new messages go among a conversation's stored blocks, and how a block that grew is cut again.
 * Pure: the import writer does the reading and writing around it.
 */
import type { Message, MessageBlock } from '../model/types';

/** Messages per stored block: big enough that a 100,000-message import is a few hundred records. */
export const BLOCK_SIZE = 500;

/** A stored block's place, without its messages. */
export interface BlockMeta {
  startTime: number;
  startId: string;
  endTime: number;
  count: number;
}

/** Orders messages by time, then id, so equal times keep one stable order. */
export function byTime(a: Message, b: Message): number {
  return a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Groups new messages (sorted) by the stored block they belong in: the last block starting at or before
 * each message; earlier messages go to the first block. Returns index → messages; -1 means "no blocks yet".
 */
export function assignToBlocks(
  blocks: readonly BlockMeta[],
  messages: readonly Message[],
): Map<number, Message[]> {
  const groups = new Map<number, Message[]>();
  let b = 0;
  for (const message of messages) {
    while (b + 1 < blocks.length && (blocks[b + 1]?.startTime ?? Infinity) <= message.time) b++;
    const index = blocks.length === 0 ? -1 : b;
    const group = groups.get(index);
    if (group) group.push(message);
    else groups.set(index, [message]);
  }
  return groups;
}

/** Cuts sorted messages of one conversation into blocks of at most BLOCK_SIZE. */
export function cutIntoBlocks(conversationKey: string, messages: readonly Message[]): MessageBlock[] {
  const blocks: MessageBlock[] = [];
  for (let i = 0; i < messages.length; i += BLOCK_SIZE) {
    const slice = messages.slice(i, i + BLOCK_SIZE);
    const first = slice[0];
    const last = slice[slice.length - 1];
    if (!first || !last) continue;
    blocks.push({
      conversationKey,
      startTime: first.time,
      startId: first.id,
      endTime: last.time,
      messages: slice,
    });
  }
  return blocks;
}

/** Merges two message lists into time order (blocks are small, so a sort is simplest and fast enough). */
export function mergeSorted(a: readonly Message[], b: readonly Message[]): Message[] {
  return [...a, ...b].sort(byTime);
}

/** The metadata of a block. */
export function metaOf(block: MessageBlock): BlockMeta {
  return {
    startTime: block.startTime,
    startId: block.startId,
    endTime: block.endTime,
    count: block.messages.length,
  };
}
