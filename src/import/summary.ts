/**
 * What the page learns of an import run: the wire types between the import worker and services/import.ts.
 * Types only, so the page bundle takes nothing of the run itself.
 */
import type { ProblemReason } from '../formats/contract';
import type { ImportRecord } from '../model/types';

/** A problem as the person is told of it, per file. */
export interface ProblemSummary {
  reason: ProblemReason | 'quota';
  count: number;
  detail?: string;
  /** The file inside a zip the problem was met in (its name as the zip gives it, folders dropped). */
  member?: string;
}

/**
 * Why a run stopped before its end: Cancel; the storage nearly full; the database deleted ("Delete all data")
 * or upgraded (a newer version) in another window; another window's import took over the database.
 */
export type StopReason = 'cancelled' | 'quota' | 'deleted' | 'upgraded' | 'preempted';

/** The outcome for one file: its counts are those committed to the database. */
export interface FileSummary {
  fileName: string;
  format: string;
  added: number;
  /** New calls (call logs), counted apart from messages; absent when none. */
  calls?: number;
  duplicates: number;
  problems: ProblemSummary[];
  status: ImportRecord['status'];
  /** Set when something outside the import stopped it while reading this file. */
  stop?: Exclude<StopReason, 'cancelled' | 'quota'>;
}

/** The outcome of the whole run. */
export interface ImportSummary {
  added: number;
  /** New calls (call logs), counted apart from messages; absent when none. */
  calls?: number;
  duplicates: number;
  files: FileSummary[];
  /** Why the run stopped before the end, if it did. */
  stopped?: StopReason;
  /** With `stopped: 'quota'`: about how many more bytes the import needs. */
  neededBytes?: number;
}

/** Progress of the run: which file, how far into it, and how far in all. */
export interface ImportProgress {
  fileName: string;
  fileIndex: number;
  fileCount: number;
  bytesRead: number;
  bytesTotal: number;
  added: number;
}

/**
 * A file to import that is not a `File`: a byte stream with its name and size, such as a OneDrive download.
 * It is read once, from the start, by the same importers as a file.
 */
export interface StreamInput {
  name: string;
  size: number;
  stream: ReadableStream<Uint8Array>;
}

/** What an import reads: files chosen on the device, or streams. */
export type ImportInput = File | StreamInput;
