import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium-path.mjs';
import { openApp } from './support/app';

test('Chromium finds the app installable, with its manifest icons and screenshots', async ({ baseURL }) => {
  // Installability is judged per profile, so this needs a persistent context (headless never fires
  // beforeinstallprompt; the DevTools protocol reports the same checks).
  const profile = mkdtempSync(join(tmpdir(), 'textkeep-install-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    args: CHROMIUM_ARGS,
    baseURL,
  });
  try {
    const page = await context.newPage();
    await openApp(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    expect(installabilityErrors).toEqual([]);

    const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as {
      name: string;
      icons: { src: string; sizes: string; purpose: string }[];
      screenshots: { src: string; sizes: string; form_factor: string }[];
    };
    expect(manifest.name).toBe('Textkeep');
    expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(
      expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']),
    );
    expect(manifest.screenshots.map((s) => s.form_factor).sort()).toEqual(['narrow', 'wide']);
    // Every icon and screenshot is a real PNG of the size the manifest claims.
    for (const { src, sizes } of [...manifest.icons, ...manifest.screenshots]) {
      const dimensions = await page.evaluate(async (url) => {
        const bitmap = await createImageBitmap(await (await fetch(url)).blob());
        return `${String(bitmap.width)}x${String(bitmap.height)}`;
      }, src);
      expect(dimensions, src).toBe(sizes);
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
