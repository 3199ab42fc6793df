/**
 * The app as the Microsoft tests use it: the production build with the production configuration (default
 * authority https://login.microsoftonline.com/consumers, https://graph.microsoft.com), plus a made-up client
 * id. It goes to its own folder outside the project (the ordinary `dist/` stays without a client id, and
 * shows how to register one), and is served by `vite preview` on a port of its own.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preview } from 'vite';

/** The client id the test build carries (registered only with the identity stand-in). */
export const TEST_CLIENT_ID = '7e57c11e-0000-4000-8000-000000e2e7e5';

/** Where the test build goes: one folder per checkout, outside it. */
export function microsoftBuildDir(root = process.cwd()) {
  const tag = createHash('sha256').update(root).digest('hex').slice(0, 10);
  return join(tmpdir(), `textkeep-e2e-microsoft-${tag}`);
}

/** Builds the app with the test client id into `outDir`. */
export function buildMicrosoftApp(outDir = microsoftBuildDir()) {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], {
    stdio: 'inherit',
    // Empty values win over any .env file: the production authority and redirect bridge, whatever is set locally.
    env: {
      ...process.env,
      TEXTKEEP_OUT_DIR: outDir,
      VITE_MSAL_CLIENT_ID: TEST_CLIENT_ID,
      VITE_MSAL_AUTHORITY: '',
      VITE_MSAL_REDIRECT_URI: '',
    },
  });
  return outDir;
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Serves a build with `vite preview` on a free port; `url` is its origin (localhost, a secure context). */
export async function serveBuild(outDir = microsoftBuildDir()) {
  const port = await freePort();
  const server = await preview({
    build: { outDir },
    preview: { port, strictPort: true, host: 'localhost' },
    logLevel: 'error',
  });
  return {
    url: `http://localhost:${String(port)}`,
    close: () => new Promise((resolve) => server.httpServer.close(resolve)),
  };
}
