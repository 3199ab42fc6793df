/**
 * Scenario: Lighthouse (the npm package, 12.x: 13 needs Node 22) on the app's first page, mobile form factor
 * with its default simulated throttling, in its own headless Chromium (launched by chrome-launcher, which
 * ships with Lighthouse). Scores are 0–100; targets from the issue: accessibility and best practices 100,
 * performance ≥ 95. A fresh profile each run: what is audited is a newcomer's first visit.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { findChromium } from '../../scripts/chromium-path.mjs';

const CATEGORIES = [
  ['performance', 'performance', '≥ 95'],
  ['accessibility', 'accessibility', '100'],
  ['best-practices', 'best practices', '100'],
];

/** Scenario definition: see bench/run.mjs for the contract. */
export default {
  name: 'lighthouse',
  description: 'Lighthouse scores of the first page, mobile',
  async run({ baseURL, runs }) {
    const scores = Object.fromEntries(CATEGORIES.map(([id]) => [id, []]));
    const fcp = [];
    const lcp = [];
    const tbt = [];
    for (let i = 0; i < Math.min(runs, 3); i++) {
      const chrome = await chromeLauncher.launch({
        chromePath: findChromium(),
        chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      });
      try {
        const result = await lighthouse(baseURL, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: CATEGORIES.map(([id]) => id),
          formFactor: 'mobile',
        });
        const lhr = result?.lhr;
        if (!lhr) throw new Error('Lighthouse returned no result');
        for (const [id] of CATEGORIES) scores[id].push(Math.round((lhr.categories[id]?.score ?? NaN) * 100));
        fcp.push(lhr.audits['first-contentful-paint']?.numericValue ?? NaN);
        lcp.push(lhr.audits['largest-contentful-paint']?.numericValue ?? NaN);
        tbt.push(lhr.audits['total-blocking-time']?.numericValue ?? NaN);
        const failing = Object.values(lhr.audits)
          .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
          .map((a) => a.id);
        if (failing.length > 0) console.error(`  lighthouse: failing audits: ${failing.join(', ')}`);
      } finally {
        chrome.kill();
      }
    }
    return [
      ...CATEGORIES.map(([id, label, target]) => ({
        metric: `Lighthouse ${label} (mobile)`,
        unit: 'score',
        target,
        values: scores[id],
      })),
      { metric: 'Lighthouse first contentful paint (simulated mobile)', unit: 'ms', values: fcp },
      { metric: 'Lighthouse largest contentful paint (simulated mobile)', unit: 'ms', values: lcp },
      { metric: 'Lighthouse total blocking time (simulated mobile)', unit: 'ms', values: tbt },
    ];
  },
};
