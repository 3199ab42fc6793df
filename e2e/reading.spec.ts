import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { IMAGE_COLOURS } from '../bench/generate-sbr.mjs';
import { groupTitles, chooseFiles } from './support/app';
import { writeArchive } from './support/archives';
import { axeViolations } from './support/axe';

/** Imports a generated archive with pictures through the file chooser and waits for the outcome. */
async function importArchive(page: Page): Promise<void> {
  const path = writeArchive('reading.xml', {
    messages: 400,
    conversations: 5,
    groups: 2,
    mmsEvery: 4,
    solid: true,
    seed: 21,
    quirks: ['rawEmoji', 'newlines', 'nonLatin'],
  });
  await page.goto('/');
  await chooseFiles(page, path);
  await expect(page.getByText(/^Imported \d+ new messages/)).toBeVisible({ timeout: 30_000 });
}

const log = (page: Page) => page.getByRole('log', { name: 'Messages' });

test.describe('reading a conversation', () => {
  test('a group conversation names each sender, opens at the newest message, and shows pictures inline', async ({
    page,
  }) => {
    await importArchive(page);
    const nav = page.getByRole('navigation', { name: 'Conversations' });
    const [title = ''] = await groupTitles(page);
    await nav.getByRole('link', { name: title, exact: true }).click();
    await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
    await expect(log(page).getByRole('article').first()).toBeVisible();

    // Incoming messages in a group carry their sender's name.
    const senders = await log(page).locator('.sender').allTextContents();
    expect(new Set(senders).size).toBeGreaterThan(1);

    // It opens at the newest message: the last article is in view.
    await expect(log(page).getByRole('article').last()).toBeInViewport();

    // A picture from an MMS is drawn: its pixels are one of the generator's colours.
    const picture = log(page).getByRole('img').last();
    await expect(picture).toBeVisible();
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    const shot = PNG.sync.read(await picture.screenshot());
    const at = (shot.width * Math.floor(shot.height / 2) + Math.floor(shot.width / 2)) * 4;
    const pixel = [shot.data[at], shot.data[at + 1], shot.data[at + 2]];
    expect(IMAGE_COLOURS.map((c) => c.join(','))).toContain(pixel.join(','));
  });

  test('reload keeps the place, and everything reads offline', async ({ page, context }) => {
    await importArchive(page);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const first = page.getByRole('navigation', { name: 'Conversations' }).getByRole('link').first();
    const title = (await first.locator('.title').textContent()) ?? '';
    await first.click();
    const url = page.url();
    await context.setOffline(true);
    await page.reload();
    expect(page.url()).toBe(url);
    await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
    await expect(log(page).getByRole('article').last()).toBeVisible();
    await expect(log(page).getByRole('img').first()).toBeVisible();
    await context.setOffline(false);
  });

  test('"Jump to date" scrolls to that day', async ({ page }) => {
    await importArchive(page);
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link').first().click();
    const days = log(page).getByRole('separator');
    await expect(days.last()).toBeVisible();
    // The conversation opens at its newest day (the archive spans 2019–2024)…
    await expect(days.first()).not.toContainText('2019');
    // …and jumping to a date before the first message shows the first day.
    await page.getByLabel('Jump to date').fill('2019-03-01');
    await expect(days.first()).toContainText('2019');
    await expect(days.first()).toBeInViewport();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`a conversation has no accessibility violations in ${colorScheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await importArchive(page);
      await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link').first().click();
      await expect(log(page).getByRole('article').last()).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});
