import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { Conversation } from '../src/model/types';
import { conversation, openApp, seedConversations, chooseFiles } from './support/app';
import { writeArchive } from './support/archives';
import { axeViolations } from './support/axe';

const nav = (page: Page): Locator => page.getByRole('navigation', { name: 'Conversations' });
const find = (page: Page): Locator => page.getByRole('searchbox', { name: 'Find conversation' });

/** What a generated archive holds per conversation, read from its XML: member names, count, newest time. */
function expectedConversations(
  xml: string,
): { names: string[]; group: boolean; count: number; last: number }[] {
  const byNames = new Map<string, { names: string[]; group: boolean; count: number; last: number }>();
  for (const [, kind = '', attrs = ''] of xml.matchAll(/<(sms|mms) ([^>]*)>/g)) {
    const date = Number(/(?:^| )date="(\d+)"/.exec(attrs)?.[1]);
    const names = (/ contact_name="([^"]*)"/.exec(attrs)?.[1] ?? '').split(', ').sort();
    const key = names.join('|');
    const entry = byNames.get(key) ?? { names, group: kind === 'mms', count: 0, last: 0 };
    entry.count++;
    entry.last = Math.max(entry.last, date);
    byNames.set(key, entry);
  }
  return [...byNames.values()].sort((a, b) => b.last - a.last);
}

/** Each drawn entry of the list, in list order: its link's name, visible meta line and description. */
async function drawnEntries(page: Page): Promise<{ name: string; meta: string; description: string }[]> {
  const items = nav(page).getByRole('listitem');
  const entries = await items.evaluateAll((elements) =>
    elements.map((item) => ({
      position: Number(item.getAttribute('aria-posinset')),
      name: item.querySelector('.title')?.textContent ?? '',
      meta: item.querySelector('.meta')?.textContent ?? '',
      description: item.querySelector('[id^="d-"]')?.textContent ?? '',
    })),
  );
  return entries
    .sort((a, b) => a.position - b.position)
    .map(({ name, meta, description }) => ({
      name,
      meta,
      description: description.replace(/\s+/g, ' ').trim(),
    }));
}

test.describe('the conversation list', () => {
  test('an imported archive lists each conversation with its title and count, groups marked, newest first', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 1400 });
    const path = writeArchive('list.xml', {
      messages: 500,
      conversations: 6,
      groups: 2,
      mmsEvery: 0,
      seed: 9,
      quirks: false,
    });
    const expected = expectedConversations(readFileSync(path, 'utf8'));
    await page.goto('/');
    await chooseFiles(page, path);
    await expect(page.getByText(/^Imported \d+ new messages/)).toBeVisible({ timeout: 30_000 });
    await expect(nav(page).getByRole('link')).toHaveCount(expected.length);
    await expect(page.getByText(`${String(expected.length)} conversations`)).toBeVisible();

    // Members met only in groups have no name the importer can trust (MMS list names and numbers in
    // different orders), so their number stands in the title: compare those as "a number".
    const named = new Set(expected.filter((e) => !e.group).flatMap((e) => e.names));
    const members = (names: string[]): string[] =>
      names.map((n) => (named.has(n) ? n : /^[\d\s()+-]+$/.test(n) ? '(number)' : `unnamed ${n}`)).sort();
    const entries = await drawnEntries(page);
    expect(entries.map((e) => members(e.name.split(', ')))).toEqual(
      expected.map((e) => members(e.names.map((n) => (named.has(n) ? n : '+1')))),
    );
    for (const [i, want] of expected.entries()) {
      const entry = entries[i];
      const count = `${want.count.toLocaleString('en-US')} messages`;
      const people = `${String(want.names.length + 1)} people`;
      expect(entry?.meta).toBe(want.group ? `Group · ${people}${count}` : count);
      expect(entry?.description).toMatch(
        new RegExp(`^${want.group ? `Group of ${people}, ` : ''}${count}, last on `),
      );
      // The link is named by the title alone: the rest is its description.
      const link = nav(page).getByRole('link', { name: entry?.name ?? '', exact: true });
      await expect(link).toHaveAccessibleDescription(entry?.description ?? '');
    }
    expect(expected.filter((e) => e.group)).toHaveLength(2);
    await expect(nav(page).getByText(/^Group · \d people$/)).toHaveCount(2);
  });
});

test.describe('finding and moving through conversations', () => {
  const stored: Conversation[] = [
    conversation('+33612345678', 'Renée Dupont', Date.UTC(2024, 2, 5), 40),
    conversation('+15555550101', 'Ada Lovelace', Date.UTC(2024, 2, 4), 12),
    {
      ...conversation('+15555550123', '(555) 555-0123', Date.UTC(2024, 2, 3), 7),
      participants: [{ address: '+15555550123', raw: '555-555-0123' }],
    },
    {
      ...conversation('+15555550102|+15555550104', 'Grace Hopper, Zoë Ångström', Date.UTC(2024, 2, 2), 90),
      isGroup: true,
      participants: [
        { address: '+15555550102', raw: '+15555550102', name: 'Grace Hopper' },
        { address: '+15555550104', raw: '+15555550104', name: 'Zoë Ångström' },
      ],
    },
    conversation('38642', '38642', Date.UTC(2024, 2, 1), 4),
  ];

  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openApp(page);
    await seedConversations(page, stored);
    await page.reload();
    await expect(nav(page).getByRole('link')).toHaveCount(stored.length);
  });

  test('"Find conversation" filters by name, ignoring case and accents, and by number, ignoring formatting', async ({
    page,
  }) => {
    const links = nav(page).getByRole('link');
    const status = nav(page).getByRole('status');
    await find(page).fill('renee');
    await expect(links).toHaveText([/Renée Dupont/]);
    await expect(status).toHaveText('1 conversation');
    await find(page).fill('ZOE ANG');
    await expect(links).toHaveText([/Grace Hopper, Zoë Ångström/]);
    await find(page).fill('5550123');
    await expect(links).toHaveText([/\(555\) 555-0123/]);
    await find(page).fill('555 01');
    await expect(links).toHaveText([/Ada Lovelace/, /\(555\) 555-0123/, /Grace Hopper/]);
    await expect(status).toHaveText('3 conversations');
    await find(page).fill('+33 6 12');
    await expect(links).toHaveText([/Renée Dupont/]);
    await find(page).fill('nobody at all');
    await expect(links).toHaveCount(0);
    await expect(nav(page).getByText('No conversation matches “nobody at all”.')).toBeVisible();
    await expect(status).toHaveText('No conversations found');
    expect(await axeViolations(page)).toEqual([]);
    // Escape empties the box and brings everything back.
    await find(page).press('Escape');
    await expect(find(page)).toHaveValue('');
    await expect(links).toHaveCount(stored.length);
  });

  test('arrow keys, Home and End move focus between conversations; "/" goes back to searching', async ({
    page,
  }) => {
    const link = (name: string): Locator => nav(page).getByRole('link', { name, exact: true });
    await find(page).focus();
    await page.keyboard.press('ArrowDown');
    await expect(link('Renée Dupont')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(link('Ada Lovelace')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(link('(555) 555-0123')).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(link('Ada Lovelace')).toBeFocused();
    await page.keyboard.press('End');
    await expect(link('38642')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(link('38642')).toBeFocused();
    await page.keyboard.press('Home');
    await expect(link('Renée Dupont')).toBeFocused();
    // Only one conversation is a tab stop: Tab leaves the list instead of walking through it.
    await expect(nav(page).locator('a[tabindex="0"]')).toHaveCount(1);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/conversations\/[A-Za-z0-9_-]{22}$/);
    await expect(page.getByRole('heading', { level: 2, name: 'Renée Dupont', exact: true })).toBeVisible();

    // "/" searches: all messages where that box is shown, else the conversations.
    await page.keyboard.press('/');
    const searchMessages = page.getByRole('searchbox', { name: 'Search messages' });
    if ((await searchMessages.count()) > 0) await expect(searchMessages).toBeFocused();
    else await expect(find(page)).toBeFocused();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the list has no accessibility violations in ${colorScheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await nav(page).getByRole('link', { name: 'Ada Lovelace', exact: true }).click();
      await expect(nav(page).getByRole('link', { name: 'Ada Lovelace', exact: true })).toHaveAttribute(
        'aria-current',
        'page',
      );
      await find(page).fill('a');
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});

test.describe('thousands of conversations', () => {
  const many = Array.from({ length: 5_000 }, (_, i) =>
    conversation(
      `+1555${String(1_000_000 + i)}`,
      `Person ${String(i).padStart(4, '0')}`,
      Date.UTC(2024, 0, 1) - i * 60_000,
      1 + (i % 50),
    ),
  );

  test('5,000 conversations are drawn a screenful at a time and scroll to the last', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openApp(page);
    await seedConversations(page, many);
    await page.reload();
    const links = nav(page).getByRole('link');
    await expect(links.first()).toHaveAccessibleName('Person 0000');
    await expect(nav(page).getByText('5,000 conversations')).toBeVisible();
    expect(await links.count()).toBeLessThan(100);

    // Scrolling to the end draws the last conversation, still with few links in the page.
    const list = nav(page).locator('.list');
    await list.hover();
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, 20_000);
    await list.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await expect(nav(page).getByRole('link', { name: 'Person 4999', exact: true })).toBeInViewport();
    expect(await links.count()).toBeLessThan(100);

    // End and Home from the keyboard reach both ends, drawing what they land on.
    await list.evaluate((element) => {
      element.scrollTop = 0;
    });
    await nav(page).getByRole('link', { name: 'Person 0000', exact: true }).focus();
    await page.keyboard.press('End');
    await expect(nav(page).getByRole('link', { name: 'Person 4999', exact: true })).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(nav(page).getByRole('link', { name: 'Person 4998', exact: true })).toBeFocused();
    await page.keyboard.press('Home');
    await expect(nav(page).getByRole('link', { name: 'Person 0000', exact: true })).toBeFocused();

    // Finding works over all of them.
    await find(page).fill('person 4321');
    await expect(links).toHaveText([/Person 4321/]);
  });

  test('on a phone, coming back from a conversation keeps the place in a long list; Escape goes back', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openApp(page);
    await seedConversations(page, many.slice(0, 600));
    await page.reload();
    await find(page).focus();
    await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowDown');
    const chosen = nav(page).getByRole('link', { name: 'Person 0040', exact: true });
    await expect(chosen).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/conversations\//);
    await expect(nav(page)).toBeHidden();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Escape');
    await expect(nav(page)).toBeVisible();
    await expect(page).toHaveURL(/\/$/);
    await expect(chosen).toBeInViewport();
  });
});
