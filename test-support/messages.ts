/** Builders of what importers emit, for the writer's and the database's tests. */
import type { RawMessage } from '../src/formats/contract';

/** A received SMS from `address`, as an importer emits it: direction known, no attachments. */
export function sms(address: string, time: number, text: string): RawMessage {
  return {
    kind: 'message',
    time,
    direction: 'in',
    directionKnown: true,
    status: 'received',
    others: [{ address }],
    sender: address,
    text,
    attachments: [],
  };
}
