import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { unzipSync, strFromU8 } from 'fflate';
import { readAll, storedTotals, chooseFiles } from './support/app';
import { writeArchive } from './support/archives';
import { axeViolations } from './support/axe';

interface StoredConversation {
  key: string;
  title: string;
  isGroup: boolean;
  messageCount: number;
}
interface StoredMessage {
  id: string;
  time: number;
  text: string;
  attachments: { mediaKey?: string }[];
}

/**
 * Save writes a download here: the save picker is taken away (as on browsers without one), so the file
 * comes out through Playwright's download event.
 */
async function withoutSavePicker(page: Page): Promise<void> {
  await page.addInitScript(() => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
}

/** The files "Export everything" left in the app's private storage (OPFS), by name. */
async function spooledFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const names: string[] = [];
    for await (const [folder, handle] of root.entries()) {
      if (handle.kind !== 'directory') names.push(folder);
      else for await (const name of handle.keys()) names.push(`${folder}/${name}`);
    }
    return names;
  });
}

/**
 * Keeps a read-write transaction on the media store open until `release()`: the export, which reads media,
 * waits there, so Cancel (or anything else) lands while it runs whatever the machine's speed.
 */
async function holdMedia(page: Page): Promise<() => Promise<void>> {
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('textkeep');
      request.onsuccess = () => {
        resolve(request.result);
      };
      request.onerror = () => {
        reject(new Error('could not open the database'));
      };
    });
    const w = window as { releaseMedia?: boolean };
    w.releaseMedia = false;
    const store = db.transaction('media', 'readwrite').objectStore('media');
    const spin = (): void => {
      if (!w.releaseMedia) store.count().onsuccess = spin;
      else db.close();
    };
    spin();
  });
  return async () => {
    await page.evaluate(() => {
      (window as { releaseMedia?: boolean }).releaseMedia = true;
    });
  };
}

async function importArchive(page: Page): Promise<void> {
  const path = writeArchive('export.xml', {
    messages: 300,
    conversations: 4,
    groups: 1,
    mmsEvery: 5,
    solid: true,
    seed: 33,
    quirks: ['rawEmoji', 'newlines', 'nonLatin', 'xmlSpecial'],
  });
  await page.goto('/');
  await chooseFiles(page, path);
  await expect(page.getByText(/^Imported \d+ new messages/)).toBeVisible({ timeout: 30_000 });
}

/** The stored messages of a conversation, oldest first. */
async function messagesOf(page: Page, key: string): Promise<StoredMessage[]> {
  const blocks = await readAll<{ conversationKey: string; startTime: number; messages: StoredMessage[] }>(
    page,
    'messageBlocks',
  );
  return blocks
    .filter((b) => b.conversationKey === key)
    .sort((a, b) => a.startTime - b.startTime)
    .flatMap((b) => b.messages);
}

async function openConversation(page: Page, group: boolean): Promise<StoredConversation> {
  const all = await readAll<StoredConversation>(page, 'conversations');
  const chosen = all.filter((c) => c.isGroup === group).sort((a, b) => b.messageCount - a.messageCount)[0];
  if (!chosen) throw new Error('no such conversation');
  await page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('link', { name: chosen.title, exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: chosen.title })).toBeVisible();
  return chosen;
}

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Export conversation' });

async function exportAs(page: Page, format: string, action = 'Save'): Promise<Download> {
  if (!(await dialog(page).isVisible()))
    await page.getByRole('button', { name: 'Export', exact: true }).click();
  await dialog(page).getByRole('radio', { name: format }).check();
  const download = page.waitForEvent('download');
  await dialog(page).getByRole('button', { name: action, exact: true }).click();
  return download;
}

const text = async (download: Download): Promise<string> => readFileSync(await download.path(), 'utf8');

test.describe('export', () => {
  test.beforeEach(async ({ page }) => {
    await withoutSavePicker(page);
    await importArchive(page);
  });

  test('each format downloads with the title and dates in its name, holding every message', async ({
    page,
  }) => {
    const c = await openConversation(page, true);
    const messages = await messagesOf(page, c.key);
    expect(messages.length).toBe(c.messageCount);
    const name = (ext: string) =>
      new RegExp(
        `^${c.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\d{4}-\\d{2}-\\d{2} to \\d{4}-\\d{2}-\\d{2}\\.${ext}$`,
      );

    const txtFile = await exportAs(page, 'Text (.txt)');
    expect(txtFile.suggestedFilename()).toMatch(name('txt'));
    const txt = await text(txtFile);
    expect(txt).toContain(`Messages: ${String(c.messageCount)}`);
    expect(txt.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC(?:[+-]\d{2}:\d{2})? {2}/gm)).toHaveLength(
      c.messageCount,
    );
    await expect(dialog(page).getByRole('status')).toContainText('Saved “');

    const csvFile = await exportAs(page, 'CSV (.csv)');
    expect(csvFile.suggestedFilename()).toMatch(name('csv'));
    const csv = await text(csvFile);
    expect(csv.match(/^\uFEFF?\d{4}-\d{2}-\d{2}T[\d:.]+Z,/gm)).toHaveLength(c.messageCount);

    const jsonFile = await exportAs(page, 'JSON (.json)');
    expect(jsonFile.suggestedFilename()).toMatch(name('json'));
    const json = JSON.parse(await text(jsonFile)) as { messages: { text: string; time: string }[] };
    expect(json.messages.map((m) => m.text)).toEqual(messages.map((m) => m.text));
    expect(json.messages.map((m) => Date.parse(m.time))).toEqual(messages.map((m) => m.time));

    const htmlFile = await exportAs(page, 'Web page (.html)');
    expect(htmlFile.suggestedFilename()).toMatch(name('html'));
    const html = await text(htmlFile);
    expect(html.match(/role="article"/g)).toHaveLength(c.messageCount);
    const pictures = messages.filter((m) => m.attachments.some((a) => a.mediaKey)).length;
    expect(pictures).toBeGreaterThan(0);
    expect(html.match(/src="data:image\/png;base64,/g)?.length).toBe(pictures);
    expect(html).not.toMatch(/<script/i);

    // The page opens offline-safe: no script, no network, pictures drawn.
    const viewer = await page.context().newPage();
    const requests: string[] = [];
    viewer.on('request', (r) => requests.push(r.url()));
    await viewer.setContent(html);
    await expect(viewer.getByRole('heading', { level: 1 })).toHaveText(c.title);
    expect(
      await viewer
        .locator('img')
        .first()
        .evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith('data:'))).toEqual([]);
  });

  test('From and To cut the export to those days, and the name says so', async ({ page }) => {
    const c = await openConversation(page, false);
    const messages = await messagesOf(page, c.key);
    const day = (t: number) => new Date(t).toLocaleDateString('sv-SE');
    const from = day(messages[Math.floor(messages.length / 4)]?.time ?? 0);
    const to = day(messages[Math.floor(messages.length / 2)]?.time ?? 0);
    const inRange = messages.filter((m) => day(m.time) >= from && day(m.time) <= to);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await dialog(page).getByLabel('From').fill(from);
    await dialog(page).getByLabel('To').fill(to);
    const file = await exportAs(page, 'JSON (.json)');
    expect(file.suggestedFilename()).toBe(`${c.title} ${from} to ${to}.json`);
    const json = JSON.parse(await text(file)) as { messages: { id: string }[] };
    expect(json.messages.map((m) => m.id)).toEqual(inRange.map((m) => m.id));
  });

  test('Hide phone numbers leaves no number in the file', async ({ page }) => {
    const c = await openConversation(page, false);
    const [conversation] = (
      await readAll<{ key: string; participants: { address: string }[] }>(page, 'conversations')
    ).filter((x) => x.key === c.key);
    const digits = conversation?.participants[0]?.address.replace(/\D/g, '') ?? '';
    expect(digits.length).toBeGreaterThan(6);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await dialog(page).getByRole('checkbox', { name: 'Hide phone numbers' }).check();
    const out = await text(await exportAs(page, 'CSV (.csv)'));
    expect(out.replace(/\D/g, '')).not.toContain(digits.slice(-7));
  });

  test('the JSON export imports back without adding a message', async ({ page }) => {
    await openConversation(page, true);
    const before = await storedTotals(page);
    const file = await exportAs(page, 'JSON (.json)');
    await dialog(page).getByRole('button', { name: 'Close' }).click();
    await chooseFiles(page, {
      name: file.suggestedFilename(),
      mimeType: 'application/json',
      buffer: readFileSync(await file.path()),
    });
    await expect(page.getByText(/^Imported 0 new messages \([\d,]+ duplicates skipped\)/)).toBeVisible();
    expect(await storedTotals(page)).toEqual(before);
  });

  test('Share hands the finished file to the share sheet and refuses what Chromium refuses', async ({
    page,
  }) => {
    await page.addInitScript(() => {
      const w = window as unknown as { shared: unknown[] };
      w.shared = [];
      Object.assign(navigator, {
        canShare: () => true,
        share: (data: ShareData) => {
          w.shared.push((data.files ?? []).map((f) => ({ name: f.name, type: f.type, size: f.size })));
          return Promise.resolve();
        },
      });
    });
    await page.reload();
    const c = await openConversation(page, false);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await dialog(page).getByRole('radio', { name: 'Text (.txt)' }).check();
    await dialog(page).getByRole('button', { name: 'Share' }).click();
    await expect(dialog(page).getByRole('status')).toContainText(/Shared “|is ready/);
    if ((await dialog(page).getByRole('status').textContent())?.includes('is ready')) {
      await dialog(page).getByRole('button', { name: 'Share' }).click();
    }
    const shared = await page.evaluate(
      () => (window as unknown as { shared: { name: string; type: string; size: number }[][] }).shared,
    );
    expect(shared).toHaveLength(1);
    expect(shared[0]).toHaveLength(1);
    expect(shared[0]?.[0]?.name).toMatch(new RegExp(`^${c.title.replace(/[+()]/g, '\\$&')} .*\\.txt$`));
    expect(shared[0]?.[0]?.type).toBe('text/plain;charset=utf-8');
    expect(shared[0]?.[0]?.size).toBeGreaterThan(100);

    // Chromium refuses .json: the dialog says so and offers Save instead of failing silently.
    await dialog(page).getByRole('radio', { name: 'JSON (.json)' }).check();
    await dialog(page).getByRole('button', { name: 'Share' }).click();
    await expect(dialog(page).getByRole('alert')).toHaveText(
      'Browsers do not share .json files. Use Save instead.',
    );
    expect(await page.evaluate(() => (window as unknown as { shared: unknown[] }).shared.length)).toBe(1);

    expect(await axeViolations(page)).toEqual([]);
  });

  test('Export everything writes a zip with a folder per conversation and the pictures', async ({ page }) => {
    const conversations = await readAll<StoredConversation>(page, 'conversations');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: 'CSV (.csv)' }).check();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export everything' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^Textkeep export \d{4}-\d{2}-\d{2}\.zip$/);
    await expect(page.getByText(/^Exported \d+ conversations and [\d,]+ messages/)).toContainText(
      'A copy stays in Textkeep’s storage until your next export',
    );
    const zip = unzipSync(readFileSync(await file.path()));
    const names = Object.keys(zip);
    const folders = new Set(names.map((n) => n.split('/')[0]));
    expect(folders.size).toBe(conversations.length);
    const csvs = names.filter((n) => n.endsWith('.csv'));
    expect(csvs).toHaveLength(conversations.length);
    const rows = csvs.reduce(
      (sum, n) =>
        sum +
        (strFromU8(zip[n] ?? new Uint8Array()).match(/^\uFEFF?\d{4}-\d{2}-\d{2}T[\d:.]+Z,/gm)?.length ?? 0),
      0,
    );
    expect(rows).toBe(conversations.reduce((sum, c) => sum + c.messageCount, 0));
    const media = names.filter((n) => n.includes('/media/'));
    expect(media.length).toBeGreaterThan(0);
    const png = zip[media[0] ?? ''];
    expect([...(png ?? new Uint8Array()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    for (const n of names) expect(n).not.toMatch(/(^|\/)\.\.(\/|$)|^\//);

    // The copy the download read from is gone once Textkeep opens again.
    expect(await spooledFiles(page)).toHaveLength(1);
    await page.reload();
    await expect(page.getByRole('link', { name: 'Settings' })).toBeVisible();
    await expect.poll(() => spooledFiles(page)).toEqual([]);
  });

  test('Cancel during Export everything downloads nothing and leaves nothing behind', async ({ page }) => {
    let downloads = 0;
    page.on('download', () => {
      downloads += 1;
    });
    await page.getByRole('link', { name: 'Settings' }).click();
    const release = await holdMedia(page);
    await page.getByRole('button', { name: 'Export everything' }).click();
    await expect(page.getByRole('progressbar', { name: 'Export progress' })).toBeVisible();
    await page.getByRole('button', { name: 'Cancel export' }).click();
    await release();
    await expect(page.getByText('Export cancelled.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Export everything' })).toBeEnabled();
    expect(await spooledFiles(page)).toEqual([]);
    expect(downloads).toBe(0);
  });
});
