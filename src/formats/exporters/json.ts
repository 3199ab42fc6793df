/**
 * JSON (.json): the versioned shape of DESIGN.md, so other tools can read it and Textkeep can import it back
 * (formats/importers/textkeep-json). Beyond the documented fields it keeps what a lossless round trip needs:
 * each message's status, and each attachment's SHA-256 (the media key, part of the duplicate key, so a
 * re-import of what is already stored adds nothing). A call from a call log is an entry of `messages` in
 * time order like the others, with text '' and no attachments, told apart by its `call` field.
 */
import type { Call } from '../../model/types';
import type { ExportInput, ExportPart, TextExporter } from './contract';
import { BATCH } from './txt';
import { checkAborted, exportView } from './view';
import { FORMAT_LABELS } from './labels';

/** The `format` value of a Textkeep conversation export. */
export const JSON_FORMAT = 'textkeep.conversation';
/** The shape's version. */
export const JSON_VERSION = 1;

/** One message as exported. */
export interface JsonMessage {
  id: string;
  time: string;
  direction: 'in' | 'out';
  status: string;
  sender: string;
  senderName: string;
  text: string;
  /** The phone's UTC offset when it was sent or received, minutes east of UTC (New York in winter: -300). */
  offset?: number;
  attachments: { type: string; name?: string; size: number; sha256?: string }[];
  /** Set when the entry is a phone call: its kind and length in seconds. */
  call?: Call;
}

/** The file, as JSON.parse returns it. */
export interface JsonExport {
  format: typeof JSON_FORMAT;
  version: typeof JSON_VERSION;
  generator: string;
  exportedAt: string;
  timeZone: string;
  numbersHidden: boolean;
  range: { from: string | null; to: string | null };
  conversation: { title: string; isGroup: boolean; participants: { address: string; name?: string }[] };
  messages: JsonMessage[];
}

const iso = (t: number | undefined): string | null => (t === undefined ? null : new Date(t).toISOString());

function* write(input: ExportInput): Generator<ExportPart, void, undefined> {
  const view = exportView(input);
  const head: Omit<JsonExport, 'messages'> = {
    format: JSON_FORMAT,
    version: JSON_VERSION,
    generator: input.generator,
    exportedAt: new Date(input.exportedAt).toISOString(),
    timeZone: input.timeZone,
    numbersHidden: input.hideNumbers,
    range: { from: iso(input.range.from), to: iso(input.range.to) },
    conversation: {
      title: view.title,
      isGroup: input.conversation.isGroup,
      participants: view.participants.map((p) => ({
        address: p.address,
        ...(p.name ? { name: p.name } : {}),
      })),
    },
  };
  const opening = JSON.stringify(head, null, 2);
  yield `${opening.slice(0, -2)},\n  "messages": [`;
  let parts: string[] = [];
  for (let i = 0; i < input.messages.length; i++) {
    const m = input.messages[i];
    if (!m) continue;
    const message: JsonMessage = {
      id: m.id,
      time: new Date(m.time).toISOString(),
      direction: m.direction,
      status: m.status,
      sender: view.senderAddress(m),
      senderName: view.senderName(m),
      text: view.text(m),
      ...(m.offset !== undefined && Number.isInteger(m.offset) ? { offset: m.offset } : {}),
      attachments: m.attachments.map((a) => ({
        type: a.type,
        ...(a.name !== undefined ? { name: a.name } : {}),
        size: a.size,
        ...(a.mediaKey ? { sha256: a.mediaKey } : {}),
      })),
      ...(m.call ? { call: { type: m.call.type, duration: m.call.duration } } : {}),
    };
    parts.push(`${i === 0 ? '' : ','}\n    ${JSON.stringify(message)}`);
    if ((i + 1) % BATCH === 0) {
      yield parts.join('');
      parts = [];
      input.onProgress?.(i + 1);
      checkAborted(input.signal);
    }
  }
  yield `${parts.join('')}\n  ]\n}\n`;
  input.onProgress?.(input.messages.length);
}

/** The JSON (.json) exporter. */
export const jsonExporter: TextExporter = {
  id: 'json',
  label: FORMAT_LABELS.json.label,
  extension: FORMAT_LABELS.json.extension,
  type: FORMAT_LABELS.json.type,
  write,
};
