/**
 * The hostile-input suite's harness (hostile.test.ts): imports through the real `runImport` into a database,
 * timing it and sampling memory while it runs, and reads the database back to check that it is consistent
 * and what a hostile file changed. Memory is sampled by a function the test passes (Node's
 * `process.memoryUsage`), so this file stays free of Node types.
 */
import type { IDBPDatabase } from 'idb';
import { HOSTILE_ADDRESS } from './hostile-inputs';
import type { Conversation, Message } from '../src/model/types';
import { openTextkeepDb, type TextkeepDB } from '../src/db/schema';
import { runImport, type ImportJobOptions } from '../src/import/import-job';
import type { ImportInput, ImportSummary } from '../src/import/summary';

/** Memory in bytes: the JS heap, the whole process, and ArrayBuffers (where decoded bytes and Blobs live). */
export interface Memory {
  heap: number;
  rss: number;
  buffers: number;
}

/** An import's outcome with its time and its peak memory above what was in use when it started. */
export interface Measured {
  summary: ImportSummary;
  ms: number;
  growth: Memory;
}

/** Options for a test run: no region surprises, a fixed zone. */
export const TEST_OPTIONS: Omit<ImportJobOptions, 'signal'> = {
  region: 'US',
  timeZone: 'Europe/Paris',
  onProgress: () => undefined,
  onStored: () => undefined,
};

/** Opens a fresh database and imports `baseline` into it: the data a hostile file must leave alone. */
export async function openWithBaseline(name: string, baseline: string): Promise<IDBPDatabase<TextkeepDB>> {
  const db = await openTextkeepDb(name);
  const signal = new AbortController().signal;
  await runImport(db, [new File([baseline], 'baseline.xml')], { ...TEST_OPTIONS, signal });
  return db;
}

/** The reasons of an import's problems, file by file. */
export const reasons = (m: Measured): string[] =>
  m.summary.files.flatMap((f) => f.problems.map((p) => p.reason));

/** The detail of the first problem of the first file. */
export const firstDetail = (m: Measured): string | undefined => m.summary.files[0]?.problems[0]?.detail;

/** A row of the table at the top of hostile.test.ts: the case, its outcome, time and memory. */
export function tableRow(name: string, m: Measured): string {
  const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(0)} MB`;
  const outcome = `${reasons(m).join(', ') || 'no problem'} ${firstDetail(m) ?? ''}; added ${String(m.summary.added)}`;
  return `| ${name} | ${outcome} | ${m.ms.toFixed(0)} ms | ${mb(m.growth.heap)} | ${mb(m.growth.buffers)} | ${mb(m.growth.rss)} |`;
}

/** Runs an import, sampling `memory` every few ms and at every progress report. */
export async function measureImport(
  db: IDBPDatabase<TextkeepDB>,
  inputs: readonly ImportInput[],
  memory: () => Memory,
  options: Partial<ImportJobOptions> = {},
): Promise<Measured> {
  const base = memory();
  const growth: Memory = { heap: 0, rss: 0, buffers: 0 };
  const sample = (): void => {
    const now = memory();
    growth.heap = Math.max(growth.heap, now.heap - base.heap);
    growth.rss = Math.max(growth.rss, now.rss - base.rss);
    growth.buffers = Math.max(growth.buffers, now.buffers - base.buffers);
  };
  const timer = setInterval(sample, 5);
  const started = performance.now();
  try {
    const summary = await runImport(db, inputs, {
      ...TEST_OPTIONS,
      signal: new AbortController().signal,
      ...options,
      onProgress: (progress) => {
        sample();
        options.onProgress?.(progress);
      },
    });
    sample();
    return { summary, ms: performance.now() - started, growth };
  } finally {
    clearInterval(timer);
  }
}

/** Every stored message by conversation key, in block order. */
export async function storedMessages(db: IDBPDatabase<TextkeepDB>): Promise<Map<string, Message[]>> {
  const byKey = new Map<string, Message[]>();
  for (const block of await db.getAll('messageBlocks')) {
    const messages = byKey.get(block.conversationKey) ?? [];
    messages.push(...block.messages);
    byKey.set(block.conversationKey, messages);
  }
  return byKey;
}

/** The texts of every stored message, oldest first. */
export async function storedTexts(db: IDBPDatabase<TextkeepDB>): Promise<string[]> {
  const all = [...(await storedMessages(db)).values()].flat();
  return all.sort((a, b) => a.time - b.time).map((m) => m.text);
}

/**
 * Everything a person's data is made of (conversations, messages, media records, the search index), as one
 * comparable text. The import history is left out: a rejected file is recorded there on purpose. With
 * `except`, the conversation with that address is left out too, and the search index (which indexes it):
 * what a damaged file may add to, while everything else must stay as it was.
 */
export async function snapshot(db: IDBPDatabase<TextkeepDB>, except?: string): Promise<string> {
  const skipped = new Set(
    (await db.getAll('conversations'))
      .filter((c) => except !== undefined && c.participants.some((p) => p.raw === except))
      .map((c) => c.key),
  );
  const media = (await db.getAll('media')).map(({ hash, type, size }) => ({ hash, type, size }));
  const stores = {
    conversations: (await db.getAll('conversations')).filter((c) => !skipped.has(c.key)),
    messageBlocks: (await db.getAll('messageBlocks')).filter((b) => !skipped.has(b.conversationKey)),
    media,
    search:
      except === undefined
        ? [await db.getAll('searchTerms'), await db.getAll('searchSegments'), await db.getAll('searchTexts')]
        : [],
  };
  return JSON.stringify(stores, (_, value: unknown) =>
    ArrayBuffer.isView(value) ? Array.from(value as Uint8Array) : value,
  );
}

/**
 * What is wrong with the stored data, if anything: a summary whose count is not its blocks' messages,
 * blocks of no conversation, a message twice in one conversation, an attachment whose bytes are missing.
 */
export async function inconsistencies(db: IDBPDatabase<TextkeepDB>): Promise<string[]> {
  const found: string[] = [];
  const conversations = new Map<string, Conversation>(
    (await db.getAll('conversations')).map((c) => [c.key, c]),
  );
  const messages = await storedMessages(db);
  const media = new Set(await db.getAllKeys('media'));
  for (const [key, list] of messages) {
    const conversation = conversations.get(key);
    if (!conversation) found.push(`blocks without a conversation (${String(list.length)} messages)`);
    else if (conversation.messageCount !== list.length)
      found.push(`a summary counts ${String(conversation.messageCount)} of ${String(list.length)} messages`);
    if (new Set(list.map((m) => m.id)).size !== list.length) found.push('a message stored twice');
    for (const m of list)
      for (const a of m.attachments) if (a.mediaKey && !media.has(a.mediaKey)) found.push('missing media');
  }
  for (const [key, c] of conversations)
    if (!messages.has(key) && c.messageCount > 0) found.push('a summary without blocks');
  return found;
}

/** The messages stored with the hostile files' address, oldest first. */
export async function hostileMessages(db: IDBPDatabase<TextkeepDB>, address: string): Promise<Message[]> {
  const conversation = (await db.getAll('conversations')).find((c) =>
    c.participants.some((p) => p.raw === address),
  );
  if (!conversation) return [];
  const list = (await storedMessages(db)).get(conversation.key) ?? [];
  return list.sort((a, b) => a.time - b.time);
}

/** What an import left behind, against the `snapshot(db)` taken before it. */
export interface LeftBehind {
  /** The texts of the hostile conversation, oldest first. */
  texts: string[];
  /** Everything but the hostile conversation (and the search index) is as it was. */
  othersUnchanged: boolean;
  /** Everything is as it was. */
  unchanged: boolean;
  inconsistencies: string[];
}

/** Reads what an import left behind in `db`; `before` is `snapshot(db)` from before the import. */
export async function leftBehind(db: IDBPDatabase<TextkeepDB>, before: string): Promise<LeftBehind> {
  const parsed = JSON.parse(before) as Record<string, unknown>;
  return {
    texts: (await hostileMessages(db, HOSTILE_ADDRESS)).map((m) => m.text),
    othersUnchanged: (await snapshot(db, HOSTILE_ADDRESS)) === JSON.stringify({ ...parsed, search: [] }),
    unchanged: (await snapshot(db)) === before,
    inconsistencies: await inconsistencies(db),
  };
}
