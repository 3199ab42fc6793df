import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { IMAGE_COLOURS } from '../bench/generate-sbr.mjs';
import { readAll, chooseFiles } from './support/app';
import { writeArchive } from './support/archives';

interface StoredMessage {
  time: number;
  attachments: { mediaKey?: string; type: string }[];
}

/** Over 65,535 px tall at 720 px wide and pixel ratio 1, with a few solid-colour pictures. */
async function importTall(page: Page): Promise<StoredMessage[]> {
  await page.addInitScript(() => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  const path = writeArchive('tall.xml', {
    messages: 1000,
    conversations: 1,
    groups: 0,
    mmsEvery: 150,
    solid: true,
    imageBytes: 3000,
    seed: 44,
    quirks: ['rawEmoji', 'nonLatin', 'longWords'],
  });
  await page.goto('/');
  await chooseFiles(page, path);
  await expect(page.getByText(/^Imported [\d,]+ new messages/)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link').first().click();
  const blocks = await readAll<{ startTime: number; messages: StoredMessage[] }>(page, 'messageBlocks');
  return blocks.sort((a, b) => a.startTime - b.startTime).flatMap((b) => b.messages);
}

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Export conversation' });

async function choosePicture(page: Page, split: boolean): Promise<void> {
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await dialog(page).getByRole('radio', { name: 'Image (.png)' }).check();
  await dialog(page).getByRole('radio', { name: 'Narrow (720 px)' }).check();
  await dialog(page).getByRole('radio', { name: 'Pixel ratio 1' }).check();
  if (split) await dialog(page).getByRole('checkbox', { name: 'Split into parts' }).check();
}

const decode = async (d: Download): Promise<PNG> => PNG.sync.read(readFileSync(await d.path()));

/** Top rows of vertical runs of rows holding 40 pixels in a row of one of the pictures' colours. */
function pictureRuns(png: PNG): number[] {
  const colours = IMAGE_COLOURS.map(([r, g, b]) => (r << 16) | (g << 8) | b);
  const starts: number[] = [];
  let inside = false;
  for (let y = 0; y < png.height; y++) {
    let run = 0;
    let found = false;
    for (let x = 0; x < png.width && !found; x++) {
      const i = (y * png.width + x) * 4;
      const rgb = ((png.data[i] ?? 0) << 16) | ((png.data[i + 1] ?? 0) << 8) | (png.data[i + 2] ?? 0);
      run = colours.includes(rgb) ? run + 1 : 0;
      if (run >= 40) found = true;
    }
    if (found && !inside) starts.push(y);
    inside = found;
  }
  return starts;
}

test.describe('picture export', () => {
  test.setTimeout(240_000);

  test('a conversation taller than 65,535 px becomes one valid PNG, its pictures in place', async ({
    page,
  }) => {
    const messages = await importTall(page);
    const pictures = messages
      .map((m, i) => ({ i, picture: m.attachments.some((a) => a.mediaKey && a.type.startsWith('image/')) }))
      .filter((m) => m.picture);
    expect(pictures.length).toBeGreaterThan(2);
    await choosePicture(page, false);
    const download = page.waitForEvent('download', { timeout: 200_000 });
    await dialog(page).getByRole('button', { name: 'Save' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/ \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}\.png$/);
    const png = await decode(file);
    expect(png.width).toBe(720);
    expect(png.height).toBeGreaterThan(65_535);
    // Each picture's solid colour is drawn, in message order, about where its message falls.
    const runs = pictureRuns(png);
    expect(runs).toHaveLength(pictures.length);
    runs.forEach((y, k) => {
      const expected = (pictures[k]?.i ?? 0) / messages.length;
      expect(Math.abs(y / png.height - expected)).toBeLessThan(0.08);
    });
  });

  test('split into parts: each part opens, and together they are the whole conversation', async ({
    page,
  }) => {
    await importTall(page);
    await choosePicture(page, false);
    const whole = page.waitForEvent('download', { timeout: 200_000 });
    await dialog(page).getByRole('button', { name: 'Save' }).click();
    const full = await decode(await whole);
    await dialog(page).getByRole('checkbox', { name: 'Split into parts' }).check();
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await dialog(page).getByRole('button', { name: 'Save' }).click();
    await expect(dialog(page).getByRole('status')).toHaveText(/^Saved \d+ parts/, { timeout: 200_000 });
    await expect.poll(() => downloads.length).toBeGreaterThan(1);
    const count = Number(
      /Saved (\d+) parts/.exec((await dialog(page).getByRole('status').textContent()) ?? '')?.[1],
    );
    await expect.poll(() => downloads.length).toBe(count);
    let height = 0;
    for (const [k, d] of downloads.entries()) {
      expect(d.suggestedFilename()).toMatch(new RegExp(` part ${String(k + 1)} of ${String(count)}\\.png$`));
      const part = await decode(d);
      expect(part.width).toBe(720);
      expect(part.width * part.height).toBeLessThanOrEqual(16_777_216);
      height += part.height;
    }
    expect(height).toBe(full.height);
  });

  test('Cancel stops the drawing and saves nothing', async ({ page }) => {
    await importTall(page);
    await choosePicture(page, false);
    let downloaded = false;
    page.on('download', () => (downloaded = true));
    await dialog(page).getByRole('button', { name: 'Save' }).click();
    await expect(dialog(page).getByRole('status')).toContainText(/Drawing\s+[\d,]+\s+of\s+[\d,]+\s+messages/);
    await dialog(page).getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog(page).getByRole('status')).toHaveText('Export cancelled.');
    await page.waitForTimeout(1000);
    expect(downloaded).toBe(false);
    // Nothing of the drawing is left on the page.
    expect(await page.evaluate(() => document.body.children.length)).toBe(
      await page.evaluate(
        () =>
          document.body.querySelectorAll(':scope > tk-app-shell, :scope > script, :scope > noscript').length,
      ),
    );
  });
});
