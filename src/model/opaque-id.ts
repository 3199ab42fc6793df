/**
 * Opaque names for the address bar (issue 12). The browser's history keeps every URL and title after
 * "Delete all data", so no URL may carry a phone number, an e-mail address, a name, or anything derived from
 * a message.
 *
 * - A conversation is addressed by a random `id` (16 random bytes), which says nothing about who it is with.
 * - A message is addressed by a token: the first 64 bits of SHA-256(conversation salt + message id). Message
 *   ids alone would not do: they are a fast, non-cryptographic hash of the conversation key (the number),
 *   the time and the text (model/dedupe.ts), so anyone holding a guess of the number, time and text could
 *   confirm it against a history entry. The salt is random, kept only in the conversation record (never in a
 *   URL), and deleted with the data, so once the data is gone a token in the history confirms nothing.
 *   64 bits keep the link short; within one conversation two messages share a token with odds of about
 *   n² / 2⁶⁵ (1 in 10¹⁰ for 50,000 messages): the link would then open at the other message.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { Conversation, Message } from './types';

const ID_BYTES = 16;
const TOKEN_BYTES = 8;

/** Bytes as base64url without padding (URL-safe as it is). */
function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomBase64url(length: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(length)));
}

/** The opaque parts a new conversation gets: its URL id and the secret salt of its message tokens. */
export function newConversationSecrets(): Pick<Conversation, 'id' | 'salt'> {
  return { id: randomBase64url(ID_BYTES), salt: randomBase64url(ID_BYTES) };
}

const encoder = new TextEncoder();

/** The URL token of one message of a conversation (see the note at the top of this file). */
export function messageToken(salt: string, messageId: string): string {
  return base64url(sha256(encoder.encode(salt + messageId)).subarray(0, TOKEN_BYTES));
}

/**
 * The id of the message among `messages` that `token` names, if any. Hashes each id in turn (about 2 µs
 * each: 0.1 s for a 50,000-message conversation, paid only when a link to one message is opened).
 */
export function messageIdOfToken(
  messages: readonly Pick<Message, 'id'>[],
  salt: string,
  token: string,
): string | undefined {
  return messages.find((m) => messageToken(salt, m.id) === token)?.id;
}
