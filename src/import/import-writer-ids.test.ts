import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { RawMessage } from '../formats/contract';
import { openTextkeepDb } from '../db/schema';
import { ImportWriter } from './import-writer';

// Kept apart from import-writer.test.ts: the writer's opaque ids (issue 12) are one small, separate promise.
const NAME = 'writer-ids';
afterEach(async () => {
  await deleteDB(NAME);
});

function sms(address: string, time: number, text: string): RawMessage {
  return {
    kind: 'message',
    time,
    direction: 'in',
    directionKnown: true,
    status: 'received',
    others: [{ address, name: 'Zebulon Quux' }],
    sender: address,
    text,
    attachments: [],
  };
}

const T0 = Date.UTC(2020, 0, 1);

async function importOnce(messages: RawMessage[], importId: number): Promise<void> {
  const db = await openTextkeepDb(NAME);
  const writer = new ImportWriter(db, 'US');
  await writer.init();
  await writer.add(messages, { importId, format: 'test' });
  await writer.finish();
  db.close();
}

describe('the opaque ids the import writer gives new conversations', () => {
  it('are random, their own per conversation, and kept by later imports', async () => {
    await importOnce([sms('+12025550123', T0, 'a'), sms('+12025550124', T0, 'b')], 1);
    const db = await openTextkeepDb(NAME);
    const first = await db.getAll('conversations');
    db.close();
    expect(first).toHaveLength(2);
    for (const c of first) {
      expect(c.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(c.salt).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(c.id).not.toContain('2025550');
    }
    expect(new Set(first.flatMap((c) => [c.id, c.salt])).size).toBe(4);

    await importOnce([sms('+12025550123', T0 + 60_000, 'c'), sms('+12025550125', T0, 'd')], 2);
    const again = await openTextkeepDb(NAME);
    for (const c of first) {
      const now = await again.getFromIndex('conversations', 'byId', c.id);
      expect(now).toMatchObject({ key: c.key, id: c.id, salt: c.salt });
    }
    expect(await again.count('conversations')).toBe(3);
    again.close();
  });
});
