/** Which way a vMessage went, from the fields that describe the message first and the folder it was in last. */
import type { Direction, MessageStatus } from '../../../model/types';

/** Which way a box's messages went: Lumia `X-BOX` and IrMC `X-IRMC-BOX` values. */
const BOXES: Record<string, { direction: Direction; status: MessageStatus }> = {
  INBOX: { direction: 'in', status: 'received' },
  SENDBOX: { direction: 'out', status: 'sent' },
  SENTBOX: { direction: 'out', status: 'sent' },
  SENT: { direction: 'out', status: 'sent' },
  OUTBOX: { direction: 'out', status: 'outbox' },
  DRAFT: { direction: 'out', status: 'draft' },
  DRAFTS: { direction: 'out', status: 'draft' },
  DRAFTBOX: { direction: 'out', status: 'draft' },
};

/** What a block says about its direction. */
export interface DirectionFields {
  /** `X-BOX` (Lumia) or `X-IRMC-BOX` (IrMC): the folder the message was filed in. */
  box?: string;
  /** IrMC `X-MESSAGE-TYPE`: SUBMIT (sent) or DELIVER (received). */
  messageType?: string;
  /** `X-IRMC-STATUS`: SENT or UNSENT for outgoing ones; READ and UNREAD say nothing about direction. */
  irmcStatus?: string;
  /**
   * In the IrMC layout (a VENV envelope), where the numbers are: the originator's card right after
   * BEGIN:VMSG holds the sender of a received message, a card in the envelope the recipient of a sent one.
   * `top` / `envelope` when only that side has a number; undefined otherwise (both, neither, or no VENV:
   * Lumia files have their one card at the top whichever way the message went).
   */
  numberIn?: 'top' | 'envelope';
}

/** A block's direction and status. */
export interface BlockDirection {
  direction: Direction;
  status: MessageStatus;
  directionKnown: boolean;
}

/**
 * The direction, by precedence: the message's own fields win over the folder, because phones file
 * messages in folders that do not match them (a Nokia "Saved Sent" message sits in INBOX with
 * X-MESSAGE-TYPE:SUBMIT). First the message type (SUBMIT / DELIVER: the kind of SMS it is), then
 * X-IRMC-STATUS (SENT / UNSENT), then which card holds the number (IrMC layout only), then the box. With
 * none of them, the message is taken as received with its direction unknown. The status is the box's when
 * the box agrees with that direction (OUTBOX, DRAFT refine "out"), else what the direction implies.
 */
export function blockDirection(fields: DirectionFields): BlockDirection {
  const box = BOXES[(fields.box ?? '').toUpperCase()];
  const type = fields.messageType?.toUpperCase();
  const status = fields.irmcStatus?.toUpperCase();
  const direction: Direction | undefined =
    type === 'SUBMIT'
      ? 'out'
      : type === 'DELIVER'
        ? 'in'
        : status === 'SENT' || status === 'UNSENT'
          ? 'out'
          : fields.numberIn === 'envelope'
            ? 'out'
            : fields.numberIn === 'top'
              ? 'in'
              : box?.direction;
  if (direction === undefined) return { direction: 'in', status: 'received', directionKnown: false };
  if (box?.direction === direction) return { direction, status: box.status, directionKnown: true };
  if (direction === 'in') return { direction, status: 'received', directionKnown: true };
  return { direction, status: status === 'UNSENT' ? 'outbox' : 'sent', directionKnown: true };
}
