/**
 * Redraws the manifest's screenshots (public/screenshots/narrow.png and wide.png) from the built app, served
 * by `vite preview`, with the shipped sample archive loaded. Run `npm run build` first; the outputs are committed.
 */
import { chromium } from 'playwright';
import { preview } from 'vite';
import { CHROMIUM_ARGS, findChromium } from './chromium-path.mjs';

const PORT = 4191;

const server = await preview({ preview: { port: PORT, strictPort: true }, logLevel: 'error' });
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
try {
  for (const [name, width, height] of [
    ['narrow', 390, 844],
    ['wide', 1280, 800],
  ]) {
    const page = await browser.newPage({
      viewport: { width, height },
      deviceScaleFactor: 2,
      locale: 'en-US',
    });
    await page.goto(`http://localhost:${PORT}/`);
    // The shipped sample archive, loaded as a newcomer would, then its newest conversation opened.
    await page.getByRole('button', { name: 'Try a sample archive' }).click();
    await page.getByText(/^Imported \d+ new messages/).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('button', { name: 'Close notice' }).click({ timeout: 20_000 });
    if (name === 'wide') {
      await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link').nth(3).click();
      await page.getByRole('log', { name: 'Messages' }).getByRole('article').last().waitFor();
    }
    await page.waitForTimeout(500);
    await page.screenshot({ path: `public/screenshots/${name}.png` });
    await page.close();
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
