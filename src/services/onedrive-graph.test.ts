import { describe, expect, it } from 'vitest';
import { GraphClient, GraphError, OfflineError, retryAfterMs, throttledFetch } from './onedrive-graph';

const GRAPH = 'https://graph.microsoft.com/v1.0';

/** A fetch that answers from a list, and records what it was asked. */
function scripted(responses: (() => Response)[]) {
  const calls: { url: string; headers: Headers }[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    calls.push({
      url: input instanceof Request ? input.url : input instanceof URL ? input.href : input,
      headers: new Headers(init?.headers),
    });
    const next = responses.shift();
    return next ? Promise.resolve(next()) : Promise.reject(new TypeError('Failed to fetch'));
  };
  return { fetch, calls };
}

const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json', ...headers },
    });

describe('retryAfterMs', () => {
  it.each([
    ['5', 5_000],
    ['0', 0],
    ['Wed, 21 Oct 2015 07:28:10 GMT', 10_000],
    [null, undefined],
    ['soon', undefined],
  ])('reads %s as %s ms', (header, expected) => {
    expect(retryAfterMs(header, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(expected);
  });
});

describe('throttledFetch', () => {
  it('waits as Retry-After says on 429 and 503, then returns the answer', async () => {
    const { fetch, calls } = scripted([
      json({}, 429, { 'Retry-After': '3' }),
      json({}, 503, { 'Retry-After': '1' }),
      json({ ok: true }),
    ]);
    const waits: number[] = [];
    const response = await throttledFetch(
      `${GRAPH}/me`,
      {},
      { fetch, wait: (ms) => (waits.push(ms), Promise.resolve()) },
    );
    expect(response.status).toBe(200);
    expect(waits).toEqual([3_000, 1_000]);
    expect(calls).toHaveLength(3);
  });

  it('backs off a few seconds, doubling, when Retry-After cannot be read', async () => {
    const { fetch } = scripted([json({}, 429), json({}, 429), json({ ok: true })]);
    const waits: number[] = [];
    await throttledFetch(`${GRAPH}/me`, {}, { fetch, wait: (ms) => (waits.push(ms), Promise.resolve()) });
    expect(waits).toEqual([3_000, 6_000]);
  });

  it('says "offline" when the request cannot be made', async () => {
    const { fetch } = scripted([]);
    await expect(throttledFetch(`${GRAPH}/me`, {}, { fetch })).rejects.toBeInstanceOf(OfflineError);
  });
});

describe('GraphClient', () => {
  it('follows @odata.nextLink through every page, with the bearer token', async () => {
    const { fetch, calls } = scripted([
      json({ value: [1, 2], '@odata.nextLink': `${GRAPH}/me/drive/root/children?$skiptoken=2` }),
      json({ value: [3] }),
    ]);
    const client = new GraphClient(() => Promise.resolve('t0ken'), { fetch });
    expect(await client.all(`${GRAPH}/me/drive/root/children`)).toEqual([1, 2, 3]);
    expect(calls.map((c) => c.headers.get('Authorization'))).toEqual(['Bearer t0ken', 'Bearer t0ken']);
    expect(calls[1]?.url).toBe(`${GRAPH}/me/drive/root/children?$skiptoken=2`);
  });

  it('never follows a link away from Graph', async () => {
    const { fetch, calls } = scripted([json({ value: [1], '@odata.nextLink': 'https://evil.example/next' })]);
    const client = new GraphClient(() => Promise.resolve('t0ken'), { fetch });
    await expect(client.all(`${GRAPH}/me/drive/root/children`)).rejects.toThrow(/Only Microsoft Graph/);
    expect(calls).toHaveLength(1);
  });

  it('asks once for a fresh token when Graph refuses one', async () => {
    const { fetch, calls } = scripted([
      json({ error: { code: 'InvalidAuthenticationToken' } }, 401),
      json({ id: 'x' }),
    ]);
    const asked: boolean[] = [];
    const client = new GraphClient((fresh) => (asked.push(fresh), Promise.resolve(fresh ? 'new' : 'old')), {
      fetch,
    });
    expect(await client.get(`${GRAPH}/me/drive/items/x`)).toEqual({ id: 'x' });
    expect(asked).toEqual([false, true]);
    expect(calls[1]?.headers.get('Authorization')).toBe('Bearer new');
  });

  it("reports Graph's error code", async () => {
    const { fetch } = scripted([json({ error: { code: 'itemNotFound', message: 'gone' } }, 404)]);
    const client = new GraphClient(() => Promise.resolve('t'), { fetch });
    const error: unknown = await client.get(`${GRAPH}/me/drive/items/x`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 404, code: 'itemNotFound' });
  });
});
