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
