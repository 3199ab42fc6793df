/** The text exporters, in the dialog's order, and the file names exports get. */
import type { TextExporter, TextFormat } from './contract';
import { csvExporter } from './csv';
import { htmlExporter } from './html';
import { jsonExporter } from './json';
import { txtExporter } from './txt';

/** Every text exporter, by format. */
export const TEXT_EXPORTERS: Readonly<Record<TextFormat, TextExporter>> = {
  txt: txtExporter,
  csv: csvExporter,
  json: jsonExporter,
  html: htmlExporter,
};

/**
 * A name safe as one file name on every system (and never a path): no separators, no characters Windows
 * refuses, no control characters, no leading dots, not a reserved device name, at most 80 characters.
 */
export function safeFileName(name: string, fallback = 'Conversation'): string {
  let clean = name
    .normalize('NFC')
    // Control characters and bidi overrides would hide or reorder what the name says.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(clean)) clean = `${clean} conversation`;
  if (clean.length > 80) {
    // Never cut between the halves of a surrogate pair.
    const end = /[\uD800-\uDBFF]/.test(clean.charAt(79)) ? 79 : 80;
    clean = clean.slice(0, end).trim();
  }
  return clean || fallback;
}

/** `Alice Martin 2024-01-05 to 2024-03-03.txt`, or `Alice Martin.txt` without dates. */
export function exportFileName(
  title: string,
  span: { from: string; to: string } | undefined,
  extension: string,
): string {
  const dates = span ? (span.from === span.to ? ` ${span.from}` : ` ${span.from} to ${span.to}`) : '';
  return `${safeFileName(title)}${dates}.${extension}`;
}
