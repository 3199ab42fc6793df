/**
 * "Image (.png)": a conversation drawn as Textkeep shows it, pictures inline, as one PNG of any height (or
 * several parts). A canvas cannot be taller than 65,535 px in Chromium (16,777,216 px in area on iOS Safari)
 * and modern-screenshot returns a blank image without an error past that, so the conversation is never drawn
 * on one canvas: messages are laid out in chunks, each its own small off-screen DOM well under both limits,
 * each chunk is drawn with modern-screenshot, and its rows go straight into our streaming PNG encoder
 * (formats/png), whose output collects in a Blob of parts. Memory holds one chunk's pixels, not the image's.
 */
import { ZoneClock } from '../formats/exporters/clock';
import type { ExportInput } from '../formats/exporters/contract';
import { exportFileName } from '../formats/exporters/registry';
import { dateSpan } from '../formats/exporters/txt';
import { exportView, sizeLabel, type ExportView } from '../formats/exporters/view';
import { transfer, wrap, type Remote } from 'comlink';
import type { Context } from 'modern-screenshot';
import type { PngEncodeApi } from '../workers/png-encode-api';
import { mediaBlob, type Conversation, type MediaRecord, type Message } from '../model/types';
import type { ConversationData } from './conversation-data';
import { EXPORT_MEASURE, EXPORT_START_MARK, type ExportProgress, type ExportService } from './export';

/** What the person chose for the picture. */
export interface PngChoice {
  range: { from?: number; to?: number };
  hideNumbers: boolean;
  /** Layout width in CSS px: 1080 ("Phone") or 720 ("Narrow"). */
  width: 1080 | 720;
  /** Device pixels per CSS px in the output. */
  ratio: 1 | 2;
  /** Several PNGs cut at message boundaries, each small enough for a phone to open. */
  split: boolean;
}

/**
 * Each chunk's canvas stays under 8 Mpx: half of iOS Safari's 16.7 Mpx canvas area and far under Chromium's
 * 65,535 px side, with room for one message taller than the rest.
 */
const CHUNK_AREA = 8_000_000;
/**
 * A part's area stays under 16,777,216 px (4096²): the canvas area limit of iOS Safari, and about where phone
 * photo viewers start to refuse or blur an image (Android's gallery downsamples larger bitmaps). At 1080 px
 * wide that is 15,534 px tall per part.
 */
export const PART_AREA = 16_777_216;

/** Messages laid out before a chunk is measured: more than fit in a chunk of short messages. */
const BATCH = 80;

/**
 * The only style properties the drawing copies from each element: the ones this layout sets. modern-screenshot
 * otherwise diffs every computed property of every element against the defaults, which was most of its time.
 */
const STYLE_PROPERTIES = [
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

interface Palette {
  bg: string;
  surface: string;
  text: string;
  muted: string;
  in: string;
  out: string;
  onOut: string;
  border: string;
}

function palette(): Palette {
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

function el<K extends keyof HTMLElementTagNameMap>(
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

/** The bytes as a data URL. */
function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      resolve(typeof reader.result === 'string' ? reader.result : '');
    };
    reader.onerror = () => {
      reject(reader.error ?? new Error('unreadable'));
    };
    reader.readAsDataURL(blob);
  });
}

/** A video's first frame as a picture, with a play mark; undefined when it cannot be decoded here. */
async function videoPoster(blob: Blob): Promise<string | undefined> {
  const url = URL.createObjectURL(blob);
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.src = url;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error('timeout'));
      }, 3000);
      video.addEventListener('loadeddata', () => {
        clearTimeout(timer);
        resolve();
      });
      video.addEventListener('error', () => {
        clearTimeout(timer);
        reject(new Error('undecodable'));
      });
    });
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0) return undefined;
    ctx.drawImage(video, 0, 0);
    const r = Math.min(canvas.width, canvas.height) / 8;
    ctx.fillStyle = 'rgb(0 0 0 / 0.55)';
    ctx.beginPath();
    ctx.arc(canvas.width / 2, canvas.height / 2, r, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#fff';
    ctx.beginPath();
    ctx.moveTo(canvas.width / 2 - r / 3, canvas.height / 2 - r / 2);
    ctx.lineTo(canvas.width / 2 - r / 3, canvas.height / 2 + r / 2);
    ctx.lineTo(canvas.width / 2 + r / 2, canvas.height / 2);
    ctx.fill();
    return canvas.toDataURL('image/png');
  } catch {
    return undefined;
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}

/** Builds the DOM of messages, one row at a time, in the export's look. */
class RowBuilder {
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
    this._clock = new ZoneClock(_input.timeZone);
    this._days = new Intl.DateTimeFormat(undefined, {
      timeZone: _input.timeZone,
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
        `${span ? `${span.from} to ${span.to} · ` : ''}${this._input.messages.length.toLocaleString()} messages · ${this._input.timeZone}`,
      ),
    );
    for (const node of box.children) (node as HTMLElement).dir = 'auto';
    return box;
  }

  /** The rows of one message (a day separator first when the day changes). */
  async message(m: Message): Promise<HTMLElement[]> {
    const c = this._colours;
    const rows: HTMLElement[] = [];
    const local = this._clock.local(m.time);
    if (local.date !== this._lastDay) {
      this._lastDay = local.date;
      rows.push(
        el(
          'div',
          { textAlign: 'center', color: c.muted, fontSize: '18px', fontWeight: '600', padding: '20px 0 8px' },
          this._days.format(m.time),
        ),
      );
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
    if (text) {
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
      `${label}: ${name} · ${sizeLabel(size)}`,
    );
    chip.dir = 'auto';
    return chip;
  }
}

/** One PNG file being written (by the encoding worker). */
interface Part {
  id: Promise<number>;
  height: number;
}

/**
 * Draws a conversation into one PNG or several parts. `onProgress` counts messages drawn; `signal` cancels
 * between chunks (the encoder is aborted, nothing is kept).
 */
export class PngExportService {
  private _encoder: Remote<PngEncodeApi> | undefined;

  constructor(
    private readonly _data: ConversationData,
    private readonly _exports?: ExportService,
  ) {}

  /** Draws `conversation` (cut to the chosen dates) into one PNG or parts; counted as a running export. */
  conversation(
    conversation: Conversation,
    choice: PngChoice,
    onProgress: (progress: ExportProgress) => void,
    signal: AbortSignal,
  ): Promise<File[]> {
    const work = () => this._draw(conversation, choice, onProgress, signal);
    return this._exports ? this._exports.track(work) : work();
  }

  private async _draw(
    conversation: Conversation,
    choice: PngChoice,
    onProgress: (progress: ExportProgress) => void,
    signal: AbortSignal,
  ): Promise<File[]> {
    performance.mark(EXPORT_START_MARK);
    // Loaded on first use: the drawing library is not part of the app shell's JavaScript.
    const { createContext, domToCanvas } = await import('modern-screenshot');
    const from = choice.range.from ?? -Infinity;
    const to = choice.range.to ?? Infinity;
    const messages = (await this._data.all(conversation.key)).filter((m) => m.time >= from && m.time <= to);
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const input: ExportInput = {
      conversation,
      messages,
      timeZone,
      exportedAt: Date.now(),
      range: choice.range,
      hideNumbers: choice.hideNumbers,
      generator: `Textkeep ${__APP_VERSION__}`,
    };
    const view = exportView(input);
    const colours = palette();
    const width = choice.width;
    const pixelWidth = width * choice.ratio;
    const chunkHeight = Math.floor(CHUNK_AREA / pixelWidth / choice.ratio);
    const partHeight = choice.split ? Math.floor(PART_AREA / pixelWidth) : Infinity;
    const builder = new RowBuilder(input, view, colours, width, (hash) => this._data.media(hash));

    const host = el('div', {
      position: 'fixed',
      left: '-20000px',
      top: '0',
      width: `${String(width)}px`,
      pointerEvents: 'none',
    });
    host.setAttribute('aria-hidden', 'true');
    document.body.append(host);
    this._encoder ??= wrap<PngEncodeApi>(
      new Worker(new URL('../workers/png-encode.worker.ts', import.meta.url), {
        type: 'module',
        name: 'png',
      }),
    );
    const encoder = this._encoder;
    const finished: Promise<Blob>[] = [];
    let blobs: Blob[] = [];
    const parts: Part[] = [];
    const newPart = (): Part => {
      const part = { id: encoder.open(pixelWidth), height: 0 };
      parts.push(part);
      return part;
    };
    let part = newPart();
    // The rows of the chunk before are being encoded in the worker while this one is laid out and drawn.
    let encoding: Promise<void> = Promise.resolve();
    // Where the time goes, for `npm run bench`: laying out messages, drawing chunks, and waiting for the
    // encoding worker (the part of encoding that drawing did not hide).
    const spent = { build: 0, draw: 0, encode: 0 };
    let t = performance.now();
    const lap = (key: keyof typeof spent): void => {
      const now = performance.now();
      spent[key] += now - t;
      t = now;
    };
    let shared: Pick<Context, 'sandbox' | 'defaultComputedStyles'> | undefined;
    let sandbox: HTMLIFrameElement | undefined;
    try {
      let index = 0;
      let drawn = 0;
      let first = true;
      // Messages laid out but left over from the chunk before (they did not fit), in order.
      let carry: HTMLElement[][] = [];

      while (first || index < messages.length || carry.length > 0) {
        signal.throwIfAborted();
        const chunk = this._chunkNode(colours, width);
        host.replaceChildren(chunk);
        if (first) chunk.append(builder.header());
        first = false;
        // Lay out a batch of messages, measure once, and keep those that fit (at least one): measuring after
        // every message would lay the chunk out again each time.
        let groups = carry;
        carry = [];
        for (const group of groups) chunk.append(...group);
        while (index < messages.length && groups.length < BATCH) {
          const m = messages[index];
          index += 1;
          if (!m) continue;
          const group = await builder.message(m);
          groups.push(group);
          chunk.append(...group);
        }
        if (chunk.offsetHeight > chunkHeight && groups.length > 1) {
          const top = chunk.getBoundingClientRect().top;
          const over = groups.findIndex(
            (g) => (g.at(-1)?.getBoundingClientRect().bottom ?? top) - top > chunkHeight,
          );
          const keep = Math.max(1, over);
          carry = groups.slice(keep);
          groups = groups.slice(0, keep);
          for (const group of carry) for (const row of group) row.remove();
        }
        drawn += groups.length;
        if (index >= messages.length && carry.length === 0) chunk.append(el('div', { height: '32px' }));
        const height = Math.ceil(chunk.getBoundingClientRect().height);
        lap('build');
        const context = await createContext(chunk, {
          width,
          height,
          scale: choice.ratio,
          backgroundColor: colours.bg,
          font: false,
          timeout: 10_000,
          includeStyleProperties: STYLE_PROPERTIES,
        });
        // One sandbox (the iframe modern-screenshot reads default styles from) and one cache of those
        // defaults for all chunks, instead of a new iframe per chunk.
        if (shared) {
          context.sandbox = shared.sandbox;
          context.defaultComputedStyles = shared.defaultComputedStyles;
        }
        const canvas = await domToCanvas(context);
        shared = { sandbox: context.sandbox, defaultComputedStyles: context.defaultComputedStyles };
        sandbox = context.sandbox;
        lap('draw');
        signal.throwIfAborted();
        const ctx = canvas.getContext('2d', { willReadFrequently: true });
        if (!ctx) throw new Error('This browser could not draw the picture.');
        // One chunk in flight at a time: wait for the one before before reading this one's pixels.
        await encoding;
        lap('encode');
        // Parts are cut at chunk boundaries, which are message boundaries.
        if (part.height > 0 && part.height + canvas.height > partHeight) {
          const id = await part.id;
          finished.push(encoder.finish(id));
          part = newPart();
        }
        const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        canvas.width = 0;
        part.height += canvas.height;
        const target = part;
        encoding = target.id.then((id) => encoder.write(id, transfer(pixels, [pixels.buffer])));
        onProgress({ written: drawn, total: messages.length });
      }
      await encoding;
      finished.push(encoder.finish(await part.id));
      blobs = await Promise.all(finished);
      lap('encode');
      for (const [key, duration] of Object.entries(spent))
        performance.measure(`tk-png-${key}`, { start: 0, duration });
    } catch (error) {
      await encoding.catch(() => undefined);
      for (const f of finished) f.catch(() => undefined);
      for (const p of parts) void p.id.then((id) => encoder.abort(id));
      throw error;
    } finally {
      host.remove();
      sandbox?.remove();
    }
    const clock = new ZoneClock(timeZone);
    const name = exportFileName(view.title, dateSpan(input, clock), 'png');
    performance.measure(EXPORT_MEASURE, EXPORT_START_MARK);
    if (blobs.length === 1 && blobs[0]) return [new File([blobs[0]], name, { type: 'image/png' })];
    const stem = name.slice(0, -4);
    return blobs.map(
      (blob, i) =>
        new File([blob], `${stem} part ${String(i + 1)} of ${String(blobs.length)}.png`, {
          type: 'image/png',
        }),
    );
  }

  private _chunkNode(c: Palette, width: number): HTMLElement {
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
}
