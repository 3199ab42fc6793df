import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../model/types';
import { openTextkeepDb } from './schema';

// Counts the loads of the frozen step-4 code: the page must not load it unless an upgrade needs it.
const loads = vi.hoisted(() => ({ count: 0 }));
vi.mock('./frozen/search-index-v1', async (original) => {
  loads.count++;
  return original();
});

const NAME = 'frozen-load';
afterEach(async () => {
  vi.restoreAllMocks();
  await deleteDB(NAME);
});

const MESSAGE: Message = {
  id: 'a1',
  time: 1_600_000_000_000,
  direction: 'in',
  status: 'received',
  sender: '+15555550123',
  text: 'Hello Zanzibar',
  attachments: [],
  source: { importId: 1, format: 'sbr' },
};

/** A version 3 database (before the search index) holding one message. */
async function seedV3(): Promise<void> {
  const old = await openTextkeepDb(NAME, {}, 3);
  await old.put('messageBlocks', {
    conversationKey: '+15555550123',
    startTime: MESSAGE.time,
    startId: MESSAGE.id,
    endTime: MESSAGE.time,
    messages: [MESSAGE],
  });
  old.close();
}

/** Opens the current version and checks step 4 indexed the stored message. */
async function expectIndexed(): Promise<void> {
  const db = await openTextkeepDb(NAME);
  expect(await db.getAll('searchSegments')).toMatchObject([{ start: 0, end: 1 }]);
  expect((await db.get('searchTexts', 0))?.ids).toEqual(['a1']);
  db.close();
}

// In this order: the module is loaded once, then stays cached.
describe('loading the frozen step-4 code', () => {
  it('is not needed to create a database, nor to open a current one', async () => {
    (await openTextkeepDb(NAME)).close();
    (await openTextkeepDb(NAME)).close();
    expect(loads.count).toBe(0);
  });

  it('happens for an upgrade from before version 4, which indexes what was stored', async () => {
    await seedV3();
    expect(loads.count).toBe(0);
    await expectIndexed();
    expect(loads.count).toBe(1);
  });

  it('happens when the browser cannot list its databases', async () => {
    await seedV3();
    const factory: Partial<IDBFactory> = indexedDB;
    vi.spyOn(factory, 'databases').mockImplementation(() => {
      throw new TypeError('not supported');
    });
    await expectIndexed();
  });

  it('happens after the upgrade started without it (the database appeared after the look)', async () => {
    await seedV3();
    vi.spyOn(indexedDB, 'databases').mockResolvedValue([]);
    await expectIndexed();
  });
});
