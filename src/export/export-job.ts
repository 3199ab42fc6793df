/**
 * The export worker's work: one conversation to one file, or every conversation to one zip. Reads the blocks
 * and media from IndexedDB here, off the page's thread, so a 50,000-message export never stalls scrolling.
 */
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { IDBPDatabase } from 'idb';
import { ZoneClock } from '../formats/exporters/clock';
import type { ExportInput, MediaLookup } from '../formats/exporters/contract';
import {
  dateSpan,
  exportFileName,
  mediaFileName,
  safeFileName,
  uniqueName,
} from '../formats/exporters/names';
import { TEXT_EXPORTERS } from '../formats/exporters/registry';
import { countEntries, exportView } from '../formats/exporters/view';
import { mediaBlob, type Conversation, type Message } from '../model/types';
import { readMessages } from '../db/messages';
import type { TextkeepDB } from '../db/schema';
import { BlobSink, FileSink, type ByteSink } from './blob-sink';
import { OpfsSink, opfsSupported, roomFor, type SpoolTarget } from './opfs-sink';
import type { ExportProgress, ExportRequest, ExportResult } from './summary';

/** The conversation is gone (deleted in another tab, say). */
export class NothingToExportError extends Error {
  constructor() {
    super('This conversation is not stored any more, so there is nothing to export.');
    this.name = 'NothingToExportError';
  }
}

function mediaLookup(db: IDBPDatabase<TextkeepDB>): MediaLookup {
  return async (hash) => db.get('media', hash);
}

function inputFor(
  conversation: Conversation,
  messages: readonly Message[],
  request: ExportRequest,
  db: IDBPDatabase<TextkeepDB>,
  signal: AbortSignal,
  onProgress: (written: number) => void,
): ExportInput {
  return {
    conversation,
    messages,
    timeZone: request.timeZone,
    times: request.times,
    exportedAt: Date.now(),
    range: request.range,
    hideNumbers: request.hideNumbers,
    media: mediaLookup(db),
    onProgress,
    signal,
    generator: request.generator,
  };
}

/**
 * Lets the worker's event loop run (Cancel arrives as a message) at most every 50 ms: the exporters are
 * synchronous between batches, and awaiting a resolved promise would not let a message in.
 */
function yielder(): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < 50) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    last = performance.now();
  };
}

/** One conversation to one file. */
export async function exportConversation(
  db: IDBPDatabase<TextkeepDB>,
  key: string,
  request: ExportRequest,
  signal: AbortSignal,
  onProgress: (progress: ExportProgress) => void,
): Promise<ExportResult> {
  const conversation = await db.get('conversations', key);
  if (!conversation) throw new NothingToExportError();
  const messages = await readMessages(db, key, request.range);
  const exporter = TEXT_EXPORTERS[request.format];
  const total = messages.length;
  const input = inputFor(conversation, messages, request, db, signal, (written) => {
    onProgress({ written, total });
  });
  const sink = new BlobSink(exporter.type);
  const pause = yielder();
  for await (const part of exporter.write(input)) {
    await pause();
    signal.throwIfAborted();
    await sink.write(part);
  }
  const span = dateSpan(input, new ZoneClock(request.timeZone));
  return {
    fileName: exportFileName(exportView(input).title, span, exporter.extension),
    type: exporter.type,
    blob: await sink.close(),
    messages: total,
    conversations: 1,
  };
}

/** Deflated text per message in the zip, generously: for the free-space check only. */
const ZIP_BYTES_PER_MESSAGE = 64;

/**
 * About how large the zip of everything will be: each conversation's attachments (as the messages record
 * their sizes, once per conversation, as the zip holds them) plus the deflated text. Read block by block
 * from the messages, not from the media store, whose small pictures are stored inline: a cursor there would
 * pull every picture's bytes through the worker just to learn its size.
 */
export async function zipSizeEstimate(db: IDBPDatabase<TextkeepDB>): Promise<number> {
  let bytes = 0;
  const seen = new Set<string>();
  let cursor = await db.transaction('messageBlocks').store.openCursor();
  while (cursor) {
    const block = cursor.value;
    bytes += block.messages.length * ZIP_BYTES_PER_MESSAGE;
    for (const m of block.messages)
      for (const a of m.attachments) {
        const key = `${block.conversationKey}\u0000${a.mediaKey ?? ''}`;
        if (!a.mediaKey || seen.has(key)) continue;
        seen.add(key);
        bytes += a.size;
      }
    cursor = await cursor.continue();
  }
  return bytes;
}

/**
 * Where the zip goes: the file the person chose; else an OPFS spool file, after checking there is room
 * (memory stays flat); else, where OPFS is refused, a Blob (the browser may hold it in memory).
 */
async function zipSink(
  db: IDBPDatabase<TextkeepDB>,
  target: FileSystemFileHandle | undefined,
  spool: SpoolTarget | undefined,
): Promise<{ sink: ByteSink; spooled: boolean }> {
  if (target) return { sink: await FileSink.open(target), spooled: false };
  if (spool && opfsSupported()) {
    await roomFor(await zipSizeEstimate(db));
    const sink = await OpfsSink.open(spool);
    if (sink) return { sink, spooled: true };
  }
  return { sink: new BlobSink('application/zip'), spooled: false };
}

/**
 * Every conversation into one zip: a folder per conversation with its file in the chosen format and a
 * `media` folder with its attachments. Streamed: fflate's Zip emits bytes as each member is written, the
 * sink takes them (a file on disk: the one the person chose, or the OPFS spool file), and only one
 * conversation's messages and one media file are in memory at a time. Text is deflated; media are stored as
 * they are (already compressed).
 */
export async function exportEverything(
  db: IDBPDatabase<TextkeepDB>,
  request: ExportRequest,
  target: FileSystemFileHandle | undefined,
  signal: AbortSignal,
  onProgress: (progress: ExportProgress) => void,
  spool?: SpoolTarget,
): Promise<ExportResult> {
  const conversations = await db.getAll('conversations');
  // Progress counts what the writers write, calls included (they are in the same timeline as the messages).
  const total = conversations.reduce((sum, c) => sum + c.messageCount + c.callCount, 0);
  const exporter = TEXT_EXPORTERS[request.format];
  const { sink, spooled } = await zipSink(db, target, spool);
  let failed: unknown;
  let queue: Promise<void> = Promise.resolve();
  const zip = new Zip((error, chunk) => {
    if (error) {
      failed = error;
      return;
    }
    queue = queue.then(() => sink.write(chunk));
  });
  const pause = yielder();
  const drain = async (): Promise<void> => {
    await queue;
    await pause();
    if (failed) throw failed instanceof Error ? failed : new Error('The zip could not be written.');
    signal.throwIfAborted();
  };
  const folders = new Set<string>();
  const encoder = new TextEncoder();
  let before = 0;
  let messages = 0;
  let calls = 0;
  try {
    for (const conversation of conversations) {
      const list = await readMessages(db, conversation.key, request.range);
      if (list.length === 0) continue;
      const input = inputFor(conversation, list, request, db, signal, (written) => {
        onProgress({ written: before + written, total });
      });
      const folder = uniqueName(safeFileName(exportView(input).title), folders);
      const file = new ZipDeflate(`${folder}/${folder}.${exporter.extension}`, { level: 6 });
      zip.add(file);
      for await (const part of exporter.write(input)) {
        file.push(typeof part === 'string' ? encoder.encode(part) : part);
        await drain();
      }
      file.push(new Uint8Array(0), true);
      await drain();
      const names = new Set<string>();
      const done = new Set<string>();
      for (const m of list) {
        for (const a of m.attachments) {
          if (!a.mediaKey || done.has(a.mediaKey)) continue;
          done.add(a.mediaKey);
          const record = await db.get('media', a.mediaKey);
          if (!record) continue;
          const member = new ZipPassThrough(
            `${folder}/media/${uniqueName(mediaFileName(a.name, record.type, record.hash), names)}`,
          );
          zip.add(member);
          const reader = mediaBlob(record).stream().getReader();
          for (;;) {
            const { done: end, value } = await reader.read();
            if (end) break;
            member.push(value);
            await drain();
          }
          member.push(new Uint8Array(0), true);
          await drain();
        }
      }
      before += conversation.messageCount + conversation.callCount;
      // "Exported … messages" counts messages only: calls are counted apart, as everywhere else.
      const counted = countEntries(list);
      messages += counted.messages;
      calls += counted.calls;
      onProgress({ written: before, total });
    }
    zip.end();
    await drain();
  } catch (error) {
    zip.terminate();
    await queue.catch(() => undefined);
    await sink.abort();
    throw error;
  }
  const day = new ZoneClock(request.timeZone).local(Date.now()).date;
  return {
    fileName: `Textkeep export ${day}.zip`,
    type: 'application/zip',
    blob: await sink.close(),
    spooled,
    messages,
    ...(calls > 0 ? { calls } : {}),
    conversations: folders.size,
  };
}
