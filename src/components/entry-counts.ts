/** How many messages and calls a conversation holds, in words, for its list row and its header. Pure. */
import { countLabel } from '../lib/format';
import type { Conversation } from '../model/types';

/** "81 messages", "81 messages · 3 calls", "3 calls" (a person with calls and no messages). */
export function entriesLabel(c: Pick<Conversation, 'messageCount' | 'callCount'>, locale?: string): string {
  const calls = c.callCount;
  const messages = countLabel(c.messageCount, 'message', 'messages', locale);
  if (calls === 0) return messages;
  const callWords = countLabel(calls, 'call', 'calls', locale);
  return c.messageCount === 0 ? callWords : `${messages} · ${callWords}`;
}
