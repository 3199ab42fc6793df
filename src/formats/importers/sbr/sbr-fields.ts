/** Small readers for SMS Backup & Restore attribute values, which are all strings and often "null". */
import type { MessageStatus } from '../../../model/types';
import type { Direction } from '../../../model/types';

/** The attribute value, or undefined when absent, empty or the literal "null" (FORMATS.md §1.6-3). */
export function field(attributes: Record<string, string>, name: string): string | undefined {
  const value = attributes[name];
  return value === undefined || value === '' || value === 'null' ? undefined : value;
}

/** A contact name, or undefined for SB&R's "(Unknown)". */
export function contactName(attributes: Record<string, string>): string | undefined {
  const name = field(attributes, 'contact_name')?.trim();
  return name && name !== '(Unknown)' ? name : undefined;
}

/** SMS `type` (FORMATS.md §1.3): 1 received, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued. */
export const SMS_TYPES: Record<string, { direction: Direction; status: MessageStatus }> = {
  '1': { direction: 'in', status: 'received' },
  '2': { direction: 'out', status: 'sent' },
  '3': { direction: 'out', status: 'draft' },
  '4': { direction: 'out', status: 'outbox' },
  '5': { direction: 'out', status: 'failed' },
  '6': { direction: 'out', status: 'queued' },
};

/** MMS `msg_box` (FORMATS.md §1.4): the same numbering as SMS `type` (1 received, 2 sent, 3 draft, 4 outbox…). */
export const MMS_BOXES = SMS_TYPES;

/** MMS `m_type` PDU types, when `msg_box` is missing: 128 send-req, 132 retrieve-conf, 130 notification. */
export const MMS_PDU_TYPES: Record<string, { direction: Direction; status: MessageStatus }> = {
  '128': { direction: 'out', status: 'sent' },
  '132': { direction: 'in', status: 'received' },
  '130': { direction: 'in', status: 'received' },
};

/** `<addr type>` values: who is who in an MMS. */
export const ADDR_TYPE = { from: '137', to: '151', cc: '130', bcc: '129' } as const;
