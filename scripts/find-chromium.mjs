/**
 * Makes sure the end-to-end tests have a Chromium: finds one, or installs Debian's when running as root on
 * Debian/Ubuntu, or stops with one sentence saying what to install.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium-path.mjs';

const found = findChromium();
if (found) {
  process.exit(0);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && existsSync('/usr/bin/apt-get')) {
  console.log('No Chromium found: installing Debian’s chromium and a colour emoji font with apt-get…');
  execSync('apt-get update -qq && apt-get install -y -qq chromium fonts-noto-color-emoji', {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (findChromium()) process.exit(0);
}

console.error(
  'No Chromium found: install one (Debian: `sudo apt-get install chromium`, or `npx playwright install chromium` where downloads work), or set PLAYWRIGHT_CHROMIUM_EXECUTABLE to its path.',
);
process.exit(1);
