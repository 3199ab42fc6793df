/** Finds a Chromium for Playwright: PLAYWRIGHT_CHROMIUM_EXECUTABLE, Debian's, or Playwright's own download. */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright';

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The path of a Chromium executable, or undefined when this machine has none. */
export function findChromium() {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  const system = SYSTEM_CANDIDATES.find((path) => existsSync(path));
  if (system) return system;
  try {
    const own = chromium.executablePath();
    return existsSync(own) ? own : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Flags for headless Chromium here: root needs --no-sandbox, and the background-networking flags keep
 * Chromium from calling hosts this offline machine cannot reach.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
