/**
 * The PNG encoding worker's API (exposed with Comlink by png-encode.worker.ts; used by services/png-export.ts).
 * Filtering and deflating rows off the page's thread lets the page draw the next chunk of messages meanwhile:
 * on two cores the picture export takes about as long as drawing alone.
 */
import { PngStreamEncoder } from '../formats/png/png-encoder';

const encoders = new Map<number, PngStreamEncoder>();
let nextId = 1;

/** The worker's API object. */
export const pngEncodeApi = {
  /** Starts a PNG `width` pixels wide (opaque: written as RGB); returns its id. */
  open(width: number): number {
    const id = nextId++;
    encoders.set(id, new PngStreamEncoder({ width, opaque: true }));
    return id;
  },

  /** Adds RGBA rows (the buffer is transferred, not copied). */
  async write(id: number, rows: Uint8ClampedArray): Promise<void> {
    const encoder = encoders.get(id);
    if (!encoder) throw new Error('This picture was closed.');
    await encoder.writeRows(rows);
  },

  /** Ends the PNG and hands it over. */
  async finish(id: number): Promise<Blob> {
    const encoder = encoders.get(id);
    if (!encoder) throw new Error('This picture was closed.');
    try {
      return await encoder.finish();
    } finally {
      encoders.delete(id);
    }
  },

  /** Drops the PNG (Cancel). */
  abort(id: number): void {
    encoders.get(id)?.abort();
    encoders.delete(id);
  },
};

/** The type the page side wraps. */
export type PngEncodeApi = typeof pngEncodeApi;
