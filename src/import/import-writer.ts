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
import { conversationKey, conversationTitle, countSpellings } from '../model/conversation-key';
import { dedupeKey, dedupeKeysForUnknownDirection, messageId } from '../model/dedupe';
import { newConversationSecrets } from '../model/opaque-id';
import { isUtcOffset } from '../model/time';
import { isCall, type Conversation, type Message, type Participant } from '../model/types';
import type { TextkeepDB } from '../db/schema';
import { applyNames, snippetOf } from '../model/conversation-summary';
import { byTime } from '../db/block-merge';
import {
  openTails,
  readStored,
  settled,
  writeConversations,
  type Loaded,
  type Written,
} from '../db/block-store';
import { indexFlushed } from '../db/search-index';
import { SEARCH_STORES } from '../db/search-layout';
import { addCounts, countImports, noCounts, type WriterCounts } from './import-counts';
import {
  checkClaim,
  claim,
  diskBytes,
  newWriterId,
  Room,
  StorageFullError,
  WRITE_FACTOR,
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
/** …or this many bytes of pending media, to keep memory bounded on media-heavy archives. */
const FLUSH_MEDIA_BYTES = 48 * 1024 * 1024;
/** …or this many characters of pending text: a few hundred texts of a million characters weigh as much. */
const FLUSH_TEXT_CHARS = 32 * 1024 * 1024;
/** About what one message weighs stored (its block share, its search postings and text), beyond its text. */
const MESSAGE_BYTES = 400;
/**
 * Open tails (see db/block-store.ts) held in memory, in messages over all conversations: past this, they are
 * let go (their fragments stay as small blocks), so an archive of many mid-sized conversations stays bounded.
 */
const TAIL_MESSAGES = 25_000;
/** Flushes never get smaller than this, however little room is left: below it the import stops instead. */
const MIN_FLUSH_BYTES = 1024 * 1024;

/** How many pending bytes start a flush with `room` bytes left: a quarter of what still fits, at most. */
function flushBytesFor(room: number): number {
  return Math.max(MIN_FLUSH_BYTES, Math.min(FLUSH_MEDIA_BYTES, room / (4 * WRITE_FACTOR)));
}

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
      else if (item.kind === 'contact') this._contact(item.address, item.name);
      else if (item.kind === 'message') {
        const placed = this._place(item);
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

  /** Names from an address book: applied to matching participants when conversations are written. */
  private _contact(raw: string, name: string): void {
    const normalized = normalizeAddress(raw, this._region);
    if (normalized) this._names.set(this._resolver.resolve(normalized.address), name);
  }

  /** The conversation a message belongs to: its key and participants, or undefined with no valid address. */
  private _place(raw: RawMessage): { key: string; participants: Participant[] } | undefined {
    const participants: Participant[] = [];
    for (const other of raw.others) {
      const normalized = normalizeAddress(other.address, this._region);
      if (!normalized) continue;
      const address = this._resolver.resolve(normalized.address);
      if (participants.some((p) => p.address === address)) continue;
      if (other.name) this._names.set(address, other.name);
      participants.push({
        address,
        raw: other.address,
        ...(other.name ? { name: other.name } : {}),
        ...(normalized.kind === 'alphanumeric' ? { spellings: { [normalized.address]: 1 } } : {}),
      });
    }
    if (participants.length === 0) return undefined;
    return { key: conversationKey(participants.map((p) => p.address)), participants };
  }

  private _queue(raw: RawMessage, key: string, participants: Participant[], source: Message['source']): void {
    const loaded = this._loaded.get(key) ?? { ids: new Set<string>(), blocks: [] };
    this._loaded.set(key, loaded);
    const hashes = raw.attachments.flatMap((a) => (a.mediaKey ? [a.mediaKey] : []));
    const fields = {
      conversationKey: key,
      time: raw.time,
      text: raw.text,
      attachmentHashes: hashes,
      ...(raw.call ? { call: raw.call } : {}),
    };
    const keys =
      raw.directionKnown || raw.call
        ? [dedupeKey({ ...fields, direction: raw.direction })]
        : dedupeKeysForUnknownDirection(fields);
    const ids = keys.map(messageId);
    if (ids.some((id) => loaded.ids.has(id))) {
      this.counts.duplicates++;
      this._pendingOf(source.importId).duplicates++;
      return;
    }
    const [id = ''] = ids;
    for (const each of ids) loaded.ids.add(each);
    const sender = raw.sender === undefined ? '' : this._senderAddress(raw.sender);
    const message: Message = {
      id,
      time: raw.time,
      direction: raw.direction,
      status: raw.status,
      sender,
      text: raw.text,
      attachments: raw.attachments.map(({ type, name, size, mediaKey }) => ({
        type,
        size,
        ...(name ? { name } : {}),
        ...(mediaKey ? { mediaKey } : {}),
      })),
      source,
      // The phone's own clock, kept beside the message: never in the dedupe key (the same message from two
      // archives is one message whatever offset each gives it), so the first copy stored keeps its offset.
      ...(isUtcOffset(raw.offset) ? { offset: raw.offset } : {}),
      ...(raw.call
        ? { call: { type: raw.call.type, duration: Math.max(0, Math.round(raw.call.duration)) } }
        : {}),
    };
    for (const hash of hashes) this._holdMedia(hash);
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

  private _senderAddress(raw: string): string {
    const normalized = normalizeAddress(raw, this._region);
    return normalized ? this._resolver.resolve(normalized.address) : raw;
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
    this._conversations.set(key, {
      key,
      ...newConversationSecrets(),
      participants,
      title: '',
      isGroup: participants.length > 1,
      messageCount: 0,
      callCount: 0,
      lastTime: -Infinity,
      lastSnippet: '',
    });
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
    this._pending = new Map();
    this._pendingMedia = new Map();
    this._touched = new Set();
    this._pendingFor = new Map();
    this._pendingCount = 0;
    this._pendingMediaBytes = 0;
    this._pendingTextChars = 0;
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
    const summaries: Conversation[] = [];
    try {
      await checkClaim(tx.objectStore('settings'), tx, this._writerId);
      const present = await Promise.all(media.map((m) => tx.objectStore('media').getKey(m.hash)));
      media.forEach((m, i) => {
        if (present[i] === undefined) {
          settled(tx.objectStore('media').put({ hash: m.hash, type: m.type, size: m.size, data: m.data }));
        }
      });
      const added = new Map<string, Message[]>();
      for (const [key, messages] of pending) {
        messages.sort(byTime);
        if (messages.length > 0) added.set(key, messages);
      }
      const empty: Loaded = { ids: new Set(), blocks: [] };
      written = await writeConversations(
        tx,
        pending.map(([key, messages]) => [key, this._loaded.get(key) ?? empty, messages] as const),
        final,
      );
      // The search index goes in the same transaction: it never lags behind, nor runs ahead of, the blocks.
      await indexFlushed(tx, added);
      // Summaries count from the records as stored, read in this transaction, not from what this writer
      // believes is stored.
      const stored = await Promise.all(touched.map((key) => tx.objectStore('conversations').get(key)));
      touched.forEach((key, i) => {
        const conversation = this._summary(key, stored[i], added.get(key) ?? [], written.get(key)?.last);
        if (conversation) {
          summaries.push(conversation);
          settled(tx.objectStore('conversations').put(conversation));
        }
      });
      await countImports(tx, counted);
      await tx.done;
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
   * Cancel: stops at once, rather than write for another second or more. The flush being written is
   * abandoned (its transaction aborted, or never begun if it waits on the disk probe): none of it is stored
   * and none of it counted. What was read and not written is dropped. Counts told are the committed ones, so
   * the outcome stays exact, and importing again brings the rest. Open tails stay as fragments, a state
   * every reader takes as it is and the next import closes. Then finish() as usual (names).
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
    this._pending = new Map();
    this._pendingMedia = new Map();
    this._touched = new Set();
    this._pendingFor = new Map();
    this._pendingCount = 0;
    this._pendingMediaBytes = 0;
    this._pendingTextChars = 0;
    await this.finish(false);
  }

  /** Gives back the disk room held for the import (see Room); after the last flush, however it ended. */
  async release(): Promise<void> {
    await this._inFlight?.catch(() => undefined);
    await this._room.release();
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

  /**
   * The summary to store: counts and newest message from the stored record (`stored`, read in the flush's
   * transaction) and what this flush adds; participants and their names as this writer has merged them.
   */
  private _summary(
    key: string,
    stored: Conversation | undefined,
    added: readonly Message[],
    last: Message | undefined,
  ): Conversation | undefined {
    const mine = this._conversations.get(key);
    const base = stored ?? mine;
    if (!base) return undefined;
    const next: Conversation = {
      ...base,
      participants: (mine ?? base).participants.map((p) => ({ ...p })),
      messageCount: stored?.messageCount ?? 0,
      callCount: stored?.callCount ?? 0,
      lastTime: stored?.lastTime ?? -Infinity,
      lastSnippet: stored?.lastSnippet ?? '',
    };
    applyNames(next, this._names);
    const calls = added.filter(isCall).length;
    next.messageCount += added.length - calls;
    next.callCount += calls;
    const newest = added[added.length - 1];
    // At the same time as the stored newest, the one that sorts last (by id, as the blocks order them) is
    // the newest: known where this flush wrote the conversation's tail, else the stored one stays.
    if (newest && (newest.time > next.lastTime || (newest.time === next.lastTime && last === newest))) {
      next.lastTime = newest.time;
      next.lastSnippet = snippetOf(newest);
    }
    next.isGroup = next.participants.length > 1;
    next.title = conversationTitle(next.participants, this._region);
    return next;
  }
}
