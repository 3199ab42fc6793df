/**
 * Microsoft Graph requests: a bearer token from the auth service, waits on 429/503 as Retry-After says,
 * one silent token refresh on 401, and `@odata.nextLink` paging. Only Graph URLs are ever requested.
 */
import { isGraphUrl } from './onedrive-config';

/** How many times one request is tried when Graph says "too many requests" or "unavailable". */
const MAX_ATTEMPTS = 6;
/** The wait when Graph throttles without a readable Retry-After (CORS may hide it), doubling each time. */
const FALLBACK_WAIT_MS = 3_000;
/** The longest single wait. */
const MAX_WAIT_MS = 60_000;

/** A Graph request that failed: its HTTP status and Graph's error code ("itemNotFound"…). */
export class GraphError extends Error {
  override readonly name = 'GraphError';
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`Microsoft Graph answered ${String(status)} ${code}`.trim());
  }
}

/** The connection failed (offline, or the network dropped). */
export class OfflineError extends Error {
  override readonly name = 'OfflineError';
  constructor() {
    super('No connection to Microsoft.');
  }
}

/** A page of a Graph collection. */
interface Page<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

/** Waits `ms`, or less if `signal` aborts (then rejects with its reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}

/** How long Retry-After asks to wait (seconds or an HTTP date), or undefined when unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait before attempt `attempt + 1` after a 429/503 `response`. */
export function throttleWait(response: Response, attempt: number): number {
  const asked = retryAfterMs(response.headers.get('Retry-After'));
  return Math.min(MAX_WAIT_MS, asked ?? FALLBACK_WAIT_MS * 2 ** attempt);
}

/** Gives a bearer token; `true` asks for a fresh one (the last one was refused). */
export type TokenSource = (forceRefresh: boolean) => Promise<string>;

/** Requests throttled and retried as Graph asks; any request of the app, download URLs included. */
export async function throttledFetch(
  url: string,
  init: RequestInit,
  options: { signal?: AbortSignal; fetch?: typeof fetch; wait?: typeof sleep } = {},
): Promise<Response> {
  const doFetch = options.fetch ?? fetch;
  const wait = options.wait ?? sleep;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await doFetch(url, { ...init, signal: options.signal ?? null });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new OfflineError();
    }
    if ((response.status !== 429 && response.status !== 503) || attempt + 1 >= MAX_ATTEMPTS) return response;
    await response.body?.cancel();
    await wait(throttleWait(response, attempt), options.signal);
  }
}

/** Graph's error code from an error response body, if it has one. */
async function graphCode(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'string' ? body.error.code : '';
  } catch {
    return '';
  }
}

/** A small Graph client for GET requests of JSON. */
export class GraphClient {
  constructor(
    private readonly _token: TokenSource,
    private readonly _options: { fetch?: typeof fetch; wait?: typeof sleep } = {},
  ) {}

  /** GETs one Graph resource as JSON. */
  async get<T>(url: string, signal?: AbortSignal): Promise<T> {
    if (!isGraphUrl(url)) throw new Error('Only Microsoft Graph is asked.');
    let response = await this._request(url, false, signal);
    if (response.status === 401) {
      await response.body?.cancel();
      response = await this._request(url, true, signal);
    }
    if (!response.ok) throw new GraphError(response.status, await graphCode(response));
    return (await response.json()) as T;
  }

  /** Every item of a Graph collection, page after page (`@odata.nextLink`). */
  async all<T>(url: string, signal?: AbortSignal): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = url;
    while (next) {
      const page: Page<T> = await this.get<Page<T>>(next, signal);
      items.push(...(page.value ?? []));
      next = page['@odata.nextLink'];
    }
    return items;
  }

  private async _request(url: string, fresh: boolean, signal?: AbortSignal): Promise<Response> {
    const token = await this._token(fresh);
    return throttledFetch(
      url,
      {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      },
      { ...this._options, ...(signal ? { signal } : {}) },
    );
  }
}
