import { chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium-path.mjs';
import type { DatabaseFacts } from './app';

/** A Chromium profile on disk at `dir` (as a person's is), with the service worker on. */
export async function launchProfile(dir: string, baseURL: string | undefined): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, {
    executablePath: findChromium(),
    args: CHROMIUM_ARGS,
    ...(baseURL ? { baseURL } : {}),
    serviceWorkers: 'allow',
  });
}

const FINISHED = /Imported [\d,]+ new|Import stopped|Import cancelled|All data was deleted/;

/** The outcome of an import, once it has ended (however it ended). */
export function importOutcome(page: Page) {
  return page.getByRole('status').filter({ hasText: FINISHED });
}

/** The number of new messages the outcome says were imported. */
export async function addedSaid(page: Page): Promise<number> {
  const text = (await importOutcome(page).textContent()) ?? '';
  return Number(/Imported ([\d,]+) new/.exec(text)?.[1]?.replace(/,/g, '') ?? NaN);
}

/** Every conversation's count is what it holds, no message is stored twice, the index holds only messages. */
export function expectWhole(facts: DatabaseFacts): void {
  for (const c of facts.conversations) expect(c.claimed, 'a conversation count').toBe(c.stored);
  expect(facts.uniqueIds).toBe(facts.stored);
  expect(facts.indexedNotStored).toBe(0);
}
