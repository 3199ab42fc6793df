/** What the page learns of an export run: the wire types between the export worker and services/export.ts. */
import type { TextFormat } from '../formats/exporters/contract';
import type { TimesChoice } from '../model/shown-time';

/** What the page asks for. */
export interface ExportRequest {
  format: TextFormat;
  /** ms UTC: start of "From", end of "To". */
  range: { from?: number; to?: number };
  hideNumbers: boolean;
  timeZone: string;
  /** Settings → Times: as on the phone where known, or in `timeZone`. */
  times?: TimesChoice;
  generator: string;
}

/** How far an export is, in messages. */
export interface ExportProgress {
  written: number;
  total: number;
}

/** A finished file. */
export interface ExportResult {
  fileName: string;
  type: string;
  /**
   * The file, or undefined when it was written straight into a file the person chose. For "Export
   * everything" spooled to OPFS, a disk-backed File the page removes once it is downloaded.
   */
  blob: Blob | undefined;
  /** True when `blob` is the OPFS spool file (else it lives in memory or blob storage). */
  spooled?: boolean;
  messages: number;
  /** Calls written ("Export everything"), counted apart from messages; absent when none. */
  calls?: number;
  conversations: number;
}
