/**
 * Scenario: search over 500,000 messages. Imports a generated 500,000-message archive (210 conversations)
 * through the file chooser, then runs ~100 queries (common words, rare words, two words, prefixes, other
 * scripts, emoji, words not there) through the app's search service (the one `<tk-search>` holds): from
 * the call to the newest 100 results with their snippets. Then the same queries typed into "Search messages"
 * with Enter, until the results are in the page. Also: the first search after opening the app (it reads the
 * document table), the CPU time the import worker spent indexing, and the index's size.
 */
import { archive } from './import.mjs';

/** The queries, run in this order on every pass. */
// prettier-ignore
export const QUERIES = [
  // common words (the generated texts use few words, so these match 9–50% of all messages)
  'you', 'the', 'good', 'night', 'love', 'see', 'on', 'ok', 'lol', 'time', 'home', 'thanks', 'yes', 'where',
  'call', 'game', 'milk', 'tickets', 'birthday', 'late', 'meeting', 'tomorrow', 'landed', 'sorry', 'haha',
  // two words and more
  'good night', 'love you', 'see you', 'call me', 'pick up milk', 'the game', 'on my way', 'happy birthday',
  'running late', 'just landed', 'what time', 'see you at 7', "don't forget", 'sounds good', 'thanks so much',
  'where are you', 'meeting tomorrow', 'night game', 'milk home', 'love game',
  // prefixes
  'birth', 'tick', 'min', 'tom', 'lan', 'sor', 'wor', 'mee', 'ha', 'th', 'go', 'pi', 'fo', 'run', 'hap',
  // case
  'YOU', 'Good Night', 'LOVE', 'Thanks', 'MILK',
  // rare words, other scripts, emoji
  'jerry', 'quotes', 'tags', 'freely', 'pizza', 'привет', 'дела', 'позвони', 'مرحبا', 'دقائق', 'ありがとう',
  '今日', '明日', '帰る', 'https', 'example', 'tom jerry', 'quotes tags', '😀', '🎉', '🔥', '👍',
  // words that are not there
  'zebra', 'xylophone', 'cafe', 'été', 'naïve', 'qwerty', 'nothing here', 'love zebra', '0a', 'f00', 'beef',
  'abc1',
];

const MB = 1024 * 1024;

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** Runs the queries through the app's search service (the one `<tk-search>` holds); ms per query. */
function serviceTimes(page, queries) {
  return page.evaluate(async (list) => {
    const find = (root) => {
      const found = root.querySelector('tk-search');
      if (found) return found;
      for (const host of root.querySelectorAll('*')) {
        const inner = host.shadowRoot && find(host.shadowRoot);
        if (inner) return inner;
      }
      return null;
    };
    const service = find(document)?.service;
    if (!service) throw new Error('No <tk-search> with a search service in the page.');
    const times = [];
    for (const query of list) {
      const started = performance.now();
      await service.search(query);
      times.push(performance.now() - started);
      // A person types between searches: let the page breathe as it would.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return times;
  }, queries);
}

/** Types one query into "Search messages" and presses Enter; ms until the results are in the page. */
async function typedSearch(page, box, query) {
  const before = await page.evaluate(() => performance.getEntriesByName('tk-search-shown').length);
  await box.fill(query);
  await box.press('Enter');
  await page.waitForFunction((n) => performance.getEntriesByName('tk-search-shown').length > n, before);
  return page.evaluate(() => performance.getEntriesByName('tk-search-shown').at(-1).duration);
}

/** Bytes of the index's records as stored values (typed arrays by length, strings as UTF-8). */
function indexBytes(page) {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('textkeep');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const encoder = new TextEncoder();
    const size = (value) => {
      if (ArrayBuffer.isView(value)) return value.byteLength;
      if (typeof value === 'string') return encoder.encode(value).length;
      if (typeof value === 'number') return 8;
      if (Array.isArray(value)) return value.reduce((sum, v) => sum + size(v), 0);
      if (value && typeof value === 'object')
        return Object.values(value).reduce((sum, v) => sum + size(v), 0);
      return 0;
    };
    const bytes = {};
    for (const store of ['searchTerms', 'searchSegments', 'searchTexts']) {
      const records = await new Promise((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      bytes[store] = { records: records.length, bytes: size(records) };
    }
    db.close();
    return bytes;
  });
}

/** Scenario definition: see bench/run.mjs for the contract. */
export default {
  name: 'search-500k',
  description: 'Search 500,000 messages: ~100 queries through "Search messages", index build and size',
  async run({ browser, baseURL, runs }) {
    const path = await archive('sbr-500k-search', {
      messages: 500_000,
      conversations: 200,
      groups: 10,
      mmsEvery: 0,
      seed: 9,
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(baseURL);
    const usage = () => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? NaN);
    const usedBefore = await usage();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import messages' }).click();
    await (await chooser).setFiles(path);
    await page.getByText(/^Imported [\d,]+ new messages/).waitFor({ timeout: 900_000 });
    const importMs = await page.evaluate(
      () => performance.getEntriesByName('tk-import').at(-1)?.duration ?? NaN,
    );
    const indexingMs = (
      await Promise.all(
        page
          .workers()
          .map((w) =>
            w.evaluate(() =>
              performance.getEntriesByName('tk-search-index').reduce((s, e) => s + e.duration, 0),
            ),
          ),
      )
    ).reduce((a, b) => a + b, 0);
    const usedAfter = await usage();
    const stored = await indexBytes(page);
    const box = page.getByRole('searchbox', { name: 'Search messages' });
    const first = [];
    const p50 = [];
    const p95 = [];
    const max = [];
    const shown50 = [];
    const shown95 = [];
    for (let i = 0; i < runs; i++) {
      await page.reload();
      await box.waitFor();
      first.push(...(await serviceTimes(page, ['birthday'])));
      const times = await serviceTimes(page, QUERIES);
      p50.push(percentile(times, 0.5));
      p95.push(percentile(times, 0.95));
      max.push(Math.max(...times));
      const shown = [];
      for (const query of QUERIES) shown.push(await typedSearch(page, box, query));
      shown50.push(percentile(shown, 0.5));
      shown95.push(percentile(shown, 0.95));
    }
    await context.close();
    const indexTotal = Object.values(stored).reduce((sum, s) => sum + s.bytes, 0);
    return [
      { metric: `search 500k, p50 (${QUERIES.length} queries)`, unit: 'ms', values: p50 },
      { metric: `search 500k, p95 (${QUERIES.length} queries)`, unit: 'ms', values: p95, target: '≤ 50' },
      { metric: 'search 500k, slowest query', unit: 'ms', values: max },
      { metric: 'search 500k, first search after opening', unit: 'ms', values: first },
      { metric: 'search 500k, typed → results in page, p50', unit: 'ms', values: shown50 },
      { metric: 'search 500k, typed → results in page, p95', unit: 'ms', values: shown95 },
      { metric: 'import 500k messages with index, time', unit: 'ms', values: [importMs] },
      { metric: 'index build (CPU in the import worker)', unit: 'ms', values: [indexingMs] },
      { metric: 'index size (stored values)', unit: 'MB', values: [indexTotal / MB] },
      ...Object.entries(stored).map(([store, s]) => ({
        metric: `  ${store}: ${s.records} records`,
        unit: 'MB',
        values: [s.bytes / MB],
      })),
      { metric: 'storage used after import (estimate)', unit: 'MB', values: [(usedAfter - usedBefore) / MB] },
    ];
  },
};
