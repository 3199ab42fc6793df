/**
 * Scenario: a 50,000-message conversation. Opening it: from the route change to its first messages laid out
 * and painted (the app's own measure). Scrolling it: the log scrolled up 400 px a frame for 240 frames,
 * with the frame times the browser managed meanwhile.
 */
import { archive } from './import.mjs';

const FRAME_MS = 1000 / 60;

/** Scenario definition: see bench/run.mjs for the contract. */
export default {
  name: 'conversation-50k',
  description: 'Open and scroll a 50,000-message conversation',
  async run({ browser, baseURL, runs }) {
    const path = await archive('sbr-50k-one-conversation', {
      messages: 50_000,
      conversations: 1,
      groups: 0,
      mmsEvery: 0,
      seed: 8,
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(baseURL);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import messages' }).click();
    await (await chooser).setFiles(path);
    await page.getByText(/^Imported [\d,]+ new messages/).waitFor({ timeout: 600_000 });
    const link = page.getByRole('navigation', { name: 'Conversations' }).getByRole('link').first();
    const open = [];
    const p95 = [];
    const slow = [];
    for (let i = 0; i < runs; i++) {
      await page.goto(baseURL);
      await link.click();
      await page.waitForFunction(() => performance.getEntriesByName('tk-conversation-drawn').length > 0);
      open.push(await page.evaluate(() => performance.getEntriesByName('tk-conversation-drawn')[0].duration));
      const frames = await page.evaluate(async () => {
        const view = document
          .querySelector('tk-app-shell')
          ?.shadowRoot?.querySelector('tk-conversation-view');
        const log = view?.shadowRoot?.querySelector('lit-virtualizer');
        if (!log) return [];
        const times = [];
        let last = performance.now();
        for (let f = 0; f < 240; f++) {
          log.scrollTop -= 400;
          await new Promise((resolve) => requestAnimationFrame(resolve));
          const now = performance.now();
          times.push(now - last);
          last = now;
        }
        return times;
      });
      frames.sort((a, b) => a - b);
      p95.push(frames[Math.floor(frames.length * 0.95)] ?? NaN);
      slow.push((frames.filter((t) => t > FRAME_MS * 1.5).length / Math.max(1, frames.length)) * 100);
    }
    await context.close();
    return [
      { metric: 'open 50k conversation, first messages drawn', unit: 'ms', target: '≤ 100', values: open },
      { metric: 'scroll 50k conversation, p95 frame time', unit: 'ms', values: p95 },
      { metric: 'scroll 50k conversation, frames over 25 ms', unit: '%', values: slow },
    ];
  },
};
