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
