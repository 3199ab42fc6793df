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

/** What the database holds: per conversation, the count its summary claims and the messages its blocks hold. */
export async function storedTotals(
  page: Page,
): Promise<{ conversations: number; claimed: number; stored: number; uniqueIds: number }> {
  const conversations = await readAll<{ key: string; messageCount: number }>(page, 'conversations');
  const blocks = await readAll<{ conversationKey: string; messages: { id: string }[] }>(
    page,
    'messageBlocks',
  );
  const ids = new Set(blocks.flatMap((b) => b.messages.map((m) => `${b.conversationKey}/${m.id}`)));
  return {
    conversations: conversations.length,
    claimed: conversations.reduce((sum, c) => sum + c.messageCount, 0),
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
