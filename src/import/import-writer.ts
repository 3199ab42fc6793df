/**
 * Turns what importers read into stored conversations: normalizes addresses, drops duplicates (against what
 * is stored and within the import), and writes messages in blocks, media once per hash, and conversation
 * summaries, each flush in ONE transaction, so the database is consistent after every flush whatever happens
 * next (cancel, a closed tab, a full disk). Counts told to the person are those committed, never those read:
 * each flush also updates its imports' records, and summaries count from the stored records read in the same
 * transaction. One writer at a time: see write-guard.ts.
 */
import type { IDBPDatabase } from 'idb';
import type { ImportItem, RawMedia, RawMessage } from '../formats/contract';
import { AddressResolver, normalizeAddress, type CountryCode } from '../model/address';
import { countSpellings } from '../model/conversation-key';
import type { Conversation, Message, Participant } from '../model/types';
import type { TextkeepDB } from '../db/schema';
import { applyNames } from '../model/conversation-summary';
import { openTails, readStored, type Loaded, type Written } from '../db/block-store';
import { SEARCH_STORES } from '../db/search-layout';
import { addCounts, noCounts, type WriterCounts } from './import-counts';
import { writeFlush } from './flush-write';
import {
  mediaHashesOf,
  messageIdsOf,
  newConversation,
  placeOf,
  storedMessage,
  summaryOf,
} from './writer-records';
import {
  claim,
  diskBytes,
  FLUSH_MEDIA_BYTES,
  flushBytesFor,
  newWriterId,
  Room,
  StorageFullError,
} from './write-guard';

export { StorageFullError } from './write-guard';

/** Flush after this many pending messages: large transactions are what make IndexedDB fast. */
const FLUSH_MESSAGES = 20_000;
/**
 * …or at the first messages read (that first flush is waited for, so the list shows the first conversations
 * at once), and then when this long has passed since the last flush (so it keeps filling while a large
 * import runs).
 */
const FLUSH_EVERY_MS = 2_000;
/** The first flush holds at most this many messages: the first conversations, quickly. */
const FIRST_FLUSH_MESSAGES = 200;
/** …or this many characters of pending text: a few hundred texts of a million characters weigh as much. */
const FLUSH_TEXT_CHARS = 32 * 1024 * 1024;
/** About what one message weighs stored (its block share, its search postings and text), beyond its text. */
const MESSAGE_BYTES = 400;
/**
 * Open tails (see db/block-store.ts) held in memory, in messages over all conversations: past this, they are
 * let go (their fragments stay as small blocks), so an archive of many mid-sized conversations stays bounded.
 */
const TAIL_MESSAGES = 25_000;

/** Writes one import's items; see the module comment. */
export class ImportWriter {
  /** Counts as read (for progress): what the next flushes will commit. */
  readonly counts: WriterCounts = noCounts();
  private readonly _committedFor = new Map<number, WriterCounts>();
  private _pendingFor = new Map<number, WriterCounts>();
  private readonly _writerId = newWriterId();
  /** Pending bytes of media (and text) that start a flush: smaller when the storage is nearly full. */
  private _flushBytes = FLUSH_MEDIA_BYTES;
  private readonly _conversations = new Map<string, Conversation>();
  private readonly _loaded = new Map<string, Loaded>();
  private _pending = new Map<string, Message[]>();
  private readonly _floatingMedia = new Map<string, RawMedia>();
  private _pendingMedia = new Map<string, RawMedia>();
  private readonly _names = new Map<string, string>();
  private _touched = new Set<string>();
  private _inFlight: Promise<void> | undefined;
  /** The flush transaction being written, and whether Cancel abandoned it (see cancel()). */
  private _tx: { abort(): void; done: Promise<void> } | undefined;
  private _abandoning = false;
  private _pendingCount = 0;
  /** When the last flush was started, and whether one has been yet. */
  private _lastFlushAt = performance.now();
  private _flushed = false;
  private _pendingMediaBytes = 0;
  private _pendingTextChars = 0;
  private _resolver = new AddressResolver();

  constructor(
    private readonly _db: IDBPDatabase<TextkeepDB>,
    private readonly _region: CountryCode,
    private readonly _onFlushed: () => void = () => undefined,
    private readonly _room: Room = new Room(),
  ) {}

  /** Counts committed to the database, over every import this writer wrote for. */
  get committed(): WriterCounts {
    const total = noCounts();
    for (const counts of this._committedFor.values()) addCounts(total, counts);
    return total;
  }

  /** Counts committed for one import (one file's record). */
  committedFor(importId: number): WriterCounts {
    return { ...(this._committedFor.get(importId) ?? noCounts()) };
  }

  /**
   * Claims the database for this writer and loads the stored conversations (summaries only), so addresses
   * resolve to their stored spellings: in one transaction, so what it starts from is what it claimed.
   */
  async init(): Promise<void> {
    const tx = this._db.transaction(['settings', 'conversations'], 'readwrite');
    claim(tx.objectStore('settings'), this._writerId);
    const stored = await tx.objectStore('conversations').getAll();
    await tx.done;
    for (const c of stored) this._conversations.set(c.key, c);
    this._resolver = new AddressResolver(stored.flatMap((c) => c.participants.map((p) => p.address)));
  }

  /**
   * Takes one batch of items from an importer; `source` says which import and format they came from. Returns
   * how many messages it could not place: none of their addresses is one (empty, "null", the owner's own
   * token), so they belong to no conversation; the caller reports them, so the counts add up.
   */
  async add(items: readonly ImportItem[], source: Message['source']): Promise<number> {
    const messages: { raw: RawMessage; key: string; participants: Participant[] }[] = [];
    let unplaced = 0;
    for (const item of items) {
      if (item.kind === 'media') this._floatingMedia.set(item.hash, item);
      else if (item.kind === 'contact') {
        // Names from an address book: applied to matching participants when conversations are written.
        const address = this._resolve(item.address);
        if (address) this._names.set(address, item.name);
      } else if (item.kind === 'message') {
        const placed = placeOf(item, this._region, this._resolver, this._names);
        if (placed) messages.push({ raw: item, ...placed });
        else unplaced++;
      }
    }
    await this._ensureLoaded(new Set(messages.map((m) => m.key)));
    for (const { raw, key, participants } of messages) {
      this._queue(raw, key, participants, source);
      // Within the batch: one batch of pictures can weigh more than a flush may when room is short.
      if (!this._flushed && this._pendingCount >= FIRST_FLUSH_MESSAGES) await this._firstFlush();
      else if (this._flushDue()) await this._startFlush();
    }
    if (!this._flushed && this._pendingCount > 0) await this._firstFlush();
    return unplaced;
  }

  /**
   * The first messages read are written at once, and committed before reading on: while parsing runs, a
   * flush's requests wait for the worker's turns, and the list would stay empty for a second or more. Only
   * then does the disk probe begin (see Room.begin), for the same reason.
   */
  private async _firstFlush(): Promise<void> {
    await this.flush();
    // Flushes are sized by the room it finds (smaller when the disk is nearly full).
    this._room.begin().then(
      (room) => (this._flushBytes = flushBytesFor(room)),
      () => undefined,
    );
  }

  private _flushDue(): boolean {
    return (
      this._pendingCount >= FLUSH_MESSAGES ||
      (this._pendingCount > 0 && performance.now() - this._lastFlushAt >= FLUSH_EVERY_MS) ||
      this._pendingMediaBytes + this._pendingTextChars >= this._flushBytes ||
      this._pendingTextChars >= FLUSH_TEXT_CHARS
    );
  }

  private _queue(raw: RawMessage, key: string, participants: Participant[], source: Message['source']): void {
    const loaded = this._loaded.get(key) ?? { ids: new Set<string>(), blocks: [] };
    this._loaded.set(key, loaded);
    const ids = messageIdsOf(raw, key);
    if (ids.some((id) => loaded.ids.has(id))) {
      this.counts.duplicates++;
      this._pendingOf(source.importId).duplicates++;
      return;
    }
    const [id = ''] = ids;
    for (const each of ids) loaded.ids.add(each);
    const sender = raw.sender === undefined ? '' : (this._resolve(raw.sender) ?? raw.sender);
    const message = storedMessage(raw, id, sender, source);
    for (const hash of mediaHashesOf(raw)) this._holdMedia(hash);
    const pending = this._pending.get(key);
    if (pending) pending.push(message);
    else this._pending.set(key, [message]);
    this._pendingCount++;
    this._pendingTextChars += raw.text.length;
    // A call is counted apart from messages: "Imported 1,204 new messages and 310 calls".
    if (raw.call) {
      this.counts.calls++;
      this._pendingOf(source.importId).calls++;
    } else {
      this.counts.added++;
      this._pendingOf(source.importId).added++;
    }
    this._mergeParticipants(key, participants);
  }

  private _pendingOf(importId: number): WriterCounts {
    let counts = this._pendingFor.get(importId);
    if (!counts) this._pendingFor.set(importId, (counts = noCounts()));
    return counts;
  }

  /** An address as this writer stores it (normalized, then its known spelling), or undefined if none. */
  private _resolve(raw: string): string | undefined {
    const normalized = normalizeAddress(raw, this._region);
    return normalized && this._resolver.resolve(normalized.address);
  }

  private _holdMedia(hash: string): void {
    const media = this._floatingMedia.get(hash);
    if (!media || this._pendingMedia.has(hash)) return;
    this._floatingMedia.delete(hash);
    this._pendingMedia.set(hash, media);
    this._pendingMediaBytes += media.size;
  }

  /** Keeps the conversation's summary current in memory; written at the next flush. */
  private _mergeParticipants(key: string, participants: Participant[]): void {
    this._touched.add(key);
    const existing = this._conversations.get(key);
    if (existing) {
      for (const p of participants) {
        const stored = existing.participants.find((q) => q.address === p.address);
        if (stored && !stored.name && p.name) stored.name = p.name;
        if (stored && p.spellings) stored.spellings = countSpellings(stored.spellings, p.spellings);
      }
      return;
    }
    this._conversations.set(key, newConversation(key, participants));
  }

  /** Reads the stored message ids and block places of conversations touched for the first time. */
  private async _ensureLoaded(keys: Set<string>): Promise<void> {
    const missing = [...keys].filter((k) => !this._loaded.has(k) && this._conversations.has(k));
    for (const key of keys)
      if (!this._conversations.has(key)) this._loaded.set(key, { ids: new Set(), blocks: [] });
    if (missing.length === 0) return;
    for (const [key, loaded] of await readStored(this._db, missing)) this._loaded.set(key, loaded);
  }

  /**
   * Writes everything pending. The transaction is started and left to commit while parsing goes on (the
   * database does its work off this thread); the next flush waits for it, so flushes never overlap, and its
   * errors (a full disk) surface at the next call.
   */
  private async _startFlush(final = false): Promise<void> {
    await this._inFlight;
    const closing = final && openTails(this._loaded).length > 0;
    if (this._pendingCount === 0 && this._touched.size === 0 && this._pendingFor.size === 0 && !closing)
      return;
    this._lastFlushAt = performance.now();
    this._flushed = true;
    const flushing = this._flushNow(final);
    this._inFlight = flushing;
    // Handled by whoever awaits `_inFlight` next; this only keeps the rejection from being reported as unhandled.
    flushing.catch(() => undefined);
  }

  /** Writes everything pending and waits until it is committed; `final` also closes the open tails. */
  async flush(final = false): Promise<void> {
    await this._startFlush(final);
    await this._inFlight;
  }

  private async _flushNow(final = false): Promise<void> {
    // Take what is pending now; messages read meanwhile go to the next flush.
    const pending = [...this._pending.entries()];
    if (final)
      for (const key of openTails(this._loaded)) if (!this._pending.has(key)) pending.push([key, []]);
    const media = [...this._pendingMedia.values()];
    const touched = [...this._touched];
    const counted = this._pendingFor;
    const mediaBytes = this._pendingMediaBytes;
    const bytes = mediaBytes + this._pendingTextChars * 2 + this._pendingCount * MESSAGE_BYTES;
    this._clearPending();
    // A nearly full disk is not let to fill up: the browser's database then fails as a whole and may be lost
    // with everything in it. So the import stops while there is still room, with what was committed kept.
    try {
      await this._room.take(bytes, mediaBytes);
    } catch (error) {
      if (this._abandoned()) return;
      throw error;
    }
    if (this._abandoned()) return;
    this._flushBytes = flushBytesFor(this._room.last);
    const tx = this._db.transaction(
      ['settings', 'imports', 'conversations', 'messageBlocks', 'media', ...SEARCH_STORES],
      'readwrite',
    );
    this._tx = tx;
    let written = new Map<string, Written>();
    let summaries: Conversation[] = [];
    try {
      ({ written, summaries } = await writeFlush(tx, {
        writerId: this._writerId,
        media,
        pending,
        loaded: this._loaded,
        final,
        touched,
        summary: (key, stored, added, last) =>
          summaryOf(stored, this._conversations.get(key), added, last, this._names, this._region),
        counted,
      }));
    } catch (error) {
      // Cancel aborted it: none of it was written, and none of it is counted.
      if (this._abandoned()) return;
      // The database refused the write: over its quota, or (UnknownError, or the transaction aborted by the
      // browser) the disk itself failed it, most often because it filled up. Nothing of the flush was written.
      if (
        error instanceof DOMException &&
        ['QuotaExceededError', 'UnknownError', 'AbortError'].includes(error.name)
      ) {
        throw new StorageFullError(diskBytes(bytes, mediaBytes));
      }
      throw error;
    }
    let held = 0;
    for (const [key, next] of written) {
      const loaded = this._loaded.get(key);
      if (!loaded) continue;
      loaded.blocks = next.blocks;
      if (next.tail) loaded.tail = next.tail;
      else delete loaded.tail;
    }
    for (const loaded of this._loaded.values()) held += loaded.tail?.messages.length ?? 0;
    if (held > TAIL_MESSAGES) for (const loaded of this._loaded.values()) delete loaded.tail;
    for (const c of summaries) this._conversations.set(c.key, c);
    for (const [importId, counts] of counted) {
      const total = this._committedFor.get(importId) ?? noCounts();
      addCounts(total, counts);
      this._committedFor.set(importId, total);
    }
    this._onFlushed();
  }

  /**
   * Cancel: stops at once. The flush under way is abandoned (transaction aborted, or never begun if it waits
   * on the disk), what was read and not written dropped: counts told are the committed ones, and importing
   * again brings the rest. Open tails stay as fragments (the next import closes them). Then finish() (names).
   */
  async cancel(): Promise<void> {
    this._abandoning = true;
    this._room.stop();
    try {
      // Its rejection is the abort asked for here, whether or not the flush got to await it.
      this._tx?.done.catch(() => undefined);
      this._tx?.abort();
    } catch {
      // Already committed: it is counted when its flush ends.
    }
    await this._inFlight?.catch(() => undefined);
    this._abandoning = false;
    this._tx = undefined;
    this._clearPending();
    await this.finish(false);
  }

  /** Gives back the disk room held for the import (see Room); after the last flush, however it ended. */
  async release(): Promise<void> {
    await this._inFlight?.catch(() => undefined);
    await this._room.release();
  }

  /** Forgets what is pending: taken by a flush, or dropped by Cancel. */
  private _clearPending(): void {
    this._pending = new Map();
    this._pendingMedia = new Map();
    this._touched = new Set();
    this._pendingFor = new Map();
    this._pendingCount = 0;
    this._pendingMediaBytes = 0;
    this._pendingTextChars = 0;
  }

  /** Whether Cancel has abandoned the flush under way (read afresh after each wait). */
  private _abandoned(): boolean {
    return this._abandoning;
  }

  /**
   * Applies address-book names to every stored conversation (a .vcf may come after the messages), writes what
   * is pending, and (`close`) closes the open tails.
   */
  async finish(close = true): Promise<void> {
    if (this._names.size > 0) {
      for (const [key, c] of this._conversations) if (applyNames(c, this._names)) this._touched.add(key);
    }
    await this.flush(close);
    this._floatingMedia.clear();
  }
}
