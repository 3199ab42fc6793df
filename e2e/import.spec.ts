import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { storedTotals, chooseFiles } from './support/app';
import { axeViolations } from './support/axe';
import { writeArchive, writeLargeArchive, writeText } from './support/archives';

const outcome = (page: Page) => page.getByRole('status').filter({ hasText: /Imported|Import cancelled/ });

test.describe('importing archives', () => {
  const small = { messages: 300, conversations: 6, groups: 2, mmsEvery: 10, imageBytes: 2000, seed: 11 };

  test('a file chosen in the file chooser becomes conversations; importing it again adds nothing', async ({
    page,
  }) => {
    const path = writeArchive('small.xml', small);
    await page.goto('/');
    await chooseFiles(page, [path]);
    const status = page.getByText(/^Imported \d+ new messages \(\d+ duplicates? skipped\)$/);
    await expect(status).toBeVisible({ timeout: 30_000 });
    const first = await storedTotals(page);
    expect(first.stored).toBeGreaterThan(250);
    expect(first.claimed).toBe(first.stored);
    await expect(status).toHaveText(
      `Imported ${String(first.stored)} new messages (${String(300 - first.stored)} duplicates skipped)`,
    );
    const nav = page.getByRole('navigation', { name: 'Conversations' });
    await expect(nav.getByRole('link')).toHaveCount(first.conversations);

    await page.getByRole('button', { name: 'Dismiss' }).click();
    await chooseFiles(page, [path]);
    await expect(page.getByText('Imported 0 new messages (300 duplicates skipped)')).toBeVisible({
      timeout: 30_000,
    });
    expect(await storedTotals(page)).toEqual(first);

    // The import history in settings lists both imports with their counts.
    await page.getByRole('link', { name: 'Settings' }).click();
    const rows = page.getByRole('row').filter({ hasText: 'small.xml' });
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText('0');
  });

  test('files dropped anywhere on the window are imported', async ({ page }) => {
    await page.goto('/');
    const xml = readFileSync(writeArchive('dropped.xml', { ...small, messages: 40 }), 'utf8');
    const transfer = await page.evaluateHandle((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'dropped.xml', { type: 'text/xml' }));
      return data;
    }, xml);
    await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
    await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
    await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
    await expect(outcome(page)).toContainText(/Imported \d+ new messages/, { timeout: 30_000 });
    expect((await storedTotals(page)).stored).toBeGreaterThan(30);
  });

  test('"Try a sample archive" loads the shipped sample', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Try a sample archive' }).click();
    await expect(outcome(page)).toContainText(/Imported \d+ new messages/, { timeout: 30_000 });
    await expect(
      page.getByRole('navigation', { name: 'Conversations' }).getByRole('link').first(),
    ).toBeVisible();
  });

  test('a damaged file says so, keeps what came before it, and leaves earlier conversations alone', async ({
    page,
  }) => {
    await page.goto('/');
    await chooseFiles(page, [writeArchive('earlier.xml', small)]);
    await expect(outcome(page)).toBeVisible({ timeout: 30_000 });
    const before = await storedTotals(page);

    const damaged = writeText(
      'damaged.xml',
      `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="3">
  <sms protocol="0" address="+15555550177" date="1600000000000" type="1" body="before the damage" />
  <sms protocol="0" address="+15555550177" date=1600000001000 type="1" body="broken" />
  <sms protocol="0" address="+15555550177" date="1600000002000" type="1" body="after" />
</smses>`,
    );
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await chooseFiles(page, [damaged, writeText('notes.txt', 'shopping list: milk, eggs')]);
    await expect(outcome(page)).toContainText('Imported 1 new message (0 duplicates skipped)', {
      timeout: 30_000,
    });
    await expect(page.getByText('“damaged.xml” is damaged at line 4')).toBeVisible();
    await expect(page.getByText('“notes.txt” is not a message archive Textkeep can read.')).toBeVisible();
    const after = await storedTotals(page);
    expect(after.stored).toBe(before.stored + 1);
    expect(after.claimed).toBe(after.stored);
  });

  test('Cancel import stops it, the database stays consistent, and importing again completes it', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const path = await writeLargeArchive('large.xml', {
      // Pictures make the worker busy hashing: Cancel must still be heard at once.
      messages: 60_000,
      conversations: 40,
      groups: 4,
      mmsEvery: 4,
      imageBytes: 8_000,
      seed: 5,
      quirks: ['duplicates'],
    });
    await page.goto('/');
    await chooseFiles(page, [path]);
    const progress = page.getByRole('progressbar', { name: 'Import progress' });
    await expect(progress).toBeVisible();
    await expect
      .poll(async () => Number(await progress.getAttribute('value')), { timeout: 60_000 })
      .toBeGreaterThan(5);
    const cancelledAt = Date.now();
    await page.getByRole('button', { name: 'Cancel import' }).click();
    await expect(outcome(page)).toContainText('Import cancelled.', { timeout: 10_000 });
    expect(Date.now() - cancelledAt).toBeLessThan(2_000);
    await expect(progress).toBeHidden();

    const partial = await storedTotals(page);
    expect(partial.claimed).toBe(partial.stored);
    expect(partial.uniqueIds).toBe(partial.stored);

    await page.getByRole('button', { name: 'Dismiss' }).click();
    await chooseFiles(page, [path]);
    await expect(outcome(page)).toContainText(/Imported/, { timeout: 120_000 });
    const full = await storedTotals(page);
    expect(full.claimed).toBe(full.stored);
    expect(full.uniqueIds).toBe(full.stored);
    expect(full.stored).toBeGreaterThan(partial.stored);
    // The second run reports exactly the messages the first did not get to.
    await expect(outcome(page)).toContainText(
      `Imported ${(full.stored - partial.stored).toLocaleString('en-US')} new messages`,
    );
  });
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the import outcome, the list and settings have no accessibility violations in ${colorScheme}`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/');
    await page.getByRole('button', { name: 'Try a sample archive' }).click();
    await expect(outcome(page)).toBeVisible({ timeout: 30_000 });
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { name: 'Import history' })).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: 'textkeep-sample.xml' })).toHaveCount(1);
    expect(await axeViolations(page)).toEqual([]);
  });
}
