/**
 * The search index after "Re-group conversations" joined conversations (db/regroup.ts), inside its
 * transaction. The index is append-only and numbers its documents without gaps (db/search-layout.ts), so
 * nothing is renumbered: documents of a removed conversation are pointed at the one kept, moved messages
 * take their new ids, and a message dropped as a duplicate loses its postings (it can no longer be found,
 * so a search counts the kept copy once) and its text.
 */
import type { IDBPTransaction } from 'idb';
import { decodePostings, encodePostings } from '../model/search-postings';
import { bucketOf, eachToken } from '../model/search-text';
import type { FlushStore } from './block-store';
import type { TextkeepDB } from './schema';
import { TEXT_CHUNK, type SearchPostings, type SearchSegment, type SearchTexts } from './search-layout';

/** What became of one stored message of a removed conversation: its id in the kept one, or dropped. */
export interface Moved {
  id: string;
  dropped: boolean;
}

/** The moves of one removed conversation: the conversation kept, and old message id → what became of it. */
export interface RemovedConversation {
  into: string;
  messages: ReadonlyMap<string, Moved>;
}

type RegroupTransaction = IDBPTransaction<TextkeepDB, FlushStore[], 'readwrite'>;

/** Points the index's documents of `removed` (key → its moves) at the conversations kept; see the module comment. */
export async function repointIndex(
  tx: RegroupTransaction,
  removed: ReadonlyMap<string, RemovedConversation>,
): Promise<void> {
  if (removed.size === 0) return;
  const segments = await tx.objectStore('searchSegments').getAll();
  for (const segment of segments) {
    if (!segment.conversations.some((key) => removed.has(key))) continue;
    await repointSegment(tx, segment, removed);
  }
}

async function repointSegment(
  tx: RegroupTransaction,
  segment: SearchSegment,
  removed: ReadonlyMap<string, RemovedConversation>,
): Promise<void> {
  const texts = tx.objectStore('searchTexts');
  // The documents of removed conversations, by the text chunk that holds them.
  const byChunk = new Map<number, number[]>();
  for (let i = 0; i < segment.conversation.length; i++) {
    const key = segment.conversations[segment.conversation[i] ?? 0];
    if (key === undefined || !removed.has(key)) continue;
    const doc = segment.start + i;
    const chunk = segment.start + Math.floor(i / TEXT_CHUNK) * TEXT_CHUNK;
    const docs = byChunk.get(chunk);
    if (docs) docs.push(doc);
    else byChunk.set(chunk, [doc]);
  }
  const starts = [...byChunk.keys()];
  const chunks = await Promise.all(starts.map((start) => texts.get(start)));
  const dropped: number[] = [];
  const buckets = new Set<string>();
  starts.forEach((start, c) => {
    const chunk: SearchTexts | undefined = chunks[c];
    if (!chunk) return;
    for (const doc of byChunk.get(start) ?? []) {
      const i = doc - start;
      const key = segment.conversations[segment.conversation[doc - segment.start] ?? 0] ?? '';
      const move = removed.get(key)?.messages.get(chunk.ids[i] ?? '');
      if (!move) continue;
      chunk.ids[i] = move.id;
      if (!move.dropped) continue;
      eachToken(chunk.texts[i] ?? '', (token) => buckets.add(bucketOf(token)));
      chunk.texts[i] = '';
      dropped.push(doc - segment.start);
    }
    texts.put(chunk).catch(() => undefined);
  });
  const conversations = segment.conversations.map((key) => removed.get(key)?.into ?? key);
  tx.objectStore('searchSegments')
    .put({ ...segment, conversations })
    .catch(() => undefined);
  if (dropped.length > 0) await dropPostings(tx, segment, new Set(dropped), [...buckets]);
}

/** Takes the documents `dropped` (offsets in the segment) out of the postings of `buckets`. */
async function dropPostings(
  tx: RegroupTransaction,
  segment: SearchSegment,
  dropped: ReadonlySet<number>,
  buckets: readonly string[],
): Promise<void> {
  const terms = tx.objectStore('searchTerms');
  const records = await Promise.all(buckets.map((bucket) => terms.get([bucket, segment.start])));
  for (const record of records) {
    if (!record) continue;
    const tokens: string[] = [];
    const lists: number[][] = [];
    record.tokens.forEach((token, k) => {
      const list = decodePostings(record, k).filter((offset) => !dropped.has(offset));
      if (list.length === 0) return;
      tokens.push(token);
      lists.push(list);
    });
    const key: [string, number] = [record.bucket, record.start];
    if (tokens.length === 0) {
      terms.delete(key).catch(() => undefined);
      continue;
    }
    const next: SearchPostings = {
      bucket: record.bucket,
      start: record.start,
      tokens,
      ...encodePostings(record.size, lists),
    };
    terms.put(next).catch(() => undefined);
  }
}
