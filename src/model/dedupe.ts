/**
 * The tolerant duplicate key of DESIGN.md: overlapping backups, restores and converters write the same message
 * with ms or s timestamps, as SMS or MMS, with whitespace changed (FORMATS.md §1.6-7, §1.6-9).
 */
import type { Call, Direction } from './types';

/** What makes two copies of a message the same message. */
export interface DedupeFields {
  /** From conversationKey(): the same text to two numbers is two messages. */
  conversationKey: string;
  direction: Direction;
  /** Milliseconds since the epoch, UTC. */
  time: number;
  text: string;
  /** Content hashes (media keys) of the attachments, in any order. */
  attachmentHashes: readonly string[];
  /** Set for a call from a call log: its kind and length make it, not text. */
  call?: Call;
}

// No field can contain a newline (addresses and text have whitespace collapsed, hashes are hex), so joining on
// one keeps keys of different messages different. Text goes last as the only free-form field.
const SEPARATOR = '\n';

/** The duplicate key: conversation, direction, time to the second, text with whitespace collapsed, sorted hashes. */
export function dedupeKey(fields: DedupeFields): string {
  // Whole seconds, floored: one backup keeps 1600000001234 ms where another kept 1600000001 s.
  const second = Math.floor(fields.time / 1000);
  // A call: the same number, second, kind and length is the same call. Its second field ('call') is never a
  // message's ('in' or 'out'), so no call is ever taken for a message of the same second, or the reverse.
  if (fields.call)
    return [fields.conversationKey, 'call', second, fields.call.type, Math.round(fields.call.duration)].join(
      SEPARATOR,
    );
  // Converters re-wrap lines (CRLF vs LF), double spaces and trim; none of that makes another message.
  const text = fields.text.replace(/\s+/g, ' ').trim();
  const hashes = [...fields.attachmentHashes].sort().join(',');
  return [fields.conversationKey, fields.direction, second, hashes, text].join(SEPARATOR);
}

/** Both keys, `in` then `out`, of a message whose archive does not say its direction: a stored copy either way is it. */
export function dedupeKeysForUnknownDirection(
  fields: Omit<DedupeFields, 'direction'>,
): readonly [inKey: string, outKey: string] {
  return [dedupeKey({ ...fields, direction: 'in' }), dedupeKey({ ...fields, direction: 'out' })];
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/**
 * A compact stable id for a dedupe key: 16 hex characters (two cross-mixed 32-bit multiply-xor hashes, bryc's
 * cyrb53 widened to 64 bits). Not cryptographic, and it need not be: ids only have to differ within one
 * conversation. Treating it as ~53 good bits (the halves are not fully independent), two different messages
 * of a 50,000-message conversation share an id with odds of about 1 in 10⁷, of a million-message one about
 * 1 in 20,000; such a pair would be counted as one duplicate.
 */
export function messageId(key: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return hex32(h2) + hex32(h1);
}
