/*
 * ==========================================================================================================
 *  THE TEXTKEEP DATABASE SCHEMA. People's message archives live here, often the only copy they have left.
 *
 *  DO NOT CHANGE A STEP THAT HAS SHIPPED. To change the schema, APPEND a new numbered step to UPGRADES that
 *  migrates the existing records, and extend src/db/schema.test.ts with records written by the
 *  previous version. An upgrade must never lose or alter a record it does not mean to migrate.
 * ==========================================================================================================
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Conversation, ImportRecord, Message, MediaRecord, MessageBlock } from '../model/types';
import type { SearchPostings, SearchSegment, SearchTexts } from './search-layout';
import type * as SearchIndexV1 from './frozen/search-index-v1';

/** The name of the database in every browser profile. */
export const DB_NAME = 'textkeep';

/** A setting or a piece of app state, stored under its name. */
export interface SettingRecord {
  name: string;
  value: unknown;
}

/** A media record as versions 1 and 2 stored it. */
type LegacyMediaRecord = Omit<MediaRecord, 'data'> & { blob: Blob };

/** The typed shape of the current schema (the one the last upgrade step produces). */
export interface TextkeepDB extends DBSchema {
  conversations: { key: string; value: Conversation; indexes: { byLastTime: number; byId: string } };
  messageBlocks: {
    key: [string, number, string];
    value: MessageBlock;
    indexes: { byConversation: string };
  };
  media: { key: string; value: MediaRecord };
  imports: { key: number; value: ImportRecord; indexes: { byStartedAt: number } };
  settings: { key: string; value: SettingRecord };
  searchTerms: { key: [string, number]; value: SearchPostings };
  searchSegments: { key: number; value: SearchSegment };
  searchTexts: { key: number; value: SearchTexts };
}

/** A conversation as version 5 stored it: without its count of calls (step 6). */
type ConversationV5 = Omit<Conversation, 'callCount'>;
/** A conversation as versions 1 to 4 stored it: without its opaque URL id and link salt (step 5). */
type ConversationV4 = Omit<ConversationV5, 'id' | 'salt'>;

/** Messages indexed per segment when step 4 indexes what was stored before it (an import flush's size). */
const BACKFILL_MESSAGES = 20_000;

/**
 * The frozen code that shipped steps call, loaded before the database is opened and only when a step that
 * needs it will run on stored records (it stays out of the page's main chunk: see openTextkeepDb).
 */
export interface FrozenCode {
  /** The search index as step 4 builds it. */
  searchIndexV1?: typeof SearchIndexV1;
}

/** The frozen code a step needs was not loaded: openTextkeepDb loads it and opens again. */
class FrozenCodeMissing extends Error {}

/** The oldest version whose upgrade runs step 4 over stored records, and so needs its frozen index code. */
const FROZEN_INDEX_BELOW = 4;

/**
 * An upgrade step: runs inside the version-change transaction, so it may read and rewrite records. A step
 * that returns a promise must await only IndexedDB requests of `tx` (anything else lets the transaction end),
 * so the frozen code it calls comes loaded, in `code`.
 */
type UpgradeStep = (
  db: IDBPDatabase<TextkeepDB>,
  tx: IDBPTransaction<TextkeepDB, StoreNames<TextkeepDB>[], 'versionchange'>,
  code: FrozenCode,
) => void | Promise<void>;

/**
 * Numbered upgrade steps: UPGRADES[n - 1] takes a database from version n - 1 to version n.
 * Append only; see the note at the top of this file.
 */
export const UPGRADES: readonly UpgradeStep[] = [
  // 1: the first schema: conversations, messages in per-conversation blocks, media by hash, import history.
  (db) => {
    db.createObjectStore('conversations', { keyPath: 'key' });
    const blocks = db.createObjectStore('messageBlocks', {
      keyPath: ['conversationKey', 'startTime', 'startId'],
    });
    blocks.createIndex('byConversation', 'conversationKey');
    db.createObjectStore('media', { keyPath: 'hash' });
    db.createObjectStore('imports', { keyPath: 'id', autoIncrement: true });
  },
  // 2: settings (default region, theme) and the indexes the list views sort by.
  (db, tx) => {
    db.createObjectStore('settings', { keyPath: 'name' });
    tx.objectStore('conversations').createIndex('byLastTime', 'lastTime');
    tx.objectStore('imports').createIndex('byStartedAt', 'startedAt');
  },
  // 3: media keep their bytes in `data` (bytes for small media, a Blob for large) instead of `blob`.
  async (_db, tx) => {
    let cursor = await tx.objectStore('media').openCursor();
    while (cursor) {
      const record = cursor.value as MediaRecord | LegacyMediaRecord;
      if ('blob' in record) {
        const { blob, ...rest } = record;
        await cursor.update({ ...rest, data: blob });
      }
      cursor = await cursor.continue();
    }
  },
  // 4: the full-text search index, built here for the messages already stored, through the frozen copy of
  // the index code as it was at this step (frozen/search-index-v1.ts), never the live one. A new database
  // has no messages to index, so it never calls that code, and the page loads it only for an upgrade.
  async (db, tx, code) => {
    db.createObjectStore('searchTerms', { keyPath: ['bucket', 'start'] });
    db.createObjectStore('searchSegments', { keyPath: 'end' });
    db.createObjectStore('searchTexts', { keyPath: 'start' });
    let batch = new Map<string, Message[]>();
    let size = 0;
    let next = 0;
    const write = (): void => {
      const frozen = code.searchIndexV1;
      if (!frozen) throw new FrozenCodeMissing('Step 4 needs frozen/search-index-v1');
      const records = frozen.indexRecordsV1(next, batch);
      frozen.putRecordsV1(tx, records);
      next = records.segment.end;
      batch = new Map();
      size = 0;
    };
    let cursor = await tx.objectStore('messageBlocks').openCursor();
    while (cursor) {
      const { conversationKey, messages } = cursor.value;
      batch.set(conversationKey, [...(batch.get(conversationKey) ?? []), ...messages]);
      size += messages.length;
      if (size >= BACKFILL_MESSAGES) write();
      cursor = await cursor.continue();
    }
    // An empty batch writes nothing (its segment is empty), so skipping it changes nothing stored.
    if (batch.size > 0) write();
  },
  // 5: URLs name a conversation by a random opaque `id` (indexed `byId`), and a message by a token salted
  //    with the conversation's secret `salt`, so the browser's history keeps no number or name (issue 12;
  //    model/opaque-id.ts makes them for new conversations). Written out here, not called from there: a
  //    shipped step must not change with live code. 16 random bytes each, base64url.
  async (_db, tx) => {
    const random = (): string => {
      let binary = '';
      for (const byte of crypto.getRandomValues(new Uint8Array(16))) binary += String.fromCharCode(byte);
      return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    };
    const conversations = tx.objectStore('conversations');
    conversations.createIndex('byId', 'id', { unique: true });
    let cursor = await conversations.openCursor();
    while (cursor) {
      const record: ConversationV4 = cursor.value;
      await cursor.update({ ...record, id: random(), salt: random() } as Conversation);
      cursor = await cursor.continue();
    }
  },
  // 6: call logs (issue 14). A call is a timeline entry stored in its conversation's blocks beside the
  //    messages (Message.call); a conversation counts its calls apart, in `callCount`. No call was stored
  //    before this step, so every stored conversation has none; `messageCount` stays what it was.
  async (_db, tx) => {
    let cursor = await tx.objectStore('conversations').openCursor();
    while (cursor) {
      const record: ConversationV5 = cursor.value;
      if (!('callCount' in record)) await cursor.update({ ...record, callCount: 0 });
      cursor = await cursor.continue();
    }
  },
];

/** The version the app's code expects. */
export const DB_VERSION = UPGRADES.length;

/** What the app does when another tab holds an older version open, or wants a newer one. */
export interface OpenCallbacks {
  /** Another tab still has an older version open: this tab waits until it closes. */
  onBlocked?: () => void;
  /**
   * A newer version of the app wants to upgrade, or "Delete all data" wants to delete the database
   * (`deleted`): this connection is closed so it can.
   */
  onVersionChange?: (deleted: boolean) => void;
}

/**
 * The version the database `name` is at (0: none), or undefined when the browser cannot tell
 * (`indexedDB.databases` is missing, as in Firefox before 126, or fails).
 */
async function storedVersion(name: string): Promise<number | undefined> {
  // Typed as always there; older browsers lack it.
  const factory: Partial<IDBFactory> = indexedDB;
  if (typeof factory.databases !== 'function') return undefined;
  try {
    const info = (await indexedDB.databases()).find((database) => database.name === name);
    return info?.version ?? 0;
  } catch {
    return undefined;
  }
}

/** Loads the frozen code the upgrade of `name` to `version` will need: none unless step 4 meets records. */
async function frozenCodeFor(name: string, version: number): Promise<FrozenCode> {
  if (version < FROZEN_INDEX_BELOW) return {};
  const stored = await storedVersion(name);
  if (stored !== undefined && (stored === 0 || stored >= FROZEN_INDEX_BELOW)) return {};
  return loadFrozenCode();
}

async function loadFrozenCode(): Promise<FrozenCode> {
  return { searchIndexV1: await import('./frozen/search-index-v1') };
}

/**
 * Opens (creating or upgrading as needed) the Textkeep database. The frozen code of the steps to run is
 * loaded first, as the upgrade must not await anything but its own requests; when the database changed
 * between the look and the open (another tab created it), the upgrade aborts and runs again with the code.
 */
export async function openTextkeepDb(
  name: string = DB_NAME,
  callbacks: OpenCallbacks = {},
  version: number = DB_VERSION,
): Promise<IDBPDatabase<TextkeepDB>> {
  const code = await frozenCodeFor(name, version);
  try {
    return await openWith(name, callbacks, version, code);
  } catch (error) {
    if (!(error instanceof FrozenCodeMissing)) throw error;
    return openWith(name, callbacks, version, await loadFrozenCode());
  }
}

async function openWith(
  name: string,
  callbacks: OpenCallbacks,
  version: number,
  code: FrozenCode,
): Promise<IDBPDatabase<TextkeepDB>> {
  let failure: unknown;
  const opening = openDB<TextkeepDB>(name, version, {
    upgrade(database, oldVersion, newVersion, tx) {
      const target = newVersion ?? version;
      const run = async (): Promise<void> => {
        for (let step = oldVersion + 1; step <= target; step++) {
          const upgrade = UPGRADES[step - 1];
          if (!upgrade) throw new Error(`No upgrade step for database version ${String(step)}`);
          await upgrade(database, tx, code);
        }
      };
      // A failed step aborts the version change: the database stays as it was, at its old version.
      run().catch((error: unknown) => {
        failure = error;
        // The open rejects with the abort; the transaction's own promise would go unhandled.
        tx.done.catch(() => undefined);
        tx.abort();
      });
    },
    blocked() {
      callbacks.onBlocked?.();
    },
  });
  const db = await opening.catch((error: unknown) => {
    // The step's own error says why (a missing frozen module is retried), not the abort it caused.
    throw failure instanceof FrozenCodeMissing ? failure : error;
  });
  db.addEventListener('versionchange', (event) => {
    db.close();
    callbacks.onVersionChange?.(event.newVersion === null);
  });
  return db;
}
