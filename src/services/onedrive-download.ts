/**
 * A OneDrive download as one byte stream that survives network drops: when the connection breaks, it asks
 * again with `Range: bytes=<delivered>-` and goes on where the importer stopped reading, so the importer never
 * sees the drop. A server that answers the whole file again (200) is skipped up to the same point instead.
 */
import { sleep } from './onedrive-graph';

/** Opens the download from byte `offset` (0: from the start, with no Range header). */
export type OpenAt = (offset: number, signal: AbortSignal) => Promise<Response>;

/** How many failed reconnections in a row end the download. */
const MAX_FAILURES = 6;
/** The first wait before reconnecting; it doubles, up to MAX_BACKOFF_MS. */
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/** The error a download ends with: named NetworkError, so the importer reports it as such. */
function downloadError(message: string): DOMException {
  return new DOMException(message, 'NetworkError');
}

/** A refusal that another try would not change (an opener throws it to end the download). */
export class DownloadRefused extends Error {
  override readonly name = 'DownloadRefused';
}

/** The first byte a 206 response holds, when the browser lets us read Content-Range. */
function rangeStart(response: Response): number | undefined {
  const match = /^bytes (\d+)-/.exec(response.headers.get('Content-Range') ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The request header that asks for the rest of a file from `offset`. */
export function rangeHeader(offset: number): Record<string, string> {
  return offset > 0 ? { Range: `bytes=${String(offset)}-` } : {};
}

/** The stream of a `size`-byte download opened by `open`; cancelling it, or `signal`, aborts the request. */
export function resumableDownload(
  open: OpenAt,
  size: number,
  options: { wait?: typeof sleep; signal?: AbortSignal } = {},
): ReadableStream<Uint8Array> {
  const wait = options.wait ?? sleep;
  const abort = new AbortController();
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let delivered = 0;
  let skip = 0;
  let failures = 0;
  // Aborted from outside (Cancel import): the request ends and the stream errors with an AbortError.
  options.signal?.addEventListener('abort', () => {
    abort.abort(options.signal?.reason);
    void reader?.cancel().catch(() => undefined);
  });

  const connect = async (): Promise<ReadableStreamDefaultReader<Uint8Array>> => {
    const response = await open(delivered, abort.signal);
    if (response.status === 206) {
      const start = rangeStart(response) ?? delivered;
      if (start > delivered)
        throw new DownloadRefused('OneDrive sent a part of the file that does not follow on.');
      skip = delivered - start;
    } else if (response.status === 200) {
      skip = delivered; // the whole file again: what the importer already has is passed over
    } else if (response.status === 416 && delivered >= size) {
      return new ReadableStream<Uint8Array>({ start: (c) => c.close() }).getReader();
    } else if (response.status >= 500) {
      throw new Error(`HTTP ${String(response.status)}`); // worth another try
    } else {
      throw new DownloadRefused(`OneDrive refused the download (HTTP ${String(response.status)}).`);
    }
    if (!response.body) throw new DownloadRefused('OneDrive sent no file.');
    return response.body.getReader();
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          try {
            reader ??= await connect();
            const { done, value } = await reader.read();
            if (done) {
              if (delivered >= size) {
                controller.close();
                return;
              }
              throw new Error('The download ended early.');
            }
            const chunk = skip > 0 ? value.subarray(Math.min(skip, value.byteLength)) : value;
            skip -= value.byteLength - chunk.byteLength;
            if (chunk.byteLength === 0) continue;
            delivered += chunk.byteLength;
            failures = 0;
            controller.enqueue(chunk);
            return;
          } catch (error) {
            if (abort.signal.aborted) throw new DOMException('The download was cancelled.', 'AbortError');
            if (error instanceof DownloadRefused) throw downloadError(error.message);
            void reader?.cancel().catch(() => undefined);
            reader = undefined;
            if (++failures > MAX_FAILURES) {
              throw downloadError(
                'The connection to OneDrive was lost and the download could not be resumed.',
              );
            }
            await wait(Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (failures - 1)), abort.signal);
          }
        }
      },
      cancel(reason) {
        abort.abort(reason);
        void reader?.cancel(reason).catch(() => undefined);
      },
    },
    // Nothing is fetched until the importer reads: files chosen together download one after another.
    { highWaterMark: 0 },
  );
}
