/**
 * `npm run bench`: runs the named scenarios in headless Chromium against the built app (served by
 * `vite preview`), prints a table of medians over several runs, and writes bench/results.json.
 *
 * A scenario is `{ name, description, run({ browser, baseURL, runs, distDir }) }` returning rows
 * `{ metric, unit, values: number[], target?: string }`. Usage: node bench/run.mjs [--runs N] [--only NAME]
 * [--dist DIR] (another build to measure, such as an older commit's, for a before/after).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
import { preview } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium-path.mjs';
import { scenarios } from './scenarios/index.mjs';

const PORT = 4193;
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    dist: { type: 'string', default: 'dist' },
  },
});
const runs = Math.max(1, Number(args.runs));
const chosen = scenarios.filter((s) => !args.only || s.name === args.only);
if (chosen.length === 0) {
  console.error(`No scenario named "${args.only}". Known: ${scenarios.map((s) => s.name).join(', ')}`);
  process.exit(1);
}

/** The median of some numbers (NaN for none). */
function median(values) {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const fmt = (n) => (Number.isNaN(n) ? '–' : n >= 100 ? n.toFixed(0) : n.toFixed(1));

const server = await preview({
  preview: { port: PORT, strictPort: true },
  build: { outDir: args.dist },
  logLevel: 'error',
});
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
const results = [];
try {
  for (const scenario of chosen) {
    console.error(`running ${scenario.name} (${runs} runs)…`);
    const rows = await scenario.run({
      browser,
      baseURL: `http://localhost:${PORT}/`,
      runs,
      distDir: args.dist,
    });
    for (const row of rows) {
      results.push({
        scenario: scenario.name,
        ...row,
        median: median(row.values),
        min: Math.min(...row.values),
        max: Math.max(...row.values),
      });
    }
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}

const header = ['scenario', 'metric', 'median', 'min', 'max', 'unit', 'runs', 'target'];
const table = results.map((r) => [
  r.scenario,
  r.metric,
  fmt(r.median),
  fmt(r.min),
  fmt(r.max),
  r.unit,
  String(r.values.length),
  r.target ?? '',
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table) console.log(line(row));

// Imports as a ratio to their floor (issue 15): `label: T ms = R× floor (F ms)`, medians over the runs; R is
// the median of each run's own ratio, so it can differ a little from T ÷ F.
const byMetric = new Map(results.map((r) => [`${r.scenario}/${r.metric}`, r]));
const whole = (n) => Math.round(n).toLocaleString('en-US');
for (const r of results.filter((x) => x.ratio)) {
  const time = byMetric.get(`${r.scenario}/${r.ratio.time}`)?.median ?? NaN;
  const floor = byMetric.get(`${r.scenario}/${r.ratio.floor}`)?.median ?? NaN;
  r.note = `${r.ratio.label}: ${whole(time)} ms = ${r.median.toFixed(1)}× floor (${whole(floor)} ms)`;
  console.log(r.note);
}

mkdirSync('bench', { recursive: true });
writeFileSync(
  'bench/results.json',
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        node: process.version,
        chromium: browser.version(),
      },
      runs,
      results,
    },
    null,
    2,
  ),
);
console.error('wrote bench/results.json');
