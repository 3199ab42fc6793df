/** One `<Message>` of a Windows Phone `.msg` file (FORMATS.md §2.3), gathered field by field and then built. */
import { fileTimeToMs } from '../../../model/time';
import type { ImportItem, RawAddress, RawAttachment, RawMedia, RawMessage } from '../../contract';
import type { ProblemTally } from '../shared/problems';
import type { LiftedPart } from './lifted-part';

/** An attachment as read: its content type and its lifted bytes (none for an empty element). */
export interface WpAttachment {
  type: string;
  part: LiftedPart | undefined;
}

/** The fields of one message, in whatever order the file gives them. */
export class WpMessage {
  recipients: string[] = [];
  body = '';
  isIncoming: string | undefined;
  sender = '';
  /** `<Address>`: one converter's name for Sender (jonny561201/SmsWindowsPhoneToAndroid tests). */
  address = '';
  timestamp = '';
  attachments: WpAttachment[] = [];

  /**
   * The items this message gives (media first, then the message), or none with a problem counted: a record
   * is kept when it has a date and a party, with or without text or attachments.
   */
  build(problems: ProblemTally): ImportItem[] {
    if (this.timestamp.trim() === '') {
      problems.add('no-date');
      return [];
    }
    const time = fileTimeToMs(this.timestamp);
    if (time === undefined) {
      problems.add('bad-date');
      return [];
    }
    const party = this._party();
    if (party.others.length === 0) {
      problems.add('no-party');
      return [];
    }
    const media: RawMedia[] = [];
    const attachments: RawAttachment[] = [];
    const texts = this.body === '' ? [] : [this.body];
    for (const { type, part } of this.attachments) {
      const base = (type.split(';')[0] ?? '').trim().toLowerCase();
      if (base === 'application/smil') continue; // layout only: the parts it lays out are listed anyway
      if (base === 'text/plain') {
        const text = part ? part.text() : { text: '' };
        if (text !== 'too-long') {
          if ('text' in text) {
            if (text.text !== '') texts.push(text.text);
          } else {
            problems.add(text.damaged);
            attachments.push({ type, size: 0, damaged: text.damaged });
          }
          continue;
        }
      }
      const result = part ? part.media(type) : { damaged: 'empty-media' as const };
      if ('damaged' in result) {
        problems.add(result.damaged);
        attachments.push({ type, size: 0, damaged: result.damaged });
      } else {
        media.push({ kind: 'media', hash: result.hash, type, size: result.size, data: result.data });
        attachments.push({ type, size: result.size, mediaKey: result.hash });
      }
    }
    // An empty Body with no attachments (an MMS placeholder, FORMATS.md §2.4: 392 of 12,331 in one file) is
    // still a message, kept with text ''.
    const text = texts.join('\n');
    const message: RawMessage = {
      kind: 'message',
      time,
      direction: party.incoming ? 'in' : 'out',
      directionKnown: party.directionKnown,
      status: party.incoming ? 'received' : 'sent',
      others: party.others,
      ...(party.sender ? { sender: party.sender } : {}),
      text,
      attachments,
    };
    return [...media, message];
  }

  /** Which way the message went, who sent it and who the others are (none: it belongs to no conversation). */
  private _party(): { incoming: boolean; directionKnown: boolean; sender?: string; others: RawAddress[] } {
    const flag = this.isIncoming?.trim().toLowerCase();
    const sender = this.sender || this.address;
    // Without IsIncoming, a sender is what marks a received message (sent ones have `<Sender />`).
    const incoming = flag === 'true' || (flag !== 'false' && sender !== '');
    const directionKnown = flag === 'true' || flag === 'false';
    if (!incoming) return { incoming, directionKnown, others: addresses(this.recipients) };
    // Recepients of a received group MMS are the other members, self excluded: the sender joins them. An
    // empty Sender leaves the Recepients as the party, the sender unknown.
    return {
      incoming,
      directionKnown,
      ...(sender ? { sender } : {}),
      others: addresses(sender ? [sender, ...this.recipients] : this.recipients),
    };
  }
}

function addresses(values: readonly string[]): RawAddress[] {
  const unique = [...new Set(values.filter((value) => value !== ''))];
  return unique.map((address) => ({ address }));
}
