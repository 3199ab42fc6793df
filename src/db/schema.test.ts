import 'fake-indexeddb/auto';
import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../model/types';
import { DB_VERSION, UPGRADES, openTextkeepDb } from './schema';

/**
 * Records as each store held them, written with the raw IndexedDB API (not the current repositories), so
 * the test keeps describing what older versions really wrote.
 */
const SEED: Record<
  string,
  { sinceVersion: number; records: unknown[]; migrated?: (record: unknown, from: number) => unknown }
> = {
  conversations: {
    sinceVersion: 1,
    records: [
      {
        key: '+15555550123',
        participants: [{ address: '+15555550123', raw: '(555) 555-0123', name: 'Ada' }],
        title: 'Ada',
        isGroup: false,
        messageCount: 2,
        lastTime: 1_600_000_100_000,
        lastSnippet: 'See you 🙂',
      },
      {
        key: '+15555550124|+15555550125',
        participants: [
          { address: '+15555550124', raw: '+15555550124' },
          { address: '+15555550125', raw: '555-555-0125' },
        ],
        title: '+1 555-555-0124, +1 555-555-0125',
        isGroup: true,
        messageCount: 1,
        lastTime: 1_500_000_000_000,
        lastSnippet: 'Photo',
      },
      {
        key: 'AMAZON',
        participants: [{ address: 'AMAZON', raw: 'AMAZON' }],
        title: 'AMAZON',
        isGroup: false,
        messageCount: 0,
        lastTime: 1_400_000_000_000,
        lastSnippet: '',
      },
    ],
    // Step 5 gave each conversation a random opaque id and link salt (16 random bytes, base64url); step 6
    // a count of calls, none (no call was stored before it).
    migrated: (record, from) => {
      if (from >= 6) return record;
      const withCalls = { ...(record as object), callCount: 0 };
      if (from >= 5) return withCalls;
      const opaque: unknown = expect.stringMatching(OPAQUE);
      return { ...withCalls, id: opaque, salt: opaque };
    },
  },
  messageBlocks: {
    sinceVersion: 1,
    records: [
      {
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
            text: 'Hello, مرحبا, こんにちは',
            attachments: [],
            source: { importId: 1, format: 'sbr' },
          },
          {
            id: 'a2',
            time: 1_600_000_100_000,
            direction: 'out',
            status: 'sent',
            sender: '',
            text: 'See you 🙂',
            attachments: [{ type: 'image/png', name: 'a.png', size: 3, mediaKey: 'abc' }],
            source: { importId: 1, format: 'sbr' },
          },
        ],
      },
    ],
  },
  media: {
    sinceVersion: 1,
    records: [{ hash: 'abc', type: 'image/png', size: 3, blob: new Blob([new Uint8Array([1, 2, 3])]) }],
    // Step 3 moved the bytes from `blob` to `data`.
    migrated: (record, from) => {
      if (from >= 3) return record;
      const { blob, ...rest } = record as { blob: Blob };
      return { ...rest, data: blob };
    },
  },
  imports: {
    sinceVersion: 1,
    records: [
      {
        id: 1,
        fileName: 'sms-20190301.xml',
        size: 1234,
        format: 'sbr',
        startedAt: 1_700_000_000_000,
        finishedAt: 1_700_000_001_000,
        status: 'done',
        added: 3,
        duplicates: 0,
        skipped: [],
      },
    ],
  },
  settings: { sinceVersion: 2, records: [{ name: 'region', value: 'GB' }] },
  // The search index (src/db/search-index.ts): one segment of two documents.
  searchSegments: {
    sinceVersion: 4,
    records: [
      {
        start: 0,
        end: 2,
        conversations: ['+15555550123'],
        conversation: new Uint32Array([0, 0]),
        time: new Float64Array([1_600_000_000_000, 1_600_000_100_000]),
      },
    ],
  },
  searchTerms: {
    sinceVersion: 4,
    records: [
      {
        bucket: 'se',
        start: 0,
        tokens: ['see'],
        size: 2,
        counts: new Uint32Array([1]),
        offsets: new Uint32Array([0, 1]),
        // Document 1, as a 16-bit offset in the low half of the first word.
        data: new Uint32Array([1]),
      },
    ],
  },
  searchTexts: {
    sinceVersion: 4,
    records: [{ start: 0, ids: ['a1', 'a2'], texts: ['Hello, مرحبا, こんにちは', 'See you 🙂'] }],
  },
};

/** 16 random bytes as base64url: what step 5 gives each conversation as `id` and `salt`. */
const OPAQUE = /^[A-Za-z0-9_-]{22}$/;

let counter = 0;
const names: string[] = [];
function freshName(): string {
  const name = `schema-test-${String(++counter)}`;
  names.push(name);
  return name;
}

afterEach(async () => {
  await Promise.all(names.splice(0).map((name) => deleteDB(name)));
});

/** Writes the seed records of every store that exists at `version` into a database at that version. */
async function seedAt(name: string, version: number): Promise<void> {
  const db = await openTextkeepDb(name, {}, version);
  db.close();
  const raw = await openDB(name, version);
  for (const [store, { sinceVersion, records }] of Object.entries(SEED)) {
    if (sinceVersion > version) continue;
    const tx = raw.transaction(store, 'readwrite');
    for (const record of records) void tx.objectStore(store).put(record);
    await tx.done;
  }
  raw.close();
}

describe('database schema', () => {
  it('creates every store of the current schema from nothing', async () => {
    const db = await openTextkeepDb(freshName());
    expect([...db.objectStoreNames].sort()).toEqual(Object.keys(SEED).sort());
    expect(db.version).toBe(DB_VERSION);
    db.close();
  });

  it('has seed records for every store, so no store escapes the upgrade check', () => {
    expect(UPGRADES.length).toBe(DB_VERSION);
    for (const { sinceVersion } of Object.values(SEED)) expect(sinceVersion).toBeLessThanOrEqual(DB_VERSION);
  });

  for (let from = 1; from < DB_VERSION; from++) {
    it(`upgrades a database written at version ${String(from)} without losing a record`, async () => {
      const name = freshName();
      await seedAt(name, from);
      const db = await openTextkeepDb(name);
      expect(db.version).toBe(DB_VERSION);
      for (const [store, { sinceVersion, records, migrated }] of Object.entries(SEED)) {
        if (sinceVersion > from) continue;
        const stored: unknown[] = await db.getAll(store as 'conversations');
        expect(stored, `store ${store}`).toHaveLength(records.length);
        for (const record of records)
          expect(stored).toContainEqual(migrated ? migrated(record, from) : record);
      }
      db.close();
    });
  }

  it('serves the indexes the views sort by after an upgrade', async () => {
    const name = freshName();
    await seedAt(name, 1);
    const db = await openTextkeepDb(name);
    const byLatest = await db.getAllFromIndex('conversations', 'byLastTime');
    expect(byLatest.map((c) => c.title)).toEqual(['AMAZON', '+1 555-555-0124, +1 555-555-0125', 'Ada']);
    const imports = await db.getAllFromIndex('imports', 'byStartedAt');
    expect(imports).toHaveLength(1);
    db.close();
  });

  it('indexes the messages stored before the search index existed (step 4)', async () => {
    const name = freshName();
    await seedAt(name, 3);
    const db = await openTextkeepDb(name);
    const [segment, ...more] = await db.getAll('searchSegments');
    expect(more).toEqual([]);
    expect(segment).toMatchObject({ start: 0, end: 2, conversations: ['+15555550123'] });
    expect([...(segment?.time ?? [])]).toEqual([1_600_000_000_000, 1_600_000_100_000]);
    expect(await db.get('searchTerms', ['se', 0])).toEqual(SEED.searchTerms?.records[0]);
    const arabic = await db.getAll('searchTerms', IDBKeyRange.bound(['مر', 0], ['مر', Infinity]));
    expect(arabic.flatMap((r) => r.tokens)).toEqual(['مرحبا']);
    expect(await db.get('searchTexts', 0)).toEqual(SEED.searchTexts?.records[0]);
    db.close();
  });

  for (let from = 1; from < 5; from++) {
    it(`gives every conversation of a version ${String(from)} database its own opaque id and salt (step 5)`, async () => {
      const name = freshName();
      await seedAt(name, from);
      const db = await openTextkeepDb(name);
      const all: Conversation[] = await db.getAll('conversations');
      expect(all).toHaveLength(3);
      const ids = all.map((c) => c.id);
      const salts = all.map((c) => c.salt);
      expect(new Set([...ids, ...salts]).size).toBe(6);
      for (const c of all) {
        expect(c.id).toMatch(OPAQUE);
        expect(c.salt).toMatch(OPAQUE);
        // The index answers by the id, and the id says nothing of the number or the name.
        expect(await db.getFromIndex('conversations', 'byId', c.id)).toEqual(c);
        expect(c.id).not.toContain(c.key);
      }
      const index = db.transaction('conversations').store.index('byId');
      expect(index.unique).toBe(true);
      expect(index.keyPath).toBe('id');
      db.close();
    });
  }

  it('refuses two conversations with one id once step 5 has run', async () => {
    const db = await openTextkeepDb(freshName());
    const c = {
      key: 'a',
      id: 'same',
      salt: 's',
      participants: [],
      title: 'a',
      isGroup: false,
      messageCount: 0,
      callCount: 0,
      lastTime: 0,
      lastSnippet: '',
    };
    await db.put('conversations', c);
    await expect(db.put('conversations', { ...c, key: 'b' })).rejects.toThrow();
    db.close();
  });

  for (let from = 1; from < 6; from++) {
    it(`counts no calls in every conversation of a version ${String(from)} database, its messages unchanged (step 6)`, async () => {
      const name = freshName();
      await seedAt(name, from);
      const db = await openTextkeepDb(name);
      const all: Conversation[] = await db.getAll('conversations');
      expect(all.map((c) => [c.key, c.messageCount, c.callCount]).sort()).toEqual([
        ['+15555550123', 2, 0],
        ['+15555550124|+15555550125', 1, 0],
        ['AMAZON', 0, 0],
      ]);
      db.close();
    });
  }

  it('closes its connection when a newer version elsewhere asks for it', async () => {
    const name = freshName();
    let told = false;
    await openTextkeepDb(name, { onVersionChange: () => (told = true) });
    const newer = await openDB(name, DB_VERSION + 1);
    expect(told).toBe(true);
    newer.close();
  });
});
