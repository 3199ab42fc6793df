import { describe, expect, it } from 'vitest';
import { DownloadRefused, rangeHeader, resumableDownload, type OpenAt } from './onedrive-download';

const FILE = new Uint8Array(Array.from({ length: 10_000 }, (_, i) => i % 251));
const noWait = () => Promise.resolve();

/** A body of `bytes` in 1,000-byte chunks that, with `failAfter`, errors (the network drops) after that many. */
function body(bytes: Uint8Array, failAfter?: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (failAfter !== undefined && at >= failAfter) {
        controller.error(new TypeError('network error'));
        return;
      }
      if (at >= bytes.length) {
        controller.close();
        return;
      }
      const end = Math.min(bytes.length, at + 1000, failAfter ?? Infinity);
      controller.enqueue(bytes.slice(at, end));
      at = end;
    },
  });
}

/** A server for FILE: each answer as `plan` says for that request (by its order), honouring Range. */
function server(plan: ((offset: number) => Response | undefined)[]) {
  const asked: number[] = [];
  const open: OpenAt = (offset) => {
    asked.push(offset);
    const planned = plan[asked.length - 1]?.(offset);
    if (planned) return Promise.resolve(planned);
    if (offset === 0) return Promise.resolve(new Response(body(FILE), { status: 200 }));
    return Promise.resolve(
      new Response(body(FILE.slice(offset)), {
        status: 206,
        headers: {
          'Content-Range': `bytes ${String(offset)}-${String(FILE.length - 1)}/${String(FILE.length)}`,
        },
      }),
    );
  };
  return { open, asked };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

describe('resumableDownload', () => {
  it('reads a whole file in one request when nothing goes wrong', async () => {
    const { open, asked } = server([]);
    expect(await readAll(resumableDownload(open, FILE.length, { wait: noWait }))).toEqual(FILE);
    expect(asked).toEqual([0]);
  });

  it('after a drop, asks for the rest from the bytes delivered and goes on seamlessly', async () => {
    const { open, asked } = server([() => new Response(body(FILE, 4_500), { status: 200 })]);
    expect(await readAll(resumableDownload(open, FILE.length, { wait: noWait }))).toEqual(FILE);
    expect(asked).toEqual([0, 4_500]);
    expect(rangeHeader(4_500)).toEqual({ Range: 'bytes=4500-' });
  });

  it('passes over what it already delivered when the server sends the whole file again', async () => {
    const { open, asked } = server([
      () => new Response(body(FILE, 3_000), { status: 200 }),
      () => new Response(body(FILE), { status: 200 }),
    ]);
    expect(await readAll(resumableDownload(open, FILE.length, { wait: noWait }))).toEqual(FILE);
    expect(asked).toEqual([0, 3_000]);
  });

  it('resumes a body that ends early without an error', async () => {
    const { open, asked } = server([() => new Response(body(FILE.slice(0, 2_000)), { status: 200 })]);
    expect(await readAll(resumableDownload(open, FILE.length, { wait: noWait }))).toEqual(FILE);
    expect(asked).toEqual([0, 2_000]);
  });

  it('gives up after repeated failures, with a NetworkError that says so', async () => {
    const open: OpenAt = () => Promise.reject(new TypeError('Failed to fetch'));
    const waits: number[] = [];
    const stream = resumableDownload(open, FILE.length, {
      wait: (ms) => (waits.push(ms), Promise.resolve()),
    });
    const error: unknown = await readAll(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('NetworkError');
    expect((error as DOMException).message).toMatch(/could not be resumed/);
    expect(waits).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it('stops at once when the download is refused', async () => {
    const { open, asked } = server([() => new Response('no', { status: 403 })]);
    const error: unknown = await readAll(resumableDownload(open, FILE.length, { wait: noWait })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      name: 'NetworkError',
      message: 'OneDrive refused the download (HTTP 403).',
    });
    expect(asked).toEqual([0]);
    const refused: OpenAt = () => Promise.reject(new DownloadRefused('gone'));
    await expect(readAll(resumableDownload(refused, 1, { wait: noWait }))).rejects.toMatchObject({
      message: 'gone',
    });
  });

  it('asks for nothing until read, and aborts the request when cancelled', async () => {
    const signals: AbortSignal[] = [];
    const open: OpenAt = (_offset, signal) => {
      signals.push(signal);
      return Promise.resolve(new Response(body(FILE), { status: 200 }));
    };
    const stream = resumableDownload(open, FILE.length, { wait: noWait });
    await Promise.resolve();
    expect(signals).toHaveLength(0);
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    expect(signals[0]?.aborted).toBe(true);
  });

  it('ends with an AbortError at once when aborted from outside, even while the network stalls', async () => {
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(FILE.slice(0, 1000));
      },
    });
    const abort = new AbortController();
    const open: OpenAt = () => Promise.resolve(new Response(stalled, { status: 200 }));
    const reader = resumableDownload(open, FILE.length, { wait: noWait, signal: abort.signal }).getReader();
    await reader.read();
    const pending = reader.read();
    abort.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
