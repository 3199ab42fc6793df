/**
 * Scenario: a 200 MB SB&R archive imported from OneDrive (the local Graph and download stand-ins of
 * e2e/support/microsoft, over https, the real MSAL sign-in) compared, in the same run and the same build, with
 * the same file imported from disk. Time is the app's own import measure (files or streams handed to the
 * worker → every conversation stored), so the OneDrive figure includes the download.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium-path.mjs';
import { buildMicrosoftApp, serveBuild, TEST_CLIENT_ID } from '../../e2e/support/microsoft/app-build.mjs';
import { startMicrosoftStandIns } from '../../e2e/support/microsoft/stand-ins.mjs';
import { archive } from './import.mjs';

const MB = 1024 * 1024;
const NAME = 'sms-20240101000000.xml';
const IMPORTED = /^Imported [\d,]+ new messages/;

/** The app's measure of its last import, in ms. */
const importMs = (page) =>
  page.evaluate(() => performance.getEntriesByName('tk-import').at(-1)?.duration ?? NaN);

async function fromDisk(browser, url, path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import messages' }).click();
  await (await chooser).setFiles(path);
  await page.getByText(IMPORTED).waitFor({ timeout: 600_000 });
  const ms = await importMs(page);
  await context.close();
  return ms;
}

async function fromOneDrive(browser, url) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Accept' }).click();
  await page.getByRole('button', { name: 'Import from OneDrive' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import from OneDrive' });
  await dialog.getByRole('checkbox', { name: NAME }).check();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByText(IMPORTED).waitFor({ timeout: 600_000 });
  const ms = await importMs(page);
  await context.close();
  return ms;
}

/** Scenario definition: see bench/run.mjs for the contract. */
export default {
  name: 'onedrive-200mb',
  description:
    'Import a ~200 MB SB&R archive from the local OneDrive stand-in, against the same file from disk',
  async run({ runs }) {
    const path = await archive('sbr-media-200mb', {
      messages: 6_300,
      mmsEvery: 1,
      groups: 2,
      imageBytes: 23_000,
      seed: 5,
    });
    const bytes = statSync(path).size;
    const app = await serveBuild(buildMicrosoftApp(join('bench', '.cache', 'dist-microsoft')));
    const ms = await startMicrosoftStandIns({
      clientId: TEST_CLIENT_ID,
      redirectUris: [`${app.url}/redirect.html`],
    });
    ms.graph.file(`Apps/SMS Backup and Restore/${NAME}`, { file: path });
    const browser = await chromium.launch({
      executablePath: findChromium(),
      args: [...CHROMIUM_ARGS, `--host-resolver-rules=${ms.hostResolverRules}`],
    });
    const disk = [];
    const drive = [];
    try {
      for (let i = 0; i < runs; i++) {
        disk.push(await fromDisk(browser, app.url, path));
        drive.push(await fromOneDrive(browser, app.url));
      }
    } finally {
      await browser.close();
      await ms.close();
      await app.close();
    }
    const throughput = (ms) => bytes / MB / (ms / 1000);
    return [
      {
        metric: `import ${String(Math.round(bytes / MB))} MB from disk, throughput`,
        unit: 'MB/s',
        values: disk.map(throughput),
      },
      {
        metric: `import ${String(Math.round(bytes / MB))} MB from OneDrive, throughput`,
        unit: 'MB/s',
        values: drive.map(throughput),
      },
      {
        metric: 'import from OneDrive / from disk, time ratio',
        unit: '×',
        values: drive.map((ms, k) => ms / disk[k]),
      },
    ];
  },
};
