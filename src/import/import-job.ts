/**
 * One import run: every file given at once (a Windows Phone backup folder is several files), read in turn
 * by the importer that recognises it, through one writer so contacts from one file name conversations from
 * another. Each file gets its own import record with its counts.
 */
import type { IDBPDatabase } from 'idb';
import type { ImportProblem, Importer } from '../formats/contract';
import { HEAD_BYTES, detectImporter, headText, isZip } from '../formats/importers/registry';
import { MAX_RATIO, UnsupportedZipMethodError, ZipBombError, zipMembers } from '../formats/zip/zip-members';
import { peek } from '../lib/streams';
import type { CountryCode } from '../model/address';
import type { ImportRecord, Message } from '../model/types';
import type { TextkeepDB } from '../db/schema';
import { ImportWriter } from './import-writer';
import type { FileSummary, ImportInput, ImportProgress, ImportSummary, ProblemSummary } from './summary';
import {
  DatabaseClosedError,
  isClosedConnectionError,
  StorageFullError,
  WriterPreemptedError,
} from './write-guard';

/** How often (ms of work) the import lets the worker handle messages such as "cancel". */
const YIELD_EVERY_MS = 50;

/** At most one progress message to the page per this many ms (each file's start is always told). */
const PROGRESS_EVERY_MS = 200;

/** What a run needs besides the files. */
export interface ImportJobOptions {
  region: CountryCode;
  timeZone: string;
  signal: AbortSignal;
  onProgress: (progress: ImportProgress) => void;
  onStored: () => void;
  /** Why the database connection was closed under the import, once it was. */
  closedBy?: () => 'deleted' | 'upgraded' | undefined;
}

// Address books first: their names then title the conversations as they are created.
const byAddressBooksFirst = (a: ImportInput, b: ImportInput): number =>
  Number(!/\.vcf$/i.test(a.name)) - Number(!/\.vcf$/i.test(b.name));

/** Runs the import of `files` into the database. */
export async function runImport(
  db: IDBPDatabase<TextkeepDB>,
  files: readonly ImportInput[],
  options: ImportJobOptions,
): Promise<ImportSummary> {
  const writer = new ImportWriter(db, options.region, options.onStored);
  const ordered = [...files].sort(byAddressBooksFirst);
  const bytesTotal = ordered.reduce((sum, f) => sum + f.size, 0);
  const summary: ImportSummary = { added: 0, duplicates: 0, files: [] };
  let bytesBefore = 0;
  let lastProgress = -Infinity;
  try {
    try {
      await writer.init();
    } catch (error) {
      const stop = outsideStop(error, options);
      if (!stop) throw error;
      summary.stopped = stop;
      return summary;
    }
    for (const [fileIndex, file] of ordered.entries()) {
      if (options.signal.aborted) break;
      const tell = (bytesRead: number, always: boolean): void => {
        // A few a second are enough for a progress bar: each one is a message to the page, which renders it.
        const now = performance.now();
        if (!always && now - lastProgress < PROGRESS_EVERY_MS) return;
        lastProgress = now;
        options.onProgress({
          fileName: file.name,
          fileIndex,
          fileCount: ordered.length,
          bytesRead: bytesBefore + bytesRead,
          bytesTotal,
          added: writer.counts.added,
        });
      };
      let read = 0;
      const report = (bytesRead: number): void => {
        read = bytesRead;
        tell(bytesRead, false);
      };
      tell(0, true);
      let result: FileSummary;
      try {
        result = await importFile(db, writer, file, options, report);
      } catch (error) {
        // Cancelled while a download was still opening: nothing of this file was stored.
        if (!cancelledBy(options.signal, error)) throw error;
        summary.stopped = 'cancelled';
        break;
      }
      // How far the file was read is always told at its end, so the bar ends where reading did.
      tell(read, true);
      summary.files.push(result);
      summary.added += result.added;
      if (result.calls) summary.calls = (summary.calls ?? 0) + result.calls;
      summary.duplicates += result.duplicates;
      bytesBefore += file.size;
      if (result.problems.some((p) => p.reason === 'quota')) {
        summary.stopped = 'quota';
        summary.neededBytes = bytesTotal - bytesBefore + file.size;
        break;
      }
      if (result.stop) {
        summary.stopped = result.stop;
        break;
      }
      if (result.status === 'cancelled') {
        summary.stopped = 'cancelled';
        break;
      }
    }
  } finally {
    await writer.release().catch(() => undefined);
    // Streams never reached (Cancel, a full disk, a failed download) are closed, so no download goes on.
    for (const input of ordered.slice(summary.files.length)) {
      if (!(input instanceof File)) await input.stream.cancel().catch(() => undefined);
    }
  }
  if (options.signal.aborted) summary.stopped ??= 'cancelled';
  if (summary.stopped === 'deleted') {
    // The database is gone, with everything this run had committed to it.
    summary.added = 0;
    delete summary.calls;
    summary.duplicates = 0;
    for (const file of summary.files) {
      Object.assign(file, { added: 0, duplicates: 0 });
      delete file.calls;
    }
  }
  return summary;
}

/** The stop `error` means when something outside the import ended it (another window), else undefined. */
function outsideStop(error: unknown, options: ImportJobOptions): FileSummary['stop'] {
  if (error instanceof WriterPreemptedError) return 'preempted';
  if (error instanceof DatabaseClosedError) return error.reason;
  if (isClosedConnectionError(error)) return options.closedBy?.() ?? 'upgraded';
  return undefined;
}

/** SMS Backup & Restore Pro encrypts its zips with AES (zip method 99): a locked backup, not a damaged one. */
function isEncryptedZipError(error: unknown): boolean {
  return error instanceof UnsupportedZipMethodError && error.method === 99;
}

/** Whether `error` ended a file because of Cancel: here, or on the page (a download waiting on the network). */
function cancelledBy(signal: AbortSignal, error: unknown): boolean {
  if (signal.aborted) return true;
  return error instanceof Error || error instanceof DOMException ? error.name === 'AbortError' : false;
}

/** A stream that failed on the network (a download that could not be resumed), not on the file's content. */
function isNetworkError(error: unknown): boolean {
  return error instanceof Error || error instanceof DOMException ? error.name === 'NetworkError' : false;
}

/** One stream to read: the file itself, or a member of a zip file. */
interface Source {
  name: string;
  head: Uint8Array;
  stream: ReadableStream<Uint8Array>;
}

/** The file's own stream, counting bytes for progress. */
function counted(
  stream: ReadableStream<Uint8Array>,
  report: (bytesRead: number) => void,
): ReadableStream<Uint8Array> {
  let read = 0;
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        report(read);
        controller.enqueue(chunk);
      },
    }),
  );
}

/** The members of a zip file, each with its first bytes for detection. */
async function* zipSources(
  stream: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  report: (n: number) => void,
): AsyncGenerator<Source> {
  const whole = counted(stream, report);
  try {
    for await (const member of zipMembers(whole, signal)) {
      const { head, stream } = await peek(member.stream, HEAD_BYTES);
      yield { name: member.name.split('/').pop() ?? member.name, head, stream };
    }
  } finally {
    // Stopped before the end (Cancel, damage): the rest of a download is not wanted.
    await whole.cancel().catch(() => undefined);
  }
}

/** The first bytes of an input, for detection, and a stream of all of it (a stream input is read once). */
async function open(input: ImportInput): Promise<{ head: Uint8Array; stream: ReadableStream<Uint8Array> }> {
  if (input instanceof File) {
    return { head: new Uint8Array(await input.slice(0, HEAD_BYTES).arrayBuffer()), stream: input.stream() };
  }
  return peek(input.stream, HEAD_BYTES);
}

async function importFile(
  db: IDBPDatabase<TextkeepDB>,
  writer: ImportWriter,
  file: ImportInput,
  options: ImportJobOptions,
  report: (bytesRead: number) => void,
): Promise<FileSummary> {
  const { head, stream } = await open(file);
  const zip = isZip(head);
  // Nothing but a BOM or whitespace (the head then holds the whole file) is as empty as no bytes at all.
  const empty = file.size === 0 || (head.length >= file.size && headText(head).trim() === '');
  const importer = empty || zip ? undefined : detectImporter(headText(head), file.name);
  const record: Omit<ImportRecord, 'id'> = {
    fileName: file.name,
    size: file.size,
    format: zip ? 'zip' : (importer?.id ?? 'unknown'),
    region: options.region,
    startedAt: Date.now(),
    status: 'running',
    added: 0,
    duplicates: 0,
    skipped: [],
  };
  let id: number;
  try {
    id = await db.add('imports', record);
  } catch (error) {
    const stop = outsideStop(error, options);
    if (!stop) throw error;
    await stream.cancel().catch(() => undefined);
    return {
      fileName: file.name,
      format: record.format,
      added: 0,
      duplicates: 0,
      problems: [],
      status: 'stopped',
      stop,
    };
  }
  let stop: FileSummary['stop'];
  const problems = new Map<string, ProblemSummary>();
  // One entry per reason and zip member, so each sentence can name the file inside the zip it was met in.
  const note = (problem: Pick<ImportProblem, 'reason' | 'count' | 'detail'> | ProblemSummary): void => {
    const key = `${problem.reason}\n${'member' in problem ? (problem.member ?? '') : ''}`;
    const seen = problems.get(key);
    if (seen) seen.count += problem.count;
    else problems.set(key, { ...problem });
  };
  let status: ImportRecord['status'] = 'done';
  // An error no problem sentence covers (a download that could not go on): recorded, then the run stops on it.
  let failure: Error | undefined;
  if (empty) note({ reason: 'empty-file', count: 1 });
  else if (!zip && !importer) note({ reason: 'not-an-archive', count: 1 });
  else {
    try {
      const sources: AsyncIterable<Source> | Iterable<Source> = zip
        ? zipSources(stream, options.signal, report)
        : [{ name: file.name, head, stream }];
      let recognised = 0;
      for await (const source of sources) {
        const reader = detectImporter(headText(source.head), source.name);
        if (reader) {
          recognised++;
          await readSource(
            writer,
            reader,
            source,
            { importId: id, format: reader.id },
            options,
            zip ? undefined : report,
            zip ? (problem) => note({ ...problem, member: source.name }) : note,
          );
        }
        // A stream left unread (an unknown member, or one that ended on damage) is cancelled so the zip moves on.
        await source.stream.cancel().catch(() => undefined);
        if (options.signal.aborted) break;
      }
      if (zip && recognised === 0) note({ reason: 'not-an-archive', count: 1 });
      if (options.signal.aborted) {
        await writer.cancel();
        status = 'cancelled';
      } else await writer.finish();
    } catch (error) {
      status = 'failed';
      stop = outsideStop(error, options);
      if (stop) status = 'stopped';
      else if (cancelledBy(options.signal, error)) status = 'cancelled';
      else if (error instanceof StorageFullError) {
        status = 'stopped';
        note({ reason: 'quota', count: 1, detail: `${String(Math.ceil(error.neededBytes / 1_048_576))} MB` });
      } else if (zip && isEncryptedZipError(error)) note({ reason: 'encrypted', count: 1 });
      else if (error instanceof ZipBombError)
        note({
          reason: 'malformed',
          count: 1,
          detail: `a file that unpacks to over ${String(MAX_RATIO)} times its size`,
        });
      else if (zip && !isNetworkError(error))
        note({ reason: 'malformed', count: 1, detail: 'the zip structure' });
      else failure = error instanceof Error ? error : new Error(String(error));
      // What was read before damage is still written (not after Cancel: see ImportWriter.cancel, nor after
      // the database was taken away).
      if (options.signal.aborted) await writer.cancel().catch(() => undefined);
      else if (!stop) await writer.finish().catch(() => undefined);
    }
  }
  // Unread (not an archive, empty, or stopped early): a download must not go on in the background.
  await stream.cancel().catch(() => undefined);
  // Only what was committed: each flush counted its messages in this record, in its own transaction.
  const committed = writer.committedFor(id);
  const result: FileSummary = {
    fileName: file.name,
    format: record.format,
    added: committed.added,
    ...(committed.calls ? { calls: committed.calls } : {}),
    duplicates: committed.duplicates,
    problems: [...problems.values()],
    status,
    ...(stop ? { stop } : {}),
  };
  try {
    await db.put('imports', {
      ...record,
      id,
      finishedAt: Date.now(),
      status,
      added: result.added,
      // The flushes counted the calls in this record too: this last write must not drop them.
      ...(committed.calls ? { calls: committed.calls } : {}),
      duplicates: result.duplicates,
      skipped: result.problems.map((p) => ({ reason: p.reason, count: p.count })),
    });
  } catch (error) {
    // The database was deleted or upgraded in another window: there is no history left to write to.
    const gone = outsideStop(error, options);
    if (!gone) throw error;
    result.stop ??= gone;
  }
  if (failure) throw failure;
  return result;
}

/** Reads one source with its importer into the writer. */
async function readSource(
  writer: ImportWriter,
  importer: Importer,
  source: Source,
  origin: Message['source'],
  options: ImportJobOptions,
  report: ((bytesRead: number) => void) | undefined,
  note: (problem: ImportProblem) => void,
): Promise<void> {
  const parse = importer.parse(source.stream, {
    signal: options.signal,
    ...(report ? { onProgress: report } : {}),
    timeZone: options.timeZone,
  });
  let lastYield = performance.now();
  for await (const batch of parse) {
    for (const item of batch) if (item.kind === 'problem') note(item);
    const unplaced = await writer.add(batch, origin);
    if (unplaced > 0) note({ kind: 'problem', reason: 'no-party', count: unplaced });
    // Buffered stream reads resolve as microtasks, so without this the worker could go seconds without
    // looking at its messages, and "Cancel import" would wait for it.
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = performance.now();
    }
    if (options.signal.aborted) break;
  }
}
