/**
 * Profiles the import worker in headless Chromium on one archive and prints the functions that took the
 * most time (self time). For finding where import time goes: `node bench/profile-import.mjs FILE`
 * (run `npm run build` first). Not a benchmark: the profiler slows everything down a little.
 */
import { chromium } from 'playwright';
import { preview } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium-path.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/profile-import.mjs ARCHIVE');
  process.exit(1);
}
const PORT = 4194;
const server = await preview({ preview: { port: PORT, strictPort: true }, logLevel: 'error' });
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${PORT}/`);
  const session = await browser.newBrowserCDPSession();
  let nextId = 1;
  const waiting = new Map();
  session.on('Target.receivedMessageFromTarget', ({ message }) => {
    const reply = JSON.parse(message);
    waiting.get(reply.id)?.(reply.result);
  });
  const ask = (sessionId, method) =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      void session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    });
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import messages' }).click();
  await (await chooser).setFiles(file);
  let sessionId;
  while (!sessionId) {
    const { targetInfos } = await session.send('Target.getTargets');
    const worker = targetInfos.find((t) => t.type === 'worker');
    if (worker)
      ({ sessionId } = await session.send('Target.attachToTarget', {
        targetId: worker.targetId,
        flatten: false,
      }));
    else await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await ask(sessionId, 'Profiler.enable');
  await ask(sessionId, 'Profiler.start');
  await page.getByText(/^Imported/).waitFor({ timeout: 600_000 });
  const { profile } = await ask(sessionId, 'Profiler.stop');
  const ms = await page.evaluate(() => performance.getEntriesByName('tk-import').at(-1)?.duration);
  console.log(`import took ${Math.round(ms)} ms; self time by function:`);
  const self = new Map();
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[i]);
  });
  for (const [key, us] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`${String(Math.round(us / 1000)).padStart(7)} ms  ${key}`);
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
