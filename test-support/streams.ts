/** Helpers for the importers' tests: streams that split input everywhere, and collected output. */
import type {
  ImportItem,
  ParseOptions,
  RawContact,
  RawMedia,
  RawMessage,
  ImportProblem,
} from '../src/formats/contract';

/**
 * A stream of `input`'s UTF-8 bytes in chunks of `chunkSize` (small, so boundaries split characters);
 * `onCancel` sees the stream being cancelled.
 */
export function streamOf(
  input: string | Uint8Array,
  chunkSize = 7,
  onCancel?: () => void,
): ReadableStream<Uint8Array> {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(at, at + chunkSize));
      at += chunkSize;
    },
    cancel() {
      onCancel?.();
    },
  });
}

/** Everything a parse yielded, by kind, with the number of batches. */
export interface Collected {
  items: ImportItem[];
  batches: number;
  messages: RawMessage[];
  media: RawMedia[];
  contacts: RawContact[];
  problems: ImportProblem[];
}

/** Runs a parse to its end and sorts what came out. */
export async function collect(batches: AsyncIterable<ImportItem[]>): Promise<Collected> {
  const items: ImportItem[] = [];
  let count = 0;
  for await (const batch of batches) {
    count++;
    items.push(...batch);
  }
  return {
    items,
    batches: count,
    messages: items.filter((item): item is RawMessage => item.kind === 'message'),
    media: items.filter((item): item is RawMedia => item.kind === 'media'),
    contacts: items.filter((item): item is RawContact => item.kind === 'contact'),
    problems: items.filter((item): item is ImportProblem => item.kind === 'problem'),
  };
}

/** Parse options for a test: no signal, a fixed zone. */
export const PARIS: ParseOptions = { timeZone: 'Europe/Paris' };

/** `text` as UTF-16 bytes in the given byte order, with a byte order mark in front when `bom`. */
export function utf16(text: string, order: 'le' | 'be', bom = false): Uint8Array {
  const units = (bom ? '\uFEFF' : '') + text;
  const bytes = new Uint8Array(units.length * 2);
  for (let i = 0; i < units.length; i++) {
    const unit = units.charCodeAt(i);
    const [first, second] = order === 'le' ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff];
    bytes[2 * i] = first;
    bytes[2 * i + 1] = second;
  }
  return bytes;
}
