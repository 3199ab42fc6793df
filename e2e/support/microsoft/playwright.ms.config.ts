import { defineConfig } from '@playwright/test';
import base from '../../../playwright.config';

/**
 * For running e2e/onedrive.spec.ts alone while others use `dist/` and port 4173: the no-client-id check runs
 * against a build in TEXTKEEP_OUT_DIR (default /tmp/tk-ms-dist) served on port 4183, and the global setup only
 * builds the Microsoft test build. CI and `npm test` use the main config, which runs this spec too.
 *   TEXTKEEP_OUT_DIR=/tmp/tk-ms-dist npx vite build && npx playwright test -c e2e/support/microsoft/playwright.ms.config.ts
 */
const outDir = process.env.TEXTKEEP_OUT_DIR ?? '/tmp/tk-ms-dist';

export default defineConfig({
  ...base,
  testDir: '../..',
  testMatch: 'onedrive.spec.ts',
  globalSetup: './ms-global-setup.ts',
  reporter: 'list',
  outputDir: '/tmp/tk-ms-test-results',
  use: { ...base.use, baseURL: 'http://localhost:4183' },
  webServer: {
    command: `npx vite preview --port 4183 --strictPort --outDir ${outDir}`,
    url: 'http://localhost:4183',
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
