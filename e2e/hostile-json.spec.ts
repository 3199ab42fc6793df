import { readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { hugeTextJson, manyParticipantsJson } from '../test-support/hostile-json';
import { chooseFiles, openApp, storedTotals } from './support/app';

/**
 * Hostile Textkeep JSON exports (issue 12) through the real file chooser in the built app: one message in a
 * conversation of 20,000 participants, and a message text of 20 MB. Each ends with its sentence and the
 * stored result; the time from choosing the file to the sentence, and the peak memory, are measured, not
 * asserted (HOSTILE_REPORT=1 prints them): the renderer's peak resident memory (its VmHWM in /proc, which
 * covers the page and the import worker), and the page's JS heap sampled through CDP.
 */

const DIR = join(tmpdir(), 'textkeep-e2e-hostile-json', String(process.pid));

function write(name: string, content: string | Uint8Array): string {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, name);
  writeFileSync(path, content);
  return path;
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  return Buffer.concat(chunks);
}

/** The processes below this test worker (its browser's renderers among them), by /proc. */
function rendererPeaksMb(): number[] {
  const parent = new Map<number, number>();
  const renderers: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('--type=renderer')) renderers.push(pid);
    } catch {
      // The process ended while the list was read.
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p))
      if (p === process.pid) return true;
    return false;
  };
  return renderers.filter(mine).flatMap((pid) => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'));
      return match ? [Math.round(Number(match[1]) / 1024)] : [];
    } catch {
      return [];
    }
  });
}

/** Imports `path`, returning the seconds until the outcome shows and the peak page JS heap (MB) meanwhile. */
async function importMeasured(page: Page, path: string): Promise<{ seconds: number; heapMb: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let peak = 0;
  let sampling = true;
  const sample = async (): Promise<void> => {
    while (sampling) {
      const { metrics } = await cdp.send('Performance.getMetrics');
      peak = Math.max(peak, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const sampler = sample();
  const start = Date.now();
  await chooseFiles(page, [path]);
  await expect(outcome(page)).toBeVisible({ timeout: 30_000 });
  const seconds = (Date.now() - start) / 1000;
  sampling = false;
  await sampler;
  await cdp.detach();
  return { seconds, heapMb: Math.round(peak / (1 << 20)) };
}

function report(info: TestInfo, name: string, seconds: number, heapMb: number): void {
  const renderer = Math.max(0, ...rendererPeaksMb());
  const line = `${name}: outcome after ${seconds.toFixed(2)} s; renderer peak RSS ${String(renderer)} MB; page JS heap peak ${String(heapMb)} MB`;
  info.annotations.push({ type: 'measured', description: line });
  if (process.env.HOSTILE_REPORT) console.log(line);
}

const outcome = (page: Page) => page.getByRole('status').filter({ hasText: /Imported/ });
const DAMAGED =
  /^“(.+)” is damaged at line \d+: every message before that point was imported; the rest could not be read\.$/;

test.describe('hostile JSON exports', () => {
  test('a conversation of 20,000 participants: damaged, nothing stored', async ({ page }, info) => {
    const path = write('participants.json', manyParticipantsJson(20_000));
    await openApp(page);
    const { seconds, heapMb } = await importMeasured(page, path);
    await expect(outcome(page)).toContainText('Imported 0 new messages (0 duplicates skipped)');
    const problems = page.getByRole('list', { name: 'Problems' }).getByRole('listitem');
    await expect(problems).toHaveText([DAMAGED]);
    await expect(problems).toContainText('“participants.json”');
    expect(await storedTotals(page)).toEqual({ conversations: 0, claimed: 0, stored: 0, uniqueIds: 0 });
    report(info, '20,000 participants', seconds, heapMb);
  });

  test('a message text of 20 MB: damaged there, the message before it stored', async ({ page }, info) => {
    const path = write('huge-text.json', await bytesOf(hugeTextJson(20 << 20).stream()));
    await openApp(page);
    const { seconds, heapMb } = await importMeasured(page, path);
    await expect(outcome(page)).toContainText('Imported 1 new message (0 duplicates skipped)');
    const problems = page.getByRole('list', { name: 'Problems' }).getByRole('listitem');
    await expect(problems).toHaveText([DAMAGED]);
    await expect(problems).toContainText('“huge-text.json”');
    expect(await storedTotals(page)).toEqual({ conversations: 1, claimed: 1, stored: 1, uniqueIds: 1 });
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link').first().click();
    await expect(
      page.getByRole('log', { name: 'Messages' }).getByText('before', { exact: true }),
    ).toBeVisible();
    report(info, '20 MB text', seconds, heapMb);
  });
});
