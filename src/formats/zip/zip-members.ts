/**
 * The members of a zip archive as streams, read in one pass over the archive's own stream (fflate's streaming
 * Unzip), with backpressure: the archive is read only as fast as the current member is consumed, so memory
 * stays bounded whatever the sizes. A consumer that stops reading a member must cancel its stream.
 */
import { Unzip, UnzipInflate } from 'fflate';

/** One file inside the archive. */
export interface ZipMember {
  name: string;
  stream: ReadableStream<Uint8Array>;
}

/** A member stored with a method other than stored (0) or deflate (8); 99 is AES encryption. */
export class UnsupportedZipMethodError extends Error {
  constructor(readonly method: number) {
    super(`zip method ${String(method)} is not supported`);
  }
}

/** How many decompressed chunks may wait for the consumer before the archive reading pauses. */
const MEMBER_QUEUE_CHUNKS = 8;

interface Current {
  controller: ReadableStreamDefaultController<Uint8Array>;
  finished: boolean;
  cancelled: boolean;
  release?: () => void;
}

/** Yields each file of the archive (directories skipped) in archive order. */
export async function* zipMembers(
  source: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<ZipMember> {
  const queue: (ZipMember | Error | null)[] = [];
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  let current: Current | undefined;
  // An object, not a boolean: the generator's `finally` sets it while the pump runs.
  const run = { stopped: false };
  const isStopped = (): boolean => run.stopped || signal?.aborted === true;

  const unzip = new Unzip((file) => {
    if (file.name.endsWith('/')) return;
    if (file.compression !== 0 && file.compression !== 8) {
      // fflate would throw a TypeError on start(); say what it is instead.
      throw new UnsupportedZipMethodError(file.compression);
    }
    const member: Partial<Current> & { finished: boolean; cancelled: boolean } = {
      finished: false,
      cancelled: false,
    };
    const stream = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          member.controller = controller;
        },
        pull() {
          member.release?.();
        },
        cancel() {
          member.cancelled = true;
          member.release?.();
        },
      },
      { highWaterMark: MEMBER_QUEUE_CHUNKS },
    );
    file.ondata = (error, data, final) => {
      const controller = member.controller;
      if (member.cancelled || !controller) return;
      if (error) {
        member.finished = true;
        controller.error(error);
        return;
      }
      if (data.length > 0) controller.enqueue(data);
      if (final) {
        member.finished = true;
        controller.close();
      }
    };
    current = member as Current;
    file.start();
    queue.push({ name: file.name, stream });
    notify();
  });
  unzip.register(UnzipInflate);

  const pump = (async () => {
    const reader = source.getReader();
    try {
      for (;;) {
        if (isStopped()) break;
        const { done, value } = await reader.read();
        if (done) {
          unzip.push(new Uint8Array(0), true);
          break;
        }
        unzip.push(value);
        for (;;) {
          const member = current;
          if (!member || member.finished || member.cancelled || isStopped()) break;
          if ((member.controller.desiredSize ?? 1) > 0) break;
          await new Promise<void>((resolve) => (member.release = resolve));
        }
      }
      queue.push(null);
    } catch (error) {
      queue.push(error instanceof Error ? error : new Error('The zip archive could not be read.'));
    } finally {
      reader.releaseLock();
      notify();
    }
  })();

  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const next = queue.shift();
      if (next === null || next === undefined) break;
      if (next instanceof Error) throw next;
      yield next;
    }
  } finally {
    run.stopped = true;
    current?.release?.();
    await pump;
  }
}

/** Reads the first `bytes` of a stream and returns them with a stream that still yields everything. */
export async function peek(
  stream: ReadableStream<Uint8Array>,
  bytes: number,
): Promise<{ head: Uint8Array; stream: ReadableStream<Uint8Array> }> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let ended = false;
  while (length < bytes) {
    const { done, value } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    chunks.push(value);
    length += value.byteLength;
  }
  const head = new Uint8Array(Math.min(length, bytes));
  let at = 0;
  for (const chunk of chunks) {
    if (at >= head.length) break;
    head.set(chunk.subarray(0, head.length - at), at);
    at += Math.min(chunk.byteLength, head.length - at);
  }
  const replay = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const first = chunks.shift();
      if (first) {
        controller.enqueue(first);
        return;
      }
      if (ended) {
        controller.close();
        return;
      }
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { head, stream: replay };
}
