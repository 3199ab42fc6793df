/**
 * Redraws the manifest's screenshots (public/screenshots/narrow.png and wide.png) from the built app, served
 * by `vite preview`, with a few made-up conversations. Run `npm run build` first; the outputs are committed.
 */
import { chromium } from 'playwright';
import { preview } from 'vite';
import { CHROMIUM_ARGS, findChromium } from './chromium-path.mjs';

const PORT = 4191;
const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 20, 15, 30);
const people = [
  ['+15555550101', 'Mum', 'Landed safe, call you tomorrow ❤️', 1841],
  ['+15555550102', 'Ada Lovelace', 'The engine works! Come and see.', 412],
  ['+15555550103~+15555550104', 'Grace, Alan', 'Photo', 96],
  ['+442079460321', 'Grandad', 'Happy birthday love, 20 quid in the card', 233],
  ['38642', '38642', 'Your code is 118 220', 17],
  ['+15555550105', 'Hedy', 'Frequency hopping, explained over dinner?', 58],
];
const conversations = people.map(([key, title, lastSnippet, messageCount], i) => ({
  key,
  title,
  participants: key.split('~').map((address) => ({ address, raw: address })),
  isGroup: key.includes('~'),
  messageCount,
  lastTime: now - i * 37 * DAY,
  lastSnippet,
}));

const server = await preview({ preview: { port: PORT, strictPort: true }, logLevel: 'error' });
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
try {
  for (const [name, width, height, open] of [
    ['narrow', 390, 844, false],
    ['wide', 1280, 800, true],
  ]) {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 2 });
    await page.goto(`http://localhost:${PORT}/`);
    await page.getByRole('heading', { name: 'Your old messages, kept' }).waitFor();
    await page.evaluate(async (records) => {
      const db = await new Promise((resolve) => {
        const request = indexedDB.open('textkeep');
        request.onsuccess = () => resolve(request.result);
      });
      const tx = db.transaction('conversations', 'readwrite');
      for (const record of records) tx.objectStore('conversations').put(record);
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    }, conversations);
    await page.goto(`http://localhost:${PORT}/${open ? 'conversations/%2B15555550101' : ''}`);
    await page.getByRole('navigation', { name: 'Conversations' }).waitFor();
    await page.screenshot({ path: `public/screenshots/${name}.png` });
    await page.close();
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
