import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { manifest } from './src/manifest';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Which build this is: shown in settings, and what the update test tells two builds apart by. */
function buildId(): string {
  if (process.env.TEXTKEEP_BUILD_ID) return process.env.TEXTKEEP_BUILD_ID;
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'dev';
  }
}

export default defineConfig({
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
    __BUILD_ID__: JSON.stringify(buildId()),
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    outDir: process.env.TEXTKEEP_OUT_DIR ?? 'dist',
  },
  // Module workers: the import worker shares chunks (idb, the model) with the page.
  worker: { format: 'es' },
  preview: {
    port: 4173,
    strictPort: true,
  },
  plugins: [
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      // Registration lives in src/services/sw-registration.ts (workbox-window), in exactly one place.
      injectRegister: false,
      manifest,
      injectManifest: {
        // The app shell and its assets; the sample archive is precached too, so "Try a sample archive" works offline.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,xml}'],
        globIgnores: ['**/screenshots/**'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
});
