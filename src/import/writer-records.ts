/**
 * The records the import writer makes from what importers read: where a message belongs, its ids, the message
 * as stored, and the conversation summaries. Pure (no database): the writer decides when they are written.
 */
import type { RawMessage } from '../formats/contract';
import { normalizeAddress, type AddressResolver, type CountryCode } from '../model/address';
import { conversationKey, conversationTitle } from '../model/conversation-key';
import { applyNames, snippetOf } from '../model/conversation-summary';
import { dedupeKey, dedupeKeysForUnknownDirection, messageId } from '../model/dedupe';
import { newConversationSecrets } from '../model/opaque-id';
import { isUtcOffset } from '../model/time';
import { isCall, type Conversation, type Message, type Participant } from '../model/types';

/**
 * The conversation a message belongs to: its key and participants, or undefined with no valid address. Names
 * the archive gives its addresses go into `names`.
 */
export function placeOf(
  raw: RawMessage,
  region: CountryCode,
  resolver: AddressResolver,
  names: Map<string, string>,
): { key: string; participants: Participant[] } | undefined {
  const participants: Participant[] = [];
  for (const other of raw.others) {
    const normalized = normalizeAddress(other.address, region);
    if (!normalized) continue;
    const address = resolver.resolve(normalized.address);
    if (participants.some((p) => p.address === address)) continue;
    if (other.name) names.set(address, other.name);
    participants.push({
      address,
      raw: other.address,
      ...(other.name ? { name: other.name } : {}),
      ...(normalized.kind === 'alphanumeric' ? { spellings: { [normalized.address]: 1 } } : {}),
    });
  }
  if (participants.length === 0) return undefined;
  return { key: conversationKey(participants.map((p) => p.address)), participants };
}

/** The ids a message may be stored under in conversation `key`: one, or one per direction when unknown. */
export function messageIdsOf(raw: RawMessage, key: string): string[] {
  const fields = {
    conversationKey: key,
    time: raw.time,
    text: raw.text,
    attachmentHashes: mediaHashesOf(raw),
    ...(raw.call ? { call: raw.call } : {}),
  };
  const keys =
    raw.directionKnown || raw.call
      ? [dedupeKey({ ...fields, direction: raw.direction })]
      : dedupeKeysForUnknownDirection(fields);
  return keys.map(messageId);
}

/** The content hashes of a message's attachments, in order. */
export function mediaHashesOf(raw: RawMessage): string[] {
  return raw.attachments.flatMap((a) => (a.mediaKey ? [a.mediaKey] : []));
}

/** The message as stored, under `id`, from `sender` (its resolved address, or '' when sent). */
export function storedMessage(
  raw: RawMessage,
  id: string,
  sender: string,
  source: Message['source'],
): Message {
  return {
    id,
    time: raw.time,
    direction: raw.direction,
    status: raw.status,
    sender,
    text: raw.text,
    attachments: raw.attachments.map(({ type, name, size, mediaKey }) => ({
      type,
      size,
      ...(name ? { name } : {}),
      ...(mediaKey ? { mediaKey } : {}),
    })),
    source,
    // The phone's own clock, kept beside the message: never in the dedupe key (the same message from two
    // archives is one message whatever offset each gives it), so the first copy stored keeps its offset.
    ...(isUtcOffset(raw.offset) ? { offset: raw.offset } : {}),
    ...(raw.call
      ? { call: { type: raw.call.type, duration: Math.max(0, Math.round(raw.call.duration)) } }
      : {}),
  };
}

/** A conversation met for the first time, with nothing stored yet. */
export function newConversation(key: string, participants: Participant[]): Conversation {
  return {
    key,
    ...newConversationSecrets(),
    participants,
    title: '',
    isGroup: participants.length > 1,
    messageCount: 0,
    callCount: 0,
    lastTime: -Infinity,
    lastSnippet: '',
  };
}

/**
 * The summary to store: counts and newest message from the stored record (`stored`, read in the flush's
 * transaction) and what this flush adds (`added`, in time order; `last`, the conversation's newest where the
 * flush wrote its tail); participants and their names as the writer has merged them (`mine`).
 */
export function summaryOf(
  stored: Conversation | undefined,
  mine: Conversation | undefined,
  added: readonly Message[],
  last: Message | undefined,
  names: ReadonlyMap<string, string>,
  region: CountryCode,
): Conversation | undefined {
  const base = stored ?? mine;
  if (!base) return undefined;
  const next: Conversation = {
    ...base,
    participants: (mine ?? base).participants.map((p) => ({ ...p })),
    messageCount: stored?.messageCount ?? 0,
    callCount: stored?.callCount ?? 0,
    lastTime: stored?.lastTime ?? -Infinity,
    lastSnippet: stored?.lastSnippet ?? '',
  };
  applyNames(next, names);
  const calls = added.filter(isCall).length;
  next.messageCount += added.length - calls;
  next.callCount += calls;
  const newest = added[added.length - 1];
  // At the same time as the stored newest, the one that sorts last (by id, as the blocks order them) is the
  // newest: known where this flush wrote the conversation's tail, else the stored one stays.
  if (newest && (newest.time > next.lastTime || (newest.time === next.lastTime && last === newest))) {
    next.lastTime = newest.time;
    next.lastSnippet = snippetOf(newest);
  }
  next.isGroup = next.participants.length > 1;
  next.title = conversationTitle(next.participants, region);
  return next;
}
