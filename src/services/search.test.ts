import 'fake-indexeddb/auto';
import { deleteDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../model/types';
import { indexRecords, putRecords } from '../db/search-index';
import { openTextkeepDb, type TextkeepDB } from '../db/schema';
import { SearchService, type SearchResults } from './search';

let n = 0;
const names: string[] = [];
afterEach(async () => {
  await Promise.all(names.splice(0).map((name) => deleteDB(name)));
});

const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2021, 5, 1);

function message(id: string, day: number, text: string): Message {
  return {
    id,
    time: T0 + day * DAY,
    direction: 'out',
    status: 'sent',
    sender: '',
    text,
    attachments: [],
    source: { importId: 1, format: 'test' },
  };
}

/** Writes one segment of the index, as one import flush would. */
async function indexSegment(db: IDBPDatabase<TextkeepDB>, batch: [string, Message[]][]): Promise<void> {
  const last = await db.getAllKeys('searchSegments');
  const tx = db.transaction(['searchTerms', 'searchSegments', 'searchTexts'], 'readwrite');
  putRecords(tx, indexRecords(last.at(-1) ?? 0, batch));
  await tx.done;
}

async function setUp(): Promise<{ db: IDBPDatabase<TextkeepDB>; search: SearchService }> {
  const name = `search-${String(++n)}`;
  names.push(name);
  const db = await openTextkeepDb(name);
  await indexSegment(db, [
    [
      'ada',
      [
        message('a1', 0, 'Happy birthday Ada!'),
        message('a2', 10, 'See you at the café'),
        message('a3', 20, 'Birthday cake tonight?'),
      ],
    ],
    ['bob', [message('b1', 5, 'birthday party at 7'), message('b2', 30, 'Cafe or tea?')]],
  ]);
  return { db, search: new SearchService({ database: () => Promise.resolve(db) }) };
}

/** What a search found, as [conversation, [message ids]] per group. */
const found = (results: SearchResults): [string, number, string[]][] =>
  results.groups.map((g) => [g.conversationKey, g.count, g.hits.map((h) => h.messageId)]);

describe('SearchService', () => {
  it("gives each hit the phone's offset where the message has one, so results read as on the phone", async () => {
    const { db, search } = await setUp();
    await indexSegment(db, [
      ['cy', [{ ...message('c1', 40, 'dinner at eight'), offset: -300 }, message('c2', 41, 'dinner again')]],
    ]);
    const hits = (await search.search('dinner')).groups.flatMap((g) => g.hits);
    expect(hits.map((h) => [h.messageId, h.offset])).toEqual([
      ['c2', undefined],
      ['c1', -300],
    ]);
    // A chunk with no offset at all (all written before offsets were kept) stores none.
    expect(
      (await search.search('birthday')).groups.flatMap((g) => g.hits).every((h) => !('offset' in h)),
    ).toBe(true);
    db.close();
  });

  it('finds every word as a word or the start of one, in any case and without accents', async () => {
    const { db, search } = await setUp();
    expect(found(await search.search('BIRTHDAY'))).toEqual([
      ['ada', 2, ['a3', 'a1']],
      ['bob', 1, ['b1']],
    ]);
    expect(found(await search.search('birth party'))).toEqual([['bob', 1, ['b1']]]);
    expect(found(await search.search('CAFÉ'))).toEqual([
      ['bob', 1, ['b2']],
      ['ada', 1, ['a2']],
    ]);
    expect((await search.search('zebra')).total).toBe(0);
    expect(await search.search(' ?! ')).toEqual({ terms: [], total: 0, shown: 0, groups: [] });
    db.close();
  });

  it('narrows by date range and by conversation', async () => {
    const { db, search } = await setUp();
    const within = await search.search('birthday', { from: T0 + 1 * DAY, to: T0 + 20 * DAY });
    expect(found(within)).toEqual([['bob', 1, ['b1']]]);
    const inclusive = await search.search('birthday', { from: T0 + 5 * DAY, to: T0 + 20 * DAY + 1 });
    expect(found(inclusive)).toEqual([
      ['ada', 1, ['a3']],
      ['bob', 1, ['b1']],
    ]);
    expect(found(await search.search('birthday', { conversationKey: 'ada' }))).toEqual([
      ['ada', 2, ['a3', 'a1']],
    ]);
    expect((await search.search('birthday', { conversationKey: 'nobody' })).total).toBe(0);
    db.close();
  });

  it('shows the newest `limit` matches and counts them all', async () => {
    const { db, search } = await setUp();
    const results = await search.search('birthday', {}, 2);
    expect(results.total).toBe(3);
    expect(results.shown).toBe(2);
    expect(found(results)).toEqual([
      ['ada', 2, ['a3']],
      ['bob', 1, ['b1']],
    ]);
    db.close();
  });

  it('marks the matched words in each snippet', async () => {
    const { db, search } = await setUp();
    const results = await search.search('cafe see');
    expect(results.groups[0]?.hits[0]?.snippet).toEqual([
      { text: 'See', match: true },
      { text: ' you at the ', match: false },
      { text: 'café', match: true },
    ]);
    db.close();
  });

  it('sees what later imports add, in the same session', async () => {
    const { db, search } = await setUp();
    expect((await search.search('tea')).total).toBe(1);
    await indexSegment(db, [['cy', [message('c1', 40, 'Tea time!'), message('c2', 41, 'teapot')]]]);
    expect(found(await search.search('tea'))).toEqual([
      ['cy', 2, ['c2', 'c1']],
      ['bob', 1, ['b2']],
    ]);
    db.close();
  });

  it('stops when its signal is aborted', async () => {
    const { db, search } = await setUp();
    const controller = new AbortController();
    controller.abort();
    await expect(search.search('birthday', {}, 100, controller.signal)).rejects.toThrow();
    db.close();
  });
});
