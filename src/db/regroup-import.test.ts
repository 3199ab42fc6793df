/**
 * "Re-group conversations" over what imports really leave: SB&R files read with one region, joined when
 * another is chosen (db/regroup.ts). The unit fixtures in regroup.test.ts build the split by hand.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { deleteDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../import/import-job';
import { SearchService } from '../services/search';
import { BLOCK_SIZE } from './block-merge';
import { regroupCandidates, regroupConversations } from './regroup';
import { openTextkeepDb, type TextkeepDB } from './schema';

const names: string[] = [];
afterEach(async () => {
  await Promise.all(names.splice(0).map((name) => deleteDB(name)));
});

async function freshDb(): Promise<IDBPDatabase<TextkeepDB>> {
  const name = `regroup-import-${String(names.length + 1)}`;
  names.push(name);
  return openTextkeepDb(name);
}

const options = {
  timeZone: 'Europe/Copenhagen',
  signal: new AbortController().signal,
  onProgress: () => undefined,
  onStored: () => undefined,
};

const T0 = Date.UTC(2018, 0, 1);
const HOUR = 3_600_000;

/** An SB&R file of one number's messages: `at` gives each message's hour from T0. */
function sbr(name: string, address: string, hours: readonly number[]): File {
  const lines = hours.map(
    (h) =>
      `<sms protocol="0" address="${address}" date="${String(T0 + h * HOUR)}" type="${h % 3 === 0 ? 2 : 1}" body="Besked ${String(h)}" read="1" status="-1" />`,
  );
  const text = `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count="${String(lines.length)}">\n${lines.join('\n')}\n</smses>\n`;
  return new File([text], name, { type: 'text/xml' });
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe('Re-group conversations after real imports', () => {
  it('joins a Danish number imported as a US one with its +45 form, in whole blocks, duplicates once', async () => {
    const db = await freshDb();
    // The older backup wrote the number nationally; the newer one with +45, and they share 50 messages.
    await runImport(db, [sbr('old.xml', '20 12 34 56', range(0, 600))], { ...options, region: 'US' });
    await runImport(db, [sbr('new.xml', '+4520123456', range(550, 950))], { ...options, region: 'US' });
    expect(await db.count('conversations')).toBe(2);

    expect(await regroupConversations(db, 'DK')).toEqual({ joined: 2, into: 1, refiled: 0, duplicates: 50 });

    const [kept, ...rest] = await db.getAll('conversations');
    expect(rest).toEqual([]);
    expect(kept).toMatchObject({ messageCount: 950, lastSnippet: 'Besked 949', lastTime: T0 + 949 * HOUR });
    const blocks = await db.getAllFromIndex('messageBlocks', 'byConversation', kept?.key ?? '');
    const messages = blocks.flatMap((b) => b.messages);
    expect(messages.map((m) => m.time)).toEqual(range(0, 950).map((h) => T0 + h * HOUR));
    expect(new Set(messages.map((m) => m.id)).size).toBe(950);
    // Whole blocks in time order, none over the size, as the import writer leaves them.
    expect(blocks.map((b) => b.messages.length)).toEqual([BLOCK_SIZE, 950 - BLOCK_SIZE]);
    for (const b of blocks) {
      expect(b.startTime).toBe(b.messages[0]?.time);
      expect(b.endTime).toBe(b.messages.at(-1)?.time);
    }
    const search = new SearchService({ database: () => Promise.resolve(db) });
    const found = await search.search('besked', {}, 1000);
    expect(found.total).toBe(950);
    expect(found.groups.map((g) => g.conversationKey)).toEqual([kept?.key]);

    // The same backups again add nothing: the moved messages carry the ids an import looks for.
    const again = await runImport(
      db,
      [sbr('old.xml', '20 12 34 56', range(0, 600)), sbr('new.xml', '+4520123456', range(550, 950))],
      { ...options, region: 'DK' },
    );
    expect(again).toMatchObject({ added: 0, duplicates: 1000 });
  });

  it('finds nothing to join in what an import just wrote, read with its own region', async () => {
    const db = await freshDb();
    const sample = readFileSync(new URL('../../public/samples/textkeep-sample.xml', import.meta.url));
    await runImport(db, [new File([sample], 'textkeep-sample.xml')], { ...options, region: 'US' });
    await runImport(db, [sbr('dk.xml', '20 12 34 56', [1, 2]), sbr('plus.xml', '+4520123456', [3])], {
      ...options,
      region: 'US',
    });
    expect(await db.count('conversations')).toBeGreaterThan(2);
    expect(await regroupCandidates(db, 'US')).toBe(0);
  });
});
