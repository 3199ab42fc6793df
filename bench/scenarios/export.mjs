/**
 * Scenario: text exports. A 50,000-message conversation exported as Text, CSV and JSON, and 1,000 messages
 * with 50 pictures as one web page: from the click on Save to the finished file (the app's `tk-export`
 * measure: reading the blocks, writing in the export worker, the Blob handed back), not the download itself.
 */
import { archive } from './import.mjs';

async function importInto(page, baseURL, path) {
  await page.goto(baseURL);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import messages' }).click();
  await (await chooser).setFiles(path);
  await page.getByText(/^Imported [\d,]+ new messages/).waitFor({ timeout: 600_000 });
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link').first().click();
  await page.getByRole('button', { name: 'Export', exact: true }).click();
}

/** Makes the dialog write a new file (once a file is ready, Save saves that one again). */
async function fresh(dialog, format) {
  const other = format === 'Text (.txt)' ? 'CSV (.csv)' : 'Text (.txt)';
  await dialog.getByRole('radio', { name: other }).check();
  await dialog.getByRole('radio', { name: format }).check();
}

/** Exports `runs` times in `format` (the radio's name); durations and the last file's size. */
async function exportTimes(page, format, runs) {
  const dialog = page.getByRole('dialog', { name: 'Export conversation' });
  await dialog.getByRole('radio', { name: format }).check();
  const times = [];
  let size = 0;
  for (let i = 0; i < runs; i++) {
    await fresh(dialog, format);
    await page.evaluate(() => performance.clearMeasures('tk-export'));
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    const file = await download;
    times.push(await page.evaluate(() => performance.getEntriesByName('tk-export').at(-1)?.duration ?? NaN));
    const stream = await file.createReadStream();
    size = 0;
    for await (const chunk of stream) size += chunk.length;
  }
  return { times, size };
}

async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  await context.addInitScript(() => {
    delete window.showSaveFilePicker;
  });
  return { context, page: await context.newPage() };
}

/** Scenario definition: see bench/run.mjs for the contract. */
export default {
  name: 'export-text',
  description: 'Export a 50,000-message conversation as text; 1,000 messages with 50 pictures as a web page',
  async run({ browser, baseURL, runs }) {
    const big = await archive('sbr-50k-one-conversation', {
      messages: 50_000,
      conversations: 1,
      groups: 0,
      mmsEvery: 0,
      seed: 8,
    });
    const pictures = await archive('sbr-1k-50-pictures', {
      messages: 1_000,
      conversations: 1,
      groups: 0,
      mmsEvery: 20,
      imageBytes: 60_000,
      seed: 9,
    });
    const results = [];
    {
      const { context, page } = await newPage(browser);
      await importInto(page, baseURL, big);
      for (const [label, format] of [
        ['Text', 'Text (.txt)'],
        ['CSV', 'CSV (.csv)'],
        ['JSON', 'JSON (.json)'],
      ]) {
        const { times, size } = await exportTimes(page, format, runs);
        results.push({
          metric: `export 50k conversation as ${label} (${(size / 1e6).toFixed(1)} MB)`,
          unit: 'ms',
          target: label === 'Text' ? '≤ 1000' : undefined,
          values: times,
        });
      }
      await context.close();
    }
    {
      const { context, page } = await newPage(browser);
      await importInto(page, baseURL, pictures);
      const { times, size } = await exportTimes(page, 'Web page (.html)', runs);
      results.push({
        metric: `export 1,000 messages + 50 pictures as a web page (${(size / 1e6).toFixed(1)} MB)`,
        unit: 'ms',
        values: times,
      });
      await context.close();
    }
    return results;
  },
};

/**
 * Samples JS heaps every 100 ms until `stop()`: the page's (CDP Runtime.getHeapUsage) and each worker's (the
 * browser-level CDP session attaches to worker targets and sends them the same command). Returns the peaks, MB.
 */
async function heapSampler(browser, page) {
  const client = await page.context().newCDPSession(page);
  const root = await browser.newBrowserCDPSession();
  const sessions = new Map();
  const pending = new Map();
  let nextId = 1;
  root.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
    const reply = JSON.parse(message);
    pending.get(`${sessionId}/${reply.id}`)?.(reply.result);
  });
  const workerHeap = async (sessionId) => {
    const id = nextId++;
    const answer = new Promise((resolve) => pending.set(`${sessionId}/${id}`, resolve));
    await root.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }),
    });
    const result = await Promise.race([answer, new Promise((r) => setTimeout(r, 1000))]);
    return result?.usedSize ?? 0;
  };
  let page_ = 0;
  let worker = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { usedSize } = await client.send('Runtime.getHeapUsage');
      page_ = Math.max(page_, usedSize);
      const { targetInfos } = await root.send('Target.getTargets');
      for (const t of targetInfos.filter((t) => t.type === 'worker')) {
        if (!sessions.has(t.targetId)) {
          const { sessionId } = await root
            .send('Target.attachToTarget', { targetId: t.targetId, flatten: false })
            .catch(() => ({}));
          if (sessionId) sessions.set(t.targetId, sessionId);
        }
        const sessionId = sessions.get(t.targetId);
        if (sessionId) worker = Math.max(worker, await workerHeap(sessionId).catch(() => 0));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return async () => {
    running = false;
    await loop;
    await client.detach();
    await root.detach();
    return { page: page_ / 1e6, worker: worker / 1e6 };
  };
}

async function pngTimes(browser, page, runs) {
  const dialog = page.getByRole('dialog', { name: 'Export conversation' });
  await dialog.getByRole('radio', { name: 'Image (.png)' }).check();
  await dialog.getByRole('radio', { name: 'Phone (1080 px)' }).check();
  await dialog.getByRole('radio', { name: 'Pixel ratio 1' }).check();
  const times = [];
  const heaps = [];
  let size = 0;
  let height = 0;
  for (let i = 0; i < runs; i++) {
    await fresh(dialog, 'Image (.png)');
    await page.evaluate(() => {
      performance.clearMeasures();
      performance.clearMarks();
    });
    const stop = await heapSampler(browser, page);
    const download = page.waitForEvent('download', { timeout: 900_000 });
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    const file = await download;
    heaps.push(await stop());
    const spent = await page.evaluate(() =>
      ['build', 'draw', 'encode'].map(
        (k) => performance.getEntriesByName(`tk-png-${k}`).at(-1)?.duration ?? NaN,
      ),
    );
    console.error(
      `  png: layout ${spent[0].toFixed(0)} ms, drawing ${spent[1].toFixed(0)} ms, encoding ${spent[2].toFixed(0)} ms`,
    );
    times.push(await page.evaluate(() => performance.getEntriesByName('tk-export').at(-1)?.duration ?? NaN));
    const head = Buffer.alloc(24);
    size = 0;
    for await (const chunk of await file.createReadStream()) {
      if (size < 24) chunk.copy(head, size, 0, Math.min(chunk.length, 24 - size));
      size += chunk.length;
    }
    height = head.readUInt32BE(20);
  }
  return { times, heaps, size, height };
}

/** Scenario definition: see bench/run.mjs for the contract. */
export const exportPng = {
  name: 'export-png',
  description: 'Tall PNG of 1,000 messages with 50 pictures, and of 10,000 messages',
  async run({ browser, baseURL, runs }) {
    const results = [];
    for (const [label, key, options, target] of [
      [
        '1,000 messages + 50 pictures',
        'sbr-1k-50-pictures',
        { messages: 1_000, conversations: 1, groups: 0, mmsEvery: 20, imageBytes: 60_000, seed: 9 },
        '≤ 5000',
      ],
      [
        '10,000 messages',
        'sbr-10k-one-conversation',
        { messages: 10_000, conversations: 1, groups: 0, mmsEvery: 0, seed: 10 },
        undefined,
      ],
    ]) {
      const path = await archive(key, options);
      const { context, page } = await newPage(browser);
      await importInto(page, baseURL, path);
      const n = label.startsWith('10,000') ? Math.min(runs, 2) : runs;
      // TK_BENCH_SMALL=1 skips the long 10,000-message picture (for quick checks while tuning).
      if (process.env.TK_BENCH_SMALL && label.startsWith('10,000')) continue;
      const { times, heaps, size, height } = await pngTimes(browser, page, n);
      results.push(
        {
          metric: `PNG of ${label} (1080 px, ${height.toLocaleString('en')} px tall, ${(size / 1e6).toFixed(1)} MB)`,
          unit: 'ms',
          target,
          values: times,
        },
        {
          metric: `PNG of ${label}, peak heap: page`,
          unit: 'MB',
          target: '≤ 300',
          values: heaps.map((h) => h.page),
        },
        {
          metric: `PNG of ${label}, peak heap: encoding worker`,
          unit: 'MB',
          target: '≤ 300',
          values: heaps.map((h) => h.worker),
        },
      );
      await context.close();
    }
    return results;
  },
};
