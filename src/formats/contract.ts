/**
 * What every importer provides and produces. Importers are pure: no DOM, no IndexedDB, no Lit; they run in
 * the import worker, on the page and in Node tests alike. See src/formats/README.md.
 */
import type { Call, Direction, MediaData, MessageStatus } from '../model/types';

/** An address as the archive wrote it, with the contact name the archive gives for it, if any. */
export interface RawAddress {
  address: string;
  name?: string;
}

/** An attachment as read: its bytes were emitted as a `media` item under `mediaKey`. */
export interface RawAttachment {
  type: string;
  name?: string;
  size: number;
  /** SHA-256 hex of the bytes; absent when the bytes were missing or could not be decoded. */
  mediaKey?: string;
  /** Why the bytes are missing (damaged base64, empty part): the attachment is still listed. */
  damaged?: string;
}

/** A message as an importer reads it: addresses raw, nothing normalized or deduplicated yet. */
export interface RawMessage {
  kind: 'message';
  /** Milliseconds since the epoch, UTC. */
  time: number;
  direction: Direction;
  /** False when the archive does not say (an MMS with neither msg_box nor m_type): dedupe then matches either. */
  directionKnown: boolean;
  status: MessageStatus;
  /** The other participants (never the person themself), as written. One for a 1:1 conversation. */
  others: RawAddress[];
  /** Who sent an incoming message (one of `others`, as written); undefined for outgoing ones. */
  sender?: string;
  text: string;
  attachments: RawAttachment[];
  /** The phone's UTC offset at `time`, minutes east of UTC, where the archive reveals it (see Message.offset). */
  offset?: number;
  /** Set when the record is a call from a call log (text '' and no attachments): see model Call. */
  call?: Call;
}

/** Media bytes, emitted once per attachment before the message that refers to them. */
export interface RawMedia {
  kind: 'media';
  hash: string;
  type: string;
  size: number;
  /** Bytes for small media, a Blob for large ones (see MediaRecord). */
  data: MediaData;
}

/** A contact name from an address book in the archive (a Windows Phone .vcf). */
export interface RawContact {
  kind: 'contact';
  address: string;
  name: string;
}

/** Closed set of problems an import can meet; each has words for the person in the UI. */
export const PROBLEM_REASONS = [
  'empty-file',
  'not-an-archive',
  /** Stored in import histories from before call logs were read; importers no longer report it. */
  'call-log',
  'malformed',
  'truncated',
  /** Stored in import histories from before records without text were kept; importers no longer report it. */
  'missing-field',
  /** A record with no date: it cannot be placed in a timeline. */
  'no-date',
  /** A record that names no other party (no sender, no recipient): it belongs to no conversation. */
  'no-party',
  'bad-date',
  'bad-base64',
  'empty-media',
  'encrypted',
  'numbers-hidden',
  'export-too-large',
  'export-damaged',
] as const;
/** A kind of problem. */
export type ProblemReason = (typeof PROBLEM_REASONS)[number];

/** Something that went wrong, with how many records it touched. `fatal` ends the file (what came before is kept). */
export interface ImportProblem {
  kind: 'problem';
  reason: ProblemReason;
  count: number;
  fatal?: boolean;
  /** Safe detail for the person (a line number, a field name): never message text, numbers or names. */
  detail?: string;
}

/** What a parse yields, in batches. */
export type ImportItem = RawMessage | RawMedia | RawContact | ImportProblem;

/** Options every parse takes. */
export interface ParseOptions {
  signal?: AbortSignal;
  /** Called with the total bytes of the source read so far. */
  onProgress?: (bytesRead: number) => void;
  /** IANA time zone for archives that store local wall-clock times (vMessage). Default: the runtime's. */
  timeZone?: string;
}

/** One archive format. */
export interface Importer {
  /** Stable id, stored with each message's source ("sbr", "wp-msg", "vmsg", "vcf"). */
  id: string;
  /** What people call the format. */
  label: string;
  /** Whether this importer reads the file: `head` is its first few KB decoded as text (UTF-8 or UTF-16, from the bytes), BOM removed. */
  detect(head: string, name: string): boolean;
  /** Reads the file as a stream, yielding batches of items; stops early (with no error) when aborted. */
  parse(source: ReadableStream<Uint8Array>, options: ParseOptions): AsyncIterable<ImportItem[]>;
}
