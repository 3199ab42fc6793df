/** Domain types shared by the store, the importers and the views. Pure: no DOM, no IndexedDB. */

/** Which way a message went, seen from the person who owns the archive. */
export const DIRECTIONS = ['in', 'out'] as const;
/** Which way a message went. */
export type Direction = (typeof DIRECTIONS)[number];

/** What became of a message on the phone (SB&R `type`/`msg_box`, Windows Phone flags). */
export const MESSAGE_STATUSES = ['received', 'sent', 'draft', 'outbox', 'failed', 'queued'] as const;
/** What became of a message on the phone. */
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** One other party of a conversation: the normalized address is the identity, the raw one is kept for display. */
export interface Participant {
  /** E.164 where the number could be normalized; short codes and alphanumeric senders as they are. */
  address: string;
  /** The address as the archive wrote it. */
  raw: string;
  /** A contact name from the archive or a vCard, when one is known. */
  name?: string;
  /**
   * For a sender name (not a number): how often each spelling was seen, since names that differ only in letter
   * case ("NetBank", "netbank") are one sender; the title uses the spelling seen most.
   */
  spellings?: Record<string, number>;
}

/** An attachment of a message; the bytes live in the media store under `mediaKey`. */
export interface Attachment {
  type: string;
  name?: string;
  size: number;
  /** SHA-256 of the bytes, hex: the key of the media record. */
  mediaKey?: string;
}

/**
 * What kind of call a call-log entry was (SB&R `calls-*.xml` `type`: 1 incoming, 2 outgoing, 3 missed,
 * 4 voicemail, 5 rejected, 6 blocked by the refused list).
 */
export const CALL_TYPES = ['incoming', 'outgoing', 'missed', 'voicemail', 'rejected', 'blocked'] as const;
/** What kind of call it was. */
export type CallType = (typeof CALL_TYPES)[number];

/** A phone call from a call log: stored in the conversation's timeline beside its messages. */
export interface Call {
  type: CallType;
  /** How long it lasted, in whole seconds (0 for a call not answered). */
  duration: number;
}

/**
 * One entry of a conversation's timeline, as stored inside a block: a message, or (with `call`) a phone call,
 * which has no text and no attachments and is counted apart (Conversation.callCount).
 */
export interface Message {
  /** Stable id: the dedupe key of the message, unique within its conversation. */
  id: string;
  /** Milliseconds since the Unix epoch, UTC. */
  time: number;
  direction: Direction;
  status: MessageStatus;
  /** The sender's normalized address (for outgoing messages, empty: the person themself). */
  sender: string;
  text: string;
  attachments: Attachment[];
  /** Which import brought it (id of the import record) and from which format. */
  source: { importId: number; format: string };
  /**
   * The phone's own clock: its offset from UTC when the message was sent or received, in minutes east of UTC
   * (New York in winter: -300), where the archive reveals it; absent where it does not (Windows Phone FILETIME).
   * Never part of the dedupe key: the same message from two archives is one message whatever they say of it.
   */
  offset?: number;
  /** Set when the entry is a phone call, not a message. */
  call?: Call;
}

/** Whether a stored timeline entry is a phone call. */
export const isCall = (m: Pick<Message, 'call'>): m is Message & { call: Call } => m.call !== undefined;

/** A conversation: keyed by the sorted set of the *other* participants' normalized addresses. */
export interface Conversation {
  key: string;
  /** A random opaque id: what the URL names the conversation by, so no number or name reaches the history. */
  id: string;
  /** A random secret, never in a URL: it makes the URL tokens of messages unguessable (model/opaque-id.ts). */
  salt: string;
  participants: Participant[];
  title: string;
  isGroup: boolean;
  /** Messages stored (calls not included). */
  messageCount: number;
  /** Calls stored (from call logs), in the same blocks as the messages (schema step 6). */
  callCount: number;
  /** Time of the newest message, ms UTC: the list is sorted by it. */
  lastTime: number;
  /** The start of the newest message's text, for the list. */
  lastSnippet: string;
}

/**
 * Messages are stored in blocks of a few hundred per record, in time order within one conversation:
 * IndexedDB manages about 17,700 small records a second here, so one record per message cannot reach the
 * import target of 50,000 messages a second.
 */
export interface MessageBlock {
  conversationKey: string;
  /** Time of the first message in the block; with `startId`, orders blocks and keeps keys unique. */
  startTime: number;
  startId: string;
  endTime: number;
  messages: Message[];
}

/**
 * Media bytes, stored once per content hash whatever number of messages or backups carry them. Small media
 * are stored as bytes, large ones as a Blob: creating a Blob costs a round trip to the browser process
 * (about 0.27 ms here), which made Blob construction a quarter of the time of importing thousands of photos.
 */
export interface MediaRecord {
  hash: string;
  type: string;
  size: number;
  data: MediaData;
}

/** The bytes of a media record. */
export type MediaData = Blob | Uint8Array<ArrayBuffer>;

/** The media as a Blob of its type (for object URLs, downloads and exports). */
export function mediaBlob(record: Pick<MediaRecord, 'type' | 'data'>): Blob {
  return record.data instanceof Blob ? record.data : new Blob([record.data], { type: record.type });
}

/** The outcome of one import, for the import history. */
// 'stopped': ended early by something outside it (storage, another window); 'interrupted': found still
// "running" when the app started with no import going on (the tab was closed or crashed mid-import).
export const IMPORT_STATUSES = ['running', 'done', 'cancelled', 'failed', 'stopped', 'interrupted'] as const;
/** The outcome of one import. */
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** One file imported (or being imported), with its counts. */
export interface ImportRecord {
  id?: number;
  fileName: string;
  size: number;
  format: string;
  startedAt: number;
  finishedAt?: number;
  status: ImportStatus;
  added: number;
  /** New calls stored (absent in records from before call logs were read). */
  calls?: number;
  /**
   * The country numbers written without a country code were read in (ISO 3166 alpha-2: the default region
   * then); absent in records from before it was kept. A national number that matches one written with a
   * code in the same archive joins that one whatever this says.
   */
  region?: string;
  duplicates: number;
  skipped: { reason: string; count: number }[];
}
