import { expect, type FileChooser, type Page } from '@playwright/test';
import { newConversationSecrets } from '../../src/model/opaque-id';
import type { Conversation } from '../../src/model/types';

/** Opens the app and waits until its service worker controls the page (the app is then offline-capable). */
export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('link', { name: 'Textkeep' })).toBeVisible();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
    timeout: 20_000,
  });
}

/**
 * Puts conversations into the app's database directly, as an import would leave them, so layout tests do not
 * depend on the importer. The app must have opened (and so created) the database first.
 */
export async function seedConversations(page: Page, conversations: Conversation[]): Promise<void> {
  await page.evaluate(async (records) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('textkeep');
      request.onsuccess = () => {
        resolve(request.result);
      };
      request.onerror = () => {
        reject(new Error('could not open the database'));
      };
    });
    const tx = db.transaction('conversations', 'readwrite');
    for (const record of records) tx.objectStore('conversations').put(record);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => {
        resolve();
      };
      tx.onerror = () => {
        reject(new Error('could not write'));
      };
    });
    db.close();
  }, conversations);
}

/** A conversation record with sensible defaults. */
export function conversation(key: string, title: string, lastTime: number, messageCount = 3): Conversation {
  return {
    key,
    ...newConversationSecrets(),
    title,
    participants: [{ address: key, raw: key }],
    isGroup: false,
    messageCount,
    callCount: 0,
    lastTime,
    lastSnippet: `Last words with ${title}`,
  };
}

/** Every record of one store of the app's database, read in the page (the app must have created it). */
export async function readAll<T>(page: Page, store: string): Promise<T[]> {
  const records: unknown[] = await page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('textkeep');
      request.onsuccess = () => {
        resolve(request.result);
      };
      request.onerror = () => {
        reject(new Error('could not open the database'));
      };
    });
    try {
      return await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => {
          resolve(request.result);
        };
        request.onerror = () => {
          reject(new Error('could not read'));
        };
      });
    } finally {
      db.close();
    }
  }, store);
  return records as T[];
}

/** What the database holds: per conversation, the count its summary claims and the entries its blocks hold. */
export async function storedTotals(
  page: Page,
): Promise<{ conversations: number; claimed: number; stored: number; uniqueIds: number }> {
  const conversations = await readAll<{ key: string; messageCount: number; callCount?: number }>(
    page,
    'conversations',
  );
  const blocks = await readAll<{ conversationKey: string; messages: { id: string }[] }>(
    page,
    'messageBlocks',
  );
  const ids = new Set(blocks.flatMap((b) => b.messages.map((m) => `${b.conversationKey}/${m.id}`)));
  return {
    conversations: conversations.length,
    // Blocks hold a conversation's messages and its calls, counted apart in its summary.
    claimed: conversations.reduce((sum, c) => sum + c.messageCount + (c.callCount ?? 0), 0),
    stored: blocks.reduce((sum, b) => sum + b.messages.length, 0),
    uniqueIds: ids.size,
  };
}

/** The titles of the stored group conversations. */
export async function groupTitles(page: Page): Promise<string[]> {
  const all = await readAll<{ title: string; isGroup: boolean }>(page, 'conversations');
  return all.filter((c) => c.isGroup).map((c) => c.title);
}

/** Chooses files through an import button and the system file chooser, as a person does. */
export async function chooseFiles(
  page: Page,
  files: Parameters<FileChooser['setFiles']>[0],
  button = 'Import messages',
): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: button }).click();
  await (await chooser).setFiles(files);
}

/** What a person would check the database for after imports: counts, doubles, and the search index. */
export interface DatabaseFacts {
  /** Per conversation (by key, sorted): the count its summary claims and the messages its blocks hold. */
  conversations: { key: string; claimed: number; stored: number }[];
  stored: number;
  /** Distinct message ids over all blocks. */
  uniqueIds: number;
  /** Documents in the search index, distinct ids among them, and those not among the stored messages. */
  indexed: number;
  uniqueIndexed: number;
  indexedNotStored: number;
}

/** Reads the facts of `DatabaseFacts` in the page (the app must have created the database). */
export async function databaseFacts(page: Page): Promise<DatabaseFacts> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('textkeep');
      request.onsuccess = () => {
        resolve(request.result);
      };
      request.onerror = () => {
        reject(new Error('could not open the database'));
      };
    });
    const all = (name: string): Promise<unknown[]> =>
      new Promise((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => {
          resolve(request.result);
        };
        request.onerror = () => {
          reject(new Error('could not read'));
        };
      });
    try {
      const conversations = (await all('conversations')) as {
        key: string;
        messageCount: number;
        callCount?: number;
      }[];
      const blocks = (await all('messageBlocks')) as {
        conversationKey: string;
        messages: { id: string }[];
      }[];
      const segments = (await all('searchSegments')) as { conversation: ArrayLike<number> }[];
      const texts = (await all('searchTexts')) as { ids: string[] }[];
      const perKey = new Map<string, number>();
      const ids = new Set<string>();
      for (const b of blocks) {
        perKey.set(b.conversationKey, (perKey.get(b.conversationKey) ?? 0) + b.messages.length);
        for (const m of b.messages) ids.add(m.id);
      }
      const indexedIds = texts.flatMap((t) => t.ids);
      return {
        conversations: conversations
          .map((c) => ({
            key: c.key,
            claimed: c.messageCount + (c.callCount ?? 0),
            stored: perKey.get(c.key) ?? 0,
          }))
          .sort((a, b) => (a.key < b.key ? -1 : 1)),
        stored: blocks.reduce((sum, b) => sum + b.messages.length, 0),
        uniqueIds: ids.size,
        indexed: segments.reduce((sum, s) => sum + s.conversation.length, 0),
        uniqueIndexed: new Set(indexedIds).size,
        indexedNotStored: indexedIds.filter((id) => !ids.has(id)).length,
      };
    } finally {
      db.close();
    }
  });
}
