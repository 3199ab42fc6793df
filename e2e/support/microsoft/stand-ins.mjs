/**
 * Starts the Microsoft stand-ins on one local https port: login.microsoftonline.com (the identity stand-in),
 * graph.microsoft.com and *.files.1drv.com (the drive stand-in), told apart by the Host header. Chromium is
 * launched with `hostResolverRules`, so the app's requests to those hosts, with the production configuration,
 * land here: real TLS, real streaming, real dropped connections, and no request reaches Microsoft.
 */
import { createServer } from 'node:https';
import { throwawayCertificate } from './certificate.mjs';
import { createGraph } from './graph.mjs';
import { createIdentity } from './identity.mjs';

/** The hosts the stand-ins answer for. */
export const MICROSOFT_HOSTS = ['login.microsoftonline.com', 'graph.microsoft.com', '*.files.1drv.com'];

/** Starts the stand-ins for an app whose sign-in comes back to `redirectUris`. */
export async function startMicrosoftStandIns({ clientId, redirectUris }) {
  const identity = await createIdentity({ clientId, redirectUris });
  const graph = createGraph({ identity });
  const server = createServer(throwawayCertificate(), (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    if (host === 'login.microsoftonline.com') identity.handle(req, res);
    else if (host === 'graph.microsoft.com') graph.handle(req, res);
    else if (host.endsWith('.files.1drv.com')) graph.handleDownload(req, res);
    else res.writeHead(421).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    identity,
    graph,
    /** Chromium's --host-resolver-rules value that sends the Microsoft hosts here. */
    hostResolverRules: MICROSOFT_HOSTS.map((host) => `MAP ${host} 127.0.0.1:${String(port)}`).join(','),
    /** Forgets what the last test did. */
    reset() {
      identity.reset();
      graph.reset();
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
