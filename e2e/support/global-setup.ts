import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { buildMicrosoftApp } from './microsoft/app-build.mjs';

/**
 * The update test needs a second, newer build of the same app: `dist-next`, built from the same sources
 * with another build id, so its bundle, precache manifest and service worker all differ from `dist`.
 */
export default function globalSetup(): void {
  if (!existsSync('dist/index.html')) {
    throw new Error('No production build in dist/: run `npm run build` before the end-to-end tests.');
  }
  execSync('npx vite build --logLevel error', {
    stdio: 'inherit',
    env: { ...process.env, TEXTKEEP_OUT_DIR: 'dist-next', TEXTKEEP_BUILD_ID: NEXT_BUILD_ID },
  });
  // The OneDrive tests' build: the same app with a test Microsoft client id, outside the project.
  buildMicrosoftApp();
}

/** The build id of the newer build. */
export const NEXT_BUILD_ID = 'next-build';
