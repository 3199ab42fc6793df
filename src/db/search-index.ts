/**
 * The full-text search index: written by the import writer in the same transaction as the message blocks
 * (so it is current and consistent after every flush, whatever happens next), read by services/search.ts.
 *
 * DECISION, by measuring (500,000 generated messages in 210 conversations, `npm run bench` scenario
 * search-500k, 99 queries: common, rare, two-word, prefix, other scripts, emoji, absent; headless Chromium
 * on the 2-core machine): an inverted index of our own in IndexedDB, not a library persisted to it.
 *   Own index: a query takes p50 6.7 ms, p95 13.6 ms, slowest 17.6 ms (from the call to the newest 100
 *   matches with their snippets; typed + Enter to results in the page: p50 29 ms, p95 37 ms). The first
 *   query after opening the app takes 52 ms (it reads the document table). Building it costs 1.3 s of the
 *   import worker's time per 500,000 messages: importing 100,000 takes 3.0 s instead of 2.55 s (+18%,
 *   37,800 → 32,100 messages/s), 500,000 take 19.5 s instead of 16.8 s (+16%). Stored: 38.9 MB of values
 *   (postings 5.0, document table 5.6, texts for snippets 28.3); the browser's storage estimate after the
 *   import goes from 28.6 MB to 64.7 MB. In memory: the document table only, 12 bytes a message (+5.8 MB
 *   of page heap at 500,000), and one byte a message while a query runs.
 *   MiniSearch 7.2.0 (same texts and tokens, same Chromium): building takes 3.6 s and 153 MB of heap, all
 *   of it held while the app runs; it serializes to 51.7 MB of JSON (2.2 s to write), which every start of
 *   the app must read and parse (1.2 s) before the first query; a query takes p50 48 ms, p95 327 ms (it
 *   scores and sorts every match).
 *   FlexSearch 0.8.212 (forward tokenizer, for prefixes): 3.5 s and 174 MB of heap to build; it exports
 *   100 MB, one piece of which (167 MB serialized) is over Chromium's 133 MB IndexedDB value limit and
 *   must be split by hand; 1.5 s to write, 1.25 s to load at every start; a query takes p95 18 ms for its
 *   first 100 ids only (no total, no date or conversation filter: over whole result sets, p95 53 ms).
 *   Either library keeps its whole index in memory, and persists it as one serialized whole: every import
 *   rewrites all of it (cost growing with the archive, and outside the blocks' transaction, so a tab closed
 *   between the two leaves it stale). Ours appends, and a query reads only the records of its words.
 *
 * Layout: see db/search-layout.ts (the records, read by the page and written here).
 */
import { encodePostings } from '../model/search-postings';
import { bucketOf, eachToken } from '../model/search-text';
import type { Message } from '../model/types';
import {
  NO_OFFSET,
  TEXT_CHUNK,
  type SearchPostings,
  type SearchRecords,
  type SearchSegment,
  type SearchTexts,
} from './search-layout';

/**
 * Builds the records indexing some messages (grouped by conversation), numbering them from `start` in time
 * order, so the newest matches of a query (the ones shown first) sit in few `searchTexts` records.
 */
export function indexRecords(
  start: number,
  batch: Iterable<readonly [string, readonly Message[]]>,
): SearchRecords {
  const conversations: string[] = [];
  const all: { message: Message; conversation: number }[] = [];
  for (const [key, messages] of batch) {
    const conversation = conversations.push(key) - 1;
    for (const message of messages) all.push({ message, conversation });
  }
  all.sort((a, b) => a.message.time - b.message.time);
  const conversation: number[] = [];
  const time: number[] = [];
  const ids: string[] = [];
  const texts: string[] = [];
  const offsets: number[] = [];
  const byToken = new Map<string, number[]>();
  for (const entry of all) {
    const { message } = entry;
    const offset = ids.length;
    let tokens = 0;
    eachToken(message.text, (token) => {
      tokens++;
      const list = byToken.get(token);
      if (!list) byToken.set(token, [offset]);
      else if (list[list.length - 1] !== offset) list.push(offset);
    });
    if (tokens === 0) continue;
    conversation.push(entry.conversation);
    time.push(message.time);
    ids.push(message.id);
    texts.push(message.text);
    offsets.push(message.offset ?? NO_OFFSET);
  }
  const segment: SearchSegment = {
    start,
    end: start + ids.length,
    conversations,
    conversation: Uint32Array.from(conversation),
    time: Float64Array.from(time),
  };
  const chunks: SearchTexts[] = [];
  for (let i = 0; i < ids.length; i += TEXT_CHUNK) {
    const chunkOffsets = offsets.slice(i, i + TEXT_CHUNK);
    chunks.push({
      start: start + i,
      ids: ids.slice(i, i + TEXT_CHUNK),
      texts: texts.slice(i, i + TEXT_CHUNK),
      // Search results show a message's time as on the phone: kept only where some message has an offset.
      ...(chunkOffsets.some((o) => o !== NO_OFFSET) ? { offsets: Int16Array.from(chunkOffsets) } : {}),
    });
  }
  return { segment, postings: postingsOf(start, ids.length, byToken), texts: chunks };
}

/** Groups a segment's token lists (offsets from its start) into one record per bucket. */
function postingsOf(start: number, size: number, byToken: ReadonlyMap<string, number[]>): SearchPostings[] {
  const tokens = [...byToken.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const records: SearchPostings[] = [];
  for (let i = 0; i < tokens.length;) {
    const bucket = bucketOf(tokens[i] ?? '');
    let j = i + 1;
    while (j < tokens.length && bucketOf(tokens[j] ?? '') === bucket) j++;
    const own = tokens.slice(i, j);
    const encoded = encodePostings(
      size,
      own.map((token) => byToken.get(token) ?? []),
    );
    records.push({ bucket, start, tokens: own, ...encoded });
    i = j;
  }
  return records;
}

/** A store the index writes to. */
interface Writable<T> {
  put(value: T): Promise<unknown>;
}

/**
 * What the index needs of a transaction (the import writer's flush, or the schema's upgrade): its three
 * stores, writable. Structural, so a transaction over more stores fits too.
 */
export interface SearchIndexTransaction {
  objectStore(name: 'searchTerms'): Writable<SearchPostings>;
  objectStore(name: 'searchTexts'): Writable<SearchTexts>;
  objectStore(name: 'searchSegments'): Writable<SearchSegment> & {
    openKeyCursor(query: null, direction: 'prev'): Promise<{ key: IDBValidKey } | null>;
  };
}

/** Queues the puts of a segment's records in `tx`; their failure aborts it (and surfaces through tx.done). */
export function putRecords(tx: SearchIndexTransaction, records: SearchRecords): void {
  const keep = (request: Promise<unknown>): void => {
    request.catch(() => undefined);
  };
  if (records.segment.end === records.segment.start) return;
  keep(tx.objectStore('searchSegments').put(records.segment));
  for (const postings of records.postings) keep(tx.objectStore('searchTerms').put(postings));
  for (const texts of records.texts) keep(tx.objectStore('searchTexts').put(texts));
}

/** The performance measure of each flush's indexing in the import worker (read by the bench). */
export const INDEX_MEASURE = 'tk-search-index';

/** Indexes the messages a flush adds, inside the flush's transaction: numbered after the last segment. */
export async function indexFlushed(
  tx: SearchIndexTransaction,
  added: Iterable<readonly [string, readonly Message[]]>,
): Promise<void> {
  const last = await tx.objectStore('searchSegments').openKeyCursor(null, 'prev');
  const started = performance.now();
  putRecords(tx, indexRecords(typeof last?.key === 'number' ? last.key : 0, added));
  performance.measure(INDEX_MEASURE, { start: started });
}
