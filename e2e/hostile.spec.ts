import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PAYLOADS, billionLaughs, payloadArchive } from '../test-support/hostile-inputs';
import { bombZip, traversalZip } from '../test-support/hostile-zips';
import { storedTotals, chooseFiles } from './support/app';

/**
 * Hostile files through the real file chooser, in the built app (the unit view of the same cases is in
 * src/import/hostile/): each ends with its clear sentence, no dialog opens, no script runs, nothing logs an
 * error, the page stays usable, and message text that looks like HTML is shown as text.
 */

// One folder per test worker: tests in parallel must not rewrite a file another is importing.
const DIR = join(tmpdir(), 'textkeep-e2e-hostile', String(process.pid));

function write(name: string, content: string | Uint8Array): string {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, name);
  writeFileSync(path, content);
  return path;
}

/** The zip bomb's bytes: 4 MB that declare 4 GiB of zeros. */
async function zeroBomb(): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = bombZip('backup/zeros.xml', '', '\0', 2 ** 32)
    .stream()
    .getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  return Buffer.concat(chunks);
}

/** Everything a page must not do with hostile input: dialogs (alert, confirm…), page errors, console errors. */
function watch(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (dialog) => {
    seen.push(`dialog ${dialog.type()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => seen.push(`page error ${error.name}`));
  page.on('console', (message) => {
    if (message.type() === 'error') seen.push(`console error ${message.text()}`);
  });
  return seen;
}

const outcome = (page: Page) => page.getByRole('status').filter({ hasText: /Imported/ });

test.describe('hostile files', () => {
  test('an entity bomb, a zip bomb and a zip of path names: clear sentences, a usable page, no dialog', async ({
    page,
  }) => {
    const seen = watch(page);
    await page.goto('/');
    const paths = [
      write('sms-bomb.xml', billionLaughs()),
      write('zeros.zip', await zeroBomb()),
      write('paths.zip', traversalZip()),
    ];
    await chooseFiles(page, paths);
    await expect(outcome(page)).toContainText('Imported 7 new messages (0 duplicates skipped)', {
      timeout: 30_000,
    });
    const problems = page.getByRole('list', { name: 'Problems' });
    await expect(problems.getByRole('listitem')).toHaveText([
      /^“sms-bomb\.xml” is damaged at line \d+: every message before that point was imported; the rest could not be read\.$/,
      /^“zeros\.zip” is not a message archive Textkeep can read\./,
    ]);
    // No member name of the zip is shown anywhere, nor any expanded entity.
    const text = (await page.locator('body').innerText()).toLowerCase();
    for (const fragment of ['evil', 'abs.xml', 'x.xml', 'lollol']) expect(text).not.toContain(fragment);
    const totals = await storedTotals(page);
    expect(totals).toMatchObject({ stored: 7, claimed: 7, uniqueIds: 7 });

    // The page goes on working: the outcome closes and a conversation opens.
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await expect(outcome(page)).toBeHidden();
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link').first().click();
    await expect(page.getByRole('log', { name: 'Messages' }).getByRole('article').first()).toBeVisible();
    expect(seen).toEqual([]);
  });

  test('message texts that are HTML or script show as text, and nothing of them runs', async ({ page }) => {
    const seen = watch(page);
    await page.goto('/');
    await chooseFiles(page, [write('sms-payloads.xml', payloadArchive())]);
    await expect(outcome(page)).toContainText(`Imported ${String(PAYLOADS.length)} new messages`, {
      timeout: 30_000,
    });
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link').first().click();
    const log = page.getByRole('log', { name: 'Messages' });
    for (const payload of PAYLOADS) await expect(log.getByText(payload, { exact: true })).toBeVisible();
    // Nothing the texts describe became an element (CSS locators pierce the shadow roots).
    for (const selector of ['img[src="x"]', 'svg[onload]', 'iframe', 'textarea', 'a[href^="javascript"]'])
      await expect(page.locator(selector)).toHaveCount(0);
    // The search box takes a payload as a query and finds it as text, without running it.
    await page.getByRole('searchbox', { name: 'Search messages' }).fill('onerror');
    await expect(page.getByText('onerror', { exact: false }).first()).toBeVisible();
    expect(seen).toEqual([]);
  });
});
