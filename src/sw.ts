/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
};

// The app shell and its assets, listed at build time by vite-plugin-pwa (injectManifest).
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every in-app navigation (a conversation's URL, a reload, an installed app opening) gets the shell, offline
// too. redirect.html (Microsoft sign-in) is served as itself, never replaced by the shell.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/redirect\.html/, /^\/samples\//, /^\/screenshots\//],
  }),
);

/** Where the manifest's share_target posts, and the cache shared files wait in until the page imports them. */
const SHARE_ACTION = '/share-target';
const SHARE_CACHE = 'textkeep-shared-files';

/**
 * An archive shared into Textkeep from another app (the manifest's share_target: a POST, multipart): the
 * files are kept in a cache, in order, and the app opens with `?shared=<id>` (303, so a reload does not post
 * again). The page imports them and empties the cache; if it never got to (closed at once), the next start
 * finds them still queued. Works offline: nothing here touches the network.
 */
async function receiveShare(request: Request): Promise<Response> {
  const id = `${String(Date.now())}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    const form = await request.formData();
    const files = form.getAll('archive').filter((value): value is File => value instanceof File);
    const cache = await caches.open(SHARE_CACHE);
    await Promise.all(
      files.map((file, index) =>
        cache.put(
          `/shared-files/${id}/${String(index)}`,
          new Response(file, {
            headers: {
              'Content-Type': file.type || 'application/octet-stream',
              // The name as given, percent-encoded: it is only ever shown, never used as a path.
              'X-File-Name': encodeURIComponent(file.name),
              'X-Shared-At': String(Date.now()),
            },
          }),
        ),
      ),
    );
    return Response.redirect(`/?shared=${files.length > 0 ? id : 'none'}`, 303);
  } catch {
    return Response.redirect('/?shared=failed', 303);
  }
}

self.addEventListener('fetch', (event: FetchEvent) => {
  const url = new URL(event.request.url);
  if (
    event.request.method === 'POST' &&
    url.origin === self.location.origin &&
    url.pathname === SHARE_ACTION
  ) {
    event.respondWith(receiveShare(event.request));
  }
});

// The first install takes control at once, so the page that installed it works offline without a reload.
self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

// An update waits until the person chooses "Reload" (registerType: 'prompt'): never in the middle of their work.
self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && 'type' in data && data.type === 'SKIP_WAITING') {
    void self.skipWaiting();
  }
});
