/**
 * Issue 14, call logs: an SB&R calls file adds its calls to the conversations of their numbers (whatever
 * way the number is written), a person with calls and no messages gets a conversation, calls are counted
 * apart in the outcome and the list, appear as centred lines in the conversation, are listed by the text
 * export, and a second import of the same file adds nothing.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { chooseFiles, storedTotals } from './support/app';
import { axeViolations } from './support/axe';

test.use({ locale: 'en-US', timezoneId: 'Europe/Paris' });

// 2024-03-05, Paris (UTC+01:00): messages at 13:00 and 13:01, a missed call at 14:03, a 12-minute call at 15:00.
const at = (hour: number, minute: number): number => Date.UTC(2024, 2, 5, hour - 1, minute);
const readable = (hour: number, minute: number): string =>
  `Mar 5, 2024 ${String(((hour + 11) % 12) + 1)}:${String(minute).padStart(2, '0')}:00 ${hour < 12 ? 'AM' : 'PM'}`;

const MESSAGES = `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="2">
  <sms protocol="0" address="+12025550123" date="${String(at(13, 0))}" type="1" body="Call me when you can" read="1" status="-1" readable_date="${readable(13, 0)}" contact_name="Ann Lee" />
  <sms protocol="0" address="+12025550123" date="${String(at(13, 1))}" type="2" body="In a meeting, after 3" read="1" status="-1" readable_date="${readable(13, 1)}" contact_name="Ann Lee" />
</smses>
`;

const CALLS = `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<calls count="3" backup_set="e2e" backup_date="1709700000000">
  <call number="(202) 555-0123" duration="0" date="${String(at(14, 3))}" type="3" presentation="1" readable_date="${readable(14, 3)}" contact_name="Ann Lee" />
  <call number="+12025550123" duration="720" date="${String(at(15, 0))}" type="2" presentation="1" readable_date="${readable(15, 0)}" contact_name="Ann Lee" />
  <call number="+12025550199" duration="95" date="${String(at(16, 30))}" type="1" presentation="1" readable_date="${readable(16, 30)}" contact_name="Bo Park" />
</calls>
`;

const file = (name: string, text: string) => ({ name, mimeType: 'text/xml', buffer: Buffer.from(text) });
const outcome = (page: Page) => page.getByRole('status').filter({ hasText: /Imported/ });
const list = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });

test('a calls file adds calls to the conversations of their numbers, counted apart and in the text export', async ({
  page,
}) => {
  await page.addInitScript(() => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  await page.goto('/');
  await chooseFiles(page, [file('sms-20240305.xml', MESSAGES)]);
  await expect(outcome(page)).toContainText('Imported 2 new messages (0 duplicates skipped)', {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Dismiss' }).click();

  await chooseFiles(page, [file('calls-20240305.xml', CALLS)]);
  await expect(outcome(page)).toContainText('Imported 3 new calls (0 duplicates skipped)', {
    timeout: 30_000,
  });
  await expect(list(page).getByRole('link', { name: /Ann Lee/ })).toContainText('2 messages · 2 calls');
  // A person with calls and no messages has a conversation too.
  await expect(list(page).getByRole('link', { name: /Bo Park/ })).toContainText('1 call');
  const totals = await storedTotals(page);
  expect(totals.claimed).toBe(5);
  expect(totals.stored).toBe(5);

  await list(page)
    .getByRole('link', { name: /Ann Lee/ })
    .click();
  const log = page.getByRole('log', { name: 'Messages' });
  const missed = log.getByRole('article', { name: 'Missed call, from Ann Lee' });
  await expect(missed).toContainText('Missed call · 2:03 PM');
  await expect(log.getByRole('article', { name: 'Outgoing call, to Ann Lee' })).toContainText(
    'Outgoing call · 12 min · 3:00 PM',
  );
  // In time order with the messages: the missed call comes after the two messages.
  await expect(log.getByRole('article')).toHaveCount(4);
  await expect(log.getByRole('article').nth(2)).toHaveAccessibleName('Missed call, from Ann Lee');
  await page.screenshot({ path: 'test-results/calls-conversation.png' });
  // The call lines are readable to everyone, in light and in dark.
  expect(await axeViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/calls-conversation-dark.png' });
  await page.emulateMedia({ colorScheme: 'light' });

  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Export conversation' });
  await dialog.getByRole('radio', { name: 'Text (.txt)' }).check();
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  const txt = readFileSync(await (await download).path(), 'utf8');
  expect(txt).toMatch(/^Messages: 2$/m);
  expect(txt).toMatch(/^Calls: 2$/m);
  expect(txt).toMatch(/^2024-03-05 14:03 UTC\+01:00 {2}.*Missed call.*$/m);
  expect(txt).toMatch(/^2024-03-05 15:00 UTC\+01:00 {2}.*Outgoing call.*12 min.*$/m);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The same calls again: nothing new, every call a duplicate.
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await chooseFiles(page, [file('calls-20240305.xml', CALLS)]);
  await expect(outcome(page)).toContainText('Imported 0 new messages (3 duplicates skipped)', {
    timeout: 30_000,
  });
  expect((await storedTotals(page)).stored).toBe(5);
});
