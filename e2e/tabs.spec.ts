import { expect, test } from '@playwright/test';
import { openApp, storedTotals, chooseFiles } from './support/app';
import { writeLargeArchive } from './support/archives';

test('a database upgrade in another tab closes this one cleanly, with a clear sentence', async ({
  page,
  context,
}) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Try a sample archive' }).click();
  await expect(page.getByText(/^Imported [\d,]+ new messages/)).toBeVisible();
  const before = await storedTotals(page);

  // Another tab runs a newer version, whose database is one version ahead.
  const other = await context.newPage();
  await other.goto('/favicon.svg');
  const opened = await other.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const probe = indexedDB.open('textkeep');
        probe.onsuccess = () => {
          const version = probe.result.version;
          probe.result.close();
          const request = indexedDB.open('textkeep', version + 1);
          request.onblocked = () => {
            resolve('blocked');
          };
          request.onsuccess = () => {
            request.result.close();
            resolve('upgraded');
          };
          request.onerror = () => {
            resolve('failed');
          };
        };
      }),
  );
  // This tab let go of the database at once: the newer tab was never blocked.
  expect(opened).toBe('upgraded');
  await expect(page.getByRole('alert')).toHaveText(
    'Textkeep was updated, or its data deleted, in another tab. Reload this tab to go on.',
  );
  // Nothing was lost or half-written.
  expect(await storedTotals(other)).toEqual(before);
});

test('reloading during an import leaves the data consistent; importing again completes it', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  const path = await writeLargeArchive('interrupted.xml', {
    messages: 100_000,
    conversations: 4,
    groups: 0,
    mmsEvery: 0,
    seed: 23,
  });
  await openApp(page);
  // Leaving while an import runs asks first; here the person confirms.
  page.on('dialog', (dialog) => void dialog.accept());
  await chooseFiles(page, path);
  await expect.poll(async () => (await storedTotals(page)).stored, { timeout: 60_000 }).toBeGreaterThan(0);
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
  const partial = await storedTotals(page);
  expect(partial.stored).toBe(partial.claimed);
  expect(partial.uniqueIds).toBe(partial.stored);
  expect(partial.stored).toBeLessThan(100_000);

  await chooseFiles(page, path);
  await expect(page.getByText(/^Imported [\d,]+ new messages/)).toBeVisible({ timeout: 120_000 });
  const after = await storedTotals(page);
  expect(after.stored).toBe(after.claimed);
  expect(after.uniqueIds).toBe(after.stored);

  // The same file imported in one go elsewhere gives exactly the same messages.
  const fresh = await (await browser.newContext()).newPage();
  await openApp(fresh);
  await chooseFiles(fresh, path);
  await expect(fresh.getByText(/^Imported [\d,]+ new messages/)).toBeVisible({ timeout: 120_000 });
  expect(await storedTotals(fresh)).toEqual(after);
});
