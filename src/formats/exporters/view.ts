/** What every format shows of a conversation: names, numbers (masked when asked), senders, calls. Pure. */
import { callWords, durationWords } from '../../model/calls';
import { isCall, type Message, type Participant } from '../../model/types';
import type { ExportInput } from './contract';
import { maskDigits, maskNumbersInText } from './mask';

/** The person's own messages are signed with this. */
export const ME = 'Me';

/** A participant as the export shows them. */
export interface ShownParticipant {
  address: string;
  name?: string;
  /** `Name (number)`, or the number alone. */
  label: string;
}

/** The conversation prepared for writing. */
export interface ExportView {
  title: string;
  participants: ShownParticipant[];
  /** Who sent a message, as shown. */
  senderName(message: Message): string;
  /** The sender's address as shown ('' for the person's own messages). */
  senderAddress(message: Message): string;
  /** Message text as shown. */
  text(message: Message): string;
  /**
   * A call in words, with whom and how long: "Missed call from Alice Martin", "Outgoing call to Alice
   * Martin · 12 min" (undefined for a message).
   */
  callText(message: Message): string | undefined;
}

/** How many of the entries are messages and how many calls: headers count them apart, as the app does. */
export function countEntries(entries: readonly Message[]): { messages: number; calls: number } {
  let calls = 0;
  for (const m of entries) if (isCall(m)) calls++;
  return { messages: entries.length - calls, calls };
}

/** Prepares names and masking once per export. */
export function exportView(input: ExportInput): ExportView {
  const hide = input.hideNumbers;
  const number = (s: string): string => (hide ? maskDigits(s) : s);
  const byAddress = new Map<string, Participant>();
  for (const p of input.conversation.participants) byAddress.set(p.address, p);
  const participants = input.conversation.participants.map((p): ShownParticipant => {
    const shown = number(p.raw || p.address);
    return {
      address: number(p.address),
      ...(p.name ? { name: p.name } : {}),
      label: p.name ? `${p.name} (${shown})` : shown,
    };
  });
  // A title joins names and, where there is none, numbers: each participant's number is masked where it
  // appears, and any other run of digits as in message text.
  const literals = input.conversation.participants
    .flatMap((p) => [p.raw, p.address])
    .filter((a) => /\d/.test(a))
    .sort((a, b) => b.length - a.length);
  const maskKnown = (text: string): string =>
    maskNumbersInText(literals.reduce((t, literal) => t.split(literal).join(maskDigits(literal)), text));
  const title = hide ? maskKnown(input.conversation.title) : input.conversation.title;
  const only = input.conversation.participants.length === 1 ? input.conversation.participants[0] : undefined;
  const partyName = (address: string): string => {
    const p = byAddress.get(address) ?? (address === '' ? only : undefined);
    if (p?.name) return p.name;
    const raw = p?.raw ?? address;
    return raw ? number(raw) : 'Unknown';
  };
  return {
    title,
    participants,
    senderName(message) {
      return message.direction === 'out' ? ME : partyName(message.sender);
    },
    senderAddress(message) {
      if (message.direction === 'out') return '';
      return number(message.sender || (only?.address ?? ''));
    },
    text(message) {
      return hide ? maskKnown(message.text) : message.text;
    },
    callText(message) {
      if (!isCall(message)) return undefined;
      // An outgoing call has no sender (it is the person's own): the party called is the conversation's
      // other one, or its title where there is none single (a call log is one number, so rarely).
      const party =
        message.direction === 'out' ? (only ? partyName(only.address) : title) : partyName(message.sender);
      const duration = durationWords(message.call.duration);
      const words = `${callWords(message.call)} ${message.direction === 'out' ? 'to' : 'from'} ${party}`;
      return duration ? `${words} · ${duration}` : words;
    },
  };
}

/** Throws the abort reason when the export was cancelled. */
export function checkAborted(signal: AbortSignal | undefined): void {
  signal?.throwIfAborted();
}
