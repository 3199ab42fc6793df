/**
 * Issue 14: a record with a date and a party is a message even with no text and no attachment. A Windows
 * Phone backup with empty-bodied messages imports every record, and the conversation shows each as a muted
 * "No text" bubble with its time, readable in light and dark.
 */
import { expect, test, type Page } from '@playwright/test';
import { chooseFiles, storedTotals } from './support/app';
import { axeViolations } from './support/axe';
import { writeText } from './support/archives';

const OTHER = '+15555550123';
/** Windows FILETIME ticks (100 ns since 1601, UTC) for an ISO time. */
const ticks = (iso: string): string => ((BigInt(Date.parse(iso)) + 11_644_473_600_000n) * 10_000n).toString();

function wpMessage(iso: string, incoming: boolean, body: string): string {
  return (
    '<Message>\r\n' +
    (incoming
      ? '\t<Recepients />\r\n'
      : `\t<Recepients>\r\n\t\t<string>${OTHER}</string>\r\n\t</Recepients>\r\n`) +
    (body ? `\t<Body>${body}</Body>\r\n` : '\t<Body />\r\n') +
    `\t<IsIncoming>${String(incoming)}</IsIncoming>\r\n\t<IsRead>true</IsRead>\r\n\t<Attachments />\r\n` +
    `\t<LocalTimestamp>${ticks(iso)}</LocalTimestamp>\r\n` +
    (incoming ? `\t<Sender>${OTHER}</Sender>\r\n` : '\t<Sender />\r\n') +
    '</Message>\r\n'
  );
}

const RECORDS = [
  wpMessage('2016-11-07T13:50:00Z', true, 'Are you coming?'),
  wpMessage('2016-11-07T13:51:00Z', true, ''),
  wpMessage('2016-11-07T13:52:00Z', false, ''),
  wpMessage('2016-11-07T13:53:00Z', false, 'On my way'),
];
const FILE =
  '<?xml version="1.0" encoding="utf-8"?>\r\n<ArrayOfMessage xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xmlns:xsd="http://www.w3.org/2001/XMLSchema">\r\n' +
  RECORDS.join('') +
  '</ArrayOfMessage>';

const log = (page: Page) => page.getByRole('log', { name: 'Messages' });

for (const colorScheme of ['light', 'dark'] as const) {
  test(`a Windows Phone backup with empty bodies imports every record and shows "No text" (${colorScheme})`, async ({
    page,
  }, testInfo) => {
    await page.emulateMedia({ colorScheme });
    const path = writeText(`empty-bodies-${colorScheme}.msg`, FILE);
    await page.goto('/');
    await chooseFiles(page, [path]);
    const outcome = page.getByRole('status').filter({ hasText: /Imported/ });
    await expect(outcome).toContainText(`Imported ${String(RECORDS.length)} new messages`, {
      timeout: 30_000,
    });
    await expect(outcome).not.toContainText('skipped in');
    expect((await storedTotals(page)).stored).toBe(RECORDS.length);

    // The list previews the conversation's newest message; the conversation shows every one.
    const nav = page.getByRole('navigation', { name: 'Conversations' });
    await nav.getByRole('link').first().click();
    const articles = log(page).getByRole('article');
    await expect(articles).toHaveCount(RECORDS.length);
    const empty = articles.filter({ hasText: 'No text' });
    await expect(empty).toHaveCount(2);
    for (const bubble of await empty.all()) {
      await expect(bubble.locator('time')).toBeVisible();
      await expect(bubble.locator('.no-text')).toHaveCSS('font-style', 'italic');
    }
    // A received one and a sent one, each in the muted colour.
    await expect(articles.nth(1)).toHaveAccessibleName(/^From /);
    await expect(articles.nth(2)).toHaveAccessibleName('Sent');
    const muted = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--tk-muted').trim(),
    );
    const colour = await empty
      .first()
      .locator('.no-text')
      .evaluate((p) => getComputedStyle(p).color);
    const rgb = muted
      .match(/[0-9a-f]{2}/gi)
      ?.map((h) => parseInt(h, 16))
      .join(', ');
    expect(colour).toBe(`rgb(${rgb ?? ''})`);

    await page.screenshot({ path: testInfo.outputPath(`no-text-${colorScheme}.png`) });
    expect(await axeViolations(page)).toEqual([]);

    // Importing it again adds nothing: an empty message dedupes against itself.
    await page.getByRole('link', { name: 'Textkeep' }).click();
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await chooseFiles(page, [path]);
    await expect(
      page.getByText(`Imported 0 new messages (${String(RECORDS.length)} duplicates skipped)`),
    ).toBeVisible({
      timeout: 30_000,
    });
    expect((await storedTotals(page)).stored).toBe(RECORDS.length);
  });
}
