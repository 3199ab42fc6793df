import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { decodePostings, encodePostings, markDocuments } from '../model/search-postings';
import type { Message } from '../model/types';
import { openTextkeepDb } from './schema';
import { SearchService } from '../services/search';
import { ImportWriter } from '../import/import-writer';
import { indexRecords } from './search-index';
import { TEXT_CHUNK } from './search-layout';
import { sms } from '../../test-support/messages';

let n = 0;
const names: string[] = [];
afterEach(async () => {
  await Promise.all(names.splice(0).map((name) => deleteDB(name)));
});

function freshName(): string {
  const name = `search-index-${String(++n)}`;
  names.push(name);
  return name;
}

const T0 = Date.UTC(2020, 0, 1);

function message(id: string, time: number, text: string): Message {
  return {
    id,
    time,
    direction: 'in',
    status: 'received',
    sender: '',
    text,
    attachments: [],
    source: { importId: 1, format: 'test' },
  };
}

/** The document offsets token `k` of a postings record holds, decoded. */
function decoded(postings: ReturnType<typeof encodePostings>, k: number): number[] {
  const marks = new Uint8Array(postings.size);
  markDocuments(postings, k, 0, marks, 0);
  return [...marks.keys()].filter((doc) => marks[doc] === 1);
}

describe('postings', () => {
  it.each([
    ['a small segment', 10],
    ['a flush-sized segment', 20_000],
    ['a segment too big for 16-bit offsets', 70_000],
  ])('round-trips common and rare tokens in %s', (_, size) => {
    const every = (step: number) => Array.from({ length: Math.ceil(size / step) }, (_, i) => i * step);
    const lists = [every(1), every(2), every(40), every(1000), [size - 1], [0, size - 1]];
    const encoded = encodePostings(size, lists);
    lists.forEach((list, k) => {
      expect(decoded(encoded, k)).toEqual(list);
      expect(decodePostings(encoded, k)).toEqual(list);
    });
  });

  it('stores a common token as a bitmap: one bit per document, however many hold it', () => {
    const size = 20_000;
    const common = Array.from({ length: size / 2 }, (_, i) => i * 2);
    const encoded = encodePostings(size, [common, [5, 9]]);
    expect(encoded.offsets[1]).toBe(Math.ceil(size / 32));
    expect(encoded.data.length).toBe(Math.ceil(size / 32) + 1);
  });

  it('marks a document only if it held every earlier word', () => {
    const encoded = encodePostings(4, [
      [0, 1, 2],
      [1, 2, 3],
    ]);
    const marks = new Uint8Array(4);
    markDocuments(encoded, 0, 0, marks, 0);
    markDocuments(encoded, 1, 0, marks, 1);
    markDocuments(encoded, 1, 0, marks, 1);
    expect([...marks]).toEqual([1, 2, 2, 0]);
  });
});

describe('indexRecords', () => {
  it('numbers messages with words in time order and keeps their ids and texts', () => {
    const records = indexRecords(7, [
      ['+1', [message('a', T0 + 3, 'late one'), message('b', T0 + 9, '')]],
      ['+2', [message('c', T0 + 1, 'Early Café'), message('d', T0 + 5, '🎉')]],
    ]);
    expect(records.segment).toMatchObject({ start: 7, end: 10, conversations: ['+1', '+2'] });
    expect([...records.segment.conversation]).toEqual([1, 0, 1]);
    expect([...records.segment.time]).toEqual([T0 + 1, T0 + 3, T0 + 5]);
    expect(records.texts).toEqual([
      { start: 7, ids: ['c', 'a', 'd'], texts: ['Early Café', 'late one', '🎉'] },
    ]);
    const buckets = Object.fromEntries(records.postings.map((p) => [p.bucket, p.tokens]));
    expect(buckets).toEqual({ ca: ['cafe'], ea: ['early'], la: ['late'], on: ['one'], '🎉': ['🎉'] });
    const cafe = records.postings.find((p) => p.bucket === 'ca');
    if (cafe) expect(decoded(cafe, 0)).toEqual([0]);
  });

  it('cuts the texts into chunks of TEXT_CHUNK documents', () => {
    const many = Array.from({ length: TEXT_CHUNK * 2 + 3 }, (_, i) =>
      message(`m${String(i)}`, T0 + i, `w${String(i)}`),
    );
    const records = indexRecords(0, [['+1', many]]);
    expect(records.texts.map((t) => [t.start, t.ids.length])).toEqual([
      [0, TEXT_CHUNK],
      [TEXT_CHUNK, TEXT_CHUNK],
      [TEXT_CHUNK * 2, 3],
    ]);
  });
});

describe('the index the import writer keeps', () => {
  it('is written with every flush, stays current after a second import, and survives reopening', async () => {
    const name = freshName();
    let db = await openTextkeepDb(name);
    const first = new ImportWriter(db, 'US');
    await first.init();
    await first.add(
      [
        sms('+12025550123', T0, 'Un café demain ?'),
        sms('+12025550123', T0 + 60_000, 'Oui, à 10h'),
        sms('+12025550177', T0 + 120_000, 'ÉTÉ indien'),
      ],
      { importId: 1, format: 'test' },
    );
    await first.finish();
    const search = new SearchService({ database: () => Promise.resolve(db) });
    expect((await search.search('cafe')).total).toBe(1);
    expect((await search.search('été')).total).toBe(1);

    const second = new ImportWriter(db, 'US');
    await second.init();
    await second.add(
      [sms('+12025550123', T0, 'Un café demain ?'), sms('+12025550188', T0 + 180_000, 'Le Café du coin')],
      { importId: 2, format: 'test' },
    );
    await second.finish();
    // The duplicate is not indexed twice; the new message is found at once, by the same service.
    const cafe = await search.search('CAFE');
    expect(cafe.total).toBe(2);
    expect(cafe.groups.map((g) => g.conversationKey)).toEqual(['+12025550188', '+12025550123']);
    const segments = await db.getAll('searchSegments');
    expect(segments.map((s) => [s.start, s.end])).toEqual([
      [0, 3],
      [3, 4],
    ]);

    db.close();
    db = await openTextkeepDb(name);
    const reopened = new SearchService({ database: () => Promise.resolve(db) });
    const found = await reopened.search('caf');
    expect(found.total).toBe(2);
    expect(found.groups.flatMap((g) => g.hits.map((h) => h.snippet.filter((p) => p.match)))).toEqual([
      [{ text: 'Café', match: true }],
      [{ text: 'café', match: true }],
    ]);
    db.close();
  });

  it('indexes every stored message that has words, once', async () => {
    const db = await openTextkeepDb(freshName());
    const writer = new ImportWriter(db, 'US');
    await writer.init();
    const items = Array.from({ length: 1200 }, (_, i) =>
      sms(
        `+1202555${String(100 + (i % 7)).padStart(4, '0')}`,
        T0 + i * 1000,
        i % 10 === 0 ? '' : `note ${String(i)}`,
      ),
    );
    await writer.add(items.slice(0, 700), { importId: 1, format: 'test' });
    await writer.flush();
    await writer.add(items.slice(700), { importId: 1, format: 'test' });
    await writer.finish();
    const blocks = await db.getAll('messageBlocks');
    const withWords = blocks.flatMap((b) => b.messages).filter((m) => m.text !== '').length;
    const segments = await db.getAll('searchSegments');
    expect(segments.reduce((sum, s) => sum + s.end - s.start, 0)).toBe(withWords);
    const search = new SearchService({ database: () => Promise.resolve(db) });
    expect((await search.search('note')).total).toBe(withWords);
    db.close();
  });
});
