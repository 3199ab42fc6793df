import { describe, expect, it } from 'vitest';
import { pulledStream } from '../workers/import-api';
import { chunkPuller } from './import';

/** A stream of the given chunks, then (with `fail`) an error. */
function source(chunks: number[][], fail?: DOMException) {
  let cancelled = false;
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[at++];
      if (next) controller.enqueue(new Uint8Array(next));
      else if (fail) controller.error(fail);
      else controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<number[]> {
  const out: number[] = [];
  for await (const chunk of stream) out.push(...chunk);
  return out;
}

describe('streams pulled chunk by chunk (browsers that cannot transfer a stream to the worker)', () => {
  it('arrive whole, each input by its index', async () => {
    const a = source([[1, 2], [3]]);
    const b = source([[9]]);
    const pull = chunkPuller([a.stream, b.stream]);
    expect(await bytesOf(pulledStream(1, pull))).toEqual([9]);
    expect(await bytesOf(pulledStream(0, pull))).toEqual([1, 2, 3]);
  });

  it('keep the name of the error that ended the download', async () => {
    const broken = source([[1]], new DOMException('lost', 'NetworkError'));
    const error: unknown = await bytesOf(pulledStream(0, chunkPuller([broken.stream]))).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'NetworkError', message: 'lost' });
  });

  it('cancel the page-side stream when the worker cancels', async () => {
    const waiting = source([[1], [2], [3]]);
    const reader = pulledStream(0, chunkPuller([waiting.stream])).getReader();
    await reader.read();
    await reader.cancel();
    expect(waiting.cancelled()).toBe(true);
  });
});
