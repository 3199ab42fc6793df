/**
 * CSV (.csv): RFC 4180 (CRLF row ends, fields quoted when they hold a comma, quote or line break, quotes
 * doubled), one row per message. It starts with a UTF-8 byte order mark: Excel reads a CSV without one in the
 * system's legacy code page (so emoji and accents break), while LibreOffice, Numbers and Google Sheets accept
 * the mark. Every field that comes from an archive (status, sender, sender number, text, attachment names) and
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, as OWASP advises, so it
 * cannot become a spreadsheet formula: quoting alone does not stop that, and an alphanumeric sender such as
 * `=HYPERLINK("…")` reaches the sender and sender-number columns as it is. A phone number `+33…` is therefore
 * written `'+33…`, which spreadsheets show as text too. The other columns are written by this code (times, an
 * offset such as `+01:00`, `sent`/`received`, the call's kind and seconds) and hold no archive text.
 * A call from a call log is a row of its own, in time order among the messages, with empty text: its kind
 * (`missed`, `outgoing`…) and length in seconds are in the last two columns, which are empty for a message.
 * They were added at the end so that sheets and scripts reading the columns before by position still work.
 */
import { ZoneClock } from './clock';
import type { ExportInput, ExportPart, TextExporter } from './contract';
import { BATCH } from './txt';
import { checkAborted, exportView } from './view';
import { FORMAT_LABELS } from './labels';

/** The column names, in order. */
export const CSV_COLUMNS = [
  'time_utc',
  'local_time',
  'utc_offset',
  'direction',
  'status',
  'sender',
  'sender_number',
  'text',
  'attachments',
  'call',
  'call_duration_seconds',
] as const;

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, formula-safe (a leading apostrophe where a spreadsheet would see a formula), quoted when needed. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function* write(input: ExportInput): Generator<ExportPart, void, undefined> {
  const clock = new ZoneClock(input.timeZone, input.times);
  const view = exportView(input);
  yield `\uFEFF${CSV_COLUMNS.join(',')}\r\n`;
  let rows: string[] = [];
  for (let i = 0; i < input.messages.length; i++) {
    const m = input.messages[i];
    if (!m) continue;
    const t = clock.message(m);
    rows.push(
      [
        new Date(m.time).toISOString(),
        `${t.date} ${t.timeWithSeconds}`,
        t.zone === 'UTC' ? '+00:00' : t.zone.slice(3),
        m.direction === 'out' ? 'sent' : 'received',
      ]
        .concat(
          csvField(m.status),
          csvField(view.senderName(m)),
          csvField(view.senderAddress(m)),
          csvField(view.text(m)),
          csvField(m.attachments.map((a) => a.name ?? a.type).join('; ')),
          m.call ? m.call.type : '',
          m.call ? String(m.call.duration) : '',
        )
        .join(','),
    );
    if ((i + 1) % BATCH === 0) {
      yield `${rows.join('\r\n')}\r\n`;
      rows = [];
      input.onProgress?.(i + 1);
      checkAborted(input.signal);
    }
  }
  if (rows.length > 0) yield `${rows.join('\r\n')}\r\n`;
  input.onProgress?.(input.messages.length);
}

/** The CSV (.csv) exporter. */
export const csvExporter: TextExporter = {
  id: 'csv',
  label: FORMAT_LABELS.csv.label,
  extension: FORMAT_LABELS.csv.extension,
  type: FORMAT_LABELS.csv.type,
  write,
};
