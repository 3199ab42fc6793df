/** Small pure helpers for conversation summaries. */
import { NO_TEXT } from './message-content';
import { callLine } from './calls';
import type { Conversation, Message } from './types';

const SNIPPET_LENGTH = 120;

/** The list's one-line preview of a message: its text, else what it carries, else "No text". */
export function snippetOf(message: Message): string {
  if (message.call) return callLine(message.call);
  const text = message.text.replace(/\s+/g, ' ').trim();
  if (text) return text.length > SNIPPET_LENGTH ? `${text.slice(0, SNIPPET_LENGTH - 1)}…` : text;
  const first = message.attachments[0];
  if (!first) return NO_TEXT;
  if (first.type.startsWith('image/')) return 'Photo';
  if (first.type.startsWith('video/')) return 'Video';
  if (first.type.startsWith('audio/')) return 'Audio';
  const name = first.name ?? 'Attachment';
  // An archive may name an attachment with thousands of characters: the list shows a snippet's worth.
  return name.length > SNIPPET_LENGTH ? `${name.slice(0, SNIPPET_LENGTH - 1)}…` : name;
}

/** Fills in participants' names from an address book; returns whether anything changed. */
export function applyNames(conversation: Conversation, names: ReadonlyMap<string, string>): boolean {
  let changed = false;
  for (const p of conversation.participants) {
    const name = names.get(p.address);
    if (name && !p.name) {
      p.name = name;
      changed = true;
    }
  }
  return changed;
}
