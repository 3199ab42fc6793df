/**
 * The picture export's look: each message laid out as a row of plain DOM (inline styles, text only ever as
 * text content), in the colours of the app's theme, for modern-screenshot to draw chunk by chunk (draw.ts).
 */
import { ZoneClock } from '../../formats/exporters/clock';
import type { ExportInput } from '../../formats/exporters/contract';
import { dateSpan } from '../../formats/exporters/names';
import { countEntries, type ExportView } from '../../formats/exporters/view';
import { callLine } from '../../model/calls';
import { formatBytes } from '../../lib/format';
import { NO_TEXT, isWithoutContent } from '../../model/message-content';
import { mediaBlob, type MediaRecord, type Message } from '../../model/types';
import { dataUrl, videoPoster } from './media';

/**
 * The only style properties the drawing copies from each element: the ones this layout sets. modern-screenshot
 * otherwise diffs every computed property of every element against the defaults, which was most of its time.
 */
export const STYLE_PROPERTIES = [
  'display',
  'flex-direction',
  'justify-content',
  'align-items',
  'box-sizing',
  'width',
  'height',
  'max-width',
  'max-height',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left',
  'border-top-left-radius',
  'border-top-right-radius',
  'border-bottom-left-radius',
  'border-bottom-right-radius',
  'border-top-width',
  'border-right-width',
  'border-bottom-width',
  'border-left-width',
  'border-top-style',
  'border-right-style',
  'border-bottom-style',
  'border-left-style',
  'border-top-color',
  'border-right-color',
  'border-bottom-color',
  'border-left-color',
  'background-color',
  'color',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'line-height',
  'white-space',
  'overflow-wrap',
  'word-break',
  'text-align',
  'opacity',
  'direction',
  'unicode-bidi',
  'object-fit',
];

export interface Palette {
  bg: string;
  surface: string;
  text: string;
  muted: string;
  in: string;
  out: string;
  onOut: string;
  border: string;
}

export function palette(): Palette {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    bg: v('--tk-bg', '#fdfaf3'),
    surface: v('--tk-surface', '#ffffff'),
    text: v('--tk-text', '#1c1917'),
    muted: v('--tk-muted', '#57534e'),
    in: v('--tk-surface-2', '#f3efe4'),
    out: v('--tk-primary', '#0f766e'),
    onOut: v('--tk-on-primary', '#ffffff'),
    border: v('--tk-border', '#d6d3d1'),
  };
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  style: Partial<CSSStyleDeclaration>,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node.style, style);
  // Message text is only ever text content: never parsed as HTML.
  if (text !== undefined) node.textContent = text;
  return node;
}

/** "1,204 messages", and " · 310 calls" where there are calls: counted apart, as the app counts them. */
function counted(entries: readonly Message[]): string {
  const { messages, calls } = countEntries(entries);
  const words = (n: number, word: string): string => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
  return calls > 0 ? `${words(messages, 'message')} · ${words(calls, 'call')}` : words(messages, 'message');
}

/** A chunk's own box: the export's background, text colour and fonts (colour emoji included). */
export function chunkNode(c: Palette, width: number): HTMLElement {
  return el('div', {
    width: `${String(width)}px`,
    boxSizing: 'border-box',
    background: c.bg,
    color: c.text,
    fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif, 'Noto Color Emoji'",
    fontSize: '24px',
    lineHeight: '1.35',
  });
}

/** Builds the DOM of messages, one row at a time, in the export's look. */
export class RowBuilder {
  private readonly _clock: ZoneClock;
  private readonly _days: Intl.DateTimeFormat;
  private _lastDay = '';

  constructor(
    private readonly _input: ExportInput,
    private readonly _view: ExportView,
    private readonly _colours: Palette,
    private readonly _width: number,
    private readonly _media: (hash: string) => Promise<MediaRecord | undefined>,
  ) {
    this._clock = new ZoneClock(_input.timeZone, _input.times);
    // Days follow each message's drawn wall clock, carried in the UTC fields of `time + offset`.
    this._days = new Intl.DateTimeFormat(undefined, {
      timeZone: 'UTC',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
  }

  header(): HTMLElement {
    const c = this._colours;
    const span = dateSpan(this._input, this._clock);
    const box = el('div', {
      padding: '32px 32px 16px',
      borderBottom: `1px solid ${c.border}`,
      marginBottom: '8px',
    });
    box.append(
      el('div', { fontSize: '34px', fontWeight: '700', overflowWrap: 'anywhere' }, this._view.title),
      el(
        'div',
        { fontSize: '20px', color: c.muted, overflowWrap: 'anywhere' },
        this._view.participants.map((p) => p.label).join(', '),
      ),
      el(
        'div',
        { fontSize: '20px', color: c.muted },
        `${span ? `${span.from} to ${span.to} · ` : ''}${counted(this._input.messages)} · ${(this._input.times ?? 'phone') === 'phone' ? `times as on the phone where known, else ${this._input.timeZone}` : this._input.timeZone}`,
      ),
    );
    for (const node of box.children) (node as HTMLElement).dir = 'auto';
    return box;
  }

  /** The rows of one message (a day separator first when the day changes). */
  async message(m: Message): Promise<HTMLElement[]> {
    const c = this._colours;
    const rows: HTMLElement[] = [];
    const local = this._clock.message(m);
    if (local.date !== this._lastDay) {
      this._lastDay = local.date;
      rows.push(
        el(
          'div',
          { textAlign: 'center', color: c.muted, fontSize: '18px', fontWeight: '600', padding: '20px 0 8px' },
          this._days.format(m.time + local.offset),
        ),
      );
    }
    if (m.call) {
      // A call is a line of the timeline, centred and muted as the days are, not a bubble: nobody wrote it.
      rows.push(
        el(
          'div',
          { textAlign: 'center', color: c.muted, fontSize: '18px', padding: '8px 32px' },
          `${callLine(m.call)} · ${local.time} ${local.zone}`,
        ),
      );
      return rows;
    }
    const out = m.direction === 'out';
    const row = el('div', {
      display: 'flex',
      justifyContent: out ? 'flex-end' : 'flex-start',
      padding: '4px 32px',
    });
    const bubble = el('div', {
      maxWidth: '78%',
      padding: '10px 16px',
      borderRadius: '22px',
      background: out ? c.out : c.in,
      color: out ? c.onOut : c.text,
      overflowWrap: 'anywhere',
      wordBreak: 'break-word',
    });
    if (this._input.conversation.isGroup && !out) {
      const sender = el(
        'div',
        { fontSize: '17px', fontWeight: '700', opacity: '0.8' },
        this._view.senderName(m),
      );
      sender.dir = 'auto';
      bubble.append(sender);
    }
    const text = this._view.text(m);
    if (isWithoutContent(m)) {
      // Said so, with its time: muted on the received bubble, italic in the sent one's own colour (the
      // muted colour would not be readable on it).
      bubble.append(
        el(
          'div',
          { fontSize: '24px', lineHeight: '1.35', fontStyle: 'italic', color: out ? c.onOut : c.muted },
          NO_TEXT,
        ),
      );
    } else if (text) {
      const p = el('div', { whiteSpace: 'pre-wrap', fontSize: '24px', lineHeight: '1.35' }, text);
      p.dir = 'auto';
      bubble.append(p);
    }
    for (const a of m.attachments)
      bubble.append(await this._attachment(a.mediaKey, a.type, a.name ?? a.type, a.size));
    bubble.append(
      el(
        'div',
        { fontSize: '16px', opacity: '0.75', textAlign: 'end', marginTop: '2px' },
        `${local.time} ${local.zone}`,
      ),
    );
    row.append(bubble);
    rows.push(row);
    return rows;
  }

  private async _attachment(
    hash: string | undefined,
    type: string,
    name: string,
    size: number,
  ): Promise<HTMLElement> {
    const record = hash ? await this._media(hash) : undefined;
    const kind = type.split('/')[0];
    const picture = {
      display: 'block',
      // Every picture at one readable width (small MMS pictures scaled up), tall ones fitted in 900 px.
      width: `${String(Math.round(this._width * 0.6))}px`,
      maxHeight: '900px',
      objectFit: 'contain',
      borderRadius: '14px',
      margin: '6px 0',
    };
    if (record && kind === 'image' && !/svg/i.test(record.type)) {
      const img = el('img', picture);
      // A data URL, not an object URL: the drawing is an SVG image, which cannot load blob: URLs itself.
      img.src = await dataUrl(mediaBlob(record));
      img.alt = name;
      if (
        await img.decode().then(
          () => true,
          () => false,
        )
      )
        return img;
    }
    if (record && kind === 'video') {
      const poster = await videoPoster(mediaBlob(record));
      if (poster) {
        const img = el('img', picture);
        img.src = poster;
        img.alt = name;
        await img.decode().catch(() => undefined);
        return img;
      }
    }
    const label =
      kind === 'video' ? 'Video' : kind === 'audio' ? 'Audio' : kind === 'image' ? 'Picture' : 'Attachment';
    const chip = el(
      'div',
      {
        display: 'inline-block',
        fontSize: '18px',
        border: '1px solid currentColor',
        borderRadius: '10px',
        padding: '4px 10px',
        margin: '6px 0',
      },
      `${label}: ${name} · ${formatBytes(size)}`,
    );
    chip.dir = 'auto';
    return chip;
  }
}
