import 'fake-indexeddb/auto';
import { deleteDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { conversationKey } from '../model/conversation-key';
import { dedupeKey, messageId } from '../model/dedupe';
import { newConversationSecrets } from '../model/opaque-id';
import type { Conversation, Message, Participant } from '../model/types';
import { ImportWriter } from '../import/import-writer';
import { WriterPreemptedError } from '../import/write-guard';
import { SearchService } from '../services/search';
import { cutIntoBlocks } from './block-merge';
import { readMessages } from './messages';
import { regroupCandidates, regroupConversations } from './regroup';
import { openTextkeepDb, type TextkeepDB } from './schema';
import { indexFlushed } from './search-index';
import { SEARCH_STORES } from './search-layout';
import { sms } from '../../test-support/messages';

let n = 0;
const names: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(names.splice(0).map((name) => deleteDB(name)));
});

async function freshDb(): Promise<IDBPDatabase<TextkeepDB>> {
  const name = `regroup-${String(++n)}`;
  names.push(name);
  return openTextkeepDb(name);
}

const T0 = Date.UTC(2021, 5, 1, 12);
const MINUTE = 60_000;

interface Spec {
  time: number;
  text: string;
  direction?: Message['direction'];
  sender?: string;
  call?: Message['call'];
}

/**
 * Stores a conversation as an import under another region left it (blocks, search index, summary): the
 * writer itself would tie the spellings together, so these fixtures stand for archives read before it did.
 */
async function store(
  db: IDBPDatabase<TextkeepDB>,
  participants: Participant[],
  specs: Spec[],
): Promise<Conversation> {
  const key = conversationKey(participants.map((p) => p.address));
  const messages: Message[] = specs.map(({ time, text, direction = 'in', sender, call }) => ({
    id: messageId(
      dedupeKey({
        conversationKey: key,
        direction,
        time,
        text,
        attachmentHashes: [],
        ...(call ? { call } : {}),
      }),
    ),
    ...(call ? { call } : {}),
    time,
    direction,
    status: direction === 'in' ? 'received' : 'sent',
    sender: direction === 'in' ? (sender ?? participants[0]?.address ?? '') : '',
    text,
    attachments: [],
    source: { importId: 1, format: 'test' },
  }));
  messages.sort((a, b) => a.time - b.time);
  const last = messages.at(-1);
  const conversation: Conversation = {
    key,
    ...newConversationSecrets(),
    participants,
    title: participants.map((p) => p.name ?? p.address).join(', '),
    isGroup: participants.length > 1,
    messageCount: messages.filter((m) => !m.call).length,
    callCount: messages.filter((m) => m.call).length,
    lastTime: last?.time ?? -Infinity,
    lastSnippet: last?.text ?? '',
  };
  const tx = db.transaction(['conversations', 'messageBlocks', ...SEARCH_STORES], 'readwrite');
  for (const block of cutIntoBlocks(key, messages)) await tx.objectStore('messageBlocks').put(block);
  await indexFlushed(tx, [[key, messages]]);
  await tx.objectStore('conversations').put(conversation);
  await tx.done;
  return conversation;
}

const person = (address: string, name?: string): Participant => ({
  address,
  raw: address,
  ...(name ? { name } : {}),
});

/** Records every put and delete made from now on, by store (the spies call through). */
function watchWrites(): { puts: Map<string, unknown[]>; deletes: Map<string, unknown[]> } {
  const put = vi.spyOn(IDBObjectStore.prototype, 'put');
  const del = vi.spyOn(IDBObjectStore.prototype, 'delete');
  const byStore = (spy: typeof put | typeof del): Map<string, unknown[]> => {
    const result = new Map<string, unknown[]>();
    spy.mock.calls.forEach(([what], i) => {
      const store = (spy.mock.contexts[i] as IDBObjectStore).name;
      result.set(store, [...(result.get(store) ?? []), what]);
    });
    return result;
  };
  return {
    get puts() {
      return byStore(put);
    },
    get deletes() {
      return byStore(del);
    },
  };
}

describe('Re-group conversations', () => {
  it('joins a national number read as US with its +33 form under FR: every message, in order, once', async () => {
    const db = await freshDb();
    const national = await store(
      db,
      [person('0612345678', 'Léa')],
      [
        { time: T0, text: 'Salut, tu es où ?' },
        { time: T0 + 2 * MINUTE, text: 'Je suis au marché', direction: 'out' },
        { time: T0 + 4 * MINUTE, text: 'On se voit demain' },
        { time: T0 + 6 * MINUTE, text: 'Bisous', direction: 'out' },
      ],
    );
    const plus = await store(
      db,
      [person('+33612345678')],
      [
        { time: T0 + MINUTE, text: 'Tu as vu le message ?' },
        // The same message as the national one's first, from another archive: a duplicate once joined.
        { time: T0, text: 'Salut,  tu es où ?' },
        { time: T0 + 10 * MINUTE, text: 'Parapluie oublié' },
      ],
    );
    expect(await regroupCandidates(db, 'FR')).toBe(2);

    const outcome = await regroupConversations(db, 'FR');

    expect(outcome).toEqual({ joined: 2, into: 1, refiled: 0, duplicates: 1 });
    const all = await db.getAll('conversations');
    expect(all).toHaveLength(1);
    const [kept] = all;
    // Filed under the number as France reads it; the national conversation had the most messages, so its
    // URL id and salt stay.
    expect(kept).toMatchObject({
      key: plus.key,
      id: national.id,
      salt: national.salt,
      messageCount: 6,
      callCount: 0,
      lastTime: T0 + 10 * MINUTE,
      lastSnippet: 'Parapluie oublié',
      title: 'Léa',
    });
    const messages = await readMessages(db, plus.key, {});
    // Of the two copies of the first message, the one already under the key stays.
    expect(messages.map((m) => m.text)).toEqual([
      'Salut,  tu es où ?',
      'Tu as vu le message ?',
      'Je suis au marché',
      'On se voit demain',
      'Bisous',
      'Parapluie oublié',
    ]);
    // Moved messages are sent by the number as now read, and carry the ids an import of them would give now.
    const moved = messages.find((m) => m.text === 'On se voit demain');
    expect(moved?.sender).toBe('+33612345678');
    expect(moved?.id).toBe(
      messageId(
        dedupeKey({
          conversationKey: plus.key,
          direction: 'in',
          time: T0 + 4 * MINUTE,
          text: 'On se voit demain',
          attachmentHashes: [],
        }),
      ),
    );
    expect(await db.getAllKeysFromIndex('messageBlocks', 'byConversation', national.key)).toEqual([]);

    const search = new SearchService({ database: () => Promise.resolve(db) });
    const found = await search.search('demain');
    expect(found.total).toBe(1);
    expect(found.groups.map((g) => g.conversationKey)).toEqual([plus.key]);
    expect(found.groups[0]?.hits[0]?.messageId).toBe(moved?.id);
    // The duplicate dropped is found once, as the message kept.
    const salut = await search.search('salut');
    expect(salut.total).toBe(1);
    expect(salut.groups[0]?.hits[0]?.messageId).toBe(messages[0]?.id);
    // Nothing in the index names the conversation removed.
    const segments = await db.getAll('searchSegments');
    expect(segments.flatMap((s) => s.conversations)).not.toContain(national.key);
  });

  it('joins a group whose members coincide once read with the region', async () => {
    const db = await freshDb();
    const first = await store(
      db,
      [person('0612345678', 'Léa'), person('+33700000001')],
      [{ time: T0, text: 'Pique-nique samedi', sender: '0612345678' }],
    );
    const second = await store(
      db,
      [person('+33612345678'), person('0700000001', 'Marc')],
      [
        { time: T0 + MINUTE, text: 'Je prends le pain', sender: '0700000001' },
        { time: T0 + 2 * MINUTE, text: 'Et moi le fromage', sender: '+33612345678' },
      ],
    );

    expect(await regroupConversations(db, 'FR')).toEqual({ joined: 2, into: 1, refiled: 0, duplicates: 0 });

    const [kept, ...rest] = await db.getAll('conversations');
    expect(rest).toEqual([]);
    expect(kept?.key).toBe('+33612345678|+33700000001');
    expect(kept?.id).toBe(second.id);
    expect(kept?.isGroup).toBe(true);
    expect(kept?.messageCount).toBe(3);
    // Both names are kept, each on the member the other conversation spelled differently.
    expect(kept?.participants.map((p) => [p.address, p.name])).toEqual([
      ['+33612345678', 'Léa'],
      ['+33700000001', 'Marc'],
    ]);
    const messages = await readMessages(db, kept?.key ?? '', {});
    expect(messages.map((m) => [m.text, m.sender])).toEqual([
      ['Pique-nique samedi', '+33612345678'],
      ['Je prends le pain', '+33700000001'],
      ['Et moi le fromage', '+33612345678'],
    ]);
    expect(await db.get('conversations', first.key)).toBeUndefined();
    expect(await db.get('conversations', second.key)).toBeUndefined();
  });

  it('does not write a conversation whose key stays, and moves one alone whose key changes', async () => {
    const db = await freshDb();
    const us = await store(db, [person('+12025550123')], [{ time: T0, text: 'Hello from DC' }]);
    const alone = await store(db, [person('0611111111')], [{ time: T0, text: 'Seul' }]);
    await store(db, [person('0612345678')], [{ time: T0, text: 'Un' }]);
    await store(db, [person('+33612345678')], [{ time: T0 + MINUTE, text: 'Deux' }]);
    const writes = watchWrites();

    expect(await regroupConversations(db, 'FR')).toEqual({ joined: 2, into: 1, refiled: 1, duplicates: 0 });

    const touched = [...writes.puts.values(), ...writes.deletes.values()].flat();
    expect(touched.filter((value) => JSON.stringify(value).includes(us.key))).toEqual([]);
    expect(await db.get('conversations', us.key)).toEqual(us);
    // Alone, yet under a key a French import would not give it: moved, so the next import finds it.
    expect(await db.get('conversations', alone.key)).toBeUndefined();
    expect(await db.get('conversations', '+33611111111')).toMatchObject({ id: alone.id, messageCount: 1 });
    expect((await readMessages(db, '+33611111111', {})).map((m) => m.text)).toEqual(['Seul']);
  });

  it('changes nothing when run a second time', async () => {
    const db = await freshDb();
    await store(db, [person('0612345678')], [{ time: T0, text: 'Un' }]);
    await store(db, [person('+33612345678')], [{ time: T0 + MINUTE, text: 'Deux' }]);
    await regroupConversations(db, 'FR');
    const writes = watchWrites();

    expect(await regroupCandidates(db, 'FR')).toBe(0);
    expect(await regroupConversations(db, 'FR')).toEqual({ joined: 0, into: 0, refiled: 0, duplicates: 0 });
    expect([...writes.puts.keys(), ...writes.deletes.keys()]).toEqual([]);
  });

  it('leaves moved messages as an import finds them: the same archive again adds nothing', async () => {
    const db = await freshDb();
    await store(
      db,
      [person('0612345678')],
      [
        { time: T0, text: 'Un' },
        { time: T0 + 2 * MINUTE, text: 'Trois' },
      ],
    );
    await store(db, [person('+33612345678')], [{ time: T0 + MINUTE, text: 'Deux' }]);
    await regroupConversations(db, 'FR');

    const writer = new ImportWriter(db, 'FR');
    await writer.init();
    await writer.add([sms('+33612345678', T0 + MINUTE, 'Deux'), sms('06 12 34 56 78', T0, 'Un')], {
      importId: 2,
      format: 'test',
    });
    await writer.finish();

    expect(writer.committed).toMatchObject({ added: 0, duplicates: 2 });
    expect(await db.count('conversations')).toBe(1);
  });

  it('claims the database, so a writer that took no lock stops rather than write over it', async () => {
    const db = await freshDb();
    await store(db, [person('0612345678')], [{ time: T0, text: 'Un' }]);
    await store(db, [person('+33612345678')], [{ time: T0 + MINUTE, text: 'Deux' }]);
    const writer = new ImportWriter(db, 'US');
    await writer.init();

    await regroupConversations(db, 'FR');

    await expect(
      writer.add([sms('+33612345678', T0 + 3 * MINUTE, 'Quatre')], { importId: 2, format: 'test' }),
    ).rejects.toBeInstanceOf(WriterPreemptedError);
  });
  it('moves calls with the messages and counts them apart, a call in both conversations once', async () => {
    const db = await freshDb();
    const missed = { type: 'missed', duration: 0 } as const;
    await store(
      db,
      [person('0612345678')],
      [
        { time: T0, text: '', call: missed },
        { time: T0 + MINUTE, text: 'Rappelle-moi' },
        { time: T0 + 2 * MINUTE, text: '', call: { type: 'outgoing', duration: 300 } },
      ],
    );
    await store(db, [person('+33612345678')], [{ time: T0, text: '', call: missed }]);

    expect(await regroupConversations(db, 'FR')).toMatchObject({ joined: 2, into: 1, duplicates: 1 });

    const [kept] = await db.getAll('conversations');
    expect(kept).toMatchObject({ messageCount: 1, callCount: 2, lastSnippet: 'Outgoing call · 5 min' });
    const timeline = await readMessages(db, kept?.key ?? '', {});
    expect(timeline.map((m) => m.call?.type ?? m.text)).toEqual(['missed', 'Rappelle-moi', 'outgoing']);
  });
});
