/**
 * Textkeep's own JSON export (formats/exporters/json.ts), read back: the round trip of "JSON (.json)". The
 * file is parsed whole (JSON.parse has no streaming form; a 50,000-message export is about 10 MB of text) and
 * every field is checked, since the file may have been edited or written by another tool. Exports written
 * with "Hide phone numbers" are refused: their masked numbers would make conversations with nobody.
 */
import type { ImportItem, Importer, ParseOptions, RawAttachment, RawMessage } from '../../contract';
import { MESSAGE_STATUSES, type MessageStatus } from '../../../model/types';
import { readText } from '../shared/read-text';

const FORMAT = 'textkeep.conversation';
const HEAD = /^\s*\{[\s\S]*"format"\s*:\s*"textkeep\.conversation"/;
const BATCH = 2000;
/**
 * Largest file read (it is held whole): a 50,000-message export is about 10 MB, so this is over 600,000
 * messages in one conversation. A larger "export" is not one Textkeep wrote: it is refused as damaged.
 */
const MAX_JSON_CHARS = 128 << 20;
const HASH = /^[0-9a-f]{64}$/;

/** The Textkeep JSON importer. */
export const textkeepJsonImporter: Importer = {
  id: 'textkeep-json',
  label: 'Textkeep export (JSON)',
  detect(head) {
    return HEAD.test(head);
  },
  parse(source, options) {
    return parseTextkeepJson(source, options);
  },
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const isStatus = (v: unknown): v is MessageStatus =>
  typeof v === 'string' && (MESSAGE_STATUSES as readonly string[]).includes(v);

function attachment(value: unknown): RawAttachment | undefined {
  if (!isObject(value)) return undefined;
  const type = str(value.type);
  const size = value.size;
  if (!type || typeof size !== 'number' || !Number.isFinite(size) || size < 0) return undefined;
  const name = str(value.name);
  const hash = str(value.sha256);
  return {
    type,
    size,
    ...(name !== undefined ? { name } : {}),
    ...(hash && HASH.test(hash) ? { mediaKey: hash } : {}),
  };
}

async function* parseTextkeepJson(
  source: ReadableStream<Uint8Array>,
  options: ParseOptions,
): AsyncGenerator<ImportItem[]> {
  const pieces: string[] = [];
  let length = 0;
  for await (const piece of readText(source, options)) {
    pieces.push(piece);
    length += piece.length;
    if (length > MAX_JSON_CHARS) {
      yield [{ kind: 'problem', reason: 'export-too-large', count: 1, fatal: true }];
      return;
    }
  }
  if (options.signal?.aborted) return;
  let file: unknown;
  try {
    file = JSON.parse(pieces.join(''));
  } catch {
    // Read whole, so nothing of it was imported: not the "damaged at…, what came before was kept" of archives.
    yield [{ kind: 'problem', reason: 'export-damaged', count: 1, fatal: true }];
    return;
  }
  if (!isObject(file) || file.format !== FORMAT || typeof file.version !== 'number' || file.version > 1) {
    yield [{ kind: 'problem', reason: 'not-an-archive', count: 1, fatal: true }];
    return;
  }
  if (file.numbersHidden === true) {
    yield [{ kind: 'problem', reason: 'numbers-hidden', count: 1, fatal: true }];
    return;
  }
  const conversation = isObject(file.conversation) ? file.conversation : {};
  const others = (Array.isArray(conversation.participants) ? conversation.participants : []).flatMap((p) => {
    const address = isObject(p) ? str(p.address) : undefined;
    if (!isObject(p) || !address) return [];
    const name = str(p.name);
    return [{ address, ...(name ? { name } : {}) }];
  });
  const messages = Array.isArray(file.messages) ? file.messages : [];
  let batch: ImportItem[] = [];
  let missing = 0;
  for (const value of messages) {
    const message = isObject(value) ? value : undefined;
    const time = Date.parse(str(message?.time) ?? '');
    const direction = message?.direction;
    if (
      !message ||
      others.length === 0 ||
      Number.isNaN(time) ||
      (direction !== 'in' && direction !== 'out')
    ) {
      missing += 1;
      continue;
    }
    const sender = str(message.sender);
    const raw: RawMessage = {
      kind: 'message',
      time,
      direction,
      directionKnown: true,
      status: isStatus(message.status) ? message.status : direction === 'in' ? 'received' : 'sent',
      others,
      ...(direction === 'in'
        ? { sender: sender === undefined || sender === '' ? (others[0]?.address ?? '') : sender }
        : {}),
      text: str(message.text) ?? '',
      attachments: (Array.isArray(message.attachments) ? message.attachments : []).flatMap((a) => {
        const read = attachment(a);
        return read ? [read] : [];
      }),
    };
    batch.push(raw);
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
      if (options.signal?.aborted) return;
    }
  }
  if (missing > 0) batch.push({ kind: 'problem', reason: 'missing-field', count: missing });
  if (batch.length > 0) yield batch;
}
