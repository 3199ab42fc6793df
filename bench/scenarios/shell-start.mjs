/** Scenario: how fast the app shell starts, cold (nothing cached) and warm (service worker installed). */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** Milliseconds from navigation start to the shell's first content frame, read from the page. */
async function shellReadyMs(page) {
  await page.waitForFunction(() => performance.getEntriesByName('tk-shell-ready').length > 0);
  return page.evaluate(() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      ready: performance.getEntriesByName('tk-shell-ready')[0].startTime,
      fcp: paint ? paint.startTime : NaN,
    };
  });
}

/** Scenario definition: see bench/run.mjs for the contract. */
export default {
  name: 'shell-start',
  description: 'App shell start (cold and warm) and the JavaScript it ships',
  async run({ browser, baseURL, runs, distDir }) {
    const cold = [];
    const coldFcp = [];
    const warm = [];
    let scripts = new Set();
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const loaded = new Set();
      page.on('response', (response) => {
        const path = new URL(response.url()).pathname;
        if (path.endsWith('.js') && path !== '/sw.js') loaded.add(path);
      });
      await page.goto(baseURL);
      const first = await shellReadyMs(page);
      cold.push(first.ready);
      coldFcp.push(first.fcp);
      scripts = loaded;
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      await page.reload();
      warm.push((await shellReadyMs(page)).ready);
      await context.close();
    }
    const gzipBytes = [...scripts].reduce(
      (sum, path) => sum + gzipSync(readFileSync(`${distDir}${path}`)).length,
      0,
    );
    return [
      { metric: 'cold start, shell ready', unit: 'ms', values: cold },
      { metric: 'cold start, first contentful paint', unit: 'ms', values: coldFcp },
      { metric: 'warm start (service worker), shell ready', unit: 'ms', values: warm },
      {
        metric: 'JavaScript before first conversation (gzip)',
        unit: 'KB',
        values: [gzipBytes / 1024],
        target: '≤ 120',
      },
    ];
  },
};
