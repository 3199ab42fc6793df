/**
 * What a Textkeep JSON export means, value by value as json-shape.ts completes them: the head (format,
 * version, hidden numbers, the conversation's participants), then each message, turned into import items
 * at once. The exporter writes the head first; a file that puts messages before it (edited, or written by
 * another tool) has them held until the head is read, within bounds.
 */
import type { ImportItem, ProblemReason, RawAddress, RawAttachment, RawMessage } from '../../contract';
import { MAX_ATTACHMENTS, MAX_PARTICIPANTS, MAX_TEXT_CHARS } from '../../limits';
import { isUtcOffset } from '../../../model/time';
import { CALL_TYPES, MESSAGE_STATUSES, type Call, type MessageStatus } from '../../../model/types';
import type { JsonEnd } from './json-tokenizer';
import type { Shape } from './json-shape';
import { LimitError } from '../../limits';

const FORMAT = 'textkeep.conversation';
const HASH = /^[0-9a-f]{64}$/;
/** Messages held while the head is not read yet: at most this many, of at most MAX_TEXT_CHARS of text. */
const MAX_PENDING = 2000;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const isStatus = (v: unknown): v is MessageStatus =>
  typeof v === 'string' && (MESSAGE_STATUSES as readonly string[]).includes(v);
const scalar: Shape = { kind: 'scalar' };
const isCallType = (v: unknown): v is Call['type'] =>
  typeof v === 'string' && (CALL_TYPES as readonly string[]).includes(v);

/**
 * A call as exported (`{ type, duration }`), where it is one: an unknown kind or a length that is not a
 * non-negative number leaves the entry a plain message, as a field the file should not have.
 */
function call(value: unknown): Call | undefined {
  if (!isObject(value) || !isCallType(value.type)) return undefined;
  const duration = value.duration;
  if (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0) return undefined;
  return { type: value.type, duration };
}

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

function participants(conversation: unknown): RawAddress[] {
  const list =
    isObject(conversation) && Array.isArray(conversation.participants) ? conversation.participants : [];
  return list.flatMap((p) => {
    const address = isObject(p) ? str(p.address) : undefined;
    if (!isObject(p) || !address) return [];
    const name = str(p.name);
    return [{ address, ...(name ? { name } : {}) }];
  });
}

/** One export's reading: `shape` for the ShapeReader, then `take` the items it made. */
export class ExportReader {
  private _format: 'unread' | 'ok' = 'unread';
  private _version: 'unread' | 'ok' = 'unread';
  private _others: RawAddress[] | undefined;
  private _pending: unknown[] = [];
  private _pendingChars = 0;
  private _items: ImportItem[] = [];
  /** Messages skipped, by reason, reported once when the file ends. */
  private readonly _skipped = new Map<'no-date' | 'no-party' | 'bad-date', number>();
  private _ended = false;

  /** The export's shape, with what to do as each part of it is read. */
  readonly shape: Shape = {
    kind: 'object',
    fields: {
      format: {
        ...scalar,
        done: (v) => (v === FORMAT ? (this._format = 'ok') : this.refuse('not-an-archive')),
      },
      version: {
        ...scalar,
        done: (v) =>
          typeof v === 'number' && v <= 1 ? (this._version = 'ok') : this.refuse('not-an-archive'),
      },
      numbersHidden: { ...scalar, done: (v) => v === true && this.refuse('numbers-hidden') },
      conversation: {
        kind: 'object',
        fields: {
          participants: {
            kind: 'array',
            max: MAX_PARTICIPANTS,
            of: { kind: 'object', fields: { address: scalar, name: scalar } },
          },
        },
        done: (v) => {
          this._others = participants(v);
          this._flush();
        },
      },
      messages: {
        kind: 'array',
        keep: false,
        of: {
          kind: 'object',
          fields: {
            time: scalar,
            direction: scalar,
            status: scalar,
            sender: scalar,
            text: scalar,
            offset: scalar,
            attachments: {
              kind: 'array',
              max: MAX_ATTACHMENTS,
              of: { kind: 'object', fields: { type: scalar, name: scalar, size: scalar, sha256: scalar } },
            },
            call: { kind: 'object', fields: { type: scalar, duration: scalar } },
          },
          done: (v) => {
            this._message(v);
          },
        },
      },
    },
  };

  /** Whether the file has ended (refused or damaged): nothing more of it is read. */
  get ended(): boolean {
    return this._ended;
  }

  /** The items made since the last call. */
  take(): ImportItem[] {
    const items = this._items;
    this._items = [];
    return items;
  }

  /** The file is not one to import (`reason`): it ends here. Returns false, for `feed`. */
  refuse(reason: ProblemReason): false {
    return this._end(reason);
  }

  /** The file is damaged at `detail`: it ends here with a fatal `malformed`; what came before is kept. */
  damaged(detail: string): false {
    return this._end('malformed', detail);
  }

  /** The text ended (whole, or cut off inside the export). */
  finish(end: JsonEnd): void {
    if (this._ended) return;
    if (this._format !== 'ok' || this._version !== 'ok') {
      this.refuse('not-an-archive');
      return;
    }
    this._others ??= [];
    this._flush();
    if (end === 'complete') this._end(undefined);
    else this._end('truncated');
  }

  private _ready(): boolean {
    return this._format === 'ok' && this._version === 'ok' && this._others !== undefined;
  }

  private _message(value: unknown): void {
    if (this._ended) return;
    if (this._ready()) {
      this._read(value);
      return;
    }
    this._pendingChars += isObject(value) ? (str(value.text)?.length ?? 0) : 0;
    if (this._pending.length >= MAX_PENDING || this._pendingChars > MAX_TEXT_CHARS)
      throw new LimitError('length');
    this._pending.push(value);
  }

  private _flush(): void {
    if (!this._ready() || this._ended) return;
    for (const value of this._pending) this._read(value);
    this._pending = [];
    this._pendingChars = 0;
  }

  private _end(reason: ProblemReason | undefined, detail?: string): false {
    if (this._ended) return false;
    this._ended = true;
    this._pending = [];
    for (const [skipped, count] of this._skipped)
      this._items.push({ kind: 'problem', reason: skipped, count });
    if (reason)
      this._items.push({ kind: 'problem', reason, count: 1, fatal: true, ...(detail ? { detail } : {}) });
    return false;
  }

  private _read(value: unknown): void {
    const others = this._others ?? [];
    const message = isObject(value) ? value : undefined;
    // Kept when it has a date and a party, whatever its text: an empty message is a message.
    const rawTime = str(message?.time) ?? '';
    const time = Date.parse(rawTime);
    if (!message || rawTime === '') {
      this._skip('no-date');
      return;
    }
    if (Number.isNaN(time)) {
      this._skip('bad-date');
      return;
    }
    if (others.length === 0) {
      this._skip('no-party');
      return;
    }
    const sender = str(message.sender);
    const known = message.direction === 'in' || message.direction === 'out';
    // A direction not written as the exporter writes it: a sender says received; dedupe then matches either.
    const direction = known ? (message.direction as 'in' | 'out') : sender ? 'in' : 'out';
    const phoneCall = call(message.call);
    const raw: RawMessage = {
      kind: 'message',
      time,
      direction,
      directionKnown: known,
      status: isStatus(message.status) ? message.status : direction === 'in' ? 'received' : 'sent',
      others,
      ...(direction === 'in'
        ? { sender: sender === undefined || sender === '' ? (others[0]?.address ?? '') : sender }
        : {}),
      // A call has no text and no attachments (RawMessage.call), whatever an edited file put beside it.
      text: phoneCall ? '' : (str(message.text) ?? ''),
      attachments: phoneCall
        ? []
        : (Array.isArray(message.attachments) ? message.attachments : []).flatMap((a) => {
            const read = attachment(a);
            return read ? [read] : [];
          }),
      // The phone's UTC offset in minutes (Message.offset), where the export carries one; else none.
      ...(isUtcOffset(message.offset) ? { offset: message.offset } : {}),
      ...(phoneCall ? { call: phoneCall } : {}),
    };
    this._items.push(raw);
  }

  private _skip(reason: 'no-date' | 'no-party' | 'bad-date'): void {
    this._skipped.set(reason, (this._skipped.get(reason) ?? 0) + 1);
  }
}
