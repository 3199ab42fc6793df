import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { regroupCandidates, regroupConversations } from '../db/regroup';
import { runImport } from '../import/import-job';
import { RegroupService, type RegroupPhase, type RegroupRunner } from './regroup';
import { SearchService } from './search';
import { TextkeepStore } from './store';

const names: string[] = [];
afterEach(async () => {
  await Promise.all(names.splice(0).map((name) => deleteDB(name)));
});

const T0 = Date.UTC(2018, 0, 1);
const options = {
  region: 'US' as const,
  timeZone: 'Europe/Copenhagen',
  signal: new AbortController().signal,
  onProgress: () => undefined,
  onStored: () => undefined,
};

function sbr(name: string, address: string, minute: number, body: string): File {
  const text = `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count="1">\n<sms protocol="0" address="${address}" date="${String(T0 + minute * 60_000)}" type="1" body="${body}" read="1" status="-1" />\n</smses>\n`;
  return new File([text], name, { type: 'text/xml' });
}

/** A store with a Danish number in two conversations, as two backups read as US numbers leave it. */
async function splitStore(): Promise<TextkeepStore> {
  const name = `regroup-service-${String(names.length + 1)}`;
  names.push(name);
  const store = new TextkeepStore(name);
  await runImport(await store.database(), [sbr('old.xml', '20 12 34 56', 0, 'Hej med dig')], options);
  await runImport(await store.database(), [sbr('new.xml', '+4520123456', 5, 'Kaffe i morgen')], options);
  return store;
}

/** The worker's two calls, made on the store's own database (the worker is not there in a unit test). */
function runner(store: TextkeepStore): RegroupRunner {
  return {
    regroupCandidates: async (region) => regroupCandidates(await store.database(), region),
    regroup: async (region) => regroupConversations(await store.database(), region),
  };
}

describe('RegroupService', () => {
  it('counts what it would join, runs, says what it did, and tells the page its data changed', async () => {
    const store = await splitStore();
    const service = new RegroupService(store, new SearchService(store), runner(store));
    const phases: RegroupPhase[] = [];
    service.addEventListener('change', () => phases.push(service.state.phase));
    let changed = 0;
    store.addEventListener('change', () => changed++);

    await service.check('US');
    expect(service.state).toMatchObject({ phase: 'idle', candidates: 0, offered: false });
    service.regionChanged();
    await service.check('DK');
    expect(service.state).toMatchObject({ phase: 'idle', candidates: 2, offered: true });

    await service.run('DK');

    expect(phases.at(-1)).toBe('done');
    expect(phases).toContain('running');
    expect(service.state).toMatchObject({
      candidates: 0,
      outcome: { joined: 2, into: 1, refiled: 0, duplicates: 0 },
    });
    expect(changed).toBe(1);
    expect(await store.conversations()).toHaveLength(1);
  });

  it('makes a search read afresh: a message found before is found under the conversation kept', async () => {
    const store = await splitStore();
    const search = new SearchService(store);
    const before = await search.search('hej');
    const service = new RegroupService(store, search, runner(store));

    await service.run('DK');

    const [kept] = await store.conversations();
    expect(before.groups.map((g) => g.conversationKey)).not.toEqual([kept?.key]);
    const after = await search.search('hej');
    expect(after.total).toBe(1);
    expect(after.groups.map((g) => g.conversationKey)).toEqual([kept?.key]);
  });
});
