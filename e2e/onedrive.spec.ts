import type { Page } from '@playwright/test';
import { chooseFiles, databaseFacts, storedTotals } from './support/app';
import { axeViolations } from './support/axe';
import { writeArchive, writeLargeArchive, writeText } from './support/archives';
import { stubStorage } from './support/storage';
import { expect, signIn, test } from './support/microsoft/fixtures';

/** Where SMS Backup & Restore uploads to. */
const FOLDER = 'Apps/SMS Backup and Restore';

/** A generated archive with exactly `messages` distinct messages (no deliberate duplicates). */
const plain = (messages: number, seed: number) =>
  ({ messages, conversations: 4, groups: 1, mmsEvery: 0, quirks: false, seed }) as const;

const outcome = (page: Page) => page.getByText(/^Imported [\d,]+ new messages/);
const dialogOf = (page: Page) => page.getByRole('dialog', { name: 'Import from OneDrive' });
const downloads = (ms: { graph: { log: { kind: string }[] } }) =>
  ms.graph.log.filter((e) => e.kind === 'download');

/** Opens "Import from OneDrive", ticks the named files, and imports them. */
async function importFromOneDrive(page: Page, names: string[]): Promise<void> {
  await page.getByRole('button', { name: 'Import from OneDrive' }).click();
  const dialog = dialogOf(page);
  for (const name of names) await dialog.getByRole('checkbox', { name }).check({ timeout: 20_000 });
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
}

/** MSAL's token entries in this origin's storage. */
async function tokenKeys(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((k) =>
      /accesstoken|refreshtoken|idtoken/i.test(k),
    ),
  );
}

test.describe('without a Microsoft client id', () => {
  test('the Microsoft area explains how to register the app, and asks Microsoft nothing', async ({
    page,
    request,
    baseURL,
    ms,
  }) => {
    const index = await (await request.get('/')).text();
    test.skip(index.includes('login.microsoftonline.com'), 'dist/ was built with a Microsoft client id');
    await page.goto('/');
    await expect(page.getByText('needs this copy of Textkeep to be registered with Microsoft')).toContainText(
      new URL('/redirect.html', baseURL).href,
    );
    await expect(page.getByText('VITE_MSAL_CLIENT_ID')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign in with Microsoft' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Try a sample archive' })).toBeEnabled();
    expect(ms.graph.log).toEqual([]);
    expect(ms.identity.log.authorizeRequests).toBe(0);
  });
});

test.describe('Sign in with Microsoft and import from OneDrive', () => {
  test('sign in, list the SB&R folder (paged), import two files, see the conversations, sign out', async ({
    page,
    context,
    ms,
    msApp,
  }) => {
    const older = writeArchive('sms-20150301.xml', plain(120, 21));
    const newer = writeArchive('sms-20160301.xml', plain(80, 22));
    const calls = writeText(
      'calls-20160302.xml',
      '<?xml version="1.0" encoding="UTF-8"?><calls count="1"><call number="+15551230000" duration="5" date="1456876800000" type="1" /></calls>',
    );
    ms.graph.settings.pageSize = 2; // three files: two pages, joined by @odata.nextLink
    ms.graph.file(`${FOLDER}/sms-20150301.xml`, { file: older, modified: Date.UTC(2015, 2, 1) });
    ms.graph.file(`${FOLDER}/calls-20160302.xml`, { file: calls, modified: Date.UTC(2016, 2, 2) });
    ms.graph.file(`${FOLDER}/sms-20160301.xml`, { file: newer, modified: Date.UTC(2016, 2, 1) });

    const logged: string[] = [];
    page.on('console', (message) => logged.push(message.text()));
    await page.goto(msApp.url);
    await expect(page.getByRole('button', { name: 'Sign in with Microsoft' })).toBeEnabled();
    expect(await axeViolations(page)).toEqual([]);
    await signIn(page);
    await expect(page.getByText('Signed in with Microsoft as')).toContainText(
      'Alex Example (alex.example@outlook.test)',
    );
    // Back at the page that started, and no history entry holds the code or a token (the bridge replaced its own).
    expect(page.url()).toBe(`${msApp.url}/`);
    const cdp = await context.newCDPSession(page);
    const { entries } = await cdp.send('Page.getNavigationHistory');
    expect(entries.filter((e) => /[#?&](code|access_token|id_token|error)=/.test(e.url))).toEqual([]);
    expect(entries.some((e) => e.url.startsWith('https://login.microsoftonline.com/'))).toBe(true);

    await page.getByRole('button', { name: 'Import from OneDrive' }).click();
    const dialog = dialogOf(page);
    await expect(dialog.getByText('OneDrive › Apps › SMS Backup and Restore')).toBeVisible();
    const boxes = dialog.getByRole('checkbox');
    await expect(boxes).toHaveCount(3);
    const names = await boxes.evaluateAll((inputs) =>
      inputs.map((input) => (input as HTMLInputElement).labels?.[0]?.innerText.trim()),
    );
    expect(names).toEqual(['calls-20160302.xml', 'sms-20160301.xml', 'sms-20150301.xml']); // newest first
    await expect(dialog.getByRole('checkbox', { name: 'sms-20150301.xml' })).toHaveAccessibleDescription(
      /^\d[\d.,]* kB · .*2015/,
    );
    expect(await axeViolations(page)).toEqual([]);
    const listings = ms.graph.log.filter((e) => e.path.includes(`${FOLDER}:/children`));
    expect(listings.map((e) => e.status)).toEqual([200, 200]);
    expect(listings[1]?.path).toContain('$skiptoken=');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await importFromOneDrive(page, ['sms-20160301.xml', 'sms-20150301.xml']);
    await expect(outcome(page)).toHaveText('Imported 200 new messages (0 duplicates skipped)', {
      timeout: 30_000,
    });
    const totals = await storedTotals(page);
    expect(totals).toMatchObject({ stored: 200, claimed: 200, uniqueIds: 200 });
    const nav = page.getByRole('navigation', { name: 'Conversations' });
    await expect(nav.getByRole('link')).toHaveCount(totals.conversations);
    await nav.getByRole('link').first().click();
    await expect(page.getByRole('log', { name: 'Messages' })).toBeVisible();

    // Graph saw the bearer token on every request; the downloads carried no Authorization header.
    const downloads = ms.graph.log.filter((e) => e.kind === 'download');
    expect(downloads).toHaveLength(2);
    expect(downloads.every((e) => e.authorization === undefined && e.status === 200)).toBe(true);
    const issued = ms.identity.log.issued;
    expect(ms.graph.log.filter((e) => e.kind === 'graph').every((e) => issued.includes(e.token ?? ''))).toBe(
      true,
    );
    // No token in the address, in storage as plain text, or in the console.
    const storage = await page.evaluate(() =>
      [localStorage, sessionStorage]
        .flatMap((store) => Object.keys(store).map((key) => `${key}=${store.getItem(key) ?? ''}`))
        .join('\n'),
    );
    expect(issued.some((token) => storage.includes(token) || page.url().includes(token))).toBe(false);
    expect(
      logged.filter((text) => issued.some((token) => text.includes(token)) || text.includes('alex.example@')),
    ).toEqual([]);

    // Settings: the same folder marks both as imported before.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Import from OneDrive' }).click();
    await expect(dialog.getByText('Imported before')).toHaveCount(2);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Sign out: account and tokens go, the messages stay.
    expect(await tokenKeys(page)).not.toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('button', { name: 'Sign in with Microsoft' })).toBeEnabled();
    await expect(page.getByText('Signed in with Microsoft as')).toHaveCount(0);
    expect(await tokenKeys(page)).toEqual([]);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Sign in with Microsoft' })).toBeEnabled();
    expect(await storedTotals(page)).toEqual(totals);
  });

  test('without the SB&R folder, a search finds backup files anywhere; folders can be browsed', async ({
    page,
    ms,
    msApp,
  }) => {
    const archive = writeArchive('sms-20140101.xml', plain(30, 26));
    ms.graph.file('Phone/Old/sms-20140101.xml', { file: archive, modified: Date.UTC(2014, 0, 1) });
    ms.graph.file('Documents/backup.msg', {
      bytes: Buffer.from('not really'),
      modified: Date.UTC(2013, 0, 1),
    });
    ms.graph.file('Documents/notes.txt', { bytes: Buffer.from('notes'), modified: Date.UTC(2020, 0, 1) });
    await page.goto(msApp.url);
    await signIn(page);
    await page.getByRole('button', { name: 'Import from OneDrive' }).click();
    const dialog = dialogOf(page);
    await expect(dialog.getByText('Backup files found anywhere in your OneDrive')).toBeVisible();
    await expect(dialog.getByRole('checkbox')).toHaveCount(2);
    await expect(dialog.getByRole('checkbox', { name: 'sms-20140101.xml' })).toHaveAccessibleDescription(
      /Phone\/Old$/,
    );
    await expect(dialog.getByRole('checkbox', { name: 'backup.msg' })).toBeVisible();

    await dialog.getByRole('button', { name: 'Browse OneDrive' }).click();
    await expect(dialog.getByText('OneDrive', { exact: true })).toBeVisible();
    await dialog.getByRole('button', { name: /^Phone/ }).click();
    await dialog.getByRole('button', { name: /^Old/ }).click();
    await expect(dialog.getByText('OneDrive › Phone › Old')).toBeVisible();
    await dialog.getByRole('checkbox', { name: 'sms-20140101.xml' }).check();
    await dialog.getByRole('button', { name: 'Up one folder' }).click();
    await expect(dialog.getByText('OneDrive › Phone', { exact: true })).toBeVisible();
    await expect(dialog.getByText('1 file chosen.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(outcome(page)).toHaveText('Imported 30 new messages (0 duplicates skipped)', {
      timeout: 30_000,
    });
  });

  test('an expired access token is refreshed silently', async ({ page, ms, msApp }) => {
    // MSAL renews a token 5 minutes before it expires: issued for 5 min 8 s, it is stale after 8 s, and Graph
    // refuses it from then on too.
    ms.identity.settings.accessTokenSeconds = 308;
    ms.graph.settings.tokenMaxAgeSeconds = 8;
    ms.graph.file(`${FOLDER}/sms-20170101.xml`, { bytes: Buffer.from('<smses count="0"></smses>') });
    await page.goto(msApp.url);
    await signIn(page);
    const issuedAt = Date.now();
    const visits = ms.identity.log.authorizeRequests;
    await page.getByRole('button', { name: 'Import from OneDrive' }).click();
    await expect(dialogOf(page).getByRole('checkbox', { name: 'sms-20170101.xml' })).toBeVisible();
    await dialogOf(page).getByRole('button', { name: 'Cancel' }).click();
    const first = ms.graph.log.at(-1)?.token;
    expect(ms.identity.log.grants).toEqual(['authorization_code']);

    await page.waitForTimeout(Math.max(0, issuedAt + 9_000 - Date.now()));
    await page.getByRole('button', { name: 'Import from OneDrive' }).click();
    await expect(dialogOf(page).getByRole('checkbox', { name: 'sms-20170101.xml' })).toBeVisible();
    expect(ms.identity.log.grants).toEqual(['authorization_code', 'refresh_token']);
    expect(ms.graph.log.at(-1)?.token).not.toBe(first);
    expect(ms.graph.log.filter((e) => e.status === 401)).toEqual([]); // renewed before Graph refused it
    expect(ms.identity.log.authorizeRequests).toBe(visits); // no trip to Microsoft's sign-in
  });

  test('when Microsoft no longer takes the refresh token, the app signs in again without the person', async ({
    page,
    ms,
    msApp,
  }) => {
    ms.identity.settings.accessTokenSeconds = 302;
    ms.identity.settings.refreshTokenSeconds = 3;
    ms.graph.file(`${FOLDER}/sms-20170101.xml`, { bytes: Buffer.from('<smses count="0"></smses>') });
    await page.goto(msApp.url);
    await signIn(page);
    await page.waitForTimeout(4_000);
    // The refresh is refused: the page goes to Microsoft, which still knows the person and sends it straight
    // back (no form), and "Import from OneDrive" then lists the folder.
    await expect(async () => {
      if (!(await dialogOf(page).isVisible())) {
        await page.getByRole('button', { name: 'Import from OneDrive' }).click({ timeout: 2_000 });
      }
      await expect(dialogOf(page).getByRole('checkbox', { name: 'sms-20170101.xml' })).toBeVisible({
        timeout: 2_000,
      });
    }).toPass({ timeout: 30_000 });
    expect(ms.identity.log.grants).toEqual(['authorization_code', 'authorization_code']);
    expect(page.url()).toBe(`${msApp.url}/`);
  });

  test('a throttled listing waits as Retry-After says, then succeeds', async ({ page, ms, msApp }) => {
    ms.graph.file(`${FOLDER}/sms-20180101.xml`, { bytes: Buffer.from('<smses count="0"></smses>') });
    ms.graph.throttle({ match: /SMS Backup and Restore:\/children/, times: 1, retryAfter: 2 });
    await page.goto(msApp.url);
    await signIn(page);
    await page.getByRole('button', { name: 'Import from OneDrive' }).click();
    await expect(dialogOf(page).getByRole('status')).toHaveText('Looking in your OneDrive…');
    await expect(dialogOf(page).getByRole('checkbox', { name: 'sms-20180101.xml' })).toBeVisible({
      timeout: 20_000,
    });
    const listings = ms.graph.log.filter((e) => e.path.includes(':/children'));
    expect(listings.map((e) => e.status)).toEqual([429, 200]);
    const [throttled, retried] = listings;
    expect((retried?.at ?? 0) - (throttled?.at ?? 0)).toBeGreaterThanOrEqual(1_900);
  });

  test('a download cut mid-file resumes with a Range request, without duplicates', async ({
    page,
    ms,
    msApp,
  }) => {
    const path = writeArchive('sms-20190101.xml', plain(3000, 23));
    ms.graph.file(`${FOLDER}/sms-20190101.xml`, { file: path, modified: Date.UTC(2019, 0, 1) });
    ms.graph.dropDownload({ name: 'sms-20190101.xml', afterBytes: 400_000 });
    await page.goto(msApp.url);
    await signIn(page);
    await importFromOneDrive(page, ['sms-20190101.xml']);
    await expect(outcome(page)).toHaveText('Imported 3,000 new messages (0 duplicates skipped)', {
      timeout: 30_000,
    });
    const downloads = ms.graph.log.filter((e) => e.kind === 'download');
    expect(downloads.map((e) => [e.status, Boolean(e.cut)])).toEqual([
      [200, true],
      [206, false],
    ]);
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(downloads[1]?.range ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(400_000);
    expect(await storedTotals(page)).toMatchObject({ stored: 3000, claimed: 3000, uniqueIds: 3000 });
  });

  test('Cancel import stops a OneDrive download; importing again completes it without duplicates', async ({
    page,
    ms,
    msApp,
  }) => {
    const path = writeArchive('sms-20210101.xml', plain(3000, 25));
    ms.graph.file(`${FOLDER}/sms-20210101.xml`, { file: path, modified: Date.UTC(2021, 0, 1) });
    ms.graph.slowDownload({ name: 'sms-20210101.xml', bytesPerSecond: 150_000 });
    await page.goto(msApp.url);
    await signIn(page);
    await importFromOneDrive(page, ['sms-20210101.xml']);
    const progress = page.getByRole('progressbar', { name: 'Import progress' });
    await expect
      .poll(async () => Number(await progress.getAttribute('value')), { timeout: 20_000 })
      .toBeGreaterThan(5);
    // The network stalls: Cancel must not wait for it.
    ms.graph.slowDownload({ name: 'sms-20210101.xml', bytesPerSecond: 0 });
    await page.waitForTimeout(500);
    const cancelledAt = Date.now();
    await page.getByRole('button', { name: 'Cancel import' }).click();
    await expect(page.getByText(/^Import cancelled\./)).toBeVisible({ timeout: 5_000 });
    expect(Date.now() - cancelledAt).toBeLessThan(2_000);
    await expect
      .poll(() => ms.graph.log.filter((e) => e.kind === 'download').map((e) => e.aborted))
      .toEqual([true]);
    const partial = await storedTotals(page);
    expect(partial.claimed).toBe(partial.stored);
    expect(partial.stored).toBeLessThan(3000);

    ms.graph.fast();
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('link', { name: 'Settings' }).click();
    await importFromOneDrive(page, ['sms-20210101.xml']);
    await expect(outcome(page)).toHaveText(
      `Imported ${(3000 - partial.stored).toLocaleString('en-US')} new messages (${partial.stored.toLocaleString('en-US')} duplicates skipped)`,
      { timeout: 30_000 },
    );
    expect(await storedTotals(page)).toMatchObject({ stored: 3000, claimed: 3000, uniqueIds: 3000 });
  });

  test('a OneDrive import asked for during a local import waits its turn, then completes', async ({
    page,
    ms,
    msApp,
  }) => {
    test.setTimeout(180_000);
    const local = await writeLargeArchive('local-large.xml', plain(60_000, 27));
    const remote = writeArchive('sms-20220101.xml', plain(60, 28));
    ms.graph.file(`${FOLDER}/sms-20220101.xml`, { file: remote, modified: Date.UTC(2022, 0, 1) });
    await page.goto(msApp.url);
    await signIn(page);
    await chooseFiles(page, local);
    const progress = page.getByRole('progressbar', { name: 'Import progress' });
    await expect(progress).toBeVisible();
    await page.getByRole('link', { name: 'Settings' }).click();

    // Asked for while the local import runs: the dialog says it will wait, the status shows it waiting.
    await page.getByRole('button', { name: 'Import from OneDrive' }).click();
    const dialog = dialogOf(page);
    await dialog.getByRole('checkbox', { name: 'sms-20220101.xml' }).check({ timeout: 20_000 });
    await expect(
      dialog.getByText('An import is running: these files are imported when it has finished.'),
    ).toBeVisible();
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const waiting = page
      .getByRole('status')
      .filter({ hasText: '1 more file waits for this import to finish' });
    await expect(waiting).toBeVisible();
    // Cancel while it waits: it is forgotten, the local import goes on.
    await waiting.getByRole('button', { name: 'Cancel waiting import' }).click();
    await expect(waiting).toBeHidden();
    await expect(progress).toBeVisible();

    await importFromOneDrive(page, ['sms-20220101.xml']);
    await expect(waiting).toBeVisible();
    await expect(progress).toBeVisible();
    // Nothing is asked of OneDrive for the file before its turn: no download address, no download.
    expect(downloads(ms)).toEqual([]);
    expect(ms.graph.log.filter((e) => e.path.includes('/items/'))).toEqual([]);

    await expect(outcome(page)).toHaveText('Imported 60 new messages (0 duplicates skipped)', {
      timeout: 150_000,
    });
    await expect(waiting).toBeHidden();
    expect(downloads(ms)).toHaveLength(1);
    expect(await storedTotals(page)).toMatchObject({ stored: 60_060, claimed: 60_060, uniqueIds: 60_060 });
    expect((await databaseFacts(page)).indexedNotStored).toBe(0);
  });

  test('a OneDrive file larger than the space left asks first, and is downloaded only once accepted', async ({
    page,
    ms,
    msApp,
  }) => {
    await stubStorage(page, 50_000);
    const path = writeArchive('sms-20230101.xml', plain(400, 29));
    ms.graph.file(`${FOLDER}/sms-20230101.xml`, { file: path, modified: Date.UTC(2023, 0, 1) });
    await page.goto(msApp.url);
    await signIn(page);
    await importFromOneDrive(page, ['sms-20230101.xml']);
    const fit = page.getByRole('dialog', { name: 'This archive may not fit' });
    await expect(fit).toBeVisible();
    await expect(fit).toContainText('Textkeep has about 49 kB left on this device');
    expect(downloads(ms)).toEqual([]);
    await fit.getByRole('button', { name: 'Cancel' }).click();
    await expect(fit).toBeHidden();
    await expect(page.getByRole('progressbar', { name: 'Import progress' })).toHaveCount(0);
    expect(downloads(ms)).toEqual([]);
    expect(await storedTotals(page)).toMatchObject({ stored: 0 });

    await importFromOneDrive(page, ['sms-20230101.xml']);
    await fit.getByRole('button', { name: 'Import anyway' }).click();
    await expect(outcome(page)).toHaveText('Imported 400 new messages (0 duplicates skipped)', {
      timeout: 30_000,
    });
    expect(downloads(ms)).toHaveLength(1);
  });

  test('a cancelled sign-in or a refused consent leaves the app usable, with a clear sentence', async ({
    page,
    ms,
    msApp,
  }) => {
    await page.goto(msApp.url);
    await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toHaveText(/^Sign-in didn’t finish: it was cancelled, or Textkeep was not allowed/);
    expect(page.url()).toBe(`${msApp.url}/`);

    await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Cancel' }).click(); // consent refused
    await expect(alert).toHaveText(/^Sign-in didn’t finish/);
    await expect(page.getByRole('button', { name: 'Sign in with Microsoft' })).toBeEnabled();
    expect(await tokenKeys(page)).toEqual([]);
    expect(ms.identity.log.grants).toEqual([]);

    await page.getByRole('button', { name: 'Try a sample archive' }).click();
    await expect(outcome(page)).toBeVisible({ timeout: 30_000 });
  });

  test('offline: OneDrive says it needs a connection, imported messages stay readable', async ({
    page,
    context,
    ms,
    msApp,
  }) => {
    const path = writeArchive('sms-20200101.xml', plain(50, 24));
    ms.graph.file(`${FOLDER}/sms-20200101.xml`, { file: path, modified: Date.UTC(2020, 0, 1) });
    await page.goto(msApp.url);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 20_000,
    });
    await signIn(page);
    await importFromOneDrive(page, ['sms-20200101.xml']);
    await expect(outcome(page)).toHaveText('Imported 50 new messages (0 duplicates skipped)', {
      timeout: 30_000,
    });

    await context.setOffline(true);
    await page.goto(`${msApp.url}/settings`);
    await expect(page.getByText('Signed in with Microsoft as')).toBeVisible();
    // Chromium 150 gives a document committed under the emulation navigator.onLine = true (its requests do
    // fail): the emulation is sent again, so the page hears "offline" as it would on a real device.
    await context.setOffline(false);
    await context.setOffline(true);
    await expect(page.getByText('You’re offline. Signing in and OneDrive need a connection')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Import from OneDrive' })).toBeDisabled();
    await page.goto(`${msApp.url}/`);
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link').first().click();
    await expect(page.getByRole('log', { name: 'Messages' })).toBeVisible();

    // redirect.html is precached as itself, and no Microsoft response is in any cache.
    const cached = await page.evaluate(async () => {
      const bridge = await (await caches.match('/redirect.html', { ignoreSearch: true }))?.text();
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      }
      return { bridge, urls };
    });
    expect(cached.bridge).toContain('Finishing Microsoft sign-in');
    expect(cached.bridge).not.toContain('tk-app-shell');
    expect(cached.urls.filter((url) => !url.startsWith(msApp.url))).toEqual([]);
    await context.setOffline(false);
  });
});
