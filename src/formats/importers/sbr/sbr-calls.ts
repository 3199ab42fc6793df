/** SB&R call-log entries (FORMATS.md §1.5): one `<call>` is one RawMessage with `call`, or why it was skipped. */
import type { CallType } from '../../../model/types';
import type { RawMessage } from '../../contract';
import { contactName, field } from './sbr-fields';

/** `<call type>`: Android's CallLog.Calls codes (6 is SB&R's "Refused list", a number the person blocked). */
export const CALL_TYPE_CODES: Record<string, CallType> = {
  '1': 'incoming',
  '2': 'outgoing',
  '3': 'missed',
  '4': 'voicemail',
  '5': 'rejected',
  '6': 'blocked',
};

/**
 * What Android writes in `number` for a caller it was not given (presentation 2 restricted, 3 unknown,
 * 4 payphone): old phones the old CallerInfo markers, newer ones "" (which `field` already drops).
 */
const HIDDEN_NUMBERS = new Set(['-1', '-2', '-3', '-4']);

/** The other party's number as written, or undefined when the log does not give one. */
export function callNumber(attributes: Record<string, string>): string | undefined {
  const number = field(attributes, 'number')?.trim();
  return number && !HIDDEN_NUMBERS.has(number) ? number : undefined;
}

/** Whole seconds, 0 when absent, not a number or negative (a call of no length shows no duration). */
function callDuration(attributes: Record<string, string>): number {
  const seconds = Number(field(attributes, 'duration') ?? '0');
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds) : 0;
}

/**
 * The kind of call. A code we do not know (7 "answered on another device", vendor codes, none at all) says
 * nothing sure about who called, and every known code but 2 is a call that came in, so it is read as a call
 * that came in: answered (incoming) if it lasted, else missed. A person then sees a call that did happen,
 * never an outgoing call they did not make nor a call dropped from the log.
 */
function callType(attributes: Record<string, string>, duration: number): CallType {
  const known = CALL_TYPE_CODES[field(attributes, 'type') ?? ''];
  return known ?? (duration > 0 ? 'incoming' : 'missed');
}

/** The call as a timeline entry at `time`, with `number` (from callNumber) as its one other party. */
export function callMessage(attributes: Record<string, string>, number: string, time: number): RawMessage {
  const duration = callDuration(attributes);
  const type = callType(attributes, duration);
  const outgoing = type === 'outgoing';
  const name = contactName(attributes);
  return {
    kind: 'message',
    time,
    direction: outgoing ? 'out' : 'in',
    directionKnown: true,
    status: outgoing ? 'sent' : 'received',
    others: [name ? { address: number, name } : { address: number }],
    ...(outgoing ? {} : { sender: number }),
    text: '',
    attachments: [],
    call: { type, duration },
  };
}
