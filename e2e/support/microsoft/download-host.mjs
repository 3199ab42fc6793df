/**
 * A stand-in for OneDrive's download host (`public.bn.files.1drv.com`, as `@microsoft.graph.downloadUrl`
 * gives): pre-authorised URLs, no Authorization header wanted, Range (206), and faults on demand: a
 * connection cut mid-body, a slow or stalled body, 429 with Retry-After.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The download host, like OneDrive's. */
export const DOWNLOAD_HOST = 'public.bn.files.1drv.com';

/** The slices a slow download trickles in. */
const SLICE = 16 * 1024;

/** CORS for the page's origin: the headers it may send, and those it may read (`expose`). */
export function cors(req, res, expose) {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Accept, Content-Type, Range');
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
  res.setHeader('Access-Control-Expose-Headers', expose);
  res.setHeader('Vary', 'Origin');
}

/** The download host for the drive's files (`node(id)`), sharing the drive's throttles and request log. */
export function createDownloadHost({ node: find, throttles, log }) {
  const downloads = new Map(); // secret → node id
  const drops = [];
  /** name → bytes per second of its downloads (0: stalled). */
  const slows = new Map();
  const rateOf = (name) => slows.get(name);

  function handle(req, res) {
    cors(req, res, 'Content-Length, Content-Range, Accept-Ranges');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const url = new URL(req.url, `https://${DOWNLOAD_HOST}`);
    const secret = url.pathname.split('/')[1] ?? '';
    const id = downloads.get(secret);
    const node = id === undefined ? undefined : find(id);
    const range = req.headers.range;
    const entry = {
      at: Date.now(),
      kind: 'download',
      path: url.pathname,
      status: 0,
      range,
      authorization: req.headers.authorization,
      sent: 0,
    };
    log.push(entry);
    if (!node) {
      entry.status = 404;
      res.writeHead(404).end();
      return;
    }
    const throttle = throttles.find((t) => t.times > 0 && t.match.test(`download:${node.name}`));
    if (throttle) {
      throttle.times--;
      entry.status = throttle.status;
      res.writeHead(throttle.status, { 'Retry-After': String(throttle.retryAfter) }).end();
      return;
    }
    let start = 0;
    const m = /^bytes=(\d+)-$/.exec(range ?? '');
    if (m) start = Number(m[1]);
    if (start >= node.size && node.size > 0) {
      entry.status = 416;
      res.writeHead(416, { 'Content-Range': `bytes */${String(node.size)}` }).end();
      return;
    }
    entry.status = m ? 206 : 200;
    res.writeHead(entry.status, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(node.size - start),
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'no-store',
      ...(m
        ? { 'Content-Range': `bytes ${String(start)}-${String(node.size - 1)}/${String(node.size)}` }
        : {}),
    });
    res.on('close', () => {
      if (!res.writableFinished) entry.aborted = true;
    });
    const drop = drops.find((d) => d.times > 0 && d.name === node.name);
    const body = node.bytes
      ? [node.bytes.subarray(start)]
      : createReadStream(node.path, { start, highWaterMark: 256 * 1024 });
    const pump = async () => {
      for await (const chunk of body) {
        let part = chunk;
        if (drop && entry.sent + part.length > drop.afterBytes) {
          part = part.subarray(0, Math.max(0, drop.afterBytes - entry.sent));
          drop.times--;
          await new Promise((resolve) => res.write(part, resolve));
          entry.sent += part.length;
          entry.cut = true;
          // The network drops a moment later (the page has read what came): the rest of the body never comes.
          await new Promise((resolve) => setTimeout(resolve, drop.delayMs));
          req.socket.destroy();
          return;
        }
        if (rateOf(node.name) !== undefined) {
          // A slow connection: the body trickles in slices; at 0 bytes/s it stalls until changed.
          for (let at = 0; at < part.length && !res.destroyed;) {
            const rate = rateOf(node.name);
            if (rate === 0) {
              await new Promise((resolve) => setTimeout(resolve, 50));
              continue;
            }
            const slice = part.subarray(at, at + SLICE);
            await new Promise((resolve) => res.write(slice, resolve));
            entry.sent += slice.length;
            at += slice.length;
            if (rate) await new Promise((resolve) => setTimeout(resolve, (slice.length / rate) * 1000));
          }
          if (res.destroyed) return;
          continue;
        }
        if (!res.write(part)) await new Promise((resolve) => res.once('drain', resolve));
        entry.sent += part.length;
      }
      res.end();
    };
    pump().catch(() => req.socket.destroy());
  }

  return {
    /** A fresh download URL for a file. */
    urlFor(node) {
      const secret = `y4m${randomBytes(12).toString('base64url')}`;
      downloads.set(secret, node.id);
      return `https://${DOWNLOAD_HOST}/${secret}/${encodeURIComponent(node.name)}?download=1`;
    },
    /** The next download of `name` is cut after `afterBytes` bytes (the connection drops `delayMs` later). */
    drop({ name, afterBytes, times = 1, delayMs = 300 }) {
      drops.push({ name, afterBytes, times, delayMs });
    },
    /** Downloads of `name`, those running too, trickle at `bytesPerSecond` (0: stall) until `fast()`. */
    slow({ name, bytesPerSecond }) {
      slows.set(name, bytesPerSecond);
    },
    /** Downloads go at full speed again. */
    fast() {
      slows.clear();
    },
    reset() {
      downloads.clear();
      drops.length = 0;
      slows.clear();
    },
    handle,
  };
}
