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
import type { SearchPostings, SearchSegment, SearchTexts } from './search-index';
import { indexRecordsV1, putRecordsV1 } from './frozen/search-index-v1';

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

/** A conversation as versions 1 to 4 stored it: without its opaque URL id and link salt (step 5). */
type ConversationV4 = Omit<Conversation, 'id' | 'salt'>;

/** Messages indexed per segment when step 4 indexes what was stored before it (an import flush's size). */
const BACKFILL_MESSAGES = 20_000;

/**
 * An upgrade step: runs inside the version-change transaction, so it may read and rewrite records. A step
 * that returns a promise must await only IndexedDB requests of `tx` (anything else lets the transaction end).
 */
type UpgradeStep = (
  db: IDBPDatabase<TextkeepDB>,
  tx: IDBPTransaction<TextkeepDB, StoreNames<TextkeepDB>[], 'versionchange'>,
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
  // the index code as it was at this step (frozen/search-index-v1.ts), never the live one.
  async (db, tx) => {
    db.createObjectStore('searchTerms', { keyPath: ['bucket', 'start'] });
    db.createObjectStore('searchSegments', { keyPath: 'end' });
    db.createObjectStore('searchTexts', { keyPath: 'start' });
    let batch = new Map<string, Message[]>();
    let size = 0;
    let next = 0;
    const write = (): void => {
      const records = indexRecordsV1(next, batch);
      putRecordsV1(tx, records);
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
    write();
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
      await cursor.update({ ...record, id: random(), salt: random() });
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

/** Opens (creating or upgrading as needed) the Textkeep database. */
export async function openTextkeepDb(
  name: string = DB_NAME,
  callbacks: OpenCallbacks = {},
  version: number = DB_VERSION,
): Promise<IDBPDatabase<TextkeepDB>> {
  const db = await openDB<TextkeepDB>(name, version, {
    upgrade(database, oldVersion, newVersion, tx) {
      const target = newVersion ?? version;
      const run = async (): Promise<void> => {
        for (let step = oldVersion + 1; step <= target; step++) {
          const upgrade = UPGRADES[step - 1];
          if (!upgrade) throw new Error(`No upgrade step for database version ${String(step)}`);
          await upgrade(database, tx);
        }
      };
      // A failed step aborts the version change: the database stays as it was, at its old version.
      run().catch(() => {
        tx.abort();
      });
    },
    blocked() {
      callbacks.onBlocked?.();
    },
  });
  db.addEventListener('versionchange', (event) => {
    db.close();
    callbacks.onVersionChange?.(event.newVersion === null);
  });
  return db;
}
