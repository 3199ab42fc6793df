import 'fake-indexeddb/auto';
import { deleteDB, type IDBPDatabase } from 'idb';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateSbrString } from '../../bench/generate-sbr.mjs';
import { openTextkeepDb, type TextkeepDB } from '../db/schema';
import { problemSentence } from '../components/import-words';
import { runImport } from './import-job';

const names: string[] = [];
afterEach(async () => {
  await Promise.all(names.splice(0).map((name) => deleteDB(name)));
});

const options = {
  region: 'US' as const,
  timeZone: 'Europe/Paris',
  signal: new AbortController().signal,
  onProgress: () => undefined,
  onStored: () => undefined,
};

/** Makes message writes fail as a full disk does, once `full.value` is set. */
function withQuota(db: IDBPDatabase<TextkeepDB>, full: { value: boolean }): IDBPDatabase<TextkeepDB> {
  const transaction = db.transaction.bind(db);
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'transaction') return Reflect.get(target, property, receiver) as unknown;
      return (...args: Parameters<typeof transaction>) => {
        const tx = transaction(...args);
        const stores = typeof args[0] === 'string' ? [args[0]] : Array.from(args[0]);
        if (full.value && args[1] === 'readwrite' && stores.some((store) => store === 'messageBlocks')) {
          // As a full disk does for a batch of messages (a small history record still fits): the writes are
          // queued, then the commit fails and nothing of it lands.
          tx.done.catch(() => undefined);
          return new Proxy(tx, {
            get(t, p) {
              if (p === 'done') {
                t.abort();
                return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
              }
              const value: unknown = Reflect.get(t, p, t);
              return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
            },
          });
        }
        return tx;
      };
    },
  });
}

describe('runImport', () => {
  it('stops when storage is full, keeps what was stored consistent, and says how much more is needed', async () => {
    const name = 'job-quota';
    names.push(name);
    const db = await openTextkeepDb(name);
    const full = { value: false };
    const first = new File([generateSbrString({ messages: 200, seed: 1, quirks: false })], 'first.xml');
    const first1 = await runImport(withQuota(db, full), [first], options);
    expect(first1.added).toBe(200);

    full.value = true;
    const second = new File([generateSbrString({ messages: 300, seed: 2, quirks: false })], 'second.xml');
    const summary = await runImport(withQuota(db, full), [second], options);
    expect(summary.stopped).toBe('quota');
    const [problem] = summary.files[0]?.problems ?? [];
    expect(problem?.reason).toBe('quota');
    expect(problem?.detail).toMatch(/^\d+ MB$/);

    const blocks = await db.getAll('messageBlocks');
    const conversations = await db.getAll('conversations');
    const stored = blocks.reduce((sum, b) => sum + b.messages.length, 0);
    expect(stored).toBe(200);
    expect(conversations.reduce((sum, c) => sum + c.messageCount, 0)).toBe(200);
    db.close();
  });

  it('tells a password-protected (AES) backup zip from a damaged one', async () => {
    const name = 'job-encrypted';
    names.push(name);
    const db = await openTextkeepDb(name);
    const xml = strToU8(generateSbrString({ messages: 5, seed: 3, quirks: false }));
    const zip = zipSync({ 'sms-20240101.xml': [xml, { level: 0 }] });
    // Mark the member as AES-encrypted (method 99) in its local header (offset 8) and central directory entry.
    const view = new DataView(zip.buffer);
    view.setUint16(8, 99, true);
    const central = zip.findIndex((_, i) => view.getUint32(i, true) === 0x02014b50);
    view.setUint16(central + 10, 99, true);
    const summary = await runImport(db, [new File([zip], 'sms-backup.zip')], options);
    expect(summary.files[0]?.problems.map((p) => p.reason)).toEqual(['encrypted']);
    db.close();
  });

  it('names an empty file and a file that is not an archive, importing nothing', async () => {
    const name = 'job-bad';
    names.push(name);
    const db = await openTextkeepDb(name);
    const summary = await runImport(
      db,
      [new File([], 'empty.xml'), new File(['just some notes'], 'notes.txt')],
      options,
    );
    expect(summary.files.map((f) => f.problems.map((p) => p.reason))).toEqual([
      ['empty-file'],
      ['not-an-archive'],
    ]);
    expect(await db.count('messageBlocks')).toBe(0);
    const history = await db.getAll('imports');
    expect(history.map((r) => [r.fileName, r.status])).toEqual([
      ['empty.xml', 'done'],
      ['notes.txt', 'done'],
    ]);
    db.close();
  });

  it('imports a call log: its calls land in their conversations and the history counts them apart', async () => {
    const name = 'job-calls';
    names.push(name);
    const db = await openTextkeepDb(name);
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><calls count="4">' +
      '<call number="+15555550101" duration="125" date="1609632000000" type="1" contact_name="Ada" />' +
      '<call number="+15555550101" duration="0" date="1609632060000" type="3" contact_name="Ada" />' +
      '<call number="+15555550102" duration="30" date="1609632120000" type="2" />' +
      '<call number="-2" presentation="2" duration="0" date="1609632180000" type="3" />' +
      '</calls>';
    const summary = await runImport(db, [new File([xml], 'calls-20210103.xml')], options);
    // A call is not a message: the summary's messages stay at 0, the hidden caller is a skipped record.
    expect(summary.added).toBe(0);
    expect(summary.files[0]?.problems.map((p) => [p.reason, p.count])).toEqual([['no-party', 1]]);
    const conversations = await db.getAll('conversations');
    expect(conversations.map((c) => [c.title, c.callCount, c.messageCount]).sort()).toEqual([
      ['+15555550102', 1, 0],
      ['Ada', 2, 0],
    ]);
    const [record] = await db.getAll('imports');
    expect([record?.format, record?.added, record?.calls, record?.status]).toEqual(['sbr', 0, 3, 'done']);
    db.close();
  });

  it('names the file inside a zip that each problem was met in', async () => {
    const name = 'job-members';
    names.push(name);
    const db = await openTextkeepDb(name);
    const sms = (date: string): string =>
      `<sms address="+15550100" date="${date}" type="1" body="hi" read="1" />`;
    const file = (dates: string[]): Uint8Array =>
      strToU8(
        `<?xml version="1.0"?><smses count="${String(dates.length)}">${dates.map(sms).join('')}</smses>`,
      );
    const zip = zipSync({
      'sms-a.xml': file(['1700000000000', 'soon']),
      'backup/sms-b.xml': file(['later', 'never', '1700000001000']),
    });
    const summary = await runImport(db, [new File([zip], 'backup.zip')], options);
    const [result] = summary.files;
    expect(result?.added).toBe(2);
    expect(result?.problems.map((p) => [p.reason, p.member, p.count])).toEqual([
      ['bad-date', 'sms-a.xml', 1],
      ['bad-date', 'sms-b.xml', 2],
    ]);
    if (!result) throw new Error('no summary');
    expect(result.problems.map((p) => problemSentence(result, p))).toEqual([
      '1 message was skipped in “sms-a.xml” inside “backup.zip”: the date could not be read.',
      '2 messages were skipped in “sms-b.xml” inside “backup.zip”: the date could not be read.',
    ]);
    db.close();
  });

  it('tells progress a few times a second at most, and always where each file starts and ends', async () => {
    const name = 'job-progress-throttle';
    names.push(name);
    const db = await openTextkeepDb(name);
    const xml = strToU8(generateSbrString({ messages: 400, seed: 8, quirks: false }));
    const progress: number[] = [];
    // The clock stands still: no report falls 200 ms after another, so only the files' starts and ends are told.
    const now = vi.spyOn(performance, 'now').mockReturnValue(1_000);
    try {
      await runImport(db, [streamInput('a.xml', xml), streamInput('b.xml', xml)], {
        ...options,
        onProgress: (p) => progress.push(p.bytesRead),
      });
    } finally {
      now.mockRestore();
    }
    expect(progress).toEqual([0, xml.length, xml.length, 2 * xml.length]);
    db.close();
  });

  it('imports a byte stream (a OneDrive download) like a file, with progress by bytes, zip or not', async () => {
    const name = 'job-stream';
    names.push(name);
    const db = await openTextkeepDb(name);
    const xml = strToU8(generateSbrString({ messages: 150, seed: 4, quirks: false }));
    const zip = zipSync({
      'sms-20240101.xml': strToU8(generateSbrString({ messages: 40, seed: 5, quirks: false })),
    });
    const progress: number[] = [];
    const summary = await runImport(db, [streamInput('sms-2024.xml', xml), streamInput('backup.zip', zip)], {
      ...options,
      onProgress: (p) => progress.push(p.bytesRead),
    });
    expect(summary.files.map((f) => [f.fileName, f.format, f.added])).toEqual([
      ['sms-2024.xml', 'sbr', 150],
      ['backup.zip', 'zip', 40],
    ]);
    expect(progress.at(-1)).toBe(xml.length + zip.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    db.close();
  });

  it('records a download that broke off as failed, keeps what came before, and closes the other streams', async () => {
    const name = 'job-stream-broken';
    names.push(name);
    const db = await openTextkeepDb(name);
    const xml = strToU8(generateSbrString({ messages: 3000, seed: 6, quirks: false }));
    let cancelled = false;
    let pulls = 0;
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(xml.slice(0, Math.floor(xml.length / 2)));
        else controller.error(new DOMException('The connection to OneDrive was lost.', 'NetworkError'));
      },
    });
    const waiting = new ReadableStream<Uint8Array>({
      cancel() {
        cancelled = true;
      },
    });
    const run = runImport(
      db,
      [
        { name: 'sms-a.xml', size: xml.length, stream: broken },
        { name: 'sms-b.xml', size: 10, stream: waiting },
      ],
      options,
    );
    await expect(run).rejects.toMatchObject({ name: 'NetworkError' });
    expect(cancelled).toBe(true);
    const [record] = await db.getAll('imports');
    expect(record).toMatchObject({ fileName: 'sms-a.xml', status: 'failed' });
    expect(record?.added).toBeGreaterThan(0);
    expect(await db.count('imports')).toBe(1);
    db.close();
  });
  it('takes a stream aborted on the page (Cancel during a stalled download) as a cancellation', async () => {
    const name = 'job-stream-aborted';
    names.push(name);
    const db = await openTextkeepDb(name);
    const xml = strToU8(generateSbrString({ messages: 3000, seed: 7, quirks: false }));
    let pulls = 0;
    const aborted = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(xml.slice(0, Math.floor(xml.length / 2)));
        else controller.error(new DOMException('The download was cancelled.', 'AbortError'));
      },
    });
    const summary = await runImport(db, [{ name: 'sms-c.xml', size: xml.length, stream: aborted }], options);
    expect(summary.stopped).toBe('cancelled');
    expect(summary.files.map((f) => f.status)).toEqual(['cancelled']);
    db.close();
  });
});

/** Bytes as a stream input in small chunks, as a download arrives. */
function streamInput(name: string, bytes: Uint8Array) {
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) controller.close();
      else controller.enqueue(bytes.slice(at, (at += 16_384)));
    },
  });
  return { name, size: bytes.length, stream };
}
