import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { RawMessage } from '../formats/contract';
import { ImportRepository } from '../db/imports';
import { openTextkeepDb } from '../db/schema';
import { ImportWriter } from './import-writer';
import { RESERVE_BYTES, Room, StorageFullError, WriterPreemptedError, type HeldRoom } from './write-guard';
import { sms } from '../../test-support/messages';

/** A held room on a disk that has `free()` bytes outside it; `asked` sums what looks asked to hold. */
function heldOn(free: () => number): HeldRoom & { held: number; asked: number } {
  const disk = {
    held: 0,
    asked: 0,
    grow(bytes: number) {
      disk.asked += bytes;
      disk.held += Math.max(0, Math.min(bytes, free()));
      return Promise.resolve(disk.held);
    },
    give(bytes: number) {
      disk.held = Math.max(0, disk.held - bytes);
    },
    release() {
      disk.held = 0;
      return Promise.resolve();
    },
  };
  return disk;
}

let n = 0;
const names: string[] = [];
afterEach(async () => {
  await Promise.all(names.splice(0).map((name) => deleteDB(name)));
});

async function freshDb() {
  const name = `guard-${String(++n)}`;
  names.push(name);
  return openTextkeepDb(name);
}

const T0 = Date.UTC(2021, 0, 1);
const batch = (from: number, count: number, address = '+12025550123'): RawMessage[] =>
  Array.from({ length: count }, (_, i) => sms(address, T0 + (from + i) * 60_000, `m${String(from + i)}`));

async function record(db: Awaited<ReturnType<typeof freshDb>>, fileName: string): Promise<number> {
  return db.add('imports', {
    fileName,
    size: 1,
    format: 'test',
    startedAt: Date.now(),
    status: 'running',
    added: 0,
    duplicates: 0,
    skipped: [],
  });
}

async function storedMessages(db: Awaited<ReturnType<typeof freshDb>>): Promise<string[]> {
  return (await db.getAll('messageBlocks')).flatMap((b) => b.messages.map((m) => m.id));
}

describe('one writer at a time', () => {
  it('a writer whose claim was taken by a later one writes nothing more, and nothing is doubled', async () => {
    const db = await freshDb();
    const idA = await record(db, 'a.xml');
    const idB = await record(db, 'b.xml');
    const a = new ImportWriter(db, 'US');
    await a.init();
    await a.add(batch(0, 300), { importId: idA, format: 'test' });
    await a.flush();

    // An old tab (no lock) starts importing the same archive meanwhile: it claims the database.
    const b = new ImportWriter(db, 'US');
    await b.init();
    await a.add(batch(300, 300), { importId: idA, format: 'test' });
    await expect(a.flush()).rejects.toBeInstanceOf(WriterPreemptedError);
    await b.add(batch(0, 600), { importId: idB, format: 'test' });
    await b.finish();

    const ids = await storedMessages(db);
    expect(ids).toHaveLength(600);
    expect(new Set(ids).size).toBe(600);
    const [conversation] = await db.getAll('conversations');
    expect(conversation?.messageCount).toBe(600);
    // Each import's record holds what it committed, and the writers say the same.
    expect(a.committed).toEqual({ added: 300, calls: 0, duplicates: 0 });
    expect(b.committedFor(idB)).toEqual({ added: 300, calls: 0, duplicates: 300 });
    expect(await db.get('imports', idA)).toMatchObject({ added: 300, duplicates: 0 });
    expect(await db.get('imports', idB)).toMatchObject({ added: 300, duplicates: 300 });
    db.close();
  });

  it('a conversation count is derived from what is stored, not from what the writer last saw', async () => {
    const db = await freshDb();
    const id = await record(db, 'a.xml');
    const writer = new ImportWriter(db, 'US');
    await writer.init();
    await writer.add(batch(0, 10), { importId: id, format: 'test' });
    await writer.flush();
    // Someone else's count in the stored summary (as a writer of an older version could leave it).
    const [stored] = await db.getAll('conversations');
    if (!stored) throw new Error('no conversation');
    await db.put('conversations', { ...stored, messageCount: 25 });
    await writer.add(batch(10, 5), { importId: id, format: 'test' });
    await writer.finish();
    expect((await db.get('conversations', stored.key))?.messageCount).toBe(30);
    db.close();
  });
});

describe('a nearly full disk', () => {
  it('lets the first small flushes through while the disk probe runs, and waits for it before more', async () => {
    let answer: (bytes: number) => void = () => undefined;
    const probed = new Promise<number>((resolve) => (answer = resolve));
    const room = new Room(() => Promise.resolve({ usage: 0, quota: 1024 ** 3 }), {
      grow: () => probed,
      give: () => undefined,
      release: () => Promise.resolve(),
    });
    void room.begin();
    // 1 MB of values (2 MB on disk) goes in before the probe answers…
    await room.take(1 << 20);
    // …a 48 MB flush waits for it, and the disk it finds is too small: stopped, with a true figure.
    let settled = false;
    const big = room.take(48 << 20).then(
      () => (settled = true),
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    answer(RESERVE_BYTES + (10 << 20));
    const error = await big;
    expect(error).toBeInstanceOf(StorageFullError);
    // 96 MB needed on disk, 10 MB held beyond the reserve, and a second look finds no more.
    expect((error as StorageFullError).neededBytes).toBe((96 << 20) - (10 << 20));
  });

  it('proves each byte of room once: the room held is cut down as flushes take it, not written afresh', async () => {
    const disk = heldOn(() => Number.MAX_SAFE_INTEGER);
    const room = new Room(() => Promise.resolve({ usage: 0, quota: 1024 ** 4 }), disk);
    await room.begin();
    // 100 flushes of 2 MB of values: 400 MB on disk.
    for (let i = 0; i < 100; i++) await room.take(2 << 20);
    // Held: what the flushes took, plus the reserve, plus at most one look's worth still unused.
    expect(disk.asked).toBeLessThanOrEqual((400 << 20) + RESERVE_BYTES + (64 << 20) + (4 << 20));
    expect(disk.held).toBe(disk.asked - (400 << 20));
    await room.release();
    expect(disk.held).toBe(0);
  });

  it('holds twice a flush of text for it, and about the size of its pictures for them', async () => {
    const disk = heldOn(() => Number.MAX_SAFE_INTEGER);
    const room = new Room(() => Promise.resolve({ usage: 0, quota: 1024 ** 4 }), disk);
    await room.begin();
    const before = disk.held;
    await room.take(8 << 20);
    expect(before - disk.held).toBe(16 << 20);
    await room.take(8 << 20, 8 << 20);
    expect(before - disk.held).toBe((16 << 20) + (10 << 20));
  });

  it('stops before a flush that would not fit, keeping everything committed before it', async () => {
    const db = await freshDb();
    const id = await record(db, 'a.xml');
    // The estimate says plenty; only the disk itself (as a probe finds it) knows it is filling up: each
    // flush uses 1 MB of the 3 MB beyond the reserve.
    let used = 0;
    const disk = heldOn(() => RESERVE_BYTES + (3 << 20) - used - disk.held);
    const writer = new ImportWriter(
      db,
      'US',
      () => (used += 1 << 20),
      new Room(() => Promise.resolve({ usage: 0, quota: 1024 ** 3 }), disk),
    );
    await writer.init();
    let error: unknown;
    for (let i = 0; i < 20 && !error; i++) {
      await writer.add(batch(i * 500, 500), { importId: id, format: 'test' });
      error = await writer.flush().catch((e: unknown) => e);
    }
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as StorageFullError).neededBytes).toBeGreaterThan(0);
    const stored = (await storedMessages(db)).length;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(10_000);
    expect(writer.committed.added).toBe(stored);
    expect(await db.get('imports', id)).toMatchObject({ added: stored });
    db.close();
  });

  it('writes in smaller flushes when room is short, so what fits is kept', async () => {
    const db = await freshDb();
    const id = await record(db, 'a.xml');
    let used = 0;
    const writer = new ImportWriter(
      db,
      'US',
      () => (used += 1),
      new Room(() => Promise.resolve({ usage: 0, quota: RESERVE_BYTES + 20 * 1024 * 1024 }), {
        grow: () => Promise.resolve(Number.POSITIVE_INFINITY),
        give: () => undefined,
        release: () => Promise.resolve(),
      }),
    );
    await writer.init();
    const media = new Uint8Array(600 * 1024);
    for (let i = 0; i < 40; i++) {
      media.fill(i);
      const hash = `h${String(i)}`;
      await writer.add(
        [
          { kind: 'media', hash, type: 'image/jpeg', size: media.byteLength, data: media.slice() },
          {
            ...sms('+12025550123', T0 + i * 60_000, ''),
            attachments: [{ type: 'image/jpeg', size: media.byteLength, mediaKey: hash }],
          },
        ],
        { importId: id, format: 'test' },
      );
    }
    await writer.finish();
    // 24 MB of pictures never wait for one 48 MB flush: with 20 MB of room they go in several.
    expect(used).toBeGreaterThan(1);
    expect(await db.count('media')).toBe(40);
    db.close();
  });
});

describe('imports found running at start-up', () => {
  it('are marked interrupted, with the counts they committed', async () => {
    const db = await freshDb();
    const id = await record(db, 'a.xml');
    const writer = new ImportWriter(db, 'US');
    await writer.init();
    await writer.add(batch(0, 50), { importId: id, format: 'test' });
    await writer.flush();
    // The tab crashed here: the record was never finished.
    expect(await new ImportRepository(db).markInterrupted()).toBe(1);
    expect(await db.get('imports', id)).toMatchObject({ status: 'interrupted', added: 50 });
    db.close();
  });
});
