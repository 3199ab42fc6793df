/*
 * ==========================================================================================================
 *  FROZEN: the search index as schema step 4 builds it (index layout version 1). Do not change this file.
 *
 *  A shipped upgrade step must do forever what it did when it shipped, so step 4 does not call the live
 *  index code (db/search-index.ts, model/search-text.ts, model/search-postings.ts), which keeps
 *  changing: it writes through this copy of that code as it was at version 1 of the layout. When the live
 *  tokenizer or layout changes in a way the stored index must follow, a NEW numbered step rebuilds it.
 *  (A copy on purpose: the duplication is the point.)
 * ==========================================================================================================
 */
import type { Message } from '../../model/types';
import type { SearchPostings, SearchRecords, SearchSegment, SearchTexts } from '../search-layout';

/** Documents per `searchTexts` record. */
const TEXT_CHUNK = 128;

/** Tokens are cut to this many UTF-16 units, so long links and hex strings do not bloat the index. */
const MAX_TOKEN_CHARS = 32;

/** Letters that NFKD leaves whole, spelled as people type them without accents. */
const SPELLED: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ς: 'σ',
};
const SPELLED_ANY = /[ßæœøłđðþıς]/g;

const NON_ASCII = /[\u0080-\uffff]/;
const TOKEN = /[\p{L}\p{N}]+|\p{Extended_Pictographic}/gu;
const IDEOGRAPHIC = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;
const IDEOGRAPHIC_OR_RUN =
  /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|[^\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+/gu;
const MARKS = /\p{M}+/gu;

const cut = (token: string): string =>
  token.length > MAX_TOKEN_CHARS ? token.slice(0, MAX_TOKEN_CHARS) : token;

/** Folds text for matching (see the module comment). Lengths change, so folded offsets mean nothing. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(SPELLED_ANY, (c) => SPELLED[c] ?? c);
}

/** Calls `visit` with each token of folded text: runs of letters and digits, ideographs one by one, emoji. */
function foldedTokens(folded: string, visit: (token: string) => void): void {
  for (const m of folded.matchAll(TOKEN)) {
    const run = m[0];
    if (!IDEOGRAPHIC.test(run)) visit(cut(run));
    else for (const part of run.matchAll(IDEOGRAPHIC_OR_RUN)) visit(cut(part[0]));
  }
}

/**
 * The tokens of an all-ASCII text, the common case, in one pass without regular expressions (this is most of
 * the index's cost during an import); the same tokens as the general path gives.
 */
function asciiTokens(text: string, visit: (token: string) => void): void {
  let start = -1;
  let upper = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      if (start < 0) start = i;
    } else if (c >= 0x41 && c <= 0x5a) {
      if (start < 0) start = i;
      upper = true;
    } else if (start >= 0) {
      const token = text.slice(start, Math.min(i, start + MAX_TOKEN_CHARS));
      visit(upper ? token.toLowerCase() : token);
      start = -1;
      upper = false;
    }
  }
}

/** Calls `visit` with each token of a text in order, repeats included (what the index is built from). */
function eachToken(text: string, visit: (token: string) => void): void {
  if (NON_ASCII.test(text)) foldedTokens(fold(text), visit);
  else asciiTokens(text, visit);
}

/** The index bucket a token lives in: its first two code points (so a prefix of two or more finds one bucket). */
function bucketOf(token: string): string {
  const first = token.codePointAt(0);
  if (first === undefined) return '';
  const width = first > 0xffff ? 2 : 1;
  const second = token.codePointAt(width);
  return second === undefined ? token.slice(0, width) : token.slice(0, width + (second > 0xffff ? 2 : 1));
}

const WIDE_SIZE = 0x10000;

/** Whether a token held by `count` of a segment's `size` documents is stored as a bitmap. */
function isBitmap(count: number, size: number): boolean {
  return count * (size > WIDE_SIZE ? 32 : 16) > Math.ceil(size / 32) * 32;
}

/** The 32-bit words a token's documents take. */
function wordsFor(count: number, size: number): number {
  if (isBitmap(count, size)) return Math.ceil(size / 32);
  return size > WIDE_SIZE ? count : Math.ceil(count / 2);
}

/** Encodes per-token lists of ascending offsets (document number minus the segment's start). */
function encodePostings(
  size: number,
  lists: readonly (readonly number[])[],
): Omit<SearchPostings, 'bucket' | 'start' | 'tokens'> {
  const counts = new Uint32Array(lists.length);
  const offsets = new Uint32Array(lists.length + 1);
  let words = 0;
  lists.forEach((list, k) => {
    counts[k] = list.length;
    offsets[k] = words;
    words += wordsFor(list.length, size);
  });
  offsets[lists.length] = words;
  const data = new Uint32Array(words);
  const halves = new Uint16Array(data.buffer);
  lists.forEach((list, k) => {
    const at = offsets[k] ?? 0;
    if (isBitmap(list.length, size)) {
      for (const offset of list)
        data[at + (offset >>> 5)] = (data[at + (offset >>> 5)] ?? 0) | (1 << (offset & 31));
    } else if (size > WIDE_SIZE) data.set(list, at);
    else halves.set(list, at * 2);
  });
  return { size, counts, offsets, data };
}

/**
 * Builds the records indexing some messages (grouped by conversation), numbering them from `start` in time
 * order, so the newest matches of a query (the ones shown first) sit in few `searchTexts` records.
 */
export function indexRecordsV1(
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
  }
  const segment: SearchSegment = {
    start,
    end: start + ids.length,
    conversations,
    conversation: Uint32Array.from(conversation),
    time: Float64Array.from(time),
  };
  const chunks: SearchTexts[] = [];
  for (let i = 0; i < ids.length; i += TEXT_CHUNK)
    chunks.push({
      start: start + i,
      ids: ids.slice(i, i + TEXT_CHUNK),
      texts: texts.slice(i, i + TEXT_CHUNK),
    });
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

/** A store the frozen index writes to. */
interface Writable<T> {
  put(value: T): Promise<unknown>;
}

/** What the frozen index needs of the upgrade transaction: its three stores, writable. */
export interface FrozenIndexTransaction {
  objectStore(name: 'searchTerms'): Writable<SearchPostings>;
  objectStore(name: 'searchTexts'): Writable<SearchTexts>;
  objectStore(name: 'searchSegments'): Writable<SearchSegment>;
}

/** Queues the puts of a segment's records in `tx`; their failure aborts it (and surfaces through tx.done). */
export function putRecordsV1(tx: FrozenIndexTransaction, records: SearchRecords): void {
  const keep = (request: Promise<unknown>): void => {
    request.catch(() => undefined);
  };
  if (records.segment.end === records.segment.start) return;
  keep(tx.objectStore('searchSegments').put(records.segment));
  for (const postings of records.postings) keep(tx.objectStore('searchTerms').put(postings));
  for (const texts of records.texts) keep(tx.objectStore('searchTexts').put(texts));
}
