/**
 * What every text exporter takes and gives. Exporters are pure (no DOM, no IndexedDB, no Lit): they run in the
 * export worker and in Node tests alike, and turn one conversation's messages into the parts of one file.
 */
import type { MediaData, Message, Participant } from '../../model/types';
import type { TimesChoice } from '../../model/shown-time';

/** The text formats, in the order the export dialog lists them. */
export const TEXT_FORMATS = ['txt', 'csv', 'json', 'html'] as const;
/** A text format. */
export type TextFormat = (typeof TEXT_FORMATS)[number];

/** The conversation an export is of: what its header says. */
export interface ExportConversation {
  title: string;
  participants: readonly Participant[];
  isGroup: boolean;
}

/** The media bytes an exporter may embed (the HTML page embeds pictures). */
export type MediaLookup = (hash: string) => Promise<{ type: string; data: MediaData } | undefined>;

/** One export's input: the messages are already in time order and cut to the chosen dates. */
export interface ExportInput {
  conversation: ExportConversation;
  messages: readonly Message[];
  /** IANA zone times are written in (the device's), unless a message's own offset is written instead. */
  timeZone: string;
  /**
   * Settings → Times: 'phone' (the default) writes each message at the time the phone showed, with its offset,
   * where the archive says it (`Message.offset`); 'device' writes every message in `timeZone`.
   */
  times?: TimesChoice;
  /** When the export was made, ms UTC. */
  exportedAt: number;
  /** The dates chosen, ms UTC (start of "From", end of "To"); absent = from the first / to the last message. */
  range: { from?: number; to?: number };
  /** "Hide phone numbers": every digit of every phone number is masked; names stay. */
  hideNumbers: boolean;
  /** Media bytes, for the formats that embed them. */
  media?: MediaLookup;
  /** Tells how many messages were written so far. */
  onProgress?: (written: number) => void;
  signal?: AbortSignal;
  /** "Textkeep 0.1.0", written in headers. */
  generator: string;
}

/** A piece of an export file: text (UTF-8 when joined) or bytes. */
export type ExportPart = string | Uint8Array<ArrayBuffer>;

/** A text exporter. */
export interface TextExporter {
  id: TextFormat;
  /** The dialog's radio label (DESIGN.md names). */
  label: string;
  extension: string;
  /** The file's media type. */
  type: string;
  /** The file, part by part, in order (synchronously where no media are read). */
  write(input: ExportInput): Iterable<ExportPart> | AsyncIterable<ExportPart>;
}
