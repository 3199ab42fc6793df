import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium-path.mjs';
import { chooseFiles, openApp } from './support/app';
import { writeText } from './support/archives';

// Issue 12: after "Delete all data", the browser's own history must not say whom the person wrote to. The
// contact's name and number are made up and distinctive, so finding them in the profile can only mean a leak.
const NAME = 'Zebulon Quux';
const RAW_NUMBER = '(555) 765-4321';
const OTHER_NAME = 'Philippa Xanthe';
const OTHER_NUMBER = '+44 7700 900461';
const WORD = 'marmalade';

/** Every spelling of the name and numbers that a URL, a title or an encoded URL could carry. */
function secrets(): string[] {
  const plain = [
    NAME,
    'Zebulon',
    'Quux',
    OTHER_NAME,
    'Xanthe',
    '+15557654321',
    '15557654321',
    '5557654321',
    '555-765-4321',
    '555 765 4321',
    '555.765.4321',
    '765-4321',
    '7654321',
    RAW_NUMBER,
    '+1 555-765-4321',
    '+1 (555) 765-4321',
    '+447700900461',
    '447700900461',
    '7700900461',
    '07700 900461',
    '07700900461',
    OTHER_NUMBER,
    '900461',
  ];
  const spellings = new Set<string>();
  for (const s of plain) {
    spellings.add(s);
    spellings.add(encodeURIComponent(s));
    spellings.add(encodeURI(s));
    spellings.add(encodeURIComponent(s).replace(/%20/g, '+'));
  }
  return [...spellings];
}

/** Where `needle` occurs in `bytes` as UTF-8 or UTF-16LE (SQLite may keep text either way), if it does. */
function occurs(bytes: Buffer, needle: string): boolean {
  return bytes.includes(Buffer.from(needle, 'utf8')) || bytes.includes(Buffer.from(needle, 'utf16le'));
}

/** A small SB&R archive: two people with distinctive names and numbers, one distinctive word to search. */
function archive(): string {
  const at = (iso: string): string => String(Date.parse(iso));
  const sms = (address: string, contact: string, iso: string, type: 1 | 2, body: string): string =>
    `  <sms protocol="0" address="${address}" date="${at(iso)}" type="${String(type)}" body="${body}" contact_name="${contact}" />`;
  return writeText(
    'history-privacy.xml',
    `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="5">
${sms(RAW_NUMBER, NAME, '2019-03-01T09:00:00Z', 1, 'Bring the ' + WORD + ' tomorrow')}
${sms(RAW_NUMBER, NAME, '2019-03-02T09:00:00Z', 2, 'Will do')}
${sms(RAW_NUMBER, NAME, '2019-03-03T09:00:00Z', 1, 'Thanks!')}
${sms(OTHER_NUMBER, OTHER_NAME, '2020-05-01T12:00:00Z', 1, 'Hello from London')}
${sms(OTHER_NUMBER, OTHER_NAME, '2020-05-02T12:00:00Z', 2, 'Hello back')}
</smses>`,
  );
}

/** Reads a person's way through the app: both conversations, a search result, back and forward. */
async function browse(page: Page): Promise<void> {
  await chooseFiles(page, [archive()]);
  await expect(page.getByText(/^Imported 5 new messages/)).toBeVisible({ timeout: 30_000 });
  const nav = page.getByRole('navigation', { name: 'Conversations' });
  for (const name of [NAME, OTHER_NAME]) {
    await nav.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
    await expect(page).toHaveURL(/\/conversations\/[A-Za-z0-9_-]{22}$/);
    await expect(page).toHaveTitle('Textkeep');
    // A full load of the address too, as a bookmark or a reopened app does.
    await page.reload();
    await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
  }
  const search = page.getByRole('searchbox', { name: 'Search messages' });
  await search.fill(WORD);
  await search.press('Enter');
  await page.locator('tk-search .results').getByRole('link').first().click();
  await expect(page).toHaveURL(/\/conversations\/[A-Za-z0-9_-]{22}\/messages\/[A-Za-z0-9_-]{11}$/);
  await expect(page.getByRole('heading', { level: 2, name: NAME, exact: true })).toBeVisible();
  // The token resolves inside the page to the message found, which is shown highlighted.
  const found = page.getByRole('article').filter({ hasText: WORD });
  await expect(found).toHaveClass(/\btarget\b/);
  await expect(found).toBeInViewport();
  await expect(page).toHaveTitle('Textkeep');
  await page.reload();
  await expect(found).toHaveClass(/\btarget\b/);
  await page.goBack();
  await expect(page.getByRole('heading', { level: 2, name: OTHER_NAME, exact: true })).toBeVisible();
  await page.goForward();
  await expect(page.getByRole('heading', { level: 2, name: NAME, exact: true })).toBeVisible();
}

test.describe('the browser history after "Delete all data"', () => {
  test('keeps no name, number or message of the person', async ({ baseURL }) => {
    test.setTimeout(120_000);
    const profile = mkdtempSync(join(tmpdir(), 'textkeep-history-'));
    try {
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: findChromium(),
        args: CHROMIUM_ARGS,
        baseURL,
        serviceWorkers: 'allow',
      });
      const page = context.pages()[0] ?? (await context.newPage());
      await openApp(page);
      await browse(page);

      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('button', { name: 'Delete all data' }).click();
      await page
        .getByRole('dialog', { name: 'Delete all data?' })
        .getByRole('button', { name: 'Delete everything' })
        .click();
      await expect(page.getByRole('heading', { name: 'Your old messages, kept' })).toBeVisible();
      // Closing the browser makes it write its history database out.
      await context.close();

      const dir = join(profile, 'Default');
      const files = readdirSync(dir).filter((f) => /^History(-journal|-wal)?$/.test(f));
      expect(files).toContain('History');
      const bytes = Buffer.concat(files.map((f) => readFileSync(join(dir, f))));
      // The history was written, and holds the visits to the conversations: the check below is not vacuous.
      expect(occurs(bytes, '/conversations/')).toBe(true);
      expect(occurs(bytes, '/messages/')).toBe(true);
      const found = [...secrets(), WORD].filter((s) => occurs(bytes, s));
      // Only the test's own made-up strings are named here, never anything of a person's.
      expect(found, 'names, numbers or words of the person in Default/History').toEqual([]);
    } finally {
      if (existsSync(profile)) rmSync(profile, { recursive: true, force: true });
    }
  });
});
