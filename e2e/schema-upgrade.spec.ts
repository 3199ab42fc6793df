import { expect, test } from '@playwright/test';
import { readAll } from './support/app';

/**
 * A database written by the previous release (schema version 3: no search stores) upgraded by this one:
 * every record is kept as it was, and the new search index covers the messages that were already stored.
 * The old database is written with the raw IndexedDB API, as the previous release's code left it.
 */
const T0 = Date.UTC(2021, 4, 1, 9, 0);
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4];

function message(id: string, minute: number, text: string, direction: 'in' | 'out', sender: string) {
  return {
    id,
    time: T0 + minute * 60_000,
    direction,
    status: direction === 'in' ? 'received' : 'sent',
    sender: direction === 'in' ? sender : '',
    text,
    attachments: [] as { type: string; size: number; mediaKey?: string; name?: string }[],
    source: { importId: 1, format: 'sbr' },
  };
}

const ANN = '+15555550101';
const BEN = '+15555550102';
const annMessages = [
  message('a1', 0, 'Shall we meet in Zanzibar?', 'in', ANN),
  message('a2', 1, 'Yes, on Friday', 'out', ANN),
  {
    ...message('a3', 2, '', 'in', ANN),
    attachments: [{ type: 'image/png', size: PNG.length, mediaKey: 'ab'.repeat(32), name: 'beach.png' }],
  },
];
const benMessages = Array.from({ length: 30 }, (_, i) =>
  message(`b${String(i)}`, 10 + i, `Note ${String(i)} about kayaks`, i % 2 ? 'out' : 'in', BEN),
);
const OLD = {
  conversations: [
    {
      key: ANN,
      participants: [{ address: ANN, raw: '(555) 555-0101', name: 'Ann Old' }],
      title: 'Ann Old',
      isGroup: false,
      messageCount: 3,
      lastTime: T0 + 2 * 60_000,
      lastSnippet: 'Picture',
    },
    {
      key: BEN,
      participants: [{ address: BEN, raw: '(555) 555-0102' }],
      title: '(555) 555-0102',
      isGroup: false,
      messageCount: 30,
      lastTime: T0 + 39 * 60_000,
      lastSnippet: 'Note 29 about kayaks',
    },
  ],
  messageBlocks: [
    {
      conversationKey: ANN,
      startTime: annMessages[0]?.time,
      startId: 'a1',
      endTime: annMessages[2]?.time,
      messages: annMessages,
    },
    {
      conversationKey: BEN,
      startTime: benMessages[0]?.time,
      startId: 'b0',
      endTime: benMessages[14]?.time,
      messages: benMessages.slice(0, 15),
    },
    {
      conversationKey: BEN,
      startTime: benMessages[15]?.time,
      startId: 'b15',
      endTime: benMessages[29]?.time,
      messages: benMessages.slice(15),
    },
  ],
  imports: [
    {
      id: 1,
      fileName: 'sms-20210501.xml',
      size: 1234,
      format: 'sbr',
      startedAt: T0,
      finishedAt: T0 + 1000,
      status: 'done',
      added: 33,
      duplicates: 0,
      skipped: [],
    },
  ],
  settings: [{ name: 'region', value: 'US' }],
};

test('a database from the previous release upgrades with every record kept, and is searchable', async ({
  page,
}) => {
  // A page of the app's origin that runs none of its code, to write the old database first.
  await page.goto('/favicon.svg');
  await page.evaluate(
    async ({ old, png }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('textkeep', 3);
        request.onupgradeneeded = () => {
          const d = request.result;
          d.createObjectStore('conversations', { keyPath: 'key' }).createIndex('byLastTime', 'lastTime');
          d.createObjectStore('messageBlocks', {
            keyPath: ['conversationKey', 'startTime', 'startId'],
          }).createIndex('byConversation', 'conversationKey');
          d.createObjectStore('media', { keyPath: 'hash' });
          d.createObjectStore('imports', { keyPath: 'id', autoIncrement: true }).createIndex(
            'byStartedAt',
            'startedAt',
          );
          d.createObjectStore('settings', { keyPath: 'name' });
        };
        request.onsuccess = () => {
          resolve(request.result);
        };
        request.onerror = () => {
          reject(new Error('could not open'));
        };
      });
      const tx = db.transaction(
        ['conversations', 'messageBlocks', 'media', 'imports', 'settings'],
        'readwrite',
      );
      for (const [store, records] of Object.entries(old))
        for (const r of records) tx.objectStore(store).put(r);
      tx.objectStore('media').put({
        hash: 'ab'.repeat(32),
        type: 'image/png',
        size: png.length,
        data: new Uint8Array(png),
      });
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    },
    { old: OLD, png: PNG },
  );

  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Conversations' });
  await expect(nav.getByRole('link', { name: 'Ann Old' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '(555) 555-0102' })).toBeVisible();

  // Step 5 gave each conversation a random opaque id and link salt, step 6 a count of calls (none: no call
  // was stored before it), and neither changed anything else.
  const opaque: unknown = expect.stringMatching(/^[A-Za-z0-9_-]{22}$/);
  const upgraded = {
    ...OLD,
    conversations: OLD.conversations.map((c) => ({ ...c, id: opaque, salt: opaque, callCount: 0 })),
  };
  for (const [store, records] of Object.entries(upgraded)) {
    const stored = await readAll<{ key?: string }>(page, store);
    expect(stored, store).toEqual(expect.arrayContaining(records));
    expect(stored, store).toHaveLength(records.length);
  }
  const ids = (await readAll<{ key: string; id: string }>(page, 'conversations')).map((c) => c.id);
  expect(new Set(ids).size).toBe(2);
  const media = await readAll<{ hash: string; data: Record<string, number> }>(page, 'media');
  expect(media).toHaveLength(1);
  expect(Object.values(media[0]?.data ?? {})).toEqual(PNG);

  // The search index built by the upgrade covers what was stored before it.
  await page.getByRole('searchbox', { name: 'Search messages' }).fill('zanzibar');
  await page.getByRole('searchbox', { name: 'Search messages' }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: /1 message found/ })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search messages' }).fill('kayaks');
  await page.getByRole('searchbox', { name: 'Search messages' }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: /30 messages found/ })).toBeVisible();

  // An address the previous release put in a bookmark (the key form) still opens, rewritten to the opaque form.
  await page.goto(`/conversations/${encodeURIComponent(ANN)}/messages/a2`);
  await expect(page.getByRole('heading', { level: 2, name: 'Ann Old', exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/conversations\/[A-Za-z0-9_-]{22}\/messages\/[A-Za-z0-9_-]{11}$/);
  await expect(page.getByRole('article').filter({ hasText: 'Yes, on Friday' })).toHaveClass(/\btarget\b/);
});
