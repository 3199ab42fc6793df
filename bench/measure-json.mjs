// Measures the Textkeep JSON importer by hand (issue 12): time and peak JS heap for the two hostile exports
// and a 10 MB ordinary one, in Node. Not a test: run `node --expose-gc bench/measure-json.mjs [importer.ts]`
// (an importer module path under src/, to compare another version; default the shipped one). Prints figures
// only, never message text.
import { createServer } from 'vite';

const importerPath = process.argv[2] ?? '/src/formats/importers/textkeep-json/textkeep-json-importer.ts';
const vite = await createServer({ server: { middlewareMode: true }, appType: 'custom', logLevel: 'error' });
try {
  const { textkeepJsonImporter } = await vite.ssrLoadModule(importerPath);
  const hostile = await vite.ssrLoadModule('/test-support/hostile-json.ts');
  const { streamOf } = await vite.ssrLoadModule('/test-support/streams.ts');

  const ordinary = hostile.exportJson(
    ['+15555550101'],
    Array.from({ length: 50_000 }, (_, i) =>
      hostile.messageJson(`message ${String(i)} `.padEnd(140, 'x'), 1_600_000_000_000 + i * 1000),
    ),
  );
  const cases = [
    ['20,000 participants', () => streamOf(hostile.manyParticipantsJson(20_000), 65_536)],
    ['20 MB text', () => hostile.hugeTextJson(20 << 20).stream()],
    [
      `ordinary export, ${String(Math.round(ordinary.length / 1e6))} MB, 50,000 messages`,
      () => streamOf(ordinary, 65_536),
    ],
  ];
  for (const [name, stream] of cases) {
    const source = stream();
    globalThis.gc?.();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    const sample = () => (peak = Math.max(peak, process.memoryUsage().heapUsed - base));
    const timer = setInterval(sample, 5);
    const start = performance.now();
    let messages = 0;
    const problems = [];
    for await (const batch of textkeepJsonImporter.parse(source, { onProgress: sample })) {
      sample();
      for (const item of batch) {
        if (item.kind === 'message') messages++;
        else if (item.kind === 'problem') problems.push(`${item.reason}${item.fatal ? '!' : ''}`);
      }
    }
    const ms = performance.now() - start;
    clearInterval(timer);
    console.log(
      `${name}: ${ms.toFixed(0)} ms, peak heap +${(peak / (1 << 20)).toFixed(0)} MB, ` +
        `${String(messages)} messages, problems [${problems.join(', ')}]`,
    );
  }
} finally {
  await vite.close();
}
