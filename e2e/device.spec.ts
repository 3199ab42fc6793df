import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openApp, storedTotals } from './support/app';
import { writeArchive } from './support/archives';

/**
 * Textkeep as an app of the device: an archive shared into it (share_target: a multipart POST that the
 * service worker receives), a file opened with it (file_handlers, through window.launchQueue), and the
 * Content-Security-Policy on every page.
 */

/** Posts `archive` to the share target the way a phone's share sheet does: a form navigation, multipart. */
async function shareIntoTextkeep(page: Page, name: string, bytes: Buffer): Promise<void> {
  await page.evaluate(
    ({ name, data }) => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = '/share-target';
      form.enctype = 'multipart/form-data';
      const input = document.createElement('input');
      input.type = 'file';
      input.name = 'archive';
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], name, { type: 'text/xml' }));
      input.files = transfer.files;
      const title = document.createElement('input');
      title.name = 'title';
      title.value = name;
      form.append(input, title);
      document.body.append(form);
      form.submit();
    },
    { name, data: [...bytes] },
  );
}

test('an archive shared from another app is imported, also with the network cut', async ({
  page,
  context,
}) => {
  await openApp(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const path = writeArchive('shared.xml', { messages: 120, conversations: 3, groups: 0, seed: 17 });
  await context.setOffline(true);
  await shareIntoTextkeep(page, 'sms-20240101.xml', readFileSync(path));
  await expect(page.getByText(/^Imported [\d,]+ new messages/)).toBeVisible({ timeout: 30_000 });
  // The address no longer says shared=…, so a reload does not import anything again.
  expect(new URL(page.url()).search).toBe('');
  const totals = await storedTotals(page);
  expect(totals.conversations).toBe(3);
  expect(totals.stored).toBe(totals.claimed);
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
  expect(await storedTotals(page)).toEqual(totals);
  // The queue is empty: nothing waits in the cache.
  expect(
    await page.evaluate(async () => (await (await caches.open('textkeep-shared-files')).keys()).length),
  ).toBe(0);
});

test('a file opened with Textkeep (launchQueue) goes into the same import', async ({ page }) => {
  const path = writeArchive('launched.xml', { messages: 80, conversations: 2, groups: 0, seed: 19 });
  const text = readFileSync(path, 'utf8');
  await page.addInitScript((xml) => {
    // What desktop Chromium does for file_handlers: a launchQueue whose consumer receives file handles.
    const handle = {
      kind: 'file',
      name: 'sms-opened.xml',
      getFile: () => Promise.resolve(new File([xml], 'sms-opened.xml', { type: 'text/xml' })),
    };
    Object.defineProperty(window, 'launchQueue', {
      value: {
        setConsumer(consumer: (params: { files: unknown[] }) => void) {
          setTimeout(() => {
            consumer({ files: [handle] });
          }, 0);
        },
      },
    });
  }, text);
  await page.goto('/');
  await expect(page.getByText(/^Imported [\d,]+ new messages/)).toBeVisible({ timeout: 30_000 });
  expect((await storedTotals(page)).conversations).toBe(2);
});

test('every page carries the Content-Security-Policy: no inline script, no eval', async ({ page }) => {
  for (const path of ['/', '/settings', '/conversation/%2B15555550101', '/redirect.html']) {
    await page.goto(path);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy, path).toBeTruthy();
    const directives = new Map(
      (policy ?? '').split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    const scripts = directives.get('script-src') ?? directives.get('default-src') ?? [];
    expect(scripts, path).toContain("'self'");
    expect(scripts.join(' '), path).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(directives.get('object-src'), path).toEqual(["'none'"]);
    const connect = directives.get('connect-src') ?? [];
    for (const source of connect)
      expect(source, path).toMatch(
        /^('self'|https:\/\/[a-z0-9.*-]+(\.microsoftonline\.com|\.microsoft\.com|\.1drv\.com|\.live\.com)[^ ]*)$/,
      );
  }
});
