/**
 * Playwright fixtures for the Microsoft tests. Per worker: the test build (client id set, production
 * authority and Graph) served on its own port, the stand-ins, and a Chromium whose resolver sends
 * login.microsoftonline.com, graph.microsoft.com and *.files.1drv.com to them. Per test: the stand-ins
 * reset, and a check that the page asked no other host.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../../scripts/chromium-path.mjs';
import { buildMicrosoftApp, microsoftBuildDir, serveBuild, TEST_CLIENT_ID } from './app-build.mjs';
import { startMicrosoftStandIns, type MicrosoftStandIns } from './stand-ins.mjs';

/** The app built for these tests, as served. */
export interface MicrosoftApp {
  url: string;
}

interface WorkerFixtures {
  msApp: MicrosoftApp;
  standIns: MicrosoftStandIns;
}

interface TestFixtures {
  /** The stand-ins, fresh for this test. */
  ms: MicrosoftStandIns;
}

/** Hosts the app may ask: itself, and the Microsoft hosts of its configuration. */
function allowedHost(host: string): boolean {
  return (
    host === 'localhost' ||
    host === 'login.microsoftonline.com' ||
    host === 'graph.microsoft.com' ||
    host.endsWith('.files.1drv.com')
  );
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  msApp: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's needs from this pattern: none.
    async ({}, use) => {
      const dir = microsoftBuildDir();
      // The global setup builds it; a run without that global setup builds it here.
      if (!existsSync(join(dir, 'index.html'))) buildMicrosoftApp(dir);
      const server = await serveBuild(dir);
      await use({ url: server.url });
      await server.close();
    },
    { scope: 'worker' },
  ],
  standIns: [
    async ({ msApp }, use) => {
      const standIns = await startMicrosoftStandIns({
        clientId: TEST_CLIENT_ID,
        redirectUris: [`${msApp.url}/redirect.html`],
      });
      await use(standIns);
      await standIns.close();
    },
    { scope: 'worker' },
  ],
  browser: [
    async ({ playwright, standIns }, use) => {
      const browser = await playwright.chromium.launch({
        executablePath: findChromium(),
        args: [...CHROMIUM_ARGS, `--host-resolver-rules=${standIns.hostResolverRules}`],
      });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  // The stand-ins' certificate is a throwaway one.
  ignoreHTTPSErrors: true,
  ms: async ({ standIns, context }, use) => {
    standIns.reset();
    const elsewhere: string[] = [];
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (/^https?:$/.test(url.protocol) && !allowedHost(url.hostname)) elsewhere.push(url.origin);
    });
    await use(standIns);
    expect(elsewhere, 'requests to hosts outside the configuration').toEqual([]);
  },
});

export { expect };

/** Signs in through the stand-in's pages ("Sign in", then "Accept") and waits for the account to show. */
export async function signIn(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Accept' }).click();
  await expect(page.getByText('Signed in with Microsoft as')).toBeVisible({ timeout: 20_000 });
}
