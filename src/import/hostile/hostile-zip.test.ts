/**
 * Hostile input, case 6: zip bombs, many members, zips in zips, members named like paths (the table of
 * every case is at the top of hostile.test.ts). The unzipper never writes a file: member names are only read
 * for detection, and a member nobody recognises is skipped without being inflated.
 */
import 'fake-indexeddb/auto';
import { deleteDB, type IDBPDatabase } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSbrString } from '../../../bench/generate-sbr.mjs';
import { BEFORE_DATE, SBR_HEAD, SBR_TAIL, smsXml } from '../../../test-support/hostile-inputs';
import {
  TRAVERSAL_NAMES,
  bombZip,
  manyMembersZip,
  nestedZip,
  traversalZip,
} from '../../../test-support/hostile-zips';
import type { TextkeepDB } from '../../db/schema';
import {
  leftBehind,
  measureImport,
  openWithBaseline,
  reasons,
  firstDetail,
  snapshot,
  tableRow,
  type Measured,
  type Memory,
} from '../../../test-support/hostile-harness';

const MB = 1 << 20;
const GIB = 2 ** 32;

const memory = (): Memory => {
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss, buffers: m.arrayBuffers };
};

function report(name: string, m: Measured): void {
  if (process.env.HOSTILE_REPORT) console.log(tableRow(name, m));
}

const BASELINE = generateSbrString({ messages: 100, seed: 82, quirks: false, mmsEvery: 0 });

let db: IDBPDatabase<TextkeepDB>;
let dbName = '';
let baseline = '';
let runs = 0;

beforeEach(async () => {
  dbName = `hostile-zip-${String(runs++)}`;
  db = await openWithBaseline(dbName, BASELINE);
  baseline = await snapshot(db);
});

afterEach(async () => {
  db.close();
  await deleteDB(dbName);
});

const streamed = (name: string, made: { size: number; stream: () => ReadableStream<Uint8Array> }) => ({
  name,
  size: made.size,
  stream: made.stream(),
});

describe('6. zip archives', () => {
  it('a member of 4 GiB of zeros is not an archive, and is never inflated past its head', async () => {
    const zip = bombZip('backup/zeros.xml', '', '\0', GIB);
    expect(zip.size).toBeLessThan(8 * MB);
    const m = await measureImport(db, [streamed('bomb.zip', zip)], memory);
    report('4 GiB zeros', m);
    expect(reasons(m)).toEqual(['not-an-archive']);
    expect(await leftBehind(db, baseline)).toMatchObject({ unchanged: true, inconsistencies: [] });
    expect(m.ms).toBeLessThan(3000);
    expect(m.growth.heap).toBeLessThan(64 * MB);
    expect(m.growth.buffers).toBeLessThan(64 * MB);
  });

  it('a recognised member that inflates like a bomb is stopped: damaged, what came before kept', async () => {
    const zip = bombZip('sms-bomb.xml', SBR_HEAD + smsXml('before', BEFORE_DATE), '<x/>', GIB);
    const m = await measureImport(db, [streamed('xml-bomb.zip', zip)], memory);
    report('4 GiB of <x/>', m);
    expect(reasons(m)).toEqual(['malformed']);
    expect(firstDetail(m)).toBe('a file that unpacks to over 500 times its size');
    expect(await leftBehind(db, baseline)).toMatchObject({
      texts: ['before'],
      othersUnchanged: true,
      inconsistencies: [],
    });
    expect(m.ms).toBeLessThan(15_000);
    expect(m.growth.heap).toBeLessThan(64 * MB);
    expect(m.growth.buffers).toBeLessThan(128 * MB);
  }, 30_000);

  it('100,000 tiny members are skipped in bounded time and memory; the archive among them is read', async () => {
    const last = SBR_HEAD + smsXml('last', BEFORE_DATE) + SBR_TAIL;
    const m = await measureImport(db, [new File([manyMembersZip(100_000, last)], 'many.zip')], memory);
    report('100,000 members', m);
    expect(reasons(m)).toEqual([]);
    expect(await leftBehind(db, baseline)).toMatchObject({ texts: ['last'], othersUnchanged: true });
    expect(m.ms).toBeLessThan(15_000);
    expect(m.growth.heap).toBeLessThan(100 * MB);
  }, 60_000);

  it('a zip inside a zip is not opened: not an archive, nothing stored', async () => {
    const m = await measureImport(db, [new File([nestedZip()], 'nested.zip')], memory);
    report('zip in zip', m);
    expect(reasons(m)).toEqual(['not-an-archive']);
    expect(await leftBehind(db, baseline)).toMatchObject({ unchanged: true });
  });

  it('members named like paths are read by content; their names are never stored or shown', async () => {
    const m = await measureImport(db, [new File([traversalZip()], 'paths.zip')], memory);
    report('path names', m);
    expect(reasons(m)).toEqual([]);
    expect(m.summary.files.map((f) => f.fileName)).toEqual(['paths.zip']);
    const after = await leftBehind(db, baseline);
    expect(after.texts).toEqual(TRAVERSAL_NAMES.map((_, i) => `member ${String(i)}`));
    expect(after).toMatchObject({ othersUnchanged: true, inconsistencies: [] });
    const history = await db.getAll('imports');
    const everything = JSON.stringify([m.summary, history, await snapshot(db)]);
    for (const fragment of ['evil', 'abs.xml', 'x.xml', 'C:', 'ctrl', 'rtl', '\\u0000', '\\u001b', '\u202e'])
      expect(everything).not.toContain(fragment);
  });
});
