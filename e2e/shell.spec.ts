import { expect, test } from '@playwright/test';
import { axeViolations } from './support/axe';
import { conversation, openApp, seedConversations } from './support/app';

test.describe('the app shell', () => {
  test('a newcomer sees what Textkeep does and where the data stays', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 2, name: 'Your old messages, kept' })).toBeVisible();
    await expect(page.getByText('SMS Backup & Restore')).toBeVisible();
    await expect(page.getByText('Your messages stay on this device.')).toBeVisible();
    await expect(page).toHaveTitle('Textkeep');
  });

  test('the service worker takes control, and the app reloads with the network cut', async ({
    page,
    context,
  }) => {
    await openApp(page);
    await expect(page.getByRole('status').filter({ hasText: 'Ready to work offline' })).toBeVisible();
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Your old messages, kept' })).toBeVisible();
    // A deep link (an installed app reopening on a conversation) also gets the shell offline.
    await page.goto('/conversations/q3Jx0W_p-8cLzT1nVb2aYg');
    await expect(page.getByText('This conversation is not stored on this device.')).toBeVisible();
    await context.setOffline(false);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the empty state has no accessibility violations in ${colorScheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto('/');
      await expect(page.getByRole('heading', { name: 'Your old messages, kept' })).toBeVisible();
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe(colorScheme === 'dark' ? 'rgb(12, 21, 20)' : 'rgb(253, 250, 243)');
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});

test.describe('layout with conversations stored', () => {
  const ada = conversation('+15555550101', 'Ada Lovelace', Date.UTC(2019, 4, 1), 12);
  const stored = [
    ada,
    conversation('+15555550102', 'Grace Hopper', Date.UTC(2020, 6, 3), 1),
    conversation('38642', '38642', Date.UTC(2018, 1, 2), 4),
  ];

  test('on a desktop the list sits beside the open conversation, newest first', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openApp(page);
    await seedConversations(page, stored);
    await page.reload();
    const nav = page.getByRole('navigation', { name: 'Conversations' });
    await expect(nav.getByRole('link')).toHaveText([/Grace Hopper/, /Ada Lovelace/, /38642/]);
    await expect(page.getByText('Choose a conversation to read it.')).toBeVisible();
    await nav.getByRole('link', { name: 'Ada Lovelace' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Ada Lovelace' })).toBeVisible();
    await expect(page.getByRole('main').getByText('12 messages')).toBeVisible();
    await expect(nav).toBeVisible();
    // The address names the conversation by its opaque id, and the title stays the app's (issue 12).
    await expect(page).toHaveURL(new RegExp(`/conversations/${ada.id}$`));
    await expect(page).toHaveTitle('Textkeep');
    await page.reload();
    await expect(page.getByRole('heading', { level: 2, name: 'Ada Lovelace' })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });

  test('an address from before opaque ids still opens, and is rewritten in place', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openApp(page);
    await seedConversations(page, stored);
    const before = await page.evaluate(() => history.length);
    await page.goto('/conversations/%2B15555550101');
    await expect(page.getByRole('heading', { level: 2, name: 'Ada Lovelace' })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/conversations/${ada.id}$`));
    // Replaced, not added: one entry for the one page visited, and Back leaves the conversation.
    expect(await page.evaluate(() => history.length)).toBe(before + 1);
    await page.goBack();
    await expect(page.getByRole('heading', { level: 2, name: 'Ada Lovelace' })).toBeHidden();
  });

  test('on a phone the list and the conversation take turns', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openApp(page);
    await seedConversations(page, stored);
    await page.reload();
    const nav = page.getByRole('navigation', { name: 'Conversations' });
    await nav.getByRole('link', { name: 'Grace Hopper' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Grace Hopper' })).toBeVisible();
    await expect(nav).toBeHidden();
    await page.goBack();
    await expect(nav).toBeVisible();
    await expect(page.getByRole('heading', { level: 2 })).toBeHidden();
    await nav.getByRole('link', { name: '38642' }).click();
    await page.getByRole('link', { name: '← Conversations' }).click();
    await expect(nav).toBeVisible();
  });
});
