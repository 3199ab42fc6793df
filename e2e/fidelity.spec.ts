/**
 * Issue 14: records arrive as the phone wrote them. A Nokia PC Suite .vmg (UTF-16LE, no byte-order mark)
 * whose message says SUBMIT while filed in the inbox is a sent message; a Russian number written nationally
 * (trunk prefix 8) and with +7 is one person, on a browser whose region is the United States.
 */
import { expect, test } from '@playwright/test';
import { chooseFiles, storedTotals } from './support/app';

test.use({ locale: 'en-US' });

/** UTF-16LE bytes without a byte-order mark, as Nokia PC Suite writes them. */
function utf16le(text: string): Buffer {
  const bytes = Buffer.alloc(text.length * 2);
  for (let i = 0; i < text.length; i++) bytes.writeUInt16LE(text.charCodeAt(i), i * 2);
  return bytes;
}

const SAVED_SENT = [
  'BEGIN:VMSG',
  'VERSION:1.1',
  'X-IRMC-STATUS:READ',
  'X-IRMC-BOX:INBOX',
  'X-MESSAGE-TYPE:SUBMIT',
  'BEGIN:VCARD',
  'VERSION:2.1',
  'N:',
  'TEL:',
  'END:VCARD',
  'BEGIN:VENV',
  'BEGIN:VCARD',
  'VERSION:2.1',
  'N:',
  'TEL:+358401234567',
  'END:VCARD',
  'BEGIN:VENV',
  'BEGIN:VBODY',
  'Date:14.06.2010 19:30:45',
  'Hyvää yötä 🌙',
  'END:VBODY',
  'END:VENV',
  'END:VENV',
  'END:VMSG',
  '',
].join('\r\n');

test('a UTF-16LE .vmg without byte-order mark imports, and its SUBMIT message filed in the inbox is sent', async ({
  page,
}) => {
  await page.goto('/');
  await chooseFiles(page, [{ name: 'sms.vmg', mimeType: 'text/x-vmessage', buffer: utf16le(SAVED_SENT) }]);
  const outcome = page.getByRole('status').filter({ hasText: /Imported/ });
  await expect(outcome).toContainText('Imported 1 new message', { timeout: 30_000 });
  await expect(outcome).not.toContainText('not a message archive');
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link').first().click();
  const sent = page.getByRole('log', { name: 'Messages' }).getByRole('article', { name: 'Sent' });
  await expect(sent).toContainText('Hyvää yötä 🌙');
});

test('a Russian number written with its trunk prefix and with +7 is one conversation on an en-US browser', async ({
  page,
}) => {
  const sms = (address: string, date: number, type: 1 | 2, body: string): string =>
    `<sms protocol="0" address="${address}" date="${String(date)}" type="${String(type)}" body="${body}" read="1" status="-1" />`;
  const xml =
    `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count="3">\n` +
    sms('89225595543', Date.UTC(2019, 3, 1, 9), 1, 'Привет') +
    sms('+79225595543', Date.UTC(2019, 3, 1, 10), 2, 'Привет!') +
    sms('8 922 559-55-43', Date.UTC(2019, 3, 2, 9), 1, 'Как дела?') +
    '\n</smses>\n';
  await page.goto('/');
  await chooseFiles(page, [{ name: 'sms-ru.xml', mimeType: 'text/xml', buffer: Buffer.from(xml) }]);
  await expect(page.getByRole('status').filter({ hasText: /Imported/ })).toContainText(
    'Imported 3 new messages',
    {
      timeout: 30_000,
    },
  );
  const links = page.getByRole('navigation', { name: 'Conversations' }).getByRole('link');
  await expect(links).toHaveCount(1);
  expect(await storedTotals(page)).toMatchObject({ conversations: 1, stored: 3 });
  // The history says which country numbers without a code were read in: the browser's, here.
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'sms-ru.xml' })).toContainText('United States');
});
