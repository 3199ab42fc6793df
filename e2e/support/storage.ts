import type { Page } from '@playwright/test';

/** Stubs the storage manager: `persist()` calls are counted and declined; estimate() says what `quota` allows. */
export async function stubStorage(page: Page, quota: number): Promise<void> {
  await page.addInitScript((q) => {
    const w = window as unknown as { persistCalls: number };
    w.persistCalls = 0;
    Object.assign(navigator.storage, {
      persist: () => {
        w.persistCalls += 1;
        return Promise.resolve(false);
      },
      persisted: () => Promise.resolve(false),
      estimate: () => Promise.resolve({ usage: 1000, quota: q }),
    });
  }, quota);
}

/** How many times the page asked for persistent storage. */
export const persistCalls = (page: Page) =>
  page.evaluate(() => (window as unknown as { persistCalls: number }).persistCalls);
