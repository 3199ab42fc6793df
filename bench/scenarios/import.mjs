/**
 * Scenarios: importing generated SB&R archives through the app's own file chooser path, into a fresh
 * on-disk browser profile each run. Throughput is the app's own measure (files handed to the worker → every conversation
 * stored); memory is the peak JS heap of the page and of the import worker, sampled through the DevTools
 * protocol every 100 ms.
 */
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium-path.mjs';
import { browserPid, isRenderer, memoryOf } from './proc.mjs';
import { generateSbr } from '../generate-sbr.mjs';

const CACHE = 'bench/.cache';

/** Generates (once, then cached) the archive for these options. */
export async function archive(name, options) {
  mkdirSync(CACHE, { recursive: true });
  const path = join(CACHE, `${name}.xml`);
  if (existsSync(path)) return path;
  const out = createWriteStream(`${path}.part`);
  await generateSbr(options, (chunk) =>
    out.write(chunk) ? undefined : new Promise((r) => out.once('drain', r)),
  );
  await new Promise((resolve) => out.end(resolve));
  const { renameSync } = await import('node:fs');
  renameSync(`${path}.part`, path);
  return path;
}

/**
 * Samples the JS heap of the page and of every worker it starts, through the DevTools protocol: the page's own
 * session, which auto-attaches (unflattened, so Playwright's own sessions are left alone) to each worker the
 * page starts. Works on a persistent (on-disk) context, which has no Browser object to open a browser session.
 */
async function heapSampler(page, dir) {
  const session = await page.context().newCDPSession(page);
  const peaks = { page: 0, worker: 0, renderer: 0 };
  // The renderers' PSS from /proc: the page's process with its workers (and any other renderer of the
  // profile, such as the service worker's), as the issue compares the browsers by.
  const root = browserPid(dir);
  const workers = new Set();
  let nextId = 1;
  const pending = new Map();
  session.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
    if (targetInfo.type === 'worker') workers.add(sessionId);
  });
  session.on('Target.detachedFromTarget', ({ sessionId }) => workers.delete(sessionId));
  session.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
    const reply = JSON.parse(message);
    const done = pending.get(`${sessionId}/${reply.id}`);
    if (done) done(reply.result);
  });
  const ask = (sessionId, method) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(`${sessionId}/${id}`, resolve);
      session
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) })
        .catch(() => resolve(undefined));
      setTimeout(() => resolve(undefined), 1000);
    });
  await session.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  let running = true;
  const loop = (async () => {
    while (running) {
      peaks.renderer = Math.max(peaks.renderer, memoryOf(root, isRenderer).pss);
      const own = await session.send('Runtime.getHeapUsage').catch(() => undefined);
      if (own) peaks.page = Math.max(peaks.page, own.usedSize);
      for (const sessionId of workers) {
        const usage = await ask(sessionId, 'Runtime.getHeapUsage');
        if (usage) peaks.worker = Math.max(peaks.worker, usage.usedSize);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return async () => {
    running = false;
    await loop;
    await session.detach().catch(() => undefined);
    return peaks;
  };
}

/**
 * The floors (issue 15, DESIGN.md "Performance targets"): the least any import of the file must cost, measured in
 * the same run, in the same page of the built app that just imported it (after its import has finished, so
 * nothing else runs), on the same File object the app was handed, with no storage. `text`: File.stream() through
 * TextDecoder and a regex count of `<sms ` records; `media`: File.stream() reading every chunk. Each returns its
 * time and what it counted, so a floor that read nothing cannot pass for a fast one.
 */
const floors = {
  async text() {
    const file = globalThis.__tkBenchFile;
    const started = performance.now();
    const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
    let count = 0;
    let carry = ''; // the last 4 characters: a `<sms ` split between chunks is counted once, in the next
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const text = carry + value;
      count += text.match(/<sms /g)?.length ?? 0;
      carry = text.slice(-4);
    }
    return { ms: performance.now() - started, count };
  },
  async media() {
    const file = globalThis.__tkBenchFile;
    const started = performance.now();
    const reader = file.stream().getReader();
    let count = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      count += value.byteLength;
    }
    return { ms: performance.now() - started, count };
  },
};

/** Rows for an import's time, its floor and their ratio; the runner prints `label: T ms = R× floor (F ms)`. */
function floorRows(label, floorKind, target) {
  const floorMetric = `${label}, ${floorKind} floor (File.stream, no storage)`;
  const timeMetric = `${label}, time`;
  return [
    { metric: timeMetric, unit: 'ms', value: (m) => m.ms },
    { metric: floorMetric, unit: 'ms', value: (m) => m.floorMs },
    {
      metric: `${label}, time ÷ floor`,
      unit: '×',
      target,
      // Each run's import over that run's floor, then the median: noise that slows a whole run cancels.
      value: (m) => m.ms / m.floorMs,
      ratio: { label, time: timeMetric, floor: floorMetric },
    },
  ];
}

function importScenario({ name, description, archiveName, options, floorKind, perRun }) {
  return {
    name,
    description,
    async run({ baseURL, runs }) {
      const path = await archive(archiveName, options);
      const bytes = statSync(path).size;
      const rows = perRun.map(({ metric, unit, target, ratio }) => ({
        metric,
        unit,
        target,
        ratio,
        values: [],
      }));
      for (let i = 0; i < runs; i++) {
        // A fresh on-disk profile each run (issue 15): an in-memory context keeps IndexedDB and the origin's
        // file system in memory, which neither costs nor behaves as a device's disk does.
        const dir = mkdtempSync(join(tmpdir(), 'tk-bench-import-'));
        const context = await chromium.launchPersistentContext(dir, {
          executablePath: findChromium(),
          args: CHROMIUM_ARGS,
        });
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto(baseURL);
        await page.getByRole('button', { name: 'Import messages' }).waitFor();
        const stopSampling = await heapSampler(page, dir);
        const chooser = page.waitForEvent('filechooser');
        await page.getByRole('button', { name: 'Import messages' }).click();
        const input = (await chooser).element();
        // Keep the very File the app is handed, for the floor: a capture listener on the input runs before the
        // app's own change listener.
        await input.evaluate((el) => {
          el.addEventListener('change', () => (globalThis.__tkBenchFile = el.files[0]), { capture: true });
        });
        await input.setInputFiles(path);
        const chosenAt = Date.now();
        // The first conversation in the list, while the import goes on (issue 15: within 0.5 s).
        // Looked for in the page at every frame: Playwright's own waits poll only every 0.5 s after the first
        // few tries, which made a list shown at 0.3 s read as 0.8–0.9 s.
        await page.waitForFunction(
          () => {
            const find = (root) => {
              for (const el of root.querySelectorAll('*')) {
                if (el.matches('nav[aria-label="Conversations"] a[href]')) return true;
                if (el.shadowRoot && find(el.shadowRoot)) return true;
              }
              return false;
            };
            return find(document);
          },
          undefined,
          { polling: 'raf', timeout: 600_000 },
        );
        const firstMs = Date.now() - chosenAt;
        await page.getByText(/^Imported [\d,]+ new messages/).waitFor({ timeout: 600_000 });
        const ms = await page.evaluate(
          () => performance.getEntriesByName('tk-import').at(-1)?.duration ?? NaN,
        );
        const added = Number(
          (await page.getByText(/^Imported [\d,]+ new messages/).textContent())
            .match(/Imported ([\d,]+)/)[1]
            .replace(/,/g, ''),
        );
        const peaks = await stopSampling();
        // Through the input's handle: Playwright may hold it in its own isolated world of this page, and the
        // stashed File lives in the world that stashed it. Same page, same main thread as the app.
        // A floor is the least the read costs: the faster of two reads, after a pause for the import's last
        // collections (one read right after a 275 MB import varied 0.4–1.4 s here).
        await new Promise((r) => setTimeout(r, 1000));
        const reads = [await input.evaluate(floors[floorKind]), await input.evaluate(floors[floorKind])];
        const floor = reads[0].ms <= reads[1].ms ? reads[0] : reads[1];
        if (!(floor.count > 0)) throw new Error(`the ${floorKind} floor read nothing`);
        const measured = { ms, added, bytes, peaks, firstMs, floorMs: floor.ms };
        rows.forEach((row, k) => row.values.push(perRun[k].value(measured)));
        await context.close();
        rmSync(dir, { recursive: true, force: true });
      }
      return rows;
    },
  };
}

const MB = 1024 * 1024;

/** The 100,000-message text archive. */
export const import100k = importScenario({
  name: 'import-100k',
  description: 'Import 100,000 SMS/MMS (generated SB&R, ~55 MB, no pictures), against the text floor',
  archiveName: 'sbr-100k-text',
  options: { messages: 100_000, mmsEvery: 0, groups: 3, seed: 3 },
  floorKind: 'text',
  perRun: [
    {
      metric: 'import 100k messages, throughput',
      unit: 'msg/s',
      target: '≥ 50,000',
      value: (m) => m.added / (m.ms / 1000),
    },
    ...floorRows('import 100k messages', 'text', '≤ 5 (aim 4)'),
    {
      metric: 'import 100k, first conversation shown',
      unit: 'ms',
      target: '≤ 500',
      value: (m) => m.firstMs,
    },
    { metric: 'import 100k, peak heap (page)', unit: 'MB', value: (m) => m.peaks.page / MB },
    {
      metric: 'import 100k, peak renderer PSS',
      unit: 'MB',
      target: '≤ 250',
      value: (m) => m.peaks.renderer / MB,
    },
    {
      metric: 'import 100k, peak heap (worker)',
      unit: 'MB',
      target: '≤ 64',
      value: (m) => m.peaks.worker / MB,
    },
  ],
});

/** 5,000 SMS + 1,000 MMS, each with its own ~200 KB picture (distinct, as in a real archive): about 275 MB. */
export const importMedia = importScenario({
  name: 'import-media-275mb',
  description:
    'Import 5,000 SMS + 1,000 MMS with 1,000 distinct ~200 KB pictures (~275 MB), against the media floor',
  archiveName: 'sbr-media-275mb-distinct',
  // groups 0 and no quirks (a duplicate record repeats its picture): exactly 5,000 SMS and 1,000 MMS whose
  // 1,000 pictures all differ; distinct is the generator's default, named here anyway.
  // prettier-ignore
  options: { messages: 6_000, conversations: 20, groups: 0, mmsEvery: 6, imageBytes: 200_000, distinct: true,
    quirks: false, seed: 4 },
  floorKind: 'media',
  perRun: [
    {
      metric: 'import 275 MB media archive, throughput',
      unit: 'MB/s',
      value: (m) => m.bytes / MB / (m.ms / 1000),
    },
    ...floorRows('import 275 MB media archive', 'media', '≤ 2 (aim 1.5)'),
    {
      metric: 'import 275 MB media archive, first conversation shown',
      unit: 'ms',
      target: '≤ 500',
      value: (m) => m.firstMs,
    },
    {
      metric: 'import 275 MB media archive, peak heap (page)',
      unit: 'MB',
      value: (m) => m.peaks.page / MB,
    },
    {
      metric: 'import 275 MB media archive, peak renderer PSS',
      unit: 'MB',
      value: (m) => m.peaks.renderer / MB,
    },
    {
      metric: 'import 275 MB media archive, peak heap (worker)',
      unit: 'MB',
      target: '≤ 64',
      value: (m) => m.peaks.worker / MB,
    },
  ],
});
