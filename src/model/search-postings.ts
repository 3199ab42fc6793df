/**
 * How the search index stores which documents hold a token, within one segment of `size` consecutive
 * documents: as a bitmap when the token is common (one bit per document of the segment), else as a sorted
 * list of offsets from the segment's start (16 bits each, 32 in segments over 65,536 documents): whichever
 * is smaller. Common words are most of a query's reading, and a bitmap makes them 8 to 16 times smaller.
 * Pure: the import worker encodes, the page decodes.
 */

/** The encoded documents of a bucket's tokens in one segment. */
export interface EncodedPostings {
  /** Documents in the segment. */
  size: number;
  /** Per token, how many documents hold it. */
  counts: Uint32Array<ArrayBuffer>;
  /** Per token, where its data starts in `data` (in 32-bit words); one more entry than tokens. */
  offsets: Uint32Array<ArrayBuffer>;
  /** Bitmaps and offset lists, each starting on a 32-bit word. */
  data: Uint32Array<ArrayBuffer>;
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
export function encodePostings(size: number, lists: readonly (readonly number[])[]): EncodedPostings {
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
 * Marks the documents holding token `k` (by offset from the segment's start, added to `start`): each whose
 * mark is `from` becomes `from + 1`, so a document counts once per query word however many of that word's
 * tokens it holds, and only if it held all the words before.
 */
export function markDocuments(
  postings: EncodedPostings,
  k: number,
  start: number,
  marks: Uint8Array,
  from: number,
): void {
  const { size, data } = postings;
  const count = postings.counts[k] ?? 0;
  const at = postings.offsets[k] ?? 0;
  const to = from + 1;
  if (isBitmap(count, size)) {
    const words = Math.ceil(size / 32);
    for (let w = 0; w < words; w++) {
      let word = data[at + w] ?? 0;
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        const doc = start + w * 32 + bit;
        if (marks[doc] === from) marks[doc] = to;
        word &= word - 1;
      }
    }
    return;
  }
  const list =
    size > WIDE_SIZE
      ? data.subarray(at, at + count)
      : new Uint16Array(data.buffer, data.byteOffset + at * 4, count);
  for (let i = 0; i < count; i++) {
    const doc = start + (list[i] ?? 0);
    if (marks[doc] === from) marks[doc] = to;
  }
}

/** The offsets (from the segment's start) of the documents holding token `k`, ascending. */
export function decodePostings(postings: EncodedPostings, k: number): number[] {
  const { size, data } = postings;
  const count = postings.counts[k] ?? 0;
  const at = postings.offsets[k] ?? 0;
  const offsets: number[] = [];
  if (isBitmap(count, size)) {
    const words = Math.ceil(size / 32);
    for (let w = 0; w < words; w++) {
      let word = data[at + w] ?? 0;
      while (word !== 0) {
        offsets.push(w * 32 + 31 - Math.clz32(word & -word));
        word &= word - 1;
      }
    }
    return offsets;
  }
  const list =
    size > WIDE_SIZE
      ? data.subarray(at, at + count)
      : new Uint16Array(data.buffer, data.byteOffset + at * 4, count);
  for (let i = 0; i < count; i++) offsets.push(list[i] ?? 0);
  return offsets;
}
