/**
 * What one flush of the import writer writes, in its ONE transaction: the claim checked first, new media once
 * per hash, each conversation's messages in blocks, their search postings, the summaries counted from the
 * records as stored in this transaction, and the imports' counts. Nothing is written unless all of it is.
 */
import type { IDBPTransaction } from 'idb';
import type { RawMedia } from '../formats/contract';
import type { Conversation, Message } from '../model/types';
import { byTime } from '../db/block-merge';
import { settled, writeConversations, type FlushStore, type Loaded, type Written } from '../db/block-store';
import type { TextkeepDB } from '../db/schema';
import { indexFlushed } from '../db/search-index';
import { countImports, type WriterCounts } from './import-counts';
import { checkClaim } from './write-guard';

/** One flush's work, taken from the writer's pending state. */
export interface FlushWork {
  writerId: string;
  media: readonly RawMedia[];
  /** Messages per conversation, in the order read (sorted here); `final` also closes every open tail. */
  pending: readonly (readonly [string, Message[]])[];
  loaded: ReadonlyMap<string, Loaded>;
  final: boolean;
  /** Conversations whose summaries change, and the summary to store from the record as stored. */
  touched: readonly string[];
  summary: (
    key: string,
    stored: Conversation | undefined,
    added: readonly Message[],
    last: Message | undefined,
  ) => Conversation | undefined;
  counted: ReadonlyMap<number, WriterCounts>;
}

/** Writes `work` in `tx` and waits for it to commit; what the writer then knows is stored. */
export async function writeFlush(
  tx: IDBPTransaction<TextkeepDB, FlushStore[], 'readwrite'>,
  work: FlushWork,
): Promise<{ written: Map<string, Written>; summaries: Conversation[] }> {
  await checkClaim(tx.objectStore('settings'), tx, work.writerId);
  const present = await Promise.all(work.media.map((m) => tx.objectStore('media').getKey(m.hash)));
  work.media.forEach((m, i) => {
    if (present[i] === undefined) {
      settled(tx.objectStore('media').put({ hash: m.hash, type: m.type, size: m.size, data: m.data }));
    }
  });
  const added = new Map<string, Message[]>();
  for (const [key, messages] of work.pending) {
    messages.sort(byTime);
    if (messages.length > 0) added.set(key, messages);
  }
  const empty: Loaded = { ids: new Set(), blocks: [] };
  const written = await writeConversations(
    tx,
    work.pending.map(([key, messages]) => [key, work.loaded.get(key) ?? empty, messages] as const),
    work.final,
  );
  // The search index goes in the same transaction: it never lags behind, nor runs ahead of, the blocks.
  await indexFlushed(tx, added);
  // Summaries count from the records as stored, read in this transaction, not from what the writer believes
  // is stored.
  const stored = await Promise.all(work.touched.map((key) => tx.objectStore('conversations').get(key)));
  const summaries: Conversation[] = [];
  work.touched.forEach((key, i) => {
    const conversation = work.summary(key, stored[i], added.get(key) ?? [], written.get(key)?.last);
    if (conversation) {
      summaries.push(conversation);
      settled(tx.objectStore('conversations').put(conversation));
    }
  });
  await countImports(tx, work.counted);
  await tx.done;
  return { written, summaries };
}
