/** Android "SMS Backup & Restore" XML (FORMATS.md §1): `<smses>` of `<sms>` and `<mms>`, or `<calls>` of `<call>`. */
import type { SaxesParser, SaxesTagPlain } from 'saxes';
import { sbrDateToMs } from '../../../model/time';
import type { ImportItem, Importer, RawAttachment } from '../../contract';
import { MAX_ATTACHMENTS, MAX_PARTICIPANTS, MAX_TEXT_CHARS } from '../../limits';
import { parseXmlStream, type LiftedMedia, type XmlFormatHandler } from '../../xml/xml-stream';
import { callMessage, callNumber } from './sbr-calls';
import { SMS_TYPES, contactName, field } from './sbr-fields';
import { readableDateOffset } from './readable-date';
import { SelfTracker, mmsMessage, type MmsAddr, type MmsPart } from './sbr-mms';

const ROOT = /<(smses|calls)[\s>/]/;

/** The SMS Backup & Restore importer. */
export const sbrImporter: Importer = {
  id: 'sbr',
  label: 'SMS Backup & Restore',
  detect(head) {
    return ROOT.test(head);
  },
  parse(source, options) {
    return parseXmlStream(source, options, new SbrHandler());
  },
};

/** The state of one file's parse. */
class SbrHandler implements XmlFormatHandler {
  readonly liftAttributes = ['data'];
  private readonly _self = new SelfTracker();
  private _rootClosed = false;
  /** Set once an MMS passes the bounds of limits.ts: the file is damaged there and nothing more is read. */
  private _damaged = false;
  private _mms:
    { attributes: Record<string, string>; parts: MmsPart[]; addrs: MmsAddr[]; textChars: number } | undefined;

  complete(): boolean {
    return this._rootClosed;
  }

  attach(parser: SaxesParser, emit: (item: ImportItem) => void, media: LiftedMedia): void {
    parser.on('opentag', (tag: SaxesTagPlain) => {
      const a = tag.attributes as Record<string, string>;
      if (this._damaged) {
        this._discard(a, media);
        return;
      }
      switch (tag.name) {
        case 'call':
          this._call(a, emit);
          break;
        case 'sms':
          this._sms(a, emit);
          break;
        case 'mms':
          this._mms = { attributes: a, parts: [], addrs: [], textChars: 0 };
          break;
        case 'part':
          if (this._mms) this._addPart(this._part(a, emit, media), emit, parser);
          else this._discard(a, media);
          break;
        case 'addr':
          if (!this._mms || !a.address) break;
          if (this._mms.addrs.length < MAX_PARTICIPANTS)
            this._mms.addrs.push({ address: a.address, type: a.type ?? '' });
          else this._damage(emit, parser);
          break;
      }
    });
    parser.on('closetag', (tag) => {
      if (this._damaged) return;
      if (tag.name === 'mms') this._closeMms(emit);
      // Either root closing is the end of the document: a call log cut short is truncated as an SMS file is.
      else if (tag.name === 'smses' || tag.name === 'calls') this._rootClosed = true;
    });
  }

  private _sms(a: Record<string, string>, emit: (item: ImportItem) => void): void {
    const address = field(a, 'address');
    const rawDate = field(a, 'date');
    // A record is kept when it has a date and a party, text or not (an empty body is a message too).
    if (rawDate === undefined) {
      emit({ kind: 'problem', reason: 'no-date', count: 1 });
      return;
    }
    if (!address) {
      emit({ kind: 'problem', reason: 'no-party', count: 1 });
      return;
    }
    const time = sbrDateToMs(rawDate);
    if (time === undefined) {
      emit({ kind: 'problem', reason: 'bad-date', count: 1 });
      return;
    }
    const kind = SMS_TYPES[a.type ?? '1'] ?? SMS_TYPES['1'];
    if (!kind) return;
    const name = contactName(a);
    const offset = phoneOffset(a, time);
    emit({
      kind: 'message',
      time,
      direction: kind.direction,
      directionKnown: true,
      status: kind.status,
      others: [name ? { address, name } : { address }],
      ...(kind.direction === 'in' ? { sender: address } : {}),
      text: a.body ?? '',
      attachments: [],
      ...(offset !== undefined ? { offset } : {}),
    });
  }

  /** One call-log entry, skipped with a problem on the same terms as an SMS so the counts add up. */
  private _call(a: Record<string, string>, emit: (item: ImportItem) => void): void {
    const rawDate = field(a, 'date');
    if (rawDate === undefined) {
      emit({ kind: 'problem', reason: 'no-date', count: 1 });
      return;
    }
    // A hidden caller (private, unknown, payphone) has no number to put the call under.
    const number = callNumber(a);
    if (number === undefined) {
      emit({ kind: 'problem', reason: 'no-party', count: 1 });
      return;
    }
    const time = sbrDateToMs(rawDate);
    if (time === undefined) {
      emit({ kind: 'problem', reason: 'bad-date', count: 1 });
      return;
    }
    const message = callMessage(a, number, time);
    const offset = phoneOffset(a, time);
    if (offset !== undefined) message.offset = offset;
    emit(message);
  }

  private _part(a: Record<string, string>, emit: (item: ImportItem) => void, media: LiftedMedia): MmsPart {
    const seq = Number(a.seq ?? '0');
    const type = (field(a, 'ct') ?? 'application/octet-stream').toLowerCase();
    const lifted = a.data !== undefined ? media.take(a.data) : undefined;
    // data="null" is SB&R's way of saying "no data", not a damaged attachment.
    const collector = lifted?.isNullLiteral ? undefined : lifted;
    if (type === 'application/smil' && !collector) return { seq: -1 };
    if (!collector) {
      const text = field(a, 'text');
      return type.startsWith('text/plain') && text !== undefined && seq >= 0 ? { seq, text } : { seq };
    }
    const name = field(a, 'cl') ?? field(a, 'name') ?? field(a, 'fn');
    const result = collector.finish(type);
    let attachment: RawAttachment;
    if ('damaged' in result) {
      emit({ kind: 'problem', reason: result.damaged, count: 1 });
      attachment = { type, size: 0, damaged: result.damaged, ...(name ? { name } : {}) };
    } else {
      emit({ kind: 'media', hash: result.hash, type, size: result.size, data: result.data });
      attachment = { type, size: result.size, mediaKey: result.hash, ...(name ? { name } : {}) };
    }
    return { seq, attachment };
  }

  /** Adds a part to the open MMS, unless it passes the bounds on parts or text (then the file is damaged). */
  private _addPart(part: MmsPart, emit: (item: ImportItem) => void, parser: SaxesParser): void {
    const mms = this._mms;
    if (!mms) return;
    mms.textChars += part.text?.length ?? 0;
    if (mms.parts.length < MAX_ATTACHMENTS && mms.textChars <= MAX_TEXT_CHARS) mms.parts.push(part);
    else this._damage(emit, parser);
  }

  /** The file is damaged here (a fatal `malformed`, as for broken XML): the open MMS is dropped. */
  private _damage(emit: (item: ImportItem) => void, parser: SaxesParser): void {
    this._damaged = true;
    this._mms = undefined;
    emit({
      kind: 'problem',
      reason: 'malformed',
      count: 1,
      fatal: true,
      detail: `line ${String(parser.line)}`,
    });
  }

  /** A lifted value outside any `<mms>`: its bytes are dropped, not kept in memory. */
  private _discard(a: Record<string, string>, media: LiftedMedia): void {
    if (a.data !== undefined) media.take(a.data);
  }

  private _closeMms(emit: (item: ImportItem) => void): void {
    const mms = this._mms;
    this._mms = undefined;
    if (!mms) return;
    const rawDate = field(mms.attributes, 'date');
    const time = rawDate === undefined ? undefined : sbrDateToMs(rawDate);
    if (time === undefined) {
      emit({ kind: 'problem', reason: rawDate === undefined ? 'no-date' : 'bad-date', count: 1 });
      return;
    }
    const message = mmsMessage(mms.attributes, time, mms.parts, mms.addrs, this._self);
    if (!message) {
      emit({ kind: 'problem', reason: 'no-party', count: 1 });
      return;
    }
    const offset = phoneOffset(mms.attributes, time);
    if (offset !== undefined) message.offset = offset;
    // An MMS whose parts were lost or never downloaded (m_type 130) is still a message: kept with text ''.
    emit(message);
  }
}

/**
 * The phone's UTC offset at `time`, from the wall clock it wrote beside it (`readable_date`), if readable.
 * SB&R writes that text when it makes the backup, in the phone's zone then (with that zone's rules for the
 * message's instant): where the phone was at backup, which is usually, not surely, where it was at the time.
 */
function phoneOffset(attributes: Record<string, string>, time: number): number | undefined {
  const readable = field(attributes, 'readable_date');
  return readable === undefined ? undefined : readableDateOffset(readable, time);
}
