/**
 * What the page shows of each export format: its label, the file's extension and media type. Kept apart from
 * the writers (registry.ts) so the page's JavaScript carries these few strings, not the four text writers,
 * which run only in the export worker.
 */
import { TEXT_FORMATS, type TextFormat } from './contract';

/** Every format the export dialog offers: the text ones, then the picture. */
export const EXPORT_FORMATS = [...TEXT_FORMATS, 'png'] as const;
/** A format of the export dialog. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** How a format is named and typed. */
export interface FormatLabel {
  id: ExportFormat;
  /** The dialog's radio label (DESIGN.md names). */
  label: string;
  extension: string;
  /** The file's media type. */
  type: string;
  /** What the progress line says is happening: writing text, or drawing the picture. */
  verb: 'Writing' | 'Drawing';
}

/** Every format's label, by format. */
export const FORMAT_LABELS: Readonly<Record<ExportFormat, FormatLabel>> = {
  txt: {
    id: 'txt',
    label: 'Text (.txt)',
    extension: 'txt',
    type: 'text/plain;charset=utf-8',
    verb: 'Writing',
  },
  csv: { id: 'csv', label: 'CSV (.csv)', extension: 'csv', type: 'text/csv;charset=utf-8', verb: 'Writing' },
  json: { id: 'json', label: 'JSON (.json)', extension: 'json', type: 'application/json', verb: 'Writing' },
  html: {
    id: 'html',
    label: 'Web page (.html)',
    extension: 'html',
    type: 'text/html;charset=utf-8',
    verb: 'Writing',
  },
  png: { id: 'png', label: 'Image (.png)', extension: 'png', type: 'image/png', verb: 'Drawing' },
};

/** Whether `format` is written as text (in the export worker) rather than drawn. */
export function isTextFormat(format: ExportFormat): format is TextFormat {
  return format !== 'png';
}
