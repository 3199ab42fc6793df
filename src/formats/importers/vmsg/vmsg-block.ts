/** One `BEGIN:VMSG … END:VMSG` block of a vMessage file, read line by line and turned into a message. */
import type { Direction, MessageStatus } from '../../../model/types';
import type { RawAddress } from '../../contract';
import { LimitError, MAX_PARTICIPANTS, MAX_TEXT_CHARS } from '../../limits';
import { isQuotedPrintable, paramValue, type ContentLine } from '../shared/content-lines';
import { decodeQuotedPrintable, decoderFor } from '../shared/quoted-printable';
import { formattedName, structuredName, telValue, textValue } from '../shared/vcard-values';
import { blockDirection, type DirectionFields } from './vmsg-direction';

/** Body properties; any other line of a VBODY that is not an `X-` property is message text. */
const BODY_PROPERTIES = new Set(['DATE', 'SUBJECT', 'TEXT', 'X-BODY-CONTENTS']);

/** What a finished block holds. */
export interface VmsgFields {
  direction: Direction;
  directionKnown: boolean;
  status: MessageStatus;
  /** The `Date:` value as written (local wall clock), if any. */
  date?: string;
  /** Nokia's `X-NOK-DT:20091022T064825Z` (UTC, or local without the Z), read before Date when readable. */
  nokiaDate?: string;
  others: RawAddress[];
  text: string;
}

interface Card {
  /** How many VENV envelopes the card sits in: IrMC puts the recipient of a sent message in one. */
  envelopes: number;
  name: string;
  tels: string[];
}

/** Collects one VMSG block's lines. */
export class VmsgBlock {
  private _envelopes = 0;
  /** Whether the block has a VENV: the IrMC layout, where which card holds a number tells the direction. */
  private _sawEnvelope = false;
  private _card: Card | undefined;
  private readonly _cards: Card[] = [];
  private _inBody = false;
  /** Once a VBODY has had a line of text, every line up to END:VBODY is text, however it looks. */
  private _inText = false;
  private readonly _props = new Map<string, string>();
  private readonly _text: string[] = [];
  private _textChars = 0;

  /** Whether the block's body is in its free-text part (the line reader then stops unfolding). */
  get inText(): boolean {
    return this._inText;
  }

  /** Takes one line inside the block (its own BEGIN:VMSG and END:VMSG excluded); see `_addText` for its bound. */
  line(line: ContentLine): void {
    const name = line.name;
    const value = line.value.trim().toUpperCase();
    if (this._inText) {
      if (name === 'END' && value === 'VBODY') this._inBody = this._inText = false;
      else this._addText(line.raw);
      return;
    }
    if (name === 'BEGIN' || name === 'END') {
      this._structure(name === 'BEGIN', value);
      return;
    }
    if (this._card) {
      if (name === 'TEL') {
        const tel = telValue(line);
        if (tel && !this._card.tels.includes(tel)) this._card.tels.push(tel);
      } else if (name === 'FN') this._card.name = formattedName(line);
      else if (name === 'N' && !this._card.name) this._card.name = structuredName(line);
      return;
    }
    if (this._inBody && (name === undefined || (!BODY_PROPERTIES.has(name) && !name.startsWith('X-')))) {
      if (line.raw.trim() === '') return; // blank lines before the text are layout
      this._inText = true;
      this._addText(line.raw);
      return;
    }
    if (name === undefined) return;
    if (name === 'SUBJECT' || name === 'TEXT' || name === 'X-BODY-CONTENTS') this._addText(bodyValue(line));
    else if (!this._props.has(name)) this._props.set(name, line.value.trim());
  }

  /** One line of the message text; a text longer than any phone writes is damage (limits.ts). */
  private _addText(text: string): void {
    this._textChars += text.length + 1;
    if (this._textChars > MAX_TEXT_CHARS) throw new LimitError('length');
    this._text.push(text);
  }

  private _structure(begin: boolean, kind: string): void {
    if (kind === 'VCARD') {
      if (begin) {
        if (this._cards.length >= MAX_PARTICIPANTS) throw new LimitError('length');
        this._card = { envelopes: this._envelopes, name: '', tels: [] };
      } else if (this._card) {
        this._cards.push(this._card);
        this._card = undefined;
      }
    } else if (kind === 'VENV') {
      this._envelopes += begin ? 1 : -1;
      this._sawEnvelope = true;
    } else if (kind === 'VBODY') this._inBody = begin;
  }

  /** The block as read. */
  finish(): VmsgFields {
    const { direction, status, directionKnown } = blockDirection(this._directionFields());
    const fields: VmsgFields = {
      direction,
      directionKnown,
      status,
      others: this._others(direction),
      text: this._bodyText(),
    };
    const date = this._props.get('DATE');
    if (date) fields.date = date;
    const nokiaDate = this._props.get('X-NOK-DT');
    if (nokiaDate) fields.nokiaDate = nokiaDate;
    return fields;
  }

  /** What the block says about its direction (see blockDirection for which wins). */
  private _directionFields(): DirectionFields {
    const fields: DirectionFields = {};
    const box = this._props.get('X-BOX') ?? this._props.get('X-IRMC-BOX');
    if (box) fields.box = box;
    const type = this._props.get('X-MESSAGE-TYPE');
    if (type) fields.messageType = type;
    const status = this._props.get('X-IRMC-STATUS');
    if (status) fields.irmcStatus = status;
    if (this._sawEnvelope) {
      const top = this._cards.some((card) => card.envelopes === 0 && card.tels.length > 0);
      const enveloped = this._cards.some((card) => card.envelopes > 0 && card.tels.length > 0);
      if (top !== enveloped) fields.numberIn = top ? 'top' : 'envelope';
    }
    return fields;
  }

  /** The body: property values and text lines, one per line, without blank lines closing the body. */
  private _bodyText(): string {
    const lines = this._text;
    while (lines.length > 1 && lines[lines.length - 1]?.trim() === '') lines.pop();
    return lines.join('\n');
  }

  /**
   * The other party: the card of the block for a received message. For a sent one IrMC gives the sender
   * (the person, usually with an empty TEL) at the top and the recipients inside the envelope, so cards
   * in an envelope win when they hold a number; Lumia files have only the one card, the recipient.
   */
  private _others(direction: Direction): RawAddress[] {
    const withTel = this._cards.filter((card) => card.tels.length > 0);
    const enveloped = withTel.filter((card) => card.envelopes > 0);
    const top = withTel.filter((card) => card.envelopes === 0);
    const cards = direction === 'out' && enveloped.length > 0 ? enveloped : top.length > 0 ? top : enveloped;
    const others: RawAddress[] = [];
    for (const card of direction === 'in' ? cards.slice(0, 1) : cards) {
      for (const address of direction === 'in' ? card.tels.slice(0, 1) : card.tels) {
        if (others.some((other) => other.address === address)) continue;
        others.push(card.name ? { address, name: card.name } : { address });
      }
    }
    return others;
  }
}

/** A body property's text: quoted-printable or base64 decoded in its CHARSET, else as written. */
function bodyValue(line: ContentLine): string {
  if (isQuotedPrintable(line)) return decodeQuotedPrintable(line.value, paramValue(line, 'CHARSET'));
  const encoding = paramValue(line, 'ENCODING');
  if (encoding === 'BASE64' || encoding === 'B') {
    try {
      return decoderFor(paramValue(line, 'CHARSET')).decode(
        Uint8Array.from(atob(line.value.replace(/\s+/g, '')), (c) => c.charCodeAt(0)),
      );
    } catch {
      return '';
    }
  }
  return textValue(line);
}
