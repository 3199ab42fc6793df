import { expect, test } from '@playwright/test';
import { preview, type PreviewServer } from 'vite';
import { openApp } from './support/app';
import { NEXT_BUILD_ID } from './support/global-setup';

// Its own port: this test swaps the build served there, which must not disturb the other tests.
const PORT = 4174;

async function serve(outDir: string): Promise<PreviewServer> {
  return preview({ build: { outDir }, preview: { port: PORT, strictPort: true }, logLevel: 'error' });
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
