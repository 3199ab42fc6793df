/**
 * A stand-in for Microsoft Graph's drive API, the documented subset the app uses: children by path
 * (`/me/drive/root:/a/b:/children`) and by id, items with `@microsoft.graph.downloadUrl` (served by
 * download-host.mjs), `search(q='…')`, `@odata.nextLink` paging, and 429 with Retry-After on demand. Every
 * request must carry a bearer token the identity stand-in issued and that is still valid.
 */
import { statSync } from 'node:fs';
import { cors, createDownloadHost } from './download-host.mjs';

const ROOT_ID = 'ROOT';

function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

const graphError = (code, message) => ({ error: { code, message } });

/** The drive stand-in. `drive.file(path, content)` and `drive.folder(path)` fill it. */
export function createGraph({ identity }) {
  const settings = { pageSize: 200, tokenMaxAgeSeconds: undefined };
  /** id → node; a node is { id, name, parentId, folder: true } or { id, name, parentId, size, modified, bytes?, path? } */
  const nodes = new Map();
  const throttles = [];
  /** Every request, Graph's and the download host's: { at, kind, path, status, token?, range?, … } */
  const log = [];
  const host = createDownloadHost({ node: (id) => nodes.get(id), throttles, log });
  let nextId = 1;

  const reset = () => {
    nodes.clear();
    throttles.length = 0;
    log.length = 0;
    host.reset();
    nodes.set(ROOT_ID, { id: ROOT_ID, name: 'root', parentId: undefined, folder: true });
    settings.pageSize = 200;
    settings.tokenMaxAgeSeconds = undefined;
  };
  reset();

  const childrenOf = (id) => [...nodes.values()].filter((n) => n.parentId === id);
  const pathOf = (node) => {
    const names = [];
    for (let n = node; n && n.id !== ROOT_ID; n = nodes.get(n.parentId)) names.unshift(n.name);
    return names.join('/');
  };
  const byPath = (path) => {
    let node = nodes.get(ROOT_ID);
    for (const name of path.split('/').filter(Boolean)) {
      node = childrenOf(node.id).find((c) => c.name.toLowerCase() === name.toLowerCase());
      if (!node) return undefined;
    }
    return node;
  };
  const ensureFolder = (path) => {
    let node = nodes.get(ROOT_ID);
    for (const name of path.split('/').filter(Boolean)) {
      let child = childrenOf(node.id).find((c) => c.name === name);
      if (!child) {
        child = { id: `F${String(nextId++)}`, name, parentId: node.id, folder: true };
        nodes.set(child.id, child);
      }
      node = child;
    }
    return node;
  };

  /** The driveItem JSON of a node, with a fresh download URL for files. */
  const item = (node) => {
    const parent = nodes.get(node.parentId);
    const json = {
      id: node.id,
      name: node.name,
      createdDateTime: new Date(node.modified ?? 0).toISOString(),
      lastModifiedDateTime: new Date(node.modified ?? 0).toISOString(),
      parentReference: parent
        ? {
            driveId: 'e2e',
            driveType: 'personal',
            id: parent.id,
            path: `/drive/root:${parent.id === ROOT_ID ? '' : `/${encodeURI(pathOf(parent))}`}`,
          }
        : undefined,
    };
    if (node.folder) return { ...json, size: 0, folder: { childCount: childrenOf(node.id).length } };
    return {
      ...json,
      size: node.size,
      file: { mimeType: node.name.endsWith('.zip') ? 'application/zip' : 'text/xml' },
      '@microsoft.graph.downloadUrl': host.urlFor(node),
    };
  };

  /** A page of a collection, with `@odata.nextLink` when more follow. */
  const collection = (req, url, items) => {
    const top = Math.min(
      Number(url.searchParams.get('$top') ?? settings.pageSize) || settings.pageSize,
      settings.pageSize,
    );
    const skip = Number(Buffer.from(url.searchParams.get('$skiptoken') ?? '', 'base64url').toString() || 0);
    const page = items.slice(skip, skip + top);
    const body = {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(driveItem)',
      value: page.map(item),
    };
    if (skip + top < items.length) {
      const token = Buffer.from(String(skip + top)).toString('base64url');
      body['@odata.nextLink'] =
        `https://graph.microsoft.com${url.pathname}?$top=${String(top)}&$skiptoken=${token}`;
    }
    return body;
  };

  const route = (url) => {
    const path = decodeURIComponent(url.pathname);
    let m;
    if (path === '/v1.0/me/drive/root/children') return { children: nodes.get(ROOT_ID) };
    if ((m = /^\/v1\.0\/me\/drive\/root:\/(.+?):?\/children$/.exec(path))) return { children: byPath(m[1]) };
    if ((m = /^\/v1\.0\/me\/drive\/items\/([^/]+)\/children$/.exec(path)))
      return { children: nodes.get(m[1]) };
    if ((m = /^\/v1\.0\/me\/drive\/root\/search\(q='(.*)'\)$/.exec(path)))
      return { search: m[1].replace(/''/g, "'") };
    if ((m = /^\/v1\.0\/me\/drive\/items\/([^/]+)$/.exec(path))) return { item: nodes.get(m[1]) };
    if ((m = /^\/v1\.0\/me\/drive\/root:\/(.+?):?$/.exec(path))) return { item: byPath(m[1]) };
    return undefined;
  };

  async function handle(req, res) {
    cors(req, res, 'Retry-After, request-id, client-request-id');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const url = new URL(req.url, 'https://graph.microsoft.com');
    const entry = {
      at: Date.now(),
      kind: 'graph',
      path: decodeURIComponent(url.pathname) + url.search,
      status: 0,
    };
    log.push(entry);
    const reply = (status, body, headers) => {
      entry.status = status;
      sendJson(res, status, body, headers);
    };
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    entry.token = bearer;
    const token = bearer ? await identity.accessToken(bearer) : undefined;
    const tooOld =
      token &&
      settings.tokenMaxAgeSeconds !== undefined &&
      Date.now() / 1000 - token.iat > settings.tokenMaxAgeSeconds;
    if (!token || tooOld) {
      reply(401, graphError('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'), {
        'WWW-Authenticate': 'Bearer realm="", error="invalid_token"',
      });
      return;
    }
    const throttle = throttles.find((t) => t.times > 0 && t.match.test(entry.path));
    if (throttle) {
      throttle.times--;
      reply(throttle.status, graphError('activityLimitReached', 'The request has been throttled.'), {
        'Retry-After': String(throttle.retryAfter),
      });
      return;
    }
    const target = route(url);
    if (!target) return reply(400, graphError('invalidRequest', 'Not part of the stand-in.'));
    if ('search' in target) {
      const q = target.search.toLowerCase();
      const found = [...nodes.values()].filter((n) => n.id !== ROOT_ID && n.name.toLowerCase().includes(q));
      return reply(200, collection(req, url, found));
    }
    const node = target.children ?? target.item;
    if (!node) return reply(404, graphError('itemNotFound', 'The resource could not be found.'));
    if (target.children) {
      if (!node.folder) return reply(400, graphError('invalidRequest', 'Not a folder.'));
      return reply(200, collection(req, url, childrenOf(node.id)));
    }
    return reply(200, item(node));
  }

  return {
    settings,
    log,
    reset,
    /** Adds a folder (and its parents). */
    folder(path) {
      ensureFolder(path);
    },
    /** Adds a file at `path` from bytes or from a file on disk, last modified at `modified` (ms). */
    file(path, { bytes, file, modified = Date.now() }) {
      const names = path.split('/');
      const name = names.pop();
      const parent = ensureFolder(names.join('/'));
      const size = bytes ? bytes.length : statSync(file).size;
      const node = {
        id: `I${String(nextId++)}`,
        name,
        parentId: parent.id,
        size,
        modified,
        bytes,
        path: file,
      };
      nodes.set(node.id, node);
      return node.id;
    },
    /**
     * The next `times` requests whose path matches (downloads as `download:<name>`) answer `status` (429)
     * with Retry-After `retryAfter` seconds.
     */
    throttle({ match, times = 1, retryAfter = 2, status = 429 }) {
      throttles.push({ match, times, retryAfter, status });
    },
    dropDownload: host.drop,
    slowDownload: host.slow,
    fast: host.fast,
    handle(req, res) {
      handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    },
    handleDownload: host.handle,
  };
}
