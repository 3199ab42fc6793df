/**
 * "Image (.png)": a conversation drawn as Textkeep shows it, pictures inline, as one PNG of any height (or
 * several parts). A canvas cannot be taller than 65,535 px in Chromium (16,777,216 px in area on iOS Safari)
 * and modern-screenshot returns a blank image without an error past that, so the conversation is never drawn
 * on one canvas: messages are laid out in chunks, each its own small off-screen DOM well under both limits,
 * each chunk is drawn with modern-screenshot, and its rows go straight into our streaming PNG encoder
 * (formats/png), whose output collects in a Blob of parts. Memory holds one chunk's pixels, not the image's.
 */
import { transfer, wrap, type Remote } from 'comlink';
import type { Context } from 'modern-screenshot';
import type { ExportInput } from '../../formats/exporters/contract';
import { exportView } from '../../formats/exporters/view';
import type { MediaRecord } from '../../model/types';
import type { PngEncodeApi } from '../../workers/png-encode-api';
import type { ExportProgress } from '../../export/summary';
import { chunkNode, el, palette, RowBuilder, STYLE_PROPERTIES } from './layout';

/** What the person chose for the picture. */
export interface PictureChoice {
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

/** One PNG file being written (by the encoding worker). */
interface Part {
  id: Promise<number>;
  height: number;
}

/**
 * Draws an export's messages into one PNG or several parts (the blobs, in order). `onProgress` counts messages
 * drawn; `signal` cancels between chunks (the encoder is aborted, nothing is kept). The export door
 * (services/export.ts) reads the messages, names the files and counts the export as running.
 */
export class PngDrawer {
  private _encoder: Remote<PngEncodeApi> | undefined;

  async draw(
    input: ExportInput,
    choice: PictureChoice,
    media: (hash: string) => Promise<MediaRecord | undefined>,
    onProgress: (progress: ExportProgress) => void,
    signal: AbortSignal,
  ): Promise<Blob[]> {
    // Loaded on first use: the drawing library is not part of the app shell's JavaScript.
    const { createContext, domToCanvas } = await import('modern-screenshot');
    const messages = input.messages;
    const view = exportView(input);
    const colours = palette();
    const width = choice.width;
    const pixelWidth = width * choice.ratio;
    const chunkHeight = Math.floor(CHUNK_AREA / pixelWidth / choice.ratio);
    const partHeight = choice.split ? Math.floor(PART_AREA / pixelWidth) : Infinity;
    const builder = new RowBuilder(input, view, colours, width, media);

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
      new Worker(new URL('../../workers/png-encode.worker.ts', import.meta.url), {
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
        const chunk = chunkNode(colours, width);
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
    return blobs;
  }
}
