/**
 * The records of the full-text search index, as the import writer writes them (db/search-index.ts) and the
 * page reads them (services/search.ts). Only the layout: the page imports it without the index builder.
 *
 * Layout. Documents are the messages with at least one token, numbered from 0 without gaps; each flush
 * writes one segment of consecutive numbers, in time order:
 *   - `searchSegments` (key: the number after the segment's last document, so the last key is the next free
 *     number): per document its conversation (an index into the segment's list of keys) and time;
 *   - `searchTerms` (key: [bucket, segment start]): the tokens of one bucket (their first two code points,
 *     see model/search-text.ts) in that segment, sorted, with the documents of each (model/search-postings);
 *   - `searchTexts` (key: first document): ids and texts of TEXT_CHUNK documents, for snippets and links.
 * A query reads one bucket's records per word, so it never reads tokens that cannot match it, and a flush
 * writes one record per bucket it touches, however many distinct words it holds.
 */
import type { EncodedPostings } from '../model/search-postings';

/** Documents per `searchTexts` record: a result page reads one record per hit at most, so keep it small. */
export const TEXT_CHUNK = 128;

/** One bucket's postings in one segment: its tokens, sorted, and the documents of each. */
export interface SearchPostings extends EncodedPostings {
  bucket: string;
  /** The first document number of the segment. */
  start: number;
  /** Tokens in code-unit order. */
  tokens: string[];
}

/** The facts about a segment's documents that filters and ordering need. */
export interface SearchSegment {
  start: number;
  /** The number after its last document (the key). */
  end: number;
  /** The conversation keys its documents belong to. */
  conversations: string[];
  /** Per document, an index into `conversations`. */
  conversation: Uint32Array<ArrayBuffer>;
  /** Per document, the message's time (ms UTC). */
  time: Float64Array<ArrayBuffer>;
}

/** Message ids and texts of consecutive documents. */
export interface SearchTexts {
  start: number;
  ids: string[];
  texts: string[];
  /**
   * Per document, the phone's UTC offset then (Message.offset, minutes east), NO_OFFSET where unknown; absent
   * when no document of the chunk has one (every chunk written before offsets were kept).
   */
  offsets?: Int16Array<ArrayBuffer>;
}

/** `SearchTexts.offsets` for a document whose phone offset is unknown (real offsets lie within ±18 h). */
export const NO_OFFSET = -32768;

/** Every record of one segment. */
export interface SearchRecords {
  segment: SearchSegment;
  postings: SearchPostings[];
  texts: SearchTexts[];
}

/** The stores the index lives in; a transaction that writes messages must include them. */
export const SEARCH_STORES = ['searchTerms', 'searchSegments', 'searchTexts'] as const;
