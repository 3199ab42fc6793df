import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseFiles, databaseFacts, openApp, type DatabaseFacts } from './support/app';
import { writeLargeArchive } from './support/archives';
import { addedSaid, expectWhole, importOutcome, launchProfile } from './support/profile';

// Imports in two tabs of one on-disk profile, and what else can happen to a running import: nothing lost,
// nothing doubled, and the words say what was kept.

async function profile(
  baseURL: string | undefined,
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'textkeep-profile-'));
  const context = await launchProfile(dir, baseURL);
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function tab(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openApp(page);
  return { page, errors };
}

const outcome = importOutcome;

/** Whole (see expectWhole), and the index holds each message once. */
function expectWholeAndIndexed(facts: DatabaseFacts): void {
  expectWhole(facts);
  expect(facts.uniqueIndexed).toBe(facts.indexed);
}

/** What one tab importing `files` in one go stores, in a fresh profile. */
async function importedInOneGo(baseURL: string | undefined, files: string[]): Promise<DatabaseFacts> {
  const { context, close } = await profile(baseURL);
  try {
    const { page } = await tab(context);
    await chooseFiles(page, files);
    await expect(outcome(page)).toBeVisible({ timeout: 120_000 });
    return await databaseFacts(page);
  } finally {
    await close();
  }
}

test.describe('two tabs importing at once', () => {
  test.setTimeout(300_000);

  for (const overlapping of [false, true]) {
    test(`${overlapping ? 'two overlapping archives' : 'two different archives'} are stored as one tab importing both would store them`, async ({
      baseURL,
    }) => {
      const first = await writeLargeArchive(`tabs-first-${String(overlapping)}.xml`, {
        messages: 60_000,
        conversations: 5,
        groups: 1,
        mmsEvery: 0,
        seed: 41,
      });
      const second = await writeLargeArchive(`tabs-second-${String(overlapping)}.xml`, {
        messages: 30_000,
        conversations: 8,
        groups: 1,
        mmsEvery: 0,
        seed: 42,
      });
      // Overlapping: the second tab imports the first archive too, with the other one.
      const secondFiles = overlapping ? [first, second] : [second];
      const { context, close } = await profile(baseURL);
      try {
        const a = await tab(context);
        const b = await tab(context);
        await chooseFiles(a.page, first);
        await expect(a.page.getByRole('button', { name: 'Cancel import' })).toBeVisible();
        await chooseFiles(b.page, secondFiles);
        await expect(b.page.getByText('Waiting for the import in another window to finish')).toBeVisible();

        await expect(outcome(a.page)).toBeVisible({ timeout: 120_000 });
        await expect(outcome(b.page)).toBeVisible({ timeout: 120_000 });
        const facts = await databaseFacts(b.page);
        expectWholeAndIndexed(facts);

        // The words of each tab add up to what is stored.
        expect((await addedSaid(a.page)) + (await addedSaid(b.page))).toBe(facts.stored);
        expect(a.errors).toEqual([]);
        expect(b.errors).toEqual([]);

        expect(facts).toEqual(await importedInOneGo(baseURL, [first, second]));
      } finally {
        await close();
      }
    });
  }

  test('Cancel while waiting for the other tab imports nothing', async ({ baseURL }) => {
    const first = await writeLargeArchive('tabs-cancel-first.xml', {
      messages: 60_000,
      conversations: 4,
      groups: 0,
      mmsEvery: 0,
      seed: 43,
    });
    const second = await writeLargeArchive('tabs-cancel-second.xml', {
      messages: 2_000,
      conversations: 3,
      groups: 0,
      mmsEvery: 0,
      seed: 44,
    });
    const { context, close } = await profile(baseURL);
    try {
      const a = await tab(context);
      const b = await tab(context);
      await chooseFiles(a.page, first);
      await expect(a.page.getByRole('button', { name: 'Cancel import' })).toBeVisible();
      await chooseFiles(b.page, second);
      const waiting = b.page
        .getByRole('status')
        .filter({ hasText: 'Waiting for the import in another window' });
      await waiting.getByRole('button', { name: 'Cancel import' }).click();
      await expect(outcome(b.page)).toContainText('Import cancelled. Nothing was imported.');
      await expect(outcome(a.page)).toBeVisible({ timeout: 120_000 });
      expect(await databaseFacts(a.page)).toEqual(await importedInOneGo(baseURL, [first]));
    } finally {
      await close();
    }
  });
});

test.describe('what else can happen to a running import', () => {
  test.setTimeout(240_000);

  test('"Delete all data" in another tab stops the import with its own sentence, and no page error', async ({
    baseURL,
  }) => {
    const archive = await writeLargeArchive('delete-during-import.xml', {
      messages: 150_000,
      conversations: 4,
      groups: 0,
      mmsEvery: 0,
      seed: 45,
    });
    const { context, close } = await profile(baseURL);
    try {
      const a = await tab(context);
      const b = await tab(context);
      await chooseFiles(a.page, archive);
      await expect
        .poll(async () => (await databaseFacts(b.page)).stored, { timeout: 60_000 })
        .toBeGreaterThan(0);
      await b.page.getByRole('link', { name: 'Settings' }).click();
      await b.page.getByRole('button', { name: 'Delete all data' }).click();
      await b.page.getByRole('button', { name: 'Delete everything' }).click();
      await expect(b.page.getByRole('heading', { name: 'Your old messages, kept' })).toBeVisible({
        timeout: 30_000,
      });
      await expect(outcome(a.page)).toContainText(
        'All data was deleted in another window; this import stopped. Nothing was kept.',
        { timeout: 30_000 },
      );
      await expect(a.page.getByText(/Failed to execute|connection is closing/)).toHaveCount(0);
      expect(a.errors).toEqual([]);
      expect(b.errors).toEqual([]);
      expect((await databaseFacts(b.page)).stored).toBe(0);
    } finally {
      await close();
    }
  });

  test('a renderer crash mid-import leaves the import "interrupted" in the history, with what it committed', async ({
    baseURL,
  }) => {
    const archive = await writeLargeArchive('crash-during-import.xml', {
      messages: 150_000,
      conversations: 4,
      groups: 0,
      mmsEvery: 0,
      seed: 46,
    });
    const { context, close } = await profile(baseURL);
    try {
      const a = await tab(context);
      await chooseFiles(a.page, archive);
      const watcher = await context.newPage();
      await watcher.goto('/favicon.svg');
      await expect
        .poll(async () => (await databaseFacts(watcher)).stored, { timeout: 60_000 })
        .toBeGreaterThan(0);
      const cdp = await context.newCDPSession(a.page);
      const crashed = a.page.waitForEvent('crash');
      // The renderer dies before it can answer: the command's own reply never comes.
      void cdp.send('Page.crash').catch(() => undefined);
      await crashed;
      await watcher.close();

      const { page } = await tab(context);
      const facts = await databaseFacts(page);
      expectWholeAndIndexed(facts);
      await page.getByRole('link', { name: 'Settings' }).click();
      const row = page.getByRole('row').filter({ hasText: 'crash-during-import.xml' });
      await expect(row).toContainText('interrupted: import the file again to add the rest');
      await expect(row.getByRole('cell').nth(2)).toHaveText(facts.stored.toLocaleString('en-US'));
    } finally {
      await close();
    }
  });
});
