/** Folding the per-recipient copies of one sent vMessage back into one message. */
import type { ImportItem, RawMessage } from '../../contract';

/**
 * The Lumia vMessage export writes a message sent to n people as n consecutive blocks, one per recipient,
 * with the same date and text (FORMATS.md §2.6: its SENDBOX + OUTBOX blocks add up to exactly the number
 * of recipients in the same phone's `.msg`, which shows them as one send). This holds the last sent
 * message back and adds the recipients of the blocks that repeat it.
 *
 * This can also merge a deliberate one-by-one broadcast (the same text sent separately to each person in
 * the same second): that is why it asks for everything at once — adjacent blocks, the same box, the same
 * second and exactly the same text — and never merges received messages or drafts. The copies of one send
 * go each to a different person: a block to a recipient the held message already has is another message
 * (the same text sent twice), kept as such — telling true duplicates apart is the import writer's job.
 */
export class BroadcastFold {
  private _held: RawMessage | undefined;

  constructor(private readonly _emit: (item: ImportItem) => void) {}

  /** Takes the next block's message. */
  push(message: RawMessage): void {
    const held = this._held;
    if (held && sameSend(held, message)) {
      for (const other of message.others) {
        if (!held.others.some((known) => known.address === other.address)) held.others.push(other);
      }
      return;
    }
    this.flush();
    if (message.direction === 'out' && (message.status === 'sent' || message.status === 'outbox')) {
      this._held = message;
    } else {
      this._emit(message);
    }
  }

  /** Hands over the held message: at the end, or when a block that is not a message breaks the run. */
  flush(): void {
    if (this._held) this._emit(this._held);
    this._held = undefined;
  }
}

function sameSend(a: RawMessage, b: RawMessage): boolean {
  const sameMessage =
    a.direction === b.direction && a.status === b.status && a.time === b.time && a.text === b.text;
  return sameMessage && !b.others.some((other) => a.others.some((known) => known.address === other.address));
}
