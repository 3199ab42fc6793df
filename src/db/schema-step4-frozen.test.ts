import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openTextkeepDb } from './schema';

// The live tokenizer and postings, changed as a later version of the app might change them: if upgrade step 4
// used them, what it writes would change with them.
vi.mock('../model/search-text', async (original) => ({
  ...(await original<typeof import('../model/search-text')>()),
  eachToken: (text: string, visit: (token: string) => void) => {
    for (const word of text.split(' ')) visit(`changed-${word}`);
  },
  bucketOf: () => 'zz',
}));
vi.mock('../model/search-postings', async (original) => ({
  ...(await original<typeof import('../model/search-postings')>()),
  encodePostings: () => ({
    size: 0,
    counts: new Uint32Array(),
    offsets: new Uint32Array(1),
    data: new Uint32Array(),
  }),
}));

const NAME = 'step4-frozen';
afterEach(async () => {
  await deleteDB(NAME);
});

describe('upgrade step 4 (the search index of what was stored before it)', () => {
  it('writes what it wrote when it shipped, whatever the live tokenizer and postings now do', async () => {
    const old = await openTextkeepDb(NAME, {}, 3);
    await old.put('messageBlocks', {
      conversationKey: '+15555550123',
      startTime: 1_600_000_000_000,
      startId: 'a1',
      endTime: 1_600_000_100_000,
      messages: [
        {
          id: 'a1',
          time: 1_600_000_000_000,
          direction: 'in',
          status: 'received',
          sender: '+15555550123',
          text: 'Hello Café',
          attachments: [],
          source: { importId: 1, format: 'sbr' },
        },
        {
          id: 'a2',
          time: 1_600_000_100_000,
          direction: 'out',
          status: 'sent',
          sender: '',
          text: 'hello again',
          attachments: [],
          source: { importId: 1, format: 'sbr' },
        },
      ],
    });
    old.close();

    const db = await openTextkeepDb(NAME);
    const terms = await db.getAll('searchTerms');
    // Version 1 of the index: folded words, bucketed by their first two letters, postings as offset lists.
    expect(terms.map((t) => [t.bucket, t.tokens])).toEqual([
      ['ag', ['again']],
      ['ca', ['cafe']],
      ['he', ['hello']],
    ]);
    const hello = terms.find((t) => t.bucket === 'he');
    expect(hello?.size).toBe(2);
    expect([...(hello?.counts ?? [])]).toEqual([2]);
    expect(await db.get('searchSegments', 2)).toMatchObject({ start: 0, end: 2 });
    db.close();
  });
});
