/**
 * Issue 14, "Re-group conversations": two archives read with the region United States leave one person in two
 * conversations (a Danish number written without its country code, and the same number with it); switching
 * the default region to Denmark offers the regroup, which joins them, in light and dark.
 */
import { expect, test, type Page } from '@playwright/test';
import { chooseFiles, storedTotals } from './support/app';
import { axeViolations } from './support/axe';

test.use({ locale: 'en-US', timezoneId: 'Europe/Copenhagen' });

const T0 = Date.UTC(2019, 4, 2, 9);
const sms = (address: string, minutes: number, type: 1 | 2, body: string, name = ''): string =>
  `  <sms protocol="0" address="${address}" date="${String(T0 + minutes * 60_000)}" type="${String(type)}" body="${body}" read="1" status="-1"${name ? ` contact_name="${name}"` : ''} />`;
const archive = (lines: string[]): string =>
  `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count="${String(lines.length)}">\n${lines.join('\n')}\n</smses>\n`;

// Written as the phone's own contacts list had it: national in the first backup, international in the second.
const NATIONAL = archive([
  sms('20 12 34 56', 0, 1, 'Skal vi ses i morgen?', 'Freja'),
  sms('20 12 34 56', 2, 2, 'Ja, klokken ti'),
]);
const INTERNATIONAL = archive([sms('+4520123456', 30, 1, 'Jeg tager kaffe med')]);

const file = (name: string, text: string) => ({ name, mimeType: 'text/xml', buffer: Buffer.from(text) });
const list = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });
const region = (page: Page) => page.getByRole('combobox', { name: 'Default region' });

for (const colorScheme of ['light', 'dark'] as const) {
  test(`after a region change, "Re-group conversations" joins the same person's conversations (${colorScheme})`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/settings');
    await region(page).selectOption('US');
    await page.goto('/');
    await chooseFiles(page, [file('old.xml', NATIONAL), file('new.xml', INTERNATIONAL)]);
    await expect(page.getByRole('status').filter({ hasText: /Imported/ })).toContainText('Imported 3 new', {
      timeout: 30_000,
    });
    await expect(list(page).getByRole('link')).toHaveCount(2);
    // Searched once before: the page's search has read the index as it was.
    await page.getByRole('searchbox', { name: 'Search messages' }).fill('kaffe');
    await page.keyboard.press('Enter');
    await expect(page.locator('tk-search .results').getByRole('heading')).toHaveText([/\+45/]);

    await page.getByRole('link', { name: 'Settings' }).click();
    const regroup = page.getByRole('button', { name: 'Re-group conversations' });
    // Not offered while the region the numbers were read with stands.
    await expect(regroup).toHaveCount(0);
    await region(page).selectOption('DK');
    await expect(regroup).toBeVisible();
    await expect(regroup).toHaveAccessibleDescription(
      /read again as numbers of Denmark.*joined into one\. Nothing is deleted\./,
    );
    expect(await axeViolations(page)).toEqual([]);

    // From the keyboard, as a screen-reader user would; the outcome is told in a status.
    await regroup.focus();
    await page.keyboard.press('Enter');
    const said = page.getByRole('status').filter({ hasText: 'Joined' });
    await expect(said).toHaveText('Joined 2 conversations into 1.');
    await expect(regroup).toBeFocused();
    expect(await axeViolations(page)).toEqual([]);

    // A second press finds nothing more to do.
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'already grouped' })).toHaveText(
      'Every conversation was already grouped by this region.',
    );

    await page.getByRole('link', { name: 'Textkeep' }).click();
    await expect(list(page).getByRole('link')).toHaveCount(1);
    await expect(list(page).getByRole('link')).toContainText('Freja');
    const totals = await storedTotals(page);
    expect(totals).toMatchObject({ conversations: 1, claimed: 3, stored: 3, uniqueIds: 3 });

    // Search finds the moved message under the conversation kept, and opens it there.
    await page.getByRole('searchbox', { name: 'Search messages' }).fill('kaffe');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: /found/ })).toContainText(/\b1 message found/);
    const results = page.locator('tk-search .results');
    await expect(results.getByRole('heading')).toHaveText([/Freja/]);
    await results.getByRole('link').first().click();
    await expect(page.getByRole('heading', { name: 'Freja', exact: true })).toBeVisible();
    await expect(page.getByRole('article').filter({ hasText: 'Jeg tager kaffe med' })).toHaveClass(
      /\btarget\b/,
    );
  });
}
