/** What every format shows of a conversation: names, numbers (masked when asked), senders. Pure. */
import type { Message, Participant } from '../../model/types';
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
  return {
    title,
    participants,
    senderName(message) {
      if (message.direction === 'out') return ME;
      const p = byAddress.get(message.sender) ?? (message.sender === '' ? only : undefined);
      if (p?.name) return p.name;
      const raw = p?.raw ?? message.sender;
      return raw ? number(raw) : 'Unknown';
    },
    senderAddress(message) {
      if (message.direction === 'out') return '';
      return number(message.sender || (only?.address ?? ''));
    },
    text(message) {
      return hide ? maskKnown(message.text) : message.text;
    },
  };
}

/** Throws the abort reason when the export was cancelled. */
export function checkAborted(signal: AbortSignal | undefined): void {
  signal?.throwIfAborted();
}
