/**
 * The query side's document table and the matching over it (see services/search.ts): the conversation and
 * time of every indexed message in flat typed arrays, and one pass over them per query.
 */
import { markDocuments } from '../model/search-postings';
import type { SearchPostings, SearchSegment } from '../db/search-layout';

/** What a search is narrowed to. */
export interface SearchFilters {
  /** Only messages at or after this time (ms UTC). */
  from?: number;
  /** Only messages before this time (ms UTC). */
  to?: number;
  /** Only this conversation. */
  conversationKey?: string;
}

/** The documents a query matched: how many, per conversation, and the newest `limit` of them. */
interface Matched {
  total: number;
  perConversation: Uint32Array;
  /** Newest first. */
  docs: number[];
}

/**
 * The conversation and time of every document, in flat typed arrays indexed by document number (documents
 * are numbered from 0 without gaps), with the segment starts to find a document's text chunk.
 */
export class DocumentTable {
  size = 0;
  /** Conversation keys by ordinal. */
  readonly keys: string[] = [];
  private readonly _ordinals = new Map<string, number>();
  private _time = new Float64Array(0);
  private _conversation = new Uint32Array(0);
  private readonly _starts: number[] = [];

  /** Makes room for documents up to `end` (so loading many segments at once copies the arrays once). */
  reserve(end: number): void {
    if (end <= this._time.length) return;
    const time = new Float64Array(end);
    time.set(this._time.subarray(0, this.size));
    const conversation = new Uint32Array(end);
    conversation.set(this._conversation.subarray(0, this.size));
    this._time = time;
    this._conversation = conversation;
  }

  /** Appends a segment (they come in order, each starting where the last ended). */
  add(segment: SearchSegment): void {
    if (segment.start !== this.size) return;
    if (segment.end > this._time.length) this.reserve(Math.max(segment.end, this._time.length * 2));
    const ordinals = segment.conversations.map((key) => {
      let ordinal = this._ordinals.get(key);
      if (ordinal === undefined) {
        ordinal = this.keys.push(key) - 1;
        this._ordinals.set(key, ordinal);
      }
      return ordinal;
    });
    this._time.set(segment.time, segment.start);
    for (let i = 0; i < segment.conversation.length; i++)
      this._conversation[segment.start + i] = ordinals[segment.conversation[i] ?? 0] ?? 0;
    this._starts.push(segment.start);
    this.size = segment.end;
  }

  timeOf(doc: number): number {
    return this._time[doc] ?? NaN;
  }

  conversationOf(doc: number): number {
    return this._conversation[doc] ?? 0;
  }

  /** The first document of the segment holding `doc`. */
  segmentStartOf(doc: number): number {
    let lo = 0;
    let hi = this._starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this._starts[mid] ?? 0) <= doc) lo = mid;
      else hi = mid - 1;
    }
    return this._starts[lo] ?? 0;
  }

  /**
   * The documents holding every term (each read from `lists[i]`, the records of its bucket), within the
   * filters. One pass per term over its postings, then one over the documents: `hits[d]` counts the terms
   * document d has so far, and only counts up from the previous term's, so a document listed under two
   * tokens of one term ("you", "your") counts once.
   */
  match(
    terms: readonly string[],
    lists: readonly (readonly SearchPostings[])[],
    filters: SearchFilters,
    limit: number,
  ): Matched {
    const size = this.size;
    const hits = new Uint8Array(size);
    terms.forEach((term, t) => {
      for (const record of lists[t] ?? []) {
        for (let k = firstAtLeast(record.tokens, term); k < record.tokens.length; k++) {
          if (!(record.tokens[k] ?? '').startsWith(term)) break;
          markDocuments(record, k, record.start, hits, t);
        }
      }
    });
    const only =
      filters.conversationKey === undefined ? -1 : (this._ordinals.get(filters.conversationKey) ?? -2);
    const window: Window = { only, from: filters.from ?? -Infinity, to: filters.to ?? Infinity };
    const perConversation = new Uint32Array(this.keys.length);
    const newest = new NewestHeap(limit);
    const total = scan(hits, terms.length, this._time, this._conversation, window, perConversation, newest);
    return { total, perConversation, docs: newest.sorted() };
  }
}

/** The filters as the scan uses them: a conversation ordinal (-1 for any) and a time range. */
interface Window {
  only: number;
  from: number;
  to: number;
}

/**
 * The pass over every document (a plain function over typed arrays, which the engine compiles well): counts
 * the matches within the filters, per conversation, and keeps the newest. Newest first: documents are
 * numbered in time order within each import, so the heap soon holds the newest and turns the rest away.
 */
function scan(
  marks: Uint8Array,
  wanted: number,
  time: Float64Array,
  conversation: Uint32Array,
  window: Window,
  perConversation: Uint32Array,
  newest: NewestHeap,
): number {
  const { only, from, to } = window;
  let total = 0;
  for (let doc = marks.length - 1; doc >= 0; doc--) {
    if (marks[doc] !== wanted) continue;
    const t = time[doc] ?? NaN;
    const c = conversation[doc] ?? 0;
    if (t < from || t >= to || (only !== -1 && c !== only)) continue;
    total++;
    perConversation[c] = (perConversation[c] ?? 0) + 1;
    if (t > newest.floor) newest.offer(doc, t);
  }
  return total;
}

/** The index of the first string in sorted `list` that is not below `value`. */
function firstAtLeast(list: readonly string[], value: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] ?? '') < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Keeps the `limit` newest documents offered: a min-heap on time, so the oldest kept is at the top. */
class NewestHeap {
  /** Offers at or below this time cannot get in. */
  floor = -Infinity;
  private _size = 0;
  private readonly _docs: Int32Array;
  private readonly _times: Float64Array;

  constructor(private readonly _limit: number) {
    this._docs = new Int32Array(_limit);
    this._times = new Float64Array(_limit);
  }

  offer(doc: number, time: number): void {
    if (this._limit === 0) return;
    const docs = this._docs;
    const times = this._times;
    let i: number;
    if (this._size < this._limit) {
      // Sift up from the new last place.
      i = this._size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if ((times[parent] ?? 0) <= time) break;
        docs[i] = docs[parent] ?? 0;
        times[i] = times[parent] ?? 0;
        i = parent;
      }
    } else {
      // Replace the oldest kept and sift down.
      i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= this._size) break;
        const right = left + 1;
        const child = right < this._size && (times[right] ?? 0) < (times[left] ?? 0) ? right : left;
        if ((times[child] ?? 0) >= time) break;
        docs[i] = docs[child] ?? 0;
        times[i] = times[child] ?? 0;
        i = child;
      }
    }
    docs[i] = doc;
    times[i] = time;
    if (this._size === this._limit) this.floor = times[0] ?? -Infinity;
  }

  /** The kept documents, newest first. */
  sorted(): number[] {
    const order = Array.from({ length: this._size }, (_, i) => i);
    order.sort(
      (a, b) => (this._times[b] ?? 0) - (this._times[a] ?? 0) || (this._docs[b] ?? 0) - (this._docs[a] ?? 0),
    );
    return order.map((i) => this._docs[i] ?? 0);
  }
}
