import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message, MessageBlock } from '../model/types';
import { MessageRepository, readMessages } from './messages';
import { openTextkeepDb } from './schema';

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await deleteDB(name);
});

const DAY = 86_400_000;
const T0 = Date.UTC(2021, 0, 1);

function message(n: number): Message {
  return {
    id: `m${String(n)}`,
    time: T0 + n * DAY,
    direction: 'in',
    status: 'received',
    sender: '',
    text: `day ${String(n)}`,
    attachments: [],
    source: { importId: 1, format: 'test' },
  };
}

function block(key: string, days: number[]): MessageBlock {
  const messages = days.map(message);
  const first = messages[0];
  const last = messages.at(-1);
  if (!first || !last) throw new Error('empty block');
  return { conversationKey: key, startTime: first.time, startId: first.id, endTime: last.time, messages };
}

describe('readMessages, the one range read of every export', () => {
  it('gives the messages of one conversation in the range, oldest first, across blocks', async () => {
    const name = `messages-${String(Math.random())}`;
    names.push(name);
    const db = await openTextkeepDb(name);
    // A block straddling each end of the range, one inside, one wholly outside, and another conversation.
    for (const b of [block('a', [0, 1, 2]), block('a', [3, 4]), block('a', [5, 6, 7]), block('a', [20, 21])])
      await db.put('messageBlocks', b);
    await db.put('messageBlocks', block('b', [2, 3, 4]));

    const range = { from: T0 + 2 * DAY, to: T0 + 6 * DAY };
    const texts = (await readMessages(db, 'a', range)).map((m) => m.text);
    expect(texts).toEqual(['day 2', 'day 3', 'day 4', 'day 5', 'day 6']);
    expect(await readMessages(db, 'a', {})).toHaveLength(10);
    expect(await readMessages(db, 'a', { from: T0 + 8 * DAY, to: T0 + 19 * DAY })).toEqual([]);
    expect((await new MessageRepository(db).inRange('b', { to: T0 + 3 * DAY })).map((m) => m.text)).toEqual([
      'day 2',
      'day 3',
    ]);
    db.close();
  });
});
