import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { unzipSync, strFromU8 } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportItem, RawMedia, RawMessage } from '../formats/contract';
import { openTextkeepDb } from '../db/schema';
import { mediaFileName } from '../formats/exporters/names';
import { exportConversation, exportEverything, zipSizeEstimate } from './export-job';
import type { ExportRequest } from './summary';
import { ImportWriter } from '../import/import-writer';

let n = 0;
const names: string[] = [];
afterEach(async () => {
  await Promise.all(names.splice(0).map((name) => deleteDB(name)));
});

const T0 = Date.UTC(2024, 0, 1);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9, 9]);
const HASH = 'b'.repeat(64);

function sms(address: string, time: number, text: string, hash?: string): RawMessage {
  return {
    kind: 'message',
    time,
    direction: 'in',
    directionKnown: true,
    status: 'received',
    others: [{ address, name: address === '+12025550123' ? 'Ann' : '../../Evil\u0000' }],
    sender: address,
    text,
    attachments: hash
      ? [{ type: 'image/png', name: '../../../etc/x.png', size: PNG.length, mediaKey: hash }]
      : [],
  };
}

async function seeded(count: number) {
  const name = `export-${String(++n)}`;
  names.push(name);
  const db = await openTextkeepDb(name);
  const writer = new ImportWriter(db, 'US');
  await writer.init();
  const media: RawMedia = { kind: 'media', hash: HASH, type: 'image/png', size: PNG.length, data: PNG };
  const items: ImportItem[] = [media];
  for (let i = 0; i < count; i++)
    items.push(sms('+12025550123', T0 + i * 60_000, `a${String(i)}`, i === 3 ? HASH : undefined));
  for (let i = 0; i < 10; i++) items.push(sms('+12025550199', T0 + i * 60_000, `b${String(i)}`));
  await writer.add(items, { importId: 1, format: 'test' });
  await writer.finish();
  return db;
}

const request = (overrides: Partial<ExportRequest> = {}): ExportRequest => ({
  format: 'txt',
  range: {},
  hideNumbers: false,
  timeZone: 'UTC',
  generator: 'Textkeep test',
  ...overrides,
});

describe('export job', () => {
  it('exports one conversation, cut to the range, with progress', async () => {
    const db = await seeded(5000);
    const [ann] = (await db.getAll('conversations')).filter((c) => c.title === 'Ann');
    const seen: number[] = [];
    const result = await exportConversation(
      db,
      ann?.key ?? '',
      request({ format: 'json', range: { from: T0 + 60_000, to: T0 + 2 * 60_000 } }),
      new AbortController().signal,
      (p) => seen.push(p.written),
    );
    expect(result.fileName).toBe('Ann 2024-01-01.json');
    const file = JSON.parse((await result.blob?.text()) ?? '') as { messages: { text: string }[] };
    expect(file.messages.map((m) => m.text)).toEqual(['a1', 'a2']);
    expect(seen.at(-1)).toBe(2);
    db.close();
  });

  it('stops when cancelled, mid-way', async () => {
    const db = await seeded(20_000);
    const [ann] = (await db.getAll('conversations')).filter((c) => c.title === 'Ann');
    const abort = new AbortController();
    const seen: number[] = [];
    const run = exportConversation(db, ann?.key ?? '', request(), abort.signal, (p) => {
      seen.push(p.written);
      if (p.written >= 2000) abort.abort(new DOMException('stop', 'AbortError'));
    });
    await expect(run).rejects.toThrow('stop');
    expect(Math.max(...seen)).toBeLessThan(20_000);
    db.close();
  });

  it('estimates the zip of everything (for the free-space check) at no less than it comes out', async () => {
    const db = await seeded(400);
    const estimate = await zipSizeEstimate(db);
    const result = await exportEverything(
      db,
      request(),
      undefined,
      new AbortController().signal,
      () => undefined,
    );
    const size = result.blob?.size ?? 0;
    expect(size).toBeGreaterThan(0);
    expect(estimate).toBeGreaterThanOrEqual(size);
    // 64 bytes a message, and the one picture once, as the zip holds it.
    expect(estimate).toBe(410 * 64 + PNG.length);
  });

  it('zips every conversation in its own folder with its media, names made safe', async () => {
    const db = await seeded(20);
    const result = await exportEverything(
      db,
      request({ format: 'csv' }),
      undefined,
      new AbortController().signal,
      () => undefined,
    );
    expect(result.conversations).toBe(2);
    expect(result.messages).toBe(30);
    const zip = unzipSync(new Uint8Array(await (result.blob ?? new Blob()).arrayBuffer()));
    const entries = Object.keys(zip).sort();
    expect(entries).toEqual(['Ann/Ann.csv', 'Ann/media/etc x.png', 'Evil/Evil.csv']);
    for (const entry of entries) expect(entry).not.toMatch(/\.\.|[\p{Cc}]|^\//u);
    expect(zip['Ann/media/etc x.png']).toEqual(PNG);
    expect(strFromU8(zip['Ann/Ann.csv'] ?? new Uint8Array())).toContain('a19');
    db.close();
  });

  it('counts calls in the progress of everything, and apart from messages in what it says it exported', async () => {
    const db = await seeded(20);
    const writer = new ImportWriter(db, 'US');
    await writer.init();
    const calls = [0, 1, 2].map((i): RawMessage => ({
      ...sms('+12025550123', T0 + 30 * 60_000 + i * 60_000, ''),
      call: { type: 'missed', duration: 0 },
    }));
    await writer.add(calls, { importId: 2, format: 'test' });
    await writer.finish();
    const seen: { written: number; total: number }[] = [];
    const result = await exportEverything(db, request(), undefined, new AbortController().signal, (p) =>
      seen.push(p),
    );
    expect(result.messages).toBe(30);
    expect(result.calls).toBe(3);
    expect(seen.at(-1)).toEqual({ written: 33, total: 33 });
    for (const p of seen) expect(p.written).toBeLessThanOrEqual(p.total);
    db.close();
  });

  it('gives media files a safe name with an extension', () => {
    expect(mediaFileName(undefined, 'image/jpeg', 'c'.repeat(64))).toBe(`${'c'.repeat(16)}.jpg`);
    expect(mediaFileName('photo', 'image/png', HASH)).toBe('photo.png');
    expect(mediaFileName('..\\..\\a.gif', 'image/gif', HASH)).toBe('a.gif');
  });
});
