import { expect, type Page } from '@playwright/test';
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
    title,
    participants: [{ address: key, raw: key }],
    isGroup: false,
    messageCount,
    lastTime,
    lastSnippet: `Last words with ${title}`,
  };
}

/** What the database holds: per conversation, the count its summary claims and the messages its blocks hold. */
export async function storedTotals(
  page: Page,
): Promise<{ conversations: number; claimed: number; stored: number; uniqueIds: number }> {
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
    const all = <T>(store: string): Promise<T[]> =>
      new Promise((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => {
          resolve(request.result as T[]);
        };
        request.onerror = () => {
          reject(new Error('could not read'));
        };
      });
    const conversations = await all<{ key: string; messageCount: number }>('conversations');
    const blocks = await all<{ conversationKey: string; messages: { id: string }[] }>('messageBlocks');
    db.close();
    const ids = new Set(blocks.flatMap((b) => b.messages.map((m) => `${b.conversationKey}/${m.id}`)));
    return {
      conversations: conversations.length,
      claimed: conversations.reduce((sum, c) => sum + c.messageCount, 0),
      stored: blocks.reduce((sum, b) => sum + b.messages.length, 0),
      uniqueIds: ids.size,
    };
  });
}

/** The titles of the stored group conversations. */
export async function groupTitles(page: Page): Promise<string[]> {
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
    const all = await new Promise<{ title: string; isGroup: boolean }[]>((resolve, reject) => {
      const request = db.transaction('conversations').objectStore('conversations').getAll();
      request.onsuccess = () => {
        resolve(request.result as { title: string; isGroup: boolean }[]);
      };
      request.onerror = () => {
        reject(new Error('could not read'));
      };
    });
    db.close();
    return all.filter((c) => c.isGroup).map((c) => c.title);
  });
}
