import { expect, test, type Page } from '@playwright/test';
import { openApp, readAll, chooseFiles } from './support/app';
import { axeViolations } from './support/axe';
import { writeArchive, writeText } from './support/archives';

/** Chooses files through the real file chooser, as a person does. */
async function importThroughChooser(page: Page, paths: string[]): Promise<void> {
  await chooseFiles(page, paths);
  await expect(page.getByRole('status').filter({ hasText: /Imported [\d,]+ new/ })).toBeVisible({
    timeout: 60_000,
  });
}

const ms = (iso: string): number => Date.parse(iso);

/** A small SB&R archive of our own, with accents in both directions and dates over four years. */
function accentsArchive(name: string, extra = ''): string {
  const sms = (address: string, contact: string, iso: string, type: 1 | 2, body: string): string =>
    `  <sms protocol="0" address="${address}" date="${String(ms(iso))}" type="${String(type)}" body="${body}" contact_name="${contact}" />`;
  return writeText(
    name,
    `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="7">
${sms('+15555550123', 'Ada Lovelace', '2019-03-01T09:00:00Z', 1, 'Un Café demain ?')}
${sms('+15555550123', 'Ada Lovelace', '2019-03-02T09:00:00Z', 2, 'Oui, bel ÉTÉ')}
${sms('+15555550123', 'Ada Lovelace', '2021-06-10T18:30:00Z', 1, 'Le café était froid &lt;3')}
${sms('+15555550124', 'Bob Smith', '2020-07-14T12:00:00Z', 1, 'été indien, CAFE chaud')}
${sms('+15555550124', 'Bob Smith', '2020-07-15T12:00:00Z', 2, 'ok')}
${sms('+15555550125', 'Chloé Martin', '2022-01-01T00:10:00Z', 1, 'Bonne année !')}
${extra}
</smses>`,
  );
}

const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search messages' });
const searchStatus = (page: Page) =>
  page.getByRole('status').filter({ hasText: /messages? found|No messages found/ });
const results = (page: Page) => page.locator('tk-search .results');

async function search(page: Page, query: string): Promise<void> {
  await searchBox(page).fill(query);
  await searchBox(page).press('Enter');
}

// These tests use the app as a person does: they pass once the shell shows <tk-search> (see src/components/tk-search.ts).
test.describe('searching messages', () => {
  test('finds a word whatever its case and accents, grouped by conversation with the match marked', async ({
    page,
  }) => {
    await page.goto('/');
    await importThroughChooser(page, [accentsArchive('accents.xml')]);

    await search(page, 'cafe');
    await expect(searchStatus(page)).toHaveText('3 messages found.');
    // The conversation with the newest match comes first, and its newest match first within it.
    await expect(results(page).getByRole('heading')).toHaveText([/Ada Lovelace/, /Bob Smith/]);
    await expect(results(page).locator('mark')).toHaveText(['café', 'Café', 'CAFE']);
    // Message text stays text: the archive's "<3" is shown as written, not parsed.
    await expect(results(page).getByRole('link').first()).toContainText('Le café était froid <3');

    await search(page, 'ÉTÉ');
    await expect(searchStatus(page)).toHaveText('2 messages found.');
    await expect(results(page).locator('mark')).toHaveText(['été', 'ÉTÉ']);

    await search(page, 'zebra');
    await expect(searchStatus(page)).toHaveText('No messages found.');
  });

  test('date and conversation filters narrow the results; a result opens the message', async ({ page }) => {
    await page.goto('/');
    await importThroughChooser(page, [accentsArchive('filters.xml')]);
    await search(page, 'café');
    await expect(searchStatus(page)).toHaveText('3 messages found.');

    await page.getByLabel('From', { exact: true }).fill('2020-01-01');
    await expect(searchStatus(page)).toHaveText('2 messages found.');
    await page.getByLabel('To', { exact: true }).fill('2020-12-31');
    await expect(searchStatus(page)).toHaveText('1 message found.');
    await page.getByLabel('To', { exact: true }).fill('');
    await page
      .getByRole('combobox', { name: 'Conversation', exact: true })
      .selectOption({ label: 'Ada Lovelace' });
    await expect(searchStatus(page)).toHaveText('1 message found.');
    await expect(results(page).getByRole('heading')).toHaveText([/Ada Lovelace/]);
    await page
      .getByRole('combobox', { name: 'Conversation', exact: true })
      .selectOption({ label: 'All conversations' });
    await expect(searchStatus(page)).toHaveText('2 messages found.');

    await results(page).getByRole('link').first().click();
    // Opaque: the conversation's random id and the message's salted token, nothing of the number (issue 12).
    await expect(page).toHaveURL(/\/conversations\/[A-Za-z0-9_-]{22}\/messages\/[A-Za-z0-9_-]{11}$/);
    await expect(page.getByRole('heading', { name: 'Ada Lovelace', exact: true })).toBeVisible();
    const found = page.getByRole('article').filter({ hasText: 'Le café était froid' });
    await expect(found).toHaveClass(/\btarget\b/);
    await expect(found).toBeInViewport();
  });

  test('a message address from before opaque ids opens the message, rewritten in place', async ({ page }) => {
    await page.goto('/');
    await importThroughChooser(page, [accentsArchive('legacy.xml')]);
    const blocks = await readAll<{ conversationKey: string; messages: { id: string; text: string }[] }>(
      page,
      'messageBlocks',
    );
    const id = blocks
      .filter((b) => b.conversationKey === '+15555550123')
      .flatMap((b) => b.messages)
      .find((m) => m.text.startsWith('Oui'))?.id;
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    await page.goto(`/conversations/%2B15555550123/messages/${id ?? ''}`);
    await expect(page.getByRole('heading', { name: 'Ada Lovelace', exact: true })).toBeVisible();
    await expect(page).toHaveURL(/\/conversations\/[A-Za-z0-9_-]{22}\/messages\/[A-Za-z0-9_-]{11}$/);
    await expect(page.getByRole('article').filter({ hasText: 'Oui, bel ÉTÉ' })).toHaveClass(/\btarget\b/);
    await page.reload();
    await expect(page.getByRole('article').filter({ hasText: 'Oui, bel ÉTÉ' })).toHaveClass(/\btarget\b/);
  });

  test('Enter searches, arrow keys move through the results, Escape clears', async ({ page }) => {
    await page.goto('/');
    await importThroughChooser(page, [accentsArchive('keys.xml')]);
    await searchBox(page).focus();
    await page.keyboard.type('caf');
    await page.keyboard.press('Enter');
    await expect(searchStatus(page)).toHaveText('3 messages found.');
    const links = results(page).getByRole('link');
    await page.keyboard.press('ArrowDown');
    await expect(links.nth(0)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(links.nth(1)).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect(searchBox(page)).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(searchBox(page)).toHaveValue('');
    await expect(links).toHaveCount(0);
    await expect(searchStatus(page)).toHaveCount(0);
  });

  test('the index survives a reload and stays current after a second import', async ({ page }) => {
    test.setTimeout(120_000);
    const options = { messages: 3000, conversations: 12, groups: 2, mmsEvery: 0, seed: 21 };
    await page.goto('/');
    await importThroughChooser(page, [writeArchive('search-first.xml', options)]);
    const firstCount = await storedMatching(page, 'birthday');
    expect(firstCount).toBeGreaterThan(100);
    await search(page, 'Birthday');
    await expect(searchStatus(page)).toHaveText(
      `${firstCount.toLocaleString('en-US')} messages found, showing the newest 100.`,
    );

    await page.reload();
    await search(page, 'birthday');
    await expect(searchStatus(page)).toContainText(`${firstCount.toLocaleString('en-US')} messages found`);

    // (After the reload no earlier outcome is shown, so the next "Imported" is this import's.)
    await importThroughChooser(page, [writeArchive('search-second.xml', { ...options, seed: 22 })]);
    const bothCount = await storedMatching(page, 'birthday');
    expect(bothCount).toBeGreaterThan(firstCount);
    // The open search follows the import by itself.
    await expect(searchStatus(page)).toContainText(`${bothCount.toLocaleString('en-US')} messages found`);
    await page.getByRole('button', { name: 'Show more results' }).click();
    await expect(results(page).getByRole('link')).toHaveCount(200);
  });

  test('searches offline once the app has loaded', async ({ page, context }) => {
    await openApp(page);
    await importThroughChooser(page, [accentsArchive('offline.xml')]);
    await context.setOffline(true);
    await page.reload();
    await search(page, 'été');
    await expect(searchStatus(page)).toHaveText('2 messages found.');
    await expect(results(page).locator('mark').first()).toHaveText('été');
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`search results have no accessibility violations in ${colorScheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto('/');
      await importThroughChooser(page, [accentsArchive(`axe-${colorScheme}.xml`)]);
      await search(page, 'cafe');
      await expect(searchStatus(page)).toHaveText('3 messages found.');
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});

/** How many stored messages hold `word` (ASCII, any case): what the search should count. */
async function storedMatching(page: Page, word: string): Promise<number> {
  const blocks = await readAll<{ messages: { text: string }[] }>(page, 'messageBlocks');
  const pattern = new RegExp(`\\b${word}`, 'i');
  return blocks.flatMap((b) => b.messages).filter((m) => pattern.test(m.text)).length;
}
