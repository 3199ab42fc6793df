/**
 * Web page (.html): one self-contained file that looks like the conversation view, pictures embedded as data
 * URLs, no script at all, printable. Safe whatever the messages contain: every piece of archive text is
 * escaped into text content (never markup), and the page's own Content-Security-Policy forbids scripts,
 * frames, forms and remote loads, so even a mistake here could not run anything or reach the network.
 */
import { NO_TEXT, isWithoutContent } from '../../model/message-content';
import { mediaBlob, type Message } from '../../model/types';
import { encodeBase64 } from '../media/base64-encode';
import { ZoneClock } from './clock';
import type { ExportInput, ExportPart, TextExporter } from './contract';
import { dateSpan } from './names';
import { formatBytes } from '../../lib/format';
import { checkAborted, countEntries, exportView, type ExportView } from './view';
import { callLine } from '../../model/calls';
import { FORMAT_LABELS } from './labels';

/** Raster types a browser shows in `<img>`: SVG is left out (it is a document, shown as a chip instead). */
const PICTURE_TYPES = new Set([
  'image/jpeg',
  'image/jpg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/bmp',
  'image/avif',
]);

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML text and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** The page's policy: nothing but its own inline style and embedded pictures. */
export const HTML_EXPORT_CSP =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'";

const STYLE = `
:root { color-scheme: light dark; --bg: #f6f7f9; --surface: #fff; --text: #15191e; --muted: #5b6570;
  --in: #e9edf1; --out: #1f6feb; --on-out: #fff; --border: #d5dbe1; }
@media (prefers-color-scheme: dark) { :root { --bg: #0f1216; --surface: #171b21; --text: #e8ecf0;
  --muted: #9aa5b1; --in: #262c34; --out: #2f6fd6; --on-out: #fff; --border: #2e353e; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif, "Noto Color Emoji"; }
header { max-width: 44rem; margin: 0 auto; padding: 1.5rem 1rem 0.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 0.25rem; overflow-wrap: anywhere; }
header p { margin: 0.15rem 0; color: var(--muted); font-size: 0.9rem; overflow-wrap: anywhere; }
main { max-width: 44rem; margin: 0 auto; padding: 0.5rem 1rem 2rem; }
.day { text-align: center; color: var(--muted); font-size: 0.8rem; font-weight: 600; margin: 1.25rem 0 0.5rem; }
.call { text-align: center; color: var(--muted); font-size: 0.85rem; margin: 0.6rem 0; break-inside: avoid; }
.row { display: flex; margin: 0.2rem 0; }
.row.out { justify-content: flex-end; }
.msg { max-width: 80%; padding: 0.45rem 0.75rem; border-radius: 1.1rem; background: var(--in);
  overflow-wrap: anywhere; break-inside: avoid; }
.out .msg { background: var(--out); color: var(--on-out); }
.sender { font-size: 0.8rem; font-weight: 600; color: var(--muted); }
.text { margin: 0; white-space: pre-wrap; }
.no-text { font-style: italic; color: var(--muted); }
.out .no-text { color: inherit; }
.meta { font-size: 0.72rem; opacity: 0.8; text-align: end; margin-top: 0.15rem; }
img { display: block; max-width: 100%; max-height: 24rem; border-radius: 0.75rem; margin: 0.3rem 0; }
.chip { display: inline-block; font-size: 0.85rem; border: 1px solid currentColor; border-radius: 0.5rem;
  padding: 0.15rem 0.5rem; margin: 0.25rem 0; opacity: 0.9; }
footer { max-width: 44rem; margin: 0 auto; padding: 0 1rem 2rem; color: var(--muted); font-size: 0.8rem; }
@media print {
  :root { --bg: #fff; --surface: #fff; --text: #000; --muted: #444; --in: #fff; --out: #fff; --on-out: #000; }
  body { font-size: 11pt; }
  header, main, footer { max-width: none; }
  .msg { border: 1px solid #999; }
  .out .msg { border-color: #333; }
  .day { break-after: avoid; }
}`;

/** A message's bubble, and how many attachments it carries (pictures are embedded: the page is sent on). */
async function bubble(
  input: ExportInput,
  view: ExportView,
  m: Message,
  time: string,
): Promise<{ html: string; media: number }> {
  const e = escapeHtml;
  const sender =
    input.conversation.isGroup && m.direction === 'in'
      ? `<div class="sender" dir="auto">${e(view.senderName(m))}</div>`
      : '';
  // A message with no text and no attachment says so, muted (on either bubble colour), with its time.
  const text = isWithoutContent(m)
    ? `<p class="text no-text">${NO_TEXT}</p>`
    : m.text
      ? `<p class="text" dir="auto">${e(view.text(m))}</p>`
      : '';
  const media: string[] = [];
  for (const a of m.attachments) {
    const name = a.name ?? a.type;
    const record =
      a.mediaKey && PICTURE_TYPES.has(a.type.toLowerCase()) ? await input.media?.(a.mediaKey) : undefined;
    if (record && PICTURE_TYPES.has(record.type.toLowerCase())) {
      const blob = mediaBlob(record);
      const bytes = new Uint8Array(await blob.arrayBuffer());
      media.push(
        `<img alt="${e(`Picture: ${name}`)}" src="data:${e(record.type.toLowerCase())};base64,${encodeBase64(bytes)}">`,
      );
    } else {
      media.push(`<span class="chip">${e(`${name} · ${formatBytes(a.size)}`)}</span>`);
    }
  }
  const label = m.direction === 'out' ? 'Sent' : `From ${view.senderName(m)}`;
  return {
    html: `<div class="row ${m.direction}"><div class="msg" role="article" aria-label="${e(label)}">${sender}${text}${media.join('')}<div class="meta">${time}</div></div></div>\n`,
    media: media.length,
  };
}

async function* write(input: ExportInput): AsyncGenerator<ExportPart, void, undefined> {
  const clock = new ZoneClock(input.timeZone, input.times);
  const view = exportView(input);
  const span = dateSpan(input, clock);
  // Days follow each message's written wall clock, carried in the UTC fields of `time + offset`.
  const days = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const e = escapeHtml;
  const exported = clock.local(input.exportedAt);
  const counts = countEntries(input.messages);
  const plural = (n: number, word: string): string => `${String(n)} ${word}${n === 1 ? '' : 's'}`;
  yield `<!doctype html>
<html lang="und">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${HTML_EXPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="${e(input.generator)}">
<title>${e(view.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1 dir="auto">${e(view.title)}</h1>
<p dir="auto">${e(view.participants.map((p) => p.label).join(', '))}</p>
<p>${span ? `${e(span.from)} to ${e(span.to)} · ` : ''}${plural(counts.messages, 'message')}${counts.calls > 0 ? ` · ${plural(counts.calls, 'call')}` : ''} · ${(input.times ?? 'phone') === 'phone' ? `times as on the phone where known, else in ${e(input.timeZone)}` : `times in ${e(input.timeZone)}`}${input.hideNumbers ? ' · phone numbers hidden' : ''}</p>
</header>
<main>
`;
  let lastDay = '';
  let parts: string[] = [];
  for (let i = 0; i < input.messages.length; i++) {
    const m = input.messages[i];
    if (!m) continue;
    const t = clock.message(m);
    if (t.date !== lastDay) {
      lastDay = t.date;
      parts.push(`<div class="day" role="separator">${e(days.format(m.time + t.offset))}</div>\n`);
    }
    const time = `<time datetime="${new Date(m.time).toISOString()}">${t.time} ${t.zone}</time>`;
    // A call is a line of the timeline, muted and centred as the days are, not a bubble: nobody wrote it.
    // Its name says with whom, for screen readers, as the bubbles' names say who wrote.
    const entry = m.call
      ? {
          html: `<div class="call" role="article" aria-label="${e(view.callText(m) ?? '')}">${e(callLine(m.call))} · ${time}</div>\n`,
          media: 0,
        }
      : await bubble(input, view, m, time);
    parts.push(entry.html);
    if ((i + 1) % 500 === 0 || entry.media > 0) {
      yield parts.join('');
      parts = [];
      input.onProgress?.(i + 1);
      checkAborted(input.signal);
    }
  }
  yield `${parts.join('')}</main>
<footer>Exported ${exported.date} ${exported.time} ${exported.zone} by ${e(input.generator)}, on the device.</footer>
</body>
</html>
`;
  input.onProgress?.(input.messages.length);
}

/** The Web page (.html) exporter. */
export const htmlExporter: TextExporter = {
  id: 'html',
  label: FORMAT_LABELS.html.label,
  extension: FORMAT_LABELS.html.extension,
  type: FORMAT_LABELS.html.type,
  write,
};
