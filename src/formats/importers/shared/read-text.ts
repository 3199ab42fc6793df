/** Streaming text from an archive's bytes, shared by the text-based importers. */
import type { ParseOptions } from '../../contract';
import { StreamingTextDecoder } from '../../text-encoding';

/**
 * Reads `source` chunk by chunk and yields each chunk decoded in the encoding its first bytes show (UTF-8 or
 * UTF-16, see text-encoding.ts; streaming, so a character split across chunks comes out whole; a leading BOM
 * is dropped). Reports the bytes read after each chunk and
 * returns early, without throwing, once `options.signal` is aborted: the check runs between chunks, and
 * the stream is cancelled so its source stops reading too.
 */
export async function* readText(
  source: ReadableStream<Uint8Array>,
  options: ParseOptions,
): AsyncGenerator<string, void, undefined> {
  const reader = source.getReader();
  const decoder = new StreamingTextDecoder();
  let bytesRead = 0;
  let finished = false;
  try {
    for (;;) {
      if (options.signal?.aborted) return;
      const { done, value } = await reader.read();
      if (done) break;
      bytesRead += value.byteLength;
      const text = decoder.decode(value);
      options.onProgress?.(bytesRead);
      if (options.signal?.aborted) return;
      yield text;
    }
    finished = true;
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    // Early exit (abort, a fatal error in the caller): stop the source rather than leave it reading.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
