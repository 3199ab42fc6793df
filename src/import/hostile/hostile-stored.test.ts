/**
 * Hostile input, cases 7–9 (the table of every case is at the top of hostile.test.ts): message texts that
 * are code somewhere else, attachment names that try to be paths, and imports cut off half-way.
 */
import 'fake-indexeddb/auto';
import { deleteDB, type IDBPDatabase } from 'idb';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSbrString } from '../../../bench/generate-sbr.mjs';
import {
  ATTACHMENT_NAMES,
  HOSTILE_ADDRESS,
  PAYLOADS,
  attachmentNameArchive,
  payloadArchive,
} from '../../../test-support/hostile-inputs';
import { exportFileName, mediaFileName } from '../../formats/exporters/names';
import { openTextkeepDb, type TextkeepDB } from '../../db/schema';
import { exportConversation, exportEverything } from '../../export/export-job';
import type { ExportRequest } from '../../export/summary';
import type { ImportInput } from '../summary';
import {
  TEST_OPTIONS,
  hostileMessages,
  inconsistencies,
  measureImport,
  storedMessages,
  tableRow,
  type Measured,
} from '../../../test-support/hostile-harness';

const memory = () => {
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss, buffers: m.arrayBuffers };
};

function report(name: string, m: Measured): void {
  if (process.env.HOSTILE_REPORT) console.log(tableRow(name, m));
}

const opened: { db: IDBPDatabase<TextkeepDB>; name: string }[] = [];
let runs = 0;
async function fresh(): Promise<IDBPDatabase<TextkeepDB>> {
  const name = `hostile-stored-${String(runs++)}`;
  const db = await openTextkeepDb(name);
  opened.push({ db, name });
  return db;
}
afterEach(async () => {
  for (const { db, name } of opened.splice(0)) {
    db.close();
    await deleteDB(name);
  }
});

const EXPORT: ExportRequest = {
  format: 'json',
  range: {},
  hideNumbers: false,
  timeZone: 'UTC',
  generator: 'test',
};

async function hostileKey(db: IDBPDatabase<TextkeepDB>): Promise<string> {
  const all = await db.getAll('conversations');
  return all.find((c) => c.participants.some((p) => p.raw === HOSTILE_ADDRESS))?.key ?? '';
}

describe('7. message texts that are code elsewhere', () => {
  it('are stored exactly, export as data, and come back from a JSON export as the same messages', async () => {
    const db = await fresh();
    const m = await measureImport(db, [new File([payloadArchive()], 'sms-payloads.xml')], memory);
    report('payload texts', m);
    expect(m.summary.files[0]?.problems).toEqual([]);
    expect((await hostileMessages(db, HOSTILE_ADDRESS)).map((x) => x.text)).toEqual([...PAYLOADS]);

    const signal = new AbortController().signal;
    const json = await exportConversation(db, await hostileKey(db), EXPORT, signal, () => undefined);
    const exported = JSON.parse((await json.blob?.text()) ?? '') as { messages: { text: string }[] };
    expect(exported.messages.map((x) => x.text)).toEqual([...PAYLOADS]);
    const again = await measureImport(db, [new File([json.blob ?? ''], json.fileName)], memory);
    expect(again.summary).toMatchObject({ added: 0, duplicates: PAYLOADS.length });

    const html = await exportConversation(
      db,
      await hostileKey(db),
      { ...EXPORT, format: 'html' },
      signal,
      () => undefined,
    );
    const page = (await html.blob?.text()) ?? '';
    expect(page).not.toMatch(
      /<(script|img|svg|iframe|textarea|a)\b|<\/textarea|href\s*=\s*["']?javascript:/i,
    );
    expect(page).toContain('&lt;script&gt;alert(&quot;sms&quot;)&lt;/script&gt;');
  });
});

/** The control characters XML 1.0 forbids even raw (all C0 controls but tab, LF and CR). */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** What no file name may hold: separators, characters Windows refuses, controls, bidi overrides. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

describe('8. attachment names that try to be paths', () => {
  it('are kept as data, and every file name made from them is safe', async () => {
    const db = await fresh();
    const m = await measureImport(db, [new File([attachmentNameArchive()], 'sms-names.xml')], memory);
    report('attachment names', m);
    expect(m.summary.files[0]?.problems).toEqual([]);
    const attachments = (await hostileMessages(db, HOSTILE_ADDRESS)).map((x) => x.attachments[0]);
    // Controls XML forbids are dropped by the repair pre-pass; everything else is kept as written.
    const asRead = ATTACHMENT_NAMES.map((name) => name.replace(XML_FORBIDDEN, ''));
    expect(attachments.map((a) => a?.name)).toEqual(asRead);

    for (const a of attachments) {
      const name = mediaFileName(a?.name, a?.type ?? '', a?.mediaKey ?? '');
      expect(name).not.toMatch(UNSAFE);
      expect(name).not.toMatch(/^\.|^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
      expect(name.length).toBeLessThanOrEqual(85);
    }
    expect(exportFileName('../../evil\u202egpj.exe', undefined, 'txt')).not.toMatch(UNSAFE);

    // The real "Export everything" zip: every entry is a relative path of safe names.
    const signal = new AbortController().signal;
    const all = await exportEverything(db, { ...EXPORT, format: 'txt' }, undefined, signal, () => undefined);
    const entries = Object.keys(unzipSync(new Uint8Array(await (all.blob ?? new Blob()).arrayBuffer())));
    expect(entries.filter((e) => e.includes('/media/'))).toHaveLength(ATTACHMENT_NAMES.length);
    for (const entry of entries) for (const part of entry.split('/')) expect(part).not.toMatch(UNSAFE);
    for (const entry of entries) expect(entry.split('/')).not.toContain('..');
  });
});

/** A big archive, as a download arrives: 64 KiB chunks. */
const BIG = new TextEncoder().encode(
  generateSbrString({ messages: 45_000, conversations: 20, groups: 2, mmsEvery: 0, seed: 90, quirks: false }),
);
function bigInput(): ImportInput {
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= BIG.length) controller.close();
      else controller.enqueue(BIG.slice(at, (at += 65_536)));
    },
  });
  return { name: 'sms-big.xml', size: BIG.length, stream };
}

/** Every stored message id, by conversation. */
async function ids(db: IDBPDatabase<TextkeepDB>): Promise<string[]> {
  const byKey = await storedMessages(db);
  return [...byKey].flatMap(([key, list]) => list.map((x) => `${key} ${x.id}`)).sort();
}

describe('9. imports cut off half-way', () => {
  it('Cancel leaves a consistent database; importing again completes it exactly, with no duplicates', async () => {
    const clean = await fresh();
    const whole = await measureImport(clean, [bigInput()], memory);
    const expected = await ids(clean);

    const db = await fresh();
    const abort = new AbortController();
    const first = await measureImport(db, [bigInput()], memory, {
      signal: abort.signal,
      onStored: () => abort.abort(),
    });
    report('cancelled after the first flush', first);
    expect(first.summary.stopped).toBe('cancelled');
    expect(first.summary.files[0]?.status).toBe('cancelled');
    expect(await inconsistencies(db)).toEqual([]);
    const partial = (await ids(db)).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(expected.length);

    const second = await measureImport(db, [bigInput()], memory);
    report('imported again after Cancel', second);
    expect(await inconsistencies(db)).toEqual([]);
    expect(await ids(db)).toEqual(expected);
    expect(first.summary.added + second.summary.added).toBe(whole.summary.added);
  }, 60_000);

  it('a database closed under the import stops it; it says what was committed, which is consistent and completes exactly', async () => {
    const clean = await fresh();
    await measureImport(clean, [bigInput()], memory);
    const expected = await ids(clean);

    const name = `hostile-stored-${String(runs++)}`;
    const db = await openTextkeepDb(name);
    const { summary } = await measureImport(db, [bigInput()], memory, { onStored: () => db.close() });
    // A connection closed under the import (another window's upgrade): it stops, saying what it kept.
    expect(summary.stopped).toBe('upgraded');

    const reopened = await openTextkeepDb(name);
    opened.push({ db: reopened, name });
    expect(await inconsistencies(reopened)).toEqual([]);
    const partial = (await ids(reopened)).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(expected.length);
    expect(summary.added).toBe(partial);
    report(
      'imported again after the close',
      await measureImport(reopened, [bigInput()], memory, TEST_OPTIONS),
    );
    expect(await inconsistencies(reopened)).toEqual([]);
    expect(await ids(reopened)).toEqual(expected);
  }, 60_000);
});
