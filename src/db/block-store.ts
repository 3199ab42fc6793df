/**
 * Writing a conversation's blocks inside the import writer's transactions.
 *
 * Blocks are written once where messages arrive in time order (the common case): each conversation keeps its
 * open tail (the messages after its last full block, fewer than BLOCK_SIZE) in the writer's memory. A flush
 * commits everything read so far, so the tail's new messages go in as one more small block (a fragment)
 * beside the earlier ones, without reading or rewriting them; when the tail fills a block, or the import ends,
 * its fragments are replaced by the whole block, written from memory. So a message is serialized at most
 * twice and never read back. Messages that land before the tail (an archive not in time order, a second file
 * of older messages) still go into the stored block they belong in, which is read, merged and cut again: those
 * reads are made together, in one batch for every conversation of the flush.
 */
import type { IDBPDatabase, IDBPObjectStore, IDBPTransaction } from 'idb';
import type { Message, MessageBlock } from '../model/types';
import type { TextkeepDB } from './schema';
import {
  BLOCK_SIZE,
  assignToBlocks,
  byTime,
  cutIntoBlocks,
  mergeSorted,
  metaOf,
  type BlockMeta,
} from './block-merge';

/**
 * The stores of the import writer's flush transaction: the writer's claim, the imports' counts, messages,
 * media, summaries and the search index.
 */
export type FlushStore =
  | 'settings'
  | 'imports'
  | 'conversations'
  | 'messageBlocks'
  | 'media'
  | 'searchTerms'
  | 'searchSegments'
  | 'searchTexts';

/** A conversation's open tail: the last `fragments` stored blocks hold exactly `messages` (sorted). */
export interface Tail {
  messages: Message[];
  fragments: number;
}

/** What one conversation's stored side looks like, loaded once per import when first touched. */
export interface Loaded {
  ids: Set<string>;
  /** The stored blocks' places, in time order; the last `tail.fragments` of them are the open tail. */
  blocks: BlockMeta[];
  tail?: Tail;
}

/** A conversation's blocks after a flush: applied to its `Loaded` once the flush has committed. */
export interface Written {
  blocks: BlockMeta[];
  tail?: Tail;
  /** The conversation's newest message, where this write knows it (it wrote or holds the tail). */
  last?: Message;
}

/**
 * For writes queued in a transaction without waiting on each: their failure aborts the transaction and
 * surfaces through `tx.done`, so their own promises only need keeping from being reported as unhandled.
 */
export function settled(request: Promise<unknown>): void {
  request.catch(() => undefined);
}

/** The stored message ids and block places of some conversations, in one read-only transaction. */
export async function readStored(
  db: IDBPDatabase<TextkeepDB>,
  keys: readonly string[],
): Promise<Map<string, Loaded>> {
  const result = new Map<string, Loaded>();
  const tx = db.transaction('messageBlocks', 'readonly');
  const index = tx.store.index('byConversation');
  // Every request is made before any is awaited: the database answers them in one go.
  await Promise.all(
    keys.map(async (key) => {
      const blocks = await index.getAll(key);
      blocks.sort((a, b) => a.startTime - b.startTime || (a.startId < b.startId ? -1 : 1));
      const ids = new Set<string>();
      for (const block of blocks) for (const m of block.messages) ids.add(m.id);
      result.set(key, { ids, blocks: blocks.map(metaOf) });
    }),
  );
  await tx.done;
  return result;
}

function storedKey(key: string, meta: BlockMeta): [string, number, string] {
  return [key, meta.startTime, meta.startId];
}

/** One conversation's new messages, split into those for stored blocks and those for the tail. */
interface Plan {
  key: string;
  loaded: Loaded;
  /** The blocks before the tail, and the new messages each of them takes (index → sorted messages). */
  fixed: BlockMeta[];
  groups: [number, Message[]][];
  after: Message[];
}

function planOf(key: string, loaded: Loaded, messages: readonly Message[]): Plan {
  const fragments = loaded.tail?.fragments ?? 0;
  const fixed = loaded.blocks.slice(0, loaded.blocks.length - fragments);
  // Every tail message is later than the last fixed block's end, so the two never overlap.
  const lastEnd = fixed.at(-1)?.endTime ?? -Infinity;
  const before: Message[] = [];
  const after: Message[] = [];
  for (const message of messages) (message.time <= lastEnd ? before : after).push(message);
  // Highest index first, so splicing the cut blocks in keeps the lower indexes right.
  const groups = [...assignToBlocks(fixed, before).entries()].sort((a, b) => b[0] - a[0]);
  return { key, loaded, fixed, groups, after };
}

/**
 * Puts the new (sorted) messages of some conversations into their blocks; see the module comment. `final`
 * (the import's last flush) closes every tail: its fragments become one block. Returns each conversation's
 * new blocks, to apply once the transaction has committed.
 */
export async function writeConversations(
  tx: IDBPTransaction<TextkeepDB, FlushStore[], 'readwrite'>,
  entries: Iterable<readonly [string, Loaded, readonly Message[]]>,
  final: boolean,
): Promise<Map<string, Written>> {
  const store = tx.objectStore('messageBlocks');
  const plans = [...entries].map(([key, loaded, messages]) => planOf(key, loaded, messages));
  // One batch of reads for every stored block that new messages land in.
  const reads = await Promise.all(
    plans.map((plan) =>
      Promise.all(
        plan.groups.map(([index]) => {
          const meta = plan.fixed[index];
          return meta ? store.get(storedKey(plan.key, meta)) : Promise.resolve(undefined);
        }),
      ),
    ),
  );
  const result = new Map<string, Written>();
  plans.forEach((plan, p) => {
    const fixed = [...plan.fixed];
    plan.groups.forEach(([index, group], g) => {
      const meta = fixed[index];
      if (!meta) return;
      const old: MessageBlock | undefined = reads[p]?.[g];
      const blocks = cutIntoBlocks(plan.key, mergeSorted(old?.messages ?? [], group));
      settled(store.delete(storedKey(plan.key, meta)));
      for (const block of blocks) settled(store.put(block));
      fixed.splice(index, 1, ...blocks.map(metaOf));
    });
    const tailMetas = plan.loaded.blocks.slice(plan.fixed.length);
    result.set(plan.key, writeTail(store, plan.key, fixed, tailMetas, plan.loaded.tail, plan.after, final));
  });
  return result;
}

/** Conversations whose tail is still open: the last flush closes them even with nothing new. */
export function openTails(loaded: ReadonlyMap<string, Loaded>): string[] {
  return [...loaded].flatMap(([key, l]) => (l.tail && l.tail.fragments > 1 ? [key] : []));
}

function writeTail(
  store: IDBPObjectStore<TextkeepDB, FlushStore[], 'messageBlocks', 'readwrite'>,
  key: string,
  fixed: BlockMeta[],
  tailMetas: BlockMeta[],
  tail: Tail | undefined,
  after: Message[],
  final: boolean,
): Written {
  const old = tail?.messages ?? [];
  if (after.length === 0 && !(final && tailMetas.length > 1)) {
    const newest = tail?.messages.at(-1);
    return {
      blocks: [...fixed, ...tailMetas],
      ...(tail && !final ? { tail } : {}),
      ...(newest ? { last: newest } : {}),
    };
  }
  const last = old.at(-1);
  const inOrder = !last || !after[0] || byTime(after[0], last) > 0;
  const combined = inOrder ? old.concat(after) : mergeSorted(old, after);
  if (inOrder && combined.length < BLOCK_SIZE && !final) {
    // The usual flush: the new messages are one more fragment; nothing stored is read or written again.
    const blocks = cutIntoBlocks(key, after);
    for (const block of blocks) settled(store.put(block));
    return {
      blocks: [...fixed, ...tailMetas, ...blocks.map(metaOf)],
      tail: { messages: combined, fragments: tailMetas.length + blocks.length },
      ...(combined.length > 0 ? { last: combined[combined.length - 1] } : {}),
    };
  }
  // The tail filled a block, came out of order, or the import ends: its fragments become whole blocks.
  for (const meta of tailMetas) settled(store.delete(storedKey(key, meta)));
  const blocks = cutIntoBlocks(key, combined);
  for (const block of blocks) settled(store.put(block));
  const open = blocks.at(-1);
  const keep = !final && open && open.messages.length < BLOCK_SIZE;
  return {
    blocks: [...fixed, ...blocks.map(metaOf)],
    ...(keep ? { tail: { messages: open.messages, fragments: 1 } } : {}),
    ...(combined.length > 0 ? { last: combined[combined.length - 1] } : {}),
  };
}
