/**
 * A message with no text and no attachment (a Windows Phone `<Body />`, an MMS whose parts were lost or never
 * downloaded, an empty SMS) is still a message: kept, counted, shown and exported with these words.
 */
import type { Message } from './types';

/** What the conversation, the list and every export show (and screen readers read) for such a message. */
export const NO_TEXT = 'No text';

/** Whether the message has neither text (beyond spaces) nor an attachment. */
export function isWithoutContent(message: Pick<Message, 'text' | 'attachments'>): boolean {
  return message.text.trim() === '' && message.attachments.length === 0;
}
