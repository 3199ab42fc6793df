/**
 * The members of a zip archive as streams, read in one pass over the archive's own stream (fflate's streaming
 * Unzip), with backpressure: the archive is read only as fast as the current member is consumed, so memory
 * stays bounded whatever the sizes. A consumer that stops reading a member must cancel its stream: the rest of
 * that member is then skipped without being inflated. A member that inflates like a zip bomb is stopped.
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

/** A member that inflated past `BOMB_MIN_BYTES` at more than `MAX_RATIO` times its compressed size. */
export class ZipBombError extends Error {
  constructor() {
    super('a zip member inflates too much');
    this.name = 'ZipBombError';
  }
}

/**
 * Deflate cannot pass about 1,032:1. Real archives stay far below this: message XML deflates about 11:1, and
 * one picture sent 3,000 times about 170:1. Only repeated filler (a zip bomb) gets near.
 */
export const MAX_RATIO = 500;
/** Below this much inflated, no ratio is suspicious: the memory and time are small whatever it is. */
const BOMB_MIN_BYTES = 64 << 20;
/**
 * Archive bytes go to the unzipper in slices this big: one push then inflates at most about 16 MB, and a
 * slice of tiny members never nests fflate's per-member recursion deep enough to overflow the stack.
 */
const PUSH_BYTES = 16 << 10;
/** How many decompressed bytes may wait for the consumer before the archive reading pauses. */
const MEMBER_QUEUE_BYTES = 1 << 20;
/**
 * How many members found but not yet taken by the consumer let the archive reading go on. Without this
 * bound, members that finish at once (tiny ones) would never pause the reading, and every member of the
 * archive would pile up here with its bytes.
 */
const WAITING_MEMBERS = 1;

interface Current {
  controller: ReadableStreamDefaultController<Uint8Array>;
  finished: boolean;
  cancelled: boolean;
  /** Compressed bytes handed to the member's inflater, and the bytes it gave back. */
  compressed: number;
  inflated: number;
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
  let resume: (() => void) | undefined;
  /** Lets the paused reading go on: the consumer read, cancelled or took a member, or stopped. */
  const release = (): void => {
    resume?.();
    resume = undefined;
  };
  /** Whether the reading must pause: members wait to be taken, or the current one has enough queued. */
  const mustWait = (): boolean => {
    if (isStopped()) return false;
    if (queue.length > WAITING_MEMBERS) return true;
    const member = current;
    if (!member || member.finished || member.cancelled) return false;
    return (member.controller.desiredSize ?? 1) <= 0;
  };

  /**
   * fflate's inflater for one member, made inside `file.start()` (just after `current` is set to that member):
   * it counts what goes in, and once the member's reader has cancelled it, it stops inflating.
   */
  class MemberInflate extends UnzipInflate {
    private readonly _member = current;
    override push(chunk: Uint8Array, final: boolean): void {
      const member = this._member;
      if (member && (member.cancelled || member.finished)) return;
      if (member) member.compressed += chunk.length;
      super.push(chunk, final);
    }
  }

  const unzip = new Unzip((file) => {
    if (file.name.endsWith('/')) return;
    if (file.compression !== 0 && file.compression !== 8) {
      // fflate would throw a TypeError on start(); say what it is instead.
      throw new UnsupportedZipMethodError(file.compression);
    }
    const member: Partial<Current> & Omit<Current, 'controller'> = {
      finished: false,
      cancelled: false,
      compressed: 0,
      inflated: 0,
    };
    const stream = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          member.controller = controller;
        },
        pull() {
          release();
        },
        cancel() {
          member.cancelled = true;
          release();
        },
      },
      { highWaterMark: MEMBER_QUEUE_BYTES, size: (chunk) => chunk.byteLength },
    );
    file.ondata = (error, data, final) => {
      const controller = member.controller;
      if (member.cancelled || member.finished || !controller) return;
      if (error) {
        member.finished = true;
        controller.error(error);
        return;
      }
      member.inflated += data.length;
      // Stored members (method 0) are as big as they are: only inflating can multiply.
      const bomb =
        file.compression === 8 &&
        member.inflated > BOMB_MIN_BYTES &&
        member.inflated > MAX_RATIO * member.compressed;
      if (bomb) {
        member.finished = true;
        controller.error(new ZipBombError());
        return;
      }
      if (data.length > 0) controller.enqueue(data);
      if (final) {
        member.finished = true;
        controller.close();
      }
    };
    current = member as Current;
    trimMemberLists(unzip);
    file.start();
    queue.push({ name: file.name, stream });
    notify();
  });
  unzip.register(MemberInflate);

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
        for (let at = 0; at < value.length && !isStopped(); at += PUSH_BYTES) {
          unzip.push(value.subarray(at, at + PUSH_BYTES));
          while (mustWait()) await new Promise<void>((resolve) => (resume = resolve));
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
      release();
      if (next === null || next === undefined) break;
      if (next instanceof Error) throw next;
      yield next;
    }
  } finally {
    run.stopped = true;
    release();
    await pump;
  }
}

/**
 * fflate 0.8's Unzip adds a list to its private `k` for every member it finds (with `unshift`, which copies the
 * whole list) and only ever reads the newest two: an archive of 100,000 tiny members spent most of its time
 * there (quadratic). Dropping the older lists keeps it linear; if fflate changes, this does nothing.
 */
function trimMemberLists(unzip: Unzip): void {
  const internals = unzip as unknown as { k?: unknown };
  if (Array.isArray(internals.k) && internals.k.length > 2) internals.k.length = 2;
}
