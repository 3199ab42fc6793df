/**
 * Scenario: Settings → "Export everything" of a large media archive where the browser has no save picker
 * (as in Firefox, Safari, Android): the peak memory of the whole browser (every Chromium process's PSS from
 * /proc, summed, sampled every 250 ms) from the click until the zip has downloaded, at two archive sizes,
 * so a flat line shows memory does not grow with the zip. Each size runs in its own on-disk profile (an
 * off-the-record context keeps IndexedDB and OPFS in memory, which would measure the wrong thing).
 * Generated pictures are distinct, as in real archives, so the zip is as large as the media.
 */
import { mkdtempSync, openSync, readSync, closeSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium-path.mjs';
import { archive } from './import.mjs';
import { browserPid, memoryOf } from './proc.mjs';

const MB = 1024 * 1024;
const PICTURE_BYTES = 200_000;
/** Archive sizes by number of distinct ~200 KB pictures: about 0.5 GB and 1.5 GB of media. */
const SIZES = [
  { label: '0.5 GB', pictures: 2_500 },
  { label: '1.5 GB', pictures: 7_500 },
];

/** The number of entries in a zip's end-of-central-directory record (no zip64: the zips here are < 4 GB). */
function zipEntries(path) {
  const size = statSync(path).size;
  const length = Math.min(size, 65_557);
  const tail = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  readSync(fd, tail, 0, length, size - length);
  const head = Buffer.alloc(4);
  readSync(fd, head, 0, 4, 0);
  closeSync(fd);
  const at = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (head.readUInt32LE(0) !== 0x04034b50 || at < 0) throw new Error('the download is not a zip');
  return tail.readUInt16LE(at + 10);
}

/** One "Export everything" from Settings: memory before the click and at its peak until downloaded. */
async function exportOnce(page, root) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await new Promise((r) => setTimeout(r, 3000)); // let earlier work's buffers go before the baseline
  const baseline = memoryOf(root);
  const peak = { ...baseline };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const now = memoryOf(root);
      peak.pss = Math.max(peak.pss, now.pss);
      peak.rss = Math.max(peak.rss, now.rss);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const started = performance.now();
  const download = page.waitForEvent('download', { timeout: 1_200_000 });
  await page.getByRole('button', { name: 'Export everything' }).click();
  const file = await download;
  const zip = await file.path(); // resolves once the download has finished
  await page.getByText(/^Exported \d+ conversations/).waitFor({ timeout: 60_000 });
  const seconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  const zipBytes = statSync(zip).size;
  const entries = zipEntries(zip);
  await file.delete();
  return { baseline, peak, seconds, zipBytes, entries };
}

async function measure(baseURL, path) {
  const dir = mkdtempSync(join(tmpdir(), 'tk-bench-export-all-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: findChromium(),
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    viewport: { width: 1280, height: 800 },
  });
  try {
    await context.addInitScript(() => {
      delete window.showSaveFilePicker;
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(baseURL);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import messages' }).click();
    await (await chooser).setFiles(path);
    await page.getByText(/^Imported [\d,]+ new messages/).waitFor({ timeout: 1_200_000 });
    const root = browserPid(dir);
    const afterImport = await exportOnce(page, root);
    // A later visit: the archive is stored, the import's leftovers (its worker, caches) are gone.
    await page.reload();
    await page.getByRole('button', { name: 'Import messages' }).waitFor();
    const afterReload = await exportOnce(page, root);
    return { afterImport, afterReload };
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Scenario definition: see bench/run.mjs for the contract. */
export default {
  name: 'export-all',
  description:
    'Export everything of a 0.5 GB and a 1.5 GB media archive without a save picker: peak browser memory',
  async run({ baseURL }) {
    const rows = [];
    for (const { label, pictures } of SIZES) {
      const path = await archive(`sbr-media-${String(pictures)}-distinct`, {
        messages: pictures,
        conversations: 20,
        groups: 2,
        mmsEvery: 1,
        imageBytes: PICTURE_BYTES,
        distinct: true,
        seed: 12,
      });
      // One run per size: each imports a large archive; memory, not time, is what this measures.
      const measured = await measure(baseURL, path);
      for (const [when, m] of [
        ['right after the import', measured.afterImport],
        ['after a reload', measured.afterReload],
      ]) {
        const what = `export everything ${when}, ${label} archive`;
        const zip = `${(m.zipBytes / 1e9).toFixed(2)} GB zip, ${String(m.entries)} files`;
        rows.push(
          {
            metric: `${what} (${zip}): peak browser PSS`,
            unit: 'MB',
            target: '≤ 500',
            values: [m.peak.pss / MB],
          },
          { metric: `${what}: browser PSS before the click`, unit: 'MB', values: [m.baseline.pss / MB] },
          { metric: `${what}: peak browser RSS`, unit: 'MB', values: [m.peak.rss / MB] },
          { metric: `${what}: click to downloaded`, unit: 's', values: [m.seconds] },
        );
      }
    }
    return rows;
  },
};
