/** Text (.txt): a readable transcript, UTF-8 without BOM, LF line ends, date, time and zone on every line. */
import { isWithoutContent } from '../../model/message-content';
import type { Attachment, Message } from '../../model/types';
import { ZoneClock } from './clock';
import type { ExportInput, ExportPart, TextExporter } from './contract';
import { formatBytes } from '../../lib/format';
import { dateSpan } from './names';
import { checkAborted, countEntries, exportView } from './view';
import { FORMAT_LABELS } from './labels';

/** Messages per yielded part: big enough to amortise, small enough for progress and Cancel. */
export const BATCH = 2000;
const INDENT = '    ';
/** The line's text for a message with no text and no attachment: still a message, with its time. */
export const NO_TEXT_LINE = '(no text)';

/** `[Attachment: IMG_1.jpg, image/jpeg, 120 kB]` */
export function attachmentLabel(a: Attachment): string {
  return `[Attachment: ${a.name ? `${a.name}, ` : ''}${a.type}, ${formatBytes(a.size)}]`;
}

/** The header's "Time zone:" value: which clock the times below are by. */
function zoneLine(input: ExportInput): string {
  return (input.times ?? 'phone') === 'phone'
    ? `${input.timeZone} (times below are as on the phone where the archive says it, else local; each with its offset from UTC)`
    : `${input.timeZone} (times below are local, with their offset from UTC)`;
}

/** A message's lines: `head` and its first line, then the rest of its text and its attachments indented. */
function messageLines(lines: string[], m: Message, head: string, text: string): void {
  const textLines = text.replace(/\r\n?/g, '\n').split('\n');
  const extra = m.attachments.map(attachmentLabel);
  const first = textLines[0] ?? '';
  if (isWithoutContent(m)) {
    lines.push(`${head} ${NO_TEXT_LINE}`);
  } else if (first === '' && textLines.length === 1 && extra.length > 0) {
    lines.push(`${head} ${extra.shift() ?? ''}`);
  } else {
    lines.push(first === '' ? head : `${head} ${first}`);
    for (let k = 1; k < textLines.length; k++) lines.push(`${INDENT}${textLines[k] ?? ''}`);
  }
  for (const label of extra) lines.push(`${INDENT}${label}`);
}

function* write(input: ExportInput): Generator<ExportPart, void, undefined> {
  const clock = new ZoneClock(input.timeZone, input.times);
  const view = exportView(input);
  const span = dateSpan(input, clock);
  const exported = clock.local(input.exportedAt);
  const counts = countEntries(input.messages);
  const header = [
    `Conversation: ${view.title}`,
    `With: ${view.participants.map((p) => p.label).join(', ')}`,
    `Dates: ${span ? `${span.from} to ${span.to}` : 'none'}`,
    `Time zone: ${zoneLine(input)}`,
    `Messages: ${String(counts.messages)}`,
    counts.calls > 0 ? `Calls: ${String(counts.calls)}` : undefined,
    `Exported: ${exported.date} ${exported.time} ${exported.zone} by ${input.generator}`,
    input.hideNumbers ? 'Phone numbers are hidden.' : undefined,
  ].filter((line) => line !== undefined);
  yield `${header.join('\n')}\n\n`;

  let lines: string[] = [];
  for (let i = 0; i < input.messages.length; i++) {
    const m = input.messages[i];
    if (!m) continue;
    const t = clock.message(m);
    const stamp = `${t.date} ${t.time} ${t.zone}`;
    // A call is a line of the timeline in its own words, with no "Name:" since nobody wrote anything.
    const call = view.callText(m);
    if (call !== undefined) lines.push(`${stamp}  ${call}`);
    else messageLines(lines, m, `${stamp}  ${view.senderName(m)}:`, view.text(m));
    if ((i + 1) % BATCH === 0) {
      yield `${lines.join('\n')}\n`;
      lines = [];
      input.onProgress?.(i + 1);
      checkAborted(input.signal);
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
  input.onProgress?.(input.messages.length);
}

/** The Text (.txt) exporter. */
export const txtExporter: TextExporter = {
  id: 'txt',
  label: FORMAT_LABELS.txt.label,
  extension: FORMAT_LABELS.txt.extension,
  type: FORMAT_LABELS.txt.type,
  write,
};
