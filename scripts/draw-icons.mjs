// Draws Textkeep's app icons (PNG via Playwright's Chromium, plus favicon.svg) into public/; the outputs are committed.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';

const TEAL = '#0f766e';
const PAPER = '#fdfaf3';
const AMBER = '#f59e0b';
const AMBER_DARK = '#d97706';

/** The artwork on a 100x100 grid: a message bubble tucked into a keepsake box. */
const ART = `
  <g transform="rotate(-5 50 32)">
    <path fill="${PAPER}" d="M36 12h28a12 12 0 0 1 12 12v12a12 12 0 0 1-12 12H46l-14 9 3-9a12 12 0 0 1-11-12V24a12 12 0 0 1 12-12z"/>
    <rect x="34" y="21" width="32" height="7" rx="3.5" fill="${TEAL}"/>
    <rect x="34" y="33" width="20" height="7" rx="3.5" fill="${TEAL}"/>
  </g>
  <rect x="20" y="62" width="60" height="24" rx="5" fill="${AMBER}"/>
  <rect x="20" y="64" width="60" height="6" fill="${AMBER_DARK}" opacity="0.35"/>
  <rect x="15" y="56" width="70" height="11" rx="4" fill="${AMBER_DARK}"/>
  <rect x="41" y="72" width="18" height="7" rx="3.5" fill="${PAPER}"/>`;

/** The icon as an SVG string; maskable icons are full-bleed with the artwork shrunk into the safe zone. */
export function iconSvg({ size, maskable = false }) {
  const background = maskable
    ? `<rect width="100" height="100" fill="${TEAL}"/>`
    : `<rect width="100" height="100" rx="22" fill="${TEAL}"/>`;
  const scale = maskable ? 0.78 : 1;
  const offset = 50 * (1 - scale);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">` +
    `${background}<g transform="translate(${offset} ${offset}) scale(${scale})">${ART}</g></svg>`
  );
}

const icons = [
  { file: 'public/icons/icon-192.png', size: 192, maskable: false },
  { file: 'public/icons/icon-512.png', size: 512, maskable: false },
  { file: 'public/icons/icon-maskable-512.png', size: 512, maskable: true },
  { file: 'public/icons/apple-touch-icon-180.png', size: 180, maskable: true },
];

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
await mkdir('public/icons', { recursive: true });
await writeFile('public/favicon.svg', iconSvg({ size: 512 }) + '\n');

const browser = await chromium.launch({
  executablePath: process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--headless',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
try {
  for (const { file, size, maskable } of icons) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const svg = iconSvg({ size, maskable });
    await page.setContent(`<!doctype html><body style="margin:0;line-height:0">${svg}</body>`);
    await page.screenshot({ path: file, omitBackground: !maskable });
    await page.close();
    console.log(`wrote ${file}`);
  }
} finally {
  await browser.close();
}
