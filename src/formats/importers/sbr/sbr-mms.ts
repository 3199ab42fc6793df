/**
 * Turns one SB&R `<mms>` (its attributes, parts and addrs) into a message: who the others are, who sent it,
 * which way it went, its text in part order and its attachments.
 */
import type { RawAddress, RawAttachment, RawMessage } from '../../contract';
import { MAX_PARTICIPANTS } from '../../limits';
import { ADDR_TYPE, MMS_BOXES, MMS_PDU_TYPES, contactName, field } from './sbr-fields';

/** One `<part>` as read: text parts carry text, media parts their attachment. */
export interface MmsPart {
  seq: number;
  text?: string;
  attachment?: RawAttachment;
}

/** One `<addr>`. */
export interface MmsAddr {
  address: string;
  type: string;
}

/** Android's placeholder for "this phone" in MMS addresses (FORMATS.md §1.6-5). */
const SELF_TOKEN = 'insert-address-token';

/**
 * A loose identity for comparing the addresses inside one file, whose formatting varies from field to field:
 * the last 9 digits of a phone number (country code with or without), or the trimmed lower-cased text.
 */
export function looseKey(address: string): string {
  const digits = address.replace(/\D/g, '');
  if (digits.length >= 7 && !/[a-z@]/i.test(address)) return digits.slice(-9);
  return address.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * What the file has shown of the person's own addresses. SB&R never says it outright: it is the
 * `insert-address-token`, the sender of sent MMS, and the lone recipient of received 1:1 MMS.
 */
export class SelfTracker {
  private readonly _keys = new Set<string>();

  /** Whether the address is the person's own. */
  isSelf(address: string): boolean {
    return address === SELF_TOKEN || this._keys.has(looseKey(address));
  }

  /** Notes an address as the person's own. */
  learn(address: string): void {
    if (address !== SELF_TOKEN) this._keys.add(looseKey(address));
  }
}

/**
 * The `~`-joined list of the `address` attribute (group MMS), or undefined for RCS group ids, "null", and
 * lists longer than any group (the `<addr>` entries then name the others).
 */
function addressList(attributes: Record<string, string>): string[] | undefined {
  const value = field(attributes, 'address');
  if (!value || value.includes('@')) return undefined;
  const list = value
    .split('~', MAX_PARTICIPANTS + 1)
    .map((a) => a.trim())
    .filter((a) => a !== '');
  return list.length > MAX_PARTICIPANTS ? undefined : list;
}

/** Assembles the message, or undefined when it has no one to belong to. */
export function mmsMessage(
  attributes: Record<string, string>,
  time: number,
  parts: readonly MmsPart[],
  addrs: readonly MmsAddr[],
  self: SelfTracker,
): RawMessage | undefined {
  const box = MMS_BOXES[attributes.msg_box ?? ''] ?? MMS_PDU_TYPES[attributes.m_type ?? ''];
  const listed = addressList(attributes);
  const from = addrs.find((a) => a.type === ADDR_TYPE.from)?.address;
  const recipients = addrs.filter((a) => a.type !== ADDR_TYPE.from).map((a) => a.address);

  const listedKeys = new Set((listed ?? []).map(looseKey));
  const isListed = (address: string): boolean => listedKeys.has(looseKey(address));
  let others: string[];
  let sender: string | undefined;
  if (listed?.length === 1 && box) {
    // A 1:1 message: the `address` attribute is the other party. The addrs only teach who the person is.
    others = listed;
    sender = box.direction === 'in' ? listed[0] : undefined;
    const me = box.direction === 'out' ? from : recipients.length === 1 ? recipients[0] : undefined;
    if (me !== undefined && !isListed(me)) self.learn(me);
  } else if (!box || addrs.length === 0) {
    // The file does not say enough to place the person: the `address` attribute names the others.
    others = listed ?? recipients.filter((a) => !self.isSelf(a));
    sender = box?.direction === 'in' && others.length === 1 ? others[0] : undefined;
  } else if (box.direction === 'out') {
    if (from && !isListed(from)) self.learn(from);
    others = recipients.filter((a) => !self.isSelf(a));
  } else {
    sender = from;
    let candidates = recipients.filter((a) => !self.isSelf(a));
    if (candidates.length === recipients.length && recipients.length > 0) {
      // Self not known yet: in a group, the recipient the `address` list leaves out is the person.
      const unlisted = recipients.filter((a) => !isListed(a));
      const me = unlisted.length === 1 ? unlisted[0] : undefined;
      if (me !== undefined) {
        self.learn(me);
        candidates = recipients.filter((a) => a !== me);
      }
    }
    others = [...(from && !self.isSelf(from) ? [from] : []), ...candidates];
  }

  const unique = [...new Map(others.filter((a) => a !== SELF_TOKEN).map((a) => [looseKey(a), a])).values()];
  if (unique.length === 0) return undefined;
  const name = unique.length === 1 ? contactName(attributes) : undefined;
  const rawOthers: RawAddress[] = unique.map((address) => (name ? { address, name } : { address }));

  const ordered = [...parts].sort((a, b) => a.seq - b.seq);
  const text = ordered
    .map((p) => p.text)
    .filter((t): t is string => t !== undefined)
    .join('\n');
  return {
    kind: 'message',
    time,
    direction: box?.direction ?? (from === SELF_TOKEN ? 'out' : 'in'),
    directionKnown: box !== undefined,
    status: box?.status ?? (from === SELF_TOKEN ? 'sent' : 'received'),
    others: rawOthers,
    ...(sender !== undefined ? { sender } : {}),
    text,
    attachments: ordered.flatMap((p) => (p.attachment ? [p.attachment] : [])),
  };
}
