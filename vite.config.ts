import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, loadEnv, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { manifest } from './src/manifest';
import { authorityOf, microsoftConnectSources } from './src/services/onedrive-config';

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

/**
 * With a Microsoft client id (VITE_MSAL_CLIENT_ID), the page may connect to the configured authority, Graph
 * and OneDrive's download hosts, and nothing else; without one, the policy stays `connect-src 'self'`.
 */
function microsoftConnectSrc(env: Record<string, string>): Plugin {
  const clientId = env.VITE_MSAL_CLIENT_ID?.trim();
  // Checked at build time, so a wrong authority fails the build instead of the sign-in.
  const authority = clientId ? authorityOf(env) : undefined;
  const policy = authority ? `connect-src 'self' ${microsoftConnectSources(authority).join(' ')}` : undefined;
  return {
    name: 'textkeep-microsoft-connect-src',
    transformIndexHtml(html, context) {
      if (!policy || !context.filename.endsWith('index.html')) return html;
      if (!html.includes("connect-src 'self'")) throw new Error("index.html's CSP has no connect-src 'self'");
      return html.replace("connect-src 'self'", policy);
    },
  };
}

export default defineConfig(({ mode }) => ({
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
    __BUILD_ID__: JSON.stringify(buildId()),
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    // Which chunks each entry imports statically: e2e/bundle.spec.ts checks what the page loads first.
    manifest: true,
    outDir: process.env.TEXTKEEP_OUT_DIR ?? 'dist',
    rolldownOptions: {
      // The app, and the page Microsoft sign-in comes back to (see src/redirect.ts).
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        redirect: fileURLToPath(new URL('./redirect.html', import.meta.url)),
      },
    },
  },
  // Module workers: the import worker shares chunks (idb, the model) with the page.
  worker: { format: 'es' },
  preview: {
    port: 4173,
    strictPort: true,
  },
  plugins: [
    microsoftConnectSrc(loadEnv(mode, process.cwd(), 'VITE_')),
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
}));
