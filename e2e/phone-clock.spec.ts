/**
 * Issue 14, the phone's own clock: a person who texted from New York and now lives in Paris reads an 8:55 PM
 * message as 8:55 PM, marked with New York's offset; Settings → Times → "In this device's time zone" shows
 * the same message at 2:55 AM the next day. The conversation, search and the text export agree.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { chooseFiles } from './support/app';

test.use({ locale: 'en-US', timezoneId: 'Europe/Paris' });

// 2025-11-04T01:55:45Z: 8:55:45 PM in New York (EST, UTC−05:00), 2:55:45 AM in Paris (CET, UTC+01:00).
const SENT_AT = Date.UTC(2025, 10, 4, 1, 55, 45);
const ARCHIVE = `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="2" backup_set="e2e" backup_date="1762300000000" type="full">
  <sms protocol="0" address="+12125550123" date="${String(SENT_AT)}" type="1" subject="null" body="Dinner was lovely" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" sub_id="1" readable_date="Nov 3, 2025 8:55:45 PM" contact_name="Ann Lee" />
  <sms protocol="0" address="+12125550123" date="${String(SENT_AT + 60_000)}" type="2" subject="null" body="Home safe" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" sub_id="1" readable_date="Nov 3, 2025 8:56:45 PM" contact_name="Ann Lee" />
</smses>
`;

const log = (page: Page) => page.getByRole('log', { name: 'Messages' });
const received = (page: Page) => log(page).getByRole('article', { name: 'From Ann Lee' });

async function openAnn(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('link', { name: 'Ann Lee' })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: 'Ann Lee' })).toBeVisible();
}

async function chooseTimes(page: Page, choice: string): Promise<void> {
  await page.getByRole('link', { name: 'Settings' }).click();
  const radio = page.getByRole('radio', { name: choice });
  await radio.check();
  await expect(radio).toBeChecked();
  await page.getByRole('link', { name: 'Textkeep' }).click();
}

async function exportText(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Export conversation' });
  await dialog.getByRole('radio', { name: 'Text (.txt)' }).check();
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  const text = readFileSync(await (await download).path(), 'utf8');
  await dialog.getByRole('button', { name: 'Close' }).click();
  return text;
}

test('a message sent in New York reads at the phone’s 8:55 PM with its offset, or at 2:55 AM in this device’s zone', async ({
  page,
}) => {
  await page.addInitScript(() => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  await page.goto('/');
  await chooseFiles(page, [{ name: 'sms-newyork.xml', mimeType: 'text/xml', buffer: Buffer.from(ARCHIVE) }]);
  await expect(page.getByRole('status').filter({ hasText: /Imported/ })).toContainText(
    'Imported 2 new messages',
    {
      timeout: 30_000,
    },
  );

  // As on the phone (the default): the phone's wall clock, with its offset since it is not this device's.
  await openAnn(page);
  await expect(received(page)).toContainText('Dinner was lovely');
  await expect(received(page).locator('time')).toHaveText('8:55 PM UTC−05:00');
  await expect(log(page).getByRole('separator').first()).toHaveText('Monday, November 3, 2025');

  const search = page.getByRole('searchbox', { name: 'Search messages' });
  await search.fill('lovely');
  await search.press('Enter');
  const hit = page.getByRole('link', { name: /Dinner was lovely/ });
  await expect(hit.locator('time')).toHaveText('Nov 3, 2025, 8:55 PM UTC−05:00');

  const asOnPhone = await exportText(page);
  expect(asOnPhone).toContain('as on the phone');
  expect(asOnPhone).toMatch(/^2025-11-03 20:55 UTC-05:00 {2}Ann Lee.*Dinner was lovely$/m);

  // In this device's zone: Paris, the next morning, with no zone named (it is the device's own).
  await chooseTimes(page, 'In this device’s time zone');
  await openAnn(page);
  await expect(received(page).locator('time')).toHaveText('2:55 AM');
  await expect(log(page).getByRole('separator').first()).toHaveText('Tuesday, November 4, 2025');
  await search.fill('lovely');
  await search.press('Enter');
  await expect(hit.locator('time')).toHaveText('Nov 4, 2025, 2:55 AM');
  const inDeviceZone = await exportText(page);
  expect(inDeviceZone).toMatch(/^2025-11-04 02:55 UTC\+01:00 {2}Ann Lee.*Dinner was lovely$/m);

  // The choice is kept.
  await page.reload();
  await openAnn(page);
  await expect(received(page).locator('time')).toHaveText('2:55 AM');
});
