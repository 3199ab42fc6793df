import { expect, test } from '@playwright/test';
import { preview, type PreviewServer } from 'vite';
import { openApp, storedTotals, chooseFiles } from './support/app';
import { writeLargeArchive } from './support/archives';
import { NEXT_BUILD_ID } from './support/global-setup';

// Their own ports: these tests swap the build served there, which must not disturb the other tests (or each
// other, when they run in parallel).
const PORT = 4174;
const IMPORT_PORT = 4176;

async function serve(outDir: string, port = PORT): Promise<PreviewServer> {
  return preview({ build: { outDir }, preview: { port, strictPort: true }, logLevel: 'error' });
}

async function stop(server: PreviewServer): Promise<void> {
  await new Promise<void>((resolve) => {
    server.httpServer.close(() => {
      resolve();
    });
  });
}

test('a new build shows "Update available", and Reload brings the new version', async ({ page }) => {
  let server = await serve('dist');
  try {
    await openApp(page, `http://localhost:${String(PORT)}/`);
    const build = page.locator('footer .build');
    const oldBuild = await build.textContent();
    expect(oldBuild).not.toBe(NEXT_BUILD_ID);

    // The newer version is deployed at the same address.
    await stop(server);
    server = await serve('dist-next');

    // The person comes back: the old version still runs, and says a new one is ready.
    await page.reload();
    await expect(build).toHaveText(oldBuild ?? '');
    const notice = page.getByRole('status').filter({ hasText: 'Update available' });
    await expect(notice).toBeVisible({ timeout: 20_000 });

    await notice.getByRole('button', { name: 'Reload' }).click();
    await expect(build).toHaveText(NEXT_BUILD_ID, { timeout: 20_000 });
    await expect(page.getByRole('status').filter({ hasText: 'Update available' })).toBeHidden();
  } finally {
    await stop(server);
  }
});

test('a new version waits for a running import: Reload stays off until it has finished', async ({ page }) => {
  // 120,000 messages so the import is still running when the update is found; on a loaded 2-core machine the
  // import and the read-back of every block take most of a minute, so this test has its own budget.
  test.setTimeout(240_000);
  const path = await writeLargeArchive('update-during-import.xml', {
    messages: 120_000,
    conversations: 3,
    groups: 0,
    mmsEvery: 0,
    seed: 12,
  });
  let server = await serve('dist', IMPORT_PORT);
  try {
    await openApp(page, `http://localhost:${String(IMPORT_PORT)}/`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await chooseFiles(page, path);
    await expect(page.getByRole('button', { name: 'Cancel import' })).toBeVisible();

    // The newer version is deployed meanwhile and found by the update check, without a reload.
    await stop(server);
    server = await serve('dist-next', IMPORT_PORT);
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    const notice = page.getByRole('status').filter({ hasText: 'Update available' });
    await expect(notice).toContainText('reload when the import has finished', { timeout: 20_000 });
    await expect(notice.getByRole('button', { name: 'Reload' })).toBeDisabled();

    // The import runs to its end in the old version, every message stored; then Reload is offered.
    await expect(page.getByText(/^Imported [\d,]+ new messages/)).toBeVisible({ timeout: 120_000 });
    const totals = await storedTotals(page);
    expect(totals.stored).toBe(totals.claimed);
    expect(totals.stored).toBeGreaterThan(100_000);
    await expect(notice.getByRole('button', { name: 'Reload' })).toBeEnabled();
    await notice.getByRole('button', { name: 'Reload' }).click();
    await expect(page.locator('footer .build')).toHaveText(NEXT_BUILD_ID, { timeout: 20_000 });
    expect((await storedTotals(page)).stored).toBe(totals.stored);
  } finally {
    await stop(server);
  }
});
