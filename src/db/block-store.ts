/** Reading and rewriting a conversation's stored blocks inside the import writer's transactions. */
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import type { Message } from '../model/types';
import type { TextkeepDB } from './schema';
import { assignToBlocks, cutIntoBlocks, mergeSorted, metaOf, type BlockMeta } from './block-merge';

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

/** What one conversation's stored side looks like, loaded once per import when first touched. */
export interface Loaded {
  ids: Set<string>;
  blocks: BlockMeta[];
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

/**
 * Puts new (sorted) messages of one conversation into its blocks: each stored block they fall in is read,
 * merged and cut again; messages of a new conversation become new blocks. Returns the blocks' new places.
 */
export async function writeBlocks(
  tx: IDBPTransaction<TextkeepDB, FlushStore[], 'readwrite'>,
  key: string,
  stored: readonly BlockMeta[],
  messages: readonly Message[],
): Promise<BlockMeta[]> {
  const store = tx.objectStore('messageBlocks');
  const metas = [...stored];
  const groups = [...assignToBlocks(metas, messages).entries()].sort((a, b) => b[0] - a[0]);
  for (const [index, group] of groups) {
    if (index === -1) {
      const blocks = cutIntoBlocks(key, group);
      for (const block of blocks) settled(store.put(block));
      metas.splice(0, 0, ...blocks.map(metaOf));
      continue;
    }
    const meta = metas[index];
    if (!meta) continue;
    const storedKey: [string, number, string] = [key, meta.startTime, meta.startId];
    const old = await store.get(storedKey);
    const blocks = cutIntoBlocks(key, mergeSorted(old?.messages ?? [], group));
    settled(store.delete(storedKey));
    for (const block of blocks) settled(store.put(block));
    metas.splice(index, 1, ...blocks.map(metaOf));
  }
  return metas;
}
