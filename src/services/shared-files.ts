/**
 * Files handed to Textkeep by the system: shared into it from another app (the service worker queues them in
 * a cache, src/sw.ts), or opened with it on the desktop (file_handlers, through window.launchQueue). Both end
 * in the same import as a chosen file.
 */

const SHARE_CACHE = 'textkeep-shared-files';

/** The queued shared files, oldest share first; each is removed from the queue as it is handed over. */
export async function takeSharedFiles(): Promise<File[]> {
  // Only what the service worker queued: opening the cache would create it, and "Delete all data" must leave
  // no cache behind.
  if (!('caches' in window) || !(await caches.has(SHARE_CACHE))) return [];
  const cache = await caches.open(SHARE_CACHE);
  const requests = await cache.keys();
  const entries = await Promise.all(
    requests.map(async (request) => ({ request, response: await cache.match(request) })),
  );
  const files: { at: number; order: string; file: File }[] = [];
  for (const { request, response } of entries) {
    if (!response) continue;
    const name = decodeURIComponent(response.headers.get('X-File-Name') ?? '') || 'shared file';
    const blob = await response.blob();
    files.push({
      at: Number(response.headers.get('X-Shared-At') ?? 0),
      order: new URL(request.url).pathname,
      file: new File([blob], name, { type: blob.type }),
    });
    await cache.delete(request);
  }
  if ((await cache.keys()).length === 0) await caches.delete(SHARE_CACHE);
  return files
    .sort((a, b) => a.at - b.at || a.order.localeCompare(b.order, undefined, { numeric: true }))
    .map((f) => f.file);
}

interface LaunchParams {
  files: readonly FileSystemFileHandle[];
}
interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}

/** Calls `onFiles` with the files the app was opened with ("Open with Textkeep"), where the browser does that. */
export function consumeLaunchedFiles(onFiles: (files: File[]) => void): void {
  const queue = (window as { launchQueue?: LaunchQueue }).launchQueue;
  queue?.setConsumer((params) => {
    if (params.files.length === 0) return;
    void Promise.all(params.files.map((handle) => handle.getFile())).then(onFiles, () => undefined);
  });
}
