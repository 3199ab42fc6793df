import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseFiles, databaseFacts, openApp } from './support/app';
import { writeArchive, writePictureArchive } from './support/archives';
import { addedSaid, expectWhole, importOutcome, launchProfile } from './support/profile';

// A device whose storage runs out during an import: the import stops while the database can still commit,
// says exactly what it kept, and everything stored before is still there.

const MB = 1024 * 1024;
const launch = (dir: string, baseURL: string | undefined) => launchProfile(dir, baseURL);
const outcome = importOutcome;

test('with a 50 MB quota the stop sentence counts what was stored; importing again with room completes it', async ({
  baseURL,
}) => {
  test.setTimeout(300_000);
  const archive = await writePictureArchive('quota-pictures.xml', { messages: 400, pictureBytes: 200_000 });
  const dir = mkdtempSync(join(tmpdir(), 'textkeep-quota-'));
  const context = await launch(dir, baseURL);
  try {
    const page = await context.newPage();
    await openApp(page);
    const cdp = await context.newCDPSession(page);
    const origin = new URL(page.url()).origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 50 * MB });

    await chooseFiles(page, archive);
    await expect(outcome(page)).toContainText('Import stopped.', { timeout: 120_000 });
    await expect(
      page.getByText(/This device ran out of storage while importing “quota-pictures\.xml”/),
    ).toBeVisible();
    const partial = await databaseFacts(page);
    expectWhole(partial);
    expect(partial.stored).toBeGreaterThan(0);
    expect(partial.stored).toBeLessThan(400);
    expect(await addedSaid(page)).toBe(partial.stored);

    // Space is freed (the quota lifted): importing the same file again adds exactly the rest.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await chooseFiles(page, archive);
    await expect(outcome(page)).toContainText(
      // One message may be all that fit (the first flush can be a single message).
      `Imported ${(400 - partial.stored).toLocaleString('en-US')} new messages (${partial.stored.toLocaleString('en-US')} ${partial.stored === 1 ? 'duplicate' : 'duplicates'} skipped)`,
      { timeout: 120_000 },
    );
    const whole = await databaseFacts(page);
    expectWhole(whole);
    expect(whole.stored).toBe(400);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Mounts a small tmpfs (root only); undefined where this machine does not allow it. */
function smallDisk(megabytes: number): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'textkeep-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${String(megabytes)}m`, 'tmpfs', dir]);
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Three runs, as the failure this guards against (the whole database lost) was seen in 3 of 3.
for (const run of [1, 2, 3]) {
  test(`on a nearly full disk an import stops with a true sentence and keeps what was stored before (run ${String(run)} of 3)`, async ({
    baseURL,
  }) => {
    test.setTimeout(300_000);
    const disk = smallDisk(200);
    test.skip(!disk, 'needs root and tmpfs to make a small disk');
    if (!disk) return;
    const before = writeArchive(`small-disk-before-${String(run)}.xml`, {
      messages: 25,
      conversations: 3,
      groups: 0,
      mmsEvery: 0,
      seed: 50 + run,
    });
    const archive = await writePictureArchive(`small-disk-pictures-${String(run)}.xml`, {
      messages: 500,
      pictureBytes: 200_000,
    });
    // 125 MB of other data on the 200 MB disk.
    writeFileSync(join(disk, 'other-data.bin'), Buffer.alloc(125 * MB, 1));
    const profileDir = join(disk, 'profile');
    let storedBefore = 0;
    mkdirSync(profileDir);
    const context = await launch(profileDir, baseURL);
    try {
      const page = await context.newPage();
      await openApp(page);
      await chooseFiles(page, before);
      await expect(outcome(page)).toContainText(/Imported [\d,]+ new messages/, { timeout: 60_000 });
      const stored = (await databaseFacts(page)).stored;
      expect(stored).toBe(await addedSaid(page));
      await page.getByRole('button', { name: 'Dismiss' }).click();

      await chooseFiles(page, archive);
      await expect(outcome(page)).toContainText('Import stopped.', { timeout: 240_000 });
      const facts = await databaseFacts(page);
      expectWhole(facts);
      expect(await addedSaid(page)).toBe(facts.stored - stored);
      storedBefore = stored;
    } finally {
      await context.close();
    }
    // The profile, opened again from the disk, still holds everything.
    const reopened = await launch(profileDir, baseURL);
    try {
      const page = await reopened.newPage();
      await openApp(page);
      expectWhole(await databaseFacts(page));
      expect((await databaseFacts(page)).stored).toBeGreaterThanOrEqual(storedBefore);
    } finally {
      await reopened.close();
      unmount(disk);
    }
  });
}
