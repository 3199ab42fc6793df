import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportItem, RawMessage } from '../formats/contract';
import { openTextkeepDb } from '../db/schema';
import { BLOCK_SIZE } from '../db/block-merge';
import { ImportWriter } from './import-writer';
import { Room } from './write-guard';

let n = 0;
const names: string[] = [];
afterEach(async () => {
  await Promise.all(names.splice(0).map((name) => deleteDB(name)));
});

async function freshDb() {
  const name = `writer-${String(++n)}`;
  names.push(name);
  return openTextkeepDb(name);
}

function sms(address: string, time: number, text: string, direction: 'in' | 'out' = 'in'): RawMessage {
  return {
    kind: 'message',
    time,
    direction,
    directionKnown: true,
    status: direction === 'in' ? 'received' : 'sent',
    others: [{ address }],
    ...(direction === 'in' ? { sender: address } : {}),
    text,
    attachments: [],
  };
}

const source = { importId: 1, format: 'test' };
const T0 = Date.UTC(2020, 0, 1);

/** A call-log entry as an importer emits it: a record with `call`, no text, no attachments. */
function call(address: string, time: number, type: 'missed' | 'outgoing', duration = 0): RawMessage {
  return {
    ...sms(address, time, '', type === 'outgoing' ? 'out' : 'in'),
    call: { type, duration },
  };
}

describe('ImportWriter', () => {
  it('after the first flush, flushes again when 2 s have passed', async () => {
    const db = await freshDb();
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => clock);
    try {
      const writer = new ImportWriter(db, 'US');
      await writer.init();
      await writer.add([sms('+12025550123', T0, 'a')], source);
      await writer.flush();
      const stored = async () => (await db.getAll('conversations')).map((c) => c.messageCount);
      // flush() above wrote the first one; from here, only the clock may start a flush.
      await writer.add([sms('+12025550123', T0 + 1, 'b')], source);
      clock = 1_900;
      await writer.add([sms('+12025550123', T0 + 2, 'c')], source);
      expect(await stored()).toEqual([1]);
      clock = 2_100;
      await writer.add([sms('+12025550123', T0 + 3, 'd')], source);
      // add() starts the flush and goes on: wait for it to commit, without flushing from here.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await stored()).toEqual([4]);
    } finally {
      now.mockRestore();
    }
    db.close();
  });

  it('commits the first messages it is given before add() returns, so the list shows them at once', async () => {
    const db = await freshDb();
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => clock);
    try {
      const writer = new ImportWriter(db, 'US');
      await writer.init();
      // No time has passed, no count or size is reached: the first batch is written all the same, whole.
      await writer.add([sms('+12025550123', T0, 'a'), sms('+12025550188', T0 + 1, 'b')], source);
      expect((await db.getAll('conversations')).map((c) => c.messageCount)).toEqual([1, 1]);
      // The next ones wait for the clock.
      await writer.add([sms('+12025550123', T0 + 2, 'c')], source);
      clock = 200;
      await writer.add([sms('+12025550123', T0 + 3, 'd')], source);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await db.getAll('conversations')).map((c) => c.messageCount)).toEqual([1, 1]);
    } finally {
      now.mockRestore();
    }
    db.close();
  });

  it('stores calls in their number’s conversation, counted apart from messages, deduped as calls', async () => {
    const db = await freshDb();
    const writer = new ImportWriter(db, 'US');
    await writer.init();
    await writer.add(
      [
        sms('+12025550123', T0, ''),
        // The same second as an empty message: a call is never taken for a message, nor the reverse.
        call('(202) 555-0123', T0, 'missed'),
        call('+12025550123', T0 + 60_000, 'outgoing', 720),
        // A person with calls and no messages gets a conversation.
        call('+12025550188', T0 + 120_000, 'missed'),
      ],
      source,
    );
    await writer.add(
      [call('+12025550123', T0 + 60_000, 'outgoing', 720), call('+12025550123', T0 + 60_000, 'outgoing', 30)],
      { importId: 2, format: 'test' },
    );
    await writer.finish();
    // The second import: the same call is a duplicate; a call of another length at that second is not.
    expect(writer.committedFor(2)).toEqual({ added: 0, calls: 1, duplicates: 1 });
    expect(writer.counts).toEqual({ added: 1, calls: 4, duplicates: 1 });
    const conversations = await db.getAll('conversations');
    expect(conversations.map((c) => [c.key, c.messageCount, c.callCount, c.lastSnippet]).sort()).toEqual([
      ['+12025550123', 1, 3, 'Outgoing call · 12 min'],
      ['+12025550188', 0, 1, 'Missed call'],
    ]);
    const blocks = await db.getAll('messageBlocks');
    const entries = blocks.flatMap((b) => b.messages);
    expect(entries.filter((m) => m.call).map((m) => [m.call?.type, m.call?.duration, m.direction])).toEqual([
      ['missed', 0, 'in'],
      ['outgoing', 30, 'out'],
      ['outgoing', 720, 'out'],
      ['missed', 0, 'in'],
    ]);
    // Calls have no words to index: search holds the messages only.
    expect((await db.getAll('searchSegments')).reduce((n, s) => n + s.conversation.length, 0)).toBe(0);
    db.close();
  });

  it('keeps a sender name spelled in several letter cases in one conversation, titled as seen most', async () => {
    const db = await freshDb();
    const writer = new ImportWriter(db, 'US');
    await writer.init();
    const spellings = ['Telstra', 'TELSTRA', 'TELSTRA', 'telstra', 'TELSTRA'];
    await writer.add(
      spellings.map((address, i) => sms(address, T0 + i * 60_000, `m${String(i)}`)),
      source,
    );
    await writer.finish();
    const conversations = await db.getAll('conversations');
    expect(conversations.map((c) => [c.title, c.messageCount])).toEqual([['TELSTRA', 5]]);
    db.close();
  });

  it("stores the phone's offset, and a copy with another offset is still a duplicate", async () => {
    const db = await freshDb();
    const writer = new ImportWriter(db, 'US');
    await writer.init();
    await writer.add(
      [
        { ...sms('+12025550123', T0, 'a'), offset: -300 },
        { ...sms('+12025550123', T0 + 60_000, 'b'), offset: 99_999 },
      ],
      source,
    );
    await writer.add([{ ...sms('+12025550123', T0, 'a'), offset: 60 }], { importId: 2, format: 'test' });
    await writer.finish();
    expect(writer.counts).toEqual({ added: 2, calls: 0, duplicates: 1 });
    const blocks = await db.getAll('messageBlocks');
    expect(blocks.flatMap((b) => b.messages.map((m) => [m.text, m.offset]))).toEqual([
      ['a', -300],
      ['b', undefined],
    ]);
    db.close();
  });

  it('says how many messages it could not place (no address is one), so the import counts add up', async () => {
    const db = await freshDb();
    const writer = new ImportWriter(db, 'US');
    await writer.init();
    const unplaced = await writer.add(
      [
        sms('+12025550123', T0, 'a'),
        sms('null', T0 + 1, 'b'),
        sms('  ', T0 + 2, 'c'),
        sms('+12025550123', T0 + 3, 'd'),
      ],
      source,
    );
    await writer.finish();
    expect(unplaced).toBe(2);
    expect(writer.counts).toEqual({ added: 2, calls: 0, duplicates: 0 });
    db.close();
  });

  it('keeps each conversation in time-ordered blocks, whatever order messages arrive in', async () => {
    const db = await freshDb();
    const writer = new ImportWriter(db, 'US');
    await writer.init();
    // Every third minute first, then the ones in between: the second pass lands inside stored blocks.
    const first: ImportItem[] = [];
    const second: ImportItem[] = [];
    for (let i = 0; i < 1800; i++)
      (i % 3 === 0 ? first : second).push(sms('+12025550123', T0 + i * 60_000, `m${String(i)}`));
    await writer.add(first, source);
    await writer.flush();
    await writer.add(second.reverse(), source);
    await writer.finish();

    const blocks = await db.getAll('messageBlocks');
    const times = blocks.flatMap((b) => b.messages.map((m) => m.time));
    expect(times).toHaveLength(1800);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    for (const block of blocks) {
      expect(block.messages.length).toBeLessThanOrEqual(BLOCK_SIZE);
      expect(block.startTime).toBe(block.messages[0]?.time);
      expect(block.endTime).toBe(block.messages.at(-1)?.time);
    }
    const [conversation] = await db.getAll('conversations');
    expect(conversation).toMatchObject({
      messageCount: 1800,
      lastTime: T0 + 1799 * 60_000,
      lastSnippet: 'm1799',
    });
    db.close();
  });

  it('adds nothing twice: within one import, across imports, and across spellings of a number', async () => {
    const db = await freshDb();
    const a = new ImportWriter(db, 'US');
    await a.init();
    await a.add(
      [sms('+12025550123', T0, 'hi'), sms('(202) 555-0123', T0 + 400, 'hi'), sms('+12025550123', T0, 'yo')],
      source,
    );
    await a.finish();
    expect(a.counts).toEqual({ added: 2, calls: 0, duplicates: 1 });

    const b = new ImportWriter(db, 'US');
    await b.init();
    await b.add([sms('2025550123', T0, ' hi '), sms('+12025550123', T0 + 1000, 'hi')], source);
    await b.finish();
    expect(b.counts).toEqual({ added: 1, calls: 0, duplicates: 1 });
    expect(await db.count('conversations')).toBe(1);
    db.close();
  });

  it('never merges the same text sent to two numbers', async () => {
    const db = await freshDb();
    const writer = new ImportWriter(db, 'US');
    await writer.init();
    await writer.add(
      [sms('+12025550123', T0, 'Happy new year!', 'out'), sms('+12025550124', T0, 'Happy new year!', 'out')],
      source,
    );
    await writer.finish();
    expect(writer.counts).toEqual({ added: 2, calls: 0, duplicates: 0 });
    expect(await db.count('conversations')).toBe(2);
    db.close();
  });

  it('stores media once per hash and only when a message refers to it', async () => {
    const db = await freshDb();
    const writer = new ImportWriter(db, 'US');
    await writer.init();
    const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });
    const media = (hash: string): ImportItem => ({
      kind: 'media',
      hash,
      type: 'image/png',
      size: 3,
      data: blob,
    });
    const withPicture = (time: number, hash: string): RawMessage => ({
      ...sms('+12025550123', time, ''),
      attachments: [{ type: 'image/png', size: 3, mediaKey: hash }],
    });
    await writer.add(
      [media('aa'), withPicture(T0, 'aa'), media('aa'), withPicture(T0 + 5000, 'aa'), media('orphan')],
      source,
    );
    await writer.finish();
    expect(await db.getAllKeys('media')).toEqual(['aa']);
    const [conversation] = await db.getAll('conversations');
    expect(conversation?.lastSnippet).toBe('Photo');
    db.close();
  });

  it('names conversations from an address book read after the messages', async () => {
    const db = await freshDb();
    const writer = new ImportWriter(db, 'US');
    await writer.init();
    await writer.add([sms('+12025550123', T0, 'hello')], source);
    await writer.flush();
    await writer.add([{ kind: 'contact', address: '(202) 555-0123', name: 'Grace Hopper' }], source);
    await writer.finish();
    const [conversation] = await db.getAll('conversations');
    expect(conversation?.title).toBe('Grace Hopper');
    db.close();
  });
});

describe('ImportWriter blocks', () => {
  /** Counts reads of stored message blocks (the records a flush would otherwise read back). */
  function countBlockReads(): { reads: () => number; restore: () => void } {
    let reads = 0;
    const proto = IDBObjectStore.prototype;
    const get = Object.getOwnPropertyDescriptor(proto, 'get');
    Object.defineProperty(proto, 'get', {
      configurable: true,
      writable: true,
      value(this: IDBObjectStore, query: IDBValidKey | IDBKeyRange): IDBRequest {
        if (this.name === 'messageBlocks') reads++;
        return (get?.value as (this: IDBObjectStore, q: IDBValidKey | IDBKeyRange) => IDBRequest).call(
          this,
          query,
        );
      },
    });
    return {
      reads: () => reads,
      restore: () => {
        if (get) Object.defineProperty(proto, 'get', get);
      },
    };
  }

  async function stored(db: Awaited<ReturnType<typeof freshDb>>) {
    const blocks = await db.getAll('messageBlocks');
    const times = blocks.flatMap((b) => b.messages.map((m) => m.time));
    const [conversation] = await db.getAll('conversations');
    return { sizes: blocks.map((b) => b.messages.length), times, count: conversation?.messageCount ?? 0 };
  }

  const number = '+12025550123';
  const run = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => sms(number, T0 + (from + i) * 60_000, `m${String(from + i)}`));

  it('keeps a conversation’s open block across several flushes: each flush commits, none reads back', async () => {
    const db = await freshDb();
    const writer = new ImportWriter(db, 'US');
    await writer.init();
    const counter = countBlockReads();
    try {
      for (let f = 0; f < 4; f++) {
        await writer.add(run(f * 150, 150), source);
        await writer.flush();
        // Everything read so far is stored and counted after each flush, in time order.
        const now = await stored(db);
        expect(now.count).toBe((f + 1) * 150);
        expect(now.times).toEqual(run(0, (f + 1) * 150).map((m) => m.time));
      }
      await writer.finish();
      expect(counter.reads()).toBe(0);
    } finally {
      counter.restore();
    }
    // At the end the fragments are whole blocks: 600 messages in one full block and one open one.
    const end = await stored(db);
    expect(end.sizes).toEqual([BLOCK_SIZE, 600 - BLOCK_SIZE]);
    expect(end.count).toBe(600);
    db.close();
  });

  it('leaves a consistent conversation when the tab dies between flushes, and the next import completes it', async () => {
    const db = await freshDb();
    const crashed = new ImportWriter(db, 'US');
    await crashed.init();
    await crashed.add(run(0, 120), source);
    await crashed.flush();
    await crashed.add(run(120, 130), source);
    await crashed.flush();
    // Read but never flushed: lost with the tab, and never counted.
    await crashed.add(run(250, 40), source);
    // The tab is gone here: no finish().

    const left = await stored(db);
    expect(left.count).toBe(250);
    expect(left.times).toEqual(run(0, 250).map((m) => m.time));
    expect(left.sizes.reduce((a, b) => a + b, 0)).toBe(250);

    // The same file again, now whole: what was stored is a duplicate, the rest is new.
    const again = new ImportWriter(db, 'US');
    await again.init();
    await again.add(run(0, 700), source);
    await again.finish();
    expect(again.counts).toEqual({ added: 450, calls: 0, duplicates: 250 });
    const end = await stored(db);
    expect(end.count).toBe(700);
    expect(end.times).toEqual(run(0, 700).map((m) => m.time));
    db.close();
  });

  it('on Cancel, stops a flush waiting on the disk probe at once; what was not committed is not counted', async () => {
    const db = await freshDb();
    let probing: AbortSignal | undefined;
    // A probe as slow as a real one on a busy disk: it answers only when stopped.
    const held = {
      grow: (_bytes: number, signal: AbortSignal) =>
        new Promise<number>((resolve) => {
          probing = signal;
          signal.addEventListener('abort', () => resolve(0));
        }),
      give: () => undefined,
      release: () => Promise.resolve(),
    };
    const room = new Room(() => Promise.resolve({ usage: 0, quota: 1024 ** 3 }), held);
    const writer = new ImportWriter(db, 'US', undefined, room);
    await writer.init();
    await writer.add(run(0, 200), source); // the first flush, through on the estimate
    // Over the early allowance: this flush waits for the probe.
    await writer.add(
      run(200, 2_000).map((m, i) => ({ ...m, text: `${String(i)} ${'x'.repeat(4_000)}` })),
      source,
    );
    await writer.add(run(2_200, 10), source);
    const started = performance.now();
    await writer.cancel();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(probing?.aborted).toBe(true);
    expect(writer.committed).toEqual({ added: 200, calls: 0, duplicates: 0 });
    const left = await stored(db);
    expect(left.count).toBe(200);
    expect(left.sizes.reduce((a, b) => a + b, 0)).toBe(200);

    // Importing again brings exactly the rest.
    const again = new ImportWriter(db, 'US');
    await again.init();
    await again.add(run(0, 2_210), source);
    await again.finish();
    expect(again.counts).toEqual({ added: 2_010, calls: 0, duplicates: 200 });
    expect((await stored(db)).count).toBe(2_210);
    db.close();
  });

  it('on Cancel, a flush being written is either all stored and counted or not at all', async () => {
    for (const wait of [0, 1, 5, 20]) {
      const db = await freshDb();
      const writer = new ImportWriter(db, 'US');
      await writer.init();
      await writer.add(run(0, 200), source);
      await writer.add(run(200, 1_500), source);
      const flushing = writer.flush();
      flushing.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, wait));
      await writer.cancel();
      const committed = writer.committed.added;
      expect([200, 1_700]).toContain(committed);
      const left = await stored(db);
      expect(left.count).toBe(committed);
      expect(left.times).toEqual(run(0, committed).map((m) => m.time));
      db.close();
    }
  });

  it('puts messages that come out of order into the open block in time order, from memory', async () => {
    const db = await freshDb();
    const writer = new ImportWriter(db, 'US');
    await writer.init();
    const counter = countBlockReads();
    try {
      await writer.add(run(100, 100), source);
      await writer.flush();
      // Earlier than everything stored, and later: the first go before the open block's first message.
      await writer.add([...run(0, 50), ...run(200, 50), ...run(50, 50)], source);
      await writer.flush();
      const mid = await stored(db);
      expect(mid.times).toEqual(run(0, 250).map((m) => m.time));
      await writer.finish();
      expect(counter.reads()).toBe(0);
    } finally {
      counter.restore();
    }
    const end = await stored(db);
    expect(end.sizes).toEqual([250]);
    expect(end.count).toBe(250);
    db.close();
  });

  it('reads a full stored block back only when new messages land inside it, all such reads at once', async () => {
    const db = await freshDb();
    const writer = new ImportWriter(db, 'US');
    await writer.init();
    const counter = countBlockReads();
    try {
      const every = run(0, 1200);
      await writer.add(
        every.filter((_, i) => i % 2 === 0),
        source,
      );
      await writer.flush();
      expect(counter.reads()).toBe(0);
      // Full blocks of the evens are stored; the odds fall inside them.
      await writer.add(
        every.filter((_, i) => i % 2 === 1),
        source,
      );
      await writer.finish();
      expect(counter.reads()).toBeGreaterThan(0);
    } finally {
      counter.restore();
    }
    const end = await stored(db);
    expect(end.times).toEqual(run(0, 1200).map((m) => m.time));
    expect(end.count).toBe(1200);
    db.close();
  });
});
