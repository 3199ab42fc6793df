import { expect, test } from '@playwright/test';
import { readAll, chooseFiles } from './support/app';
import { writeArchive } from './support/archives';
import { persistCalls, stubStorage } from './support/storage';

test('persistent storage is asked for after the first import, and settings shows the answer', async ({
  page,
}) => {
  await stubStorage(page, 10_000_000_000);
  await page.goto('/');
  expect(await persistCalls(page)).toBe(0);
  await page.getByRole('button', { name: 'Try a sample archive' }).click();
  await expect(page.getByText(/^Imported [\d,]+ new messages/)).toBeVisible();
  await expect.poll(() => persistCalls(page)).toBe(1);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByText('Storage is not persistent')).toBeVisible();
  await expect(
    page.getByText('The browser declined; installing Textkeep as an app often helps.'),
  ).toBeVisible();
  await expect(page.getByText('1 kB used of 10 GB available')).toBeVisible();
});

test('an archive larger than the space left is imported only after a warning', async ({ page }) => {
  await stubStorage(page, 50_000);
  const path = writeArchive('too-big.xml', { messages: 400, conversations: 2, groups: 0, seed: 3 });
  await page.goto('/');
  await chooseFiles(page, path);
  const dialog = page.getByRole('dialog', { name: 'This archive may not fit' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Textkeep has about 49 kB left on this device');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Try a sample archive' })).toBeVisible();

  await chooseFiles(page, path);
  await dialog.getByRole('button', { name: 'Import anyway' }).click();
  await expect(page.getByText(/^Imported [\d,]+ new messages/)).toBeVisible();
  expect((await readAll(page, 'conversations')).length).toBe(2);
});
