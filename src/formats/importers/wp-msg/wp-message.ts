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

  /** The items this message gives (media first, then the message), or none with a problem counted. */
  build(problems: ProblemTally): ImportItem[] {
    const time = fileTimeToMs(this.timestamp);
    if (time === undefined) {
      problems.add('bad-date');
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
    const text = texts.join('\n');
    if (text === '' && attachments.length === 0) {
      // An MMS placeholder (FORMATS.md §2.4: 392 of 12,331 in one file): nothing to show.
      problems.add('missing-field', 'empty message');
      return [];
    }
    return [...media, this._message(time, text, attachments, problems)];
  }

  private _message(
    time: number,
    text: string,
    attachments: RawAttachment[],
    problems: ProblemTally,
  ): RawMessage {
    const flag = this.isIncoming?.trim().toLowerCase();
    const sender = this.sender || this.address;
    // Without IsIncoming, a sender is what marks a received message (sent ones have `<Sender />`).
    const incoming = flag === 'true' || (flag !== 'false' && sender !== '');
    const message: RawMessage = {
      kind: 'message',
      time,
      direction: incoming ? 'in' : 'out',
      directionKnown: flag === 'true' || flag === 'false',
      status: incoming ? 'received' : 'sent',
      others: [],
      text,
      attachments,
    };
    if (incoming) {
      // Recepients of a received group MMS are the other members, self excluded: the sender joins them.
      if (sender) message.sender = sender;
      else problems.add('missing-field', 'Sender');
      message.others = addresses(sender ? [sender, ...this.recipients] : this.recipients);
    } else {
      message.others = addresses(this.recipients);
      if (message.others.length === 0) problems.add('missing-field', 'Recepients');
    }
    return message;
  }
}

function addresses(values: readonly string[]): RawAddress[] {
  const unique = [...new Set(values.filter((value) => value !== ''))];
  return unique.map((address) => ({ address }));
}
