import { SaxesParser } from 'saxes';
import type { ImportItem, ParseOptions } from '../contract';
import { MediaCollector } from '../media/collector';
import { prepareSha256 } from '../media/sha256';
import { StreamingTextDecoder } from '../text-encoding';
import { XmlRepair } from './repair';

/** What a format adds to the shared streaming XML reader. */
export interface XmlFormatHandler {
  /** Attribute names whose values (base64 media) are streamed aside instead of given to saxes. */
  liftAttributes?: readonly string[];
  /** Element names whose text (base64 media) is streamed aside. */
  liftElements?: readonly string[];
  /** Wires the format's handlers onto the parser; `emit` queues items, `media` takes a lifted value. */
  attach(parser: SaxesParser, emit: (item: ImportItem) => void, media: LiftedMedia): void;
  /** Whether the document ended properly (its root element closed). */
  complete(): boolean;
}

/** Access to the lifted values by the reference saxes saw in their place (`lift:N`). */
export interface LiftedMedia {
  /** Takes the collected bytes of a lifted value (once); undefined if `ref` is not a lifted reference. */
  take(ref: string): MediaCollector | undefined;
}

/**
 * The streaming reader shared by the XML formats: bytes → streaming decode (UTF-8 or UTF-16, text-encoding.ts) → the repair pre-pass
 * (surrogate references, control characters, lifted base64) → saxes, yielding the items each chunk produced.
 * A parse error, or a document past the pre-pass's bounds (nesting, one huge value), keeps everything before
 * it and ends with a fatal `malformed`; a stream that ends before the root closes ends with a fatal `truncated`.
 */
export async function* parseXmlStream(
  source: ReadableStream<Uint8Array>,
  options: ParseOptions,
  handler: XmlFormatHandler,
): AsyncGenerator<ImportItem[]> {
  let batch: ImportItem[] = [];
  const emit = (item: ImportItem): void => {
    batch.push(item);
  };
  const collectors = new Map<string, MediaCollector>();
  const repair = new XmlRepair({
    liftAttributes: handler.liftAttributes ?? [],
    liftElements: handler.liftElements ?? [],
    onLiftStart: (ref) => collectors.set(ref, new MediaCollector()),
    onLiftData: (ref, chunk) => collectors.get(ref)?.push(chunk),
    onLiftEnd: () => undefined,
  });
  const parser = new SaxesParser({ xmlns: false, position: true });
  handler.attach(parser, emit, {
    take(ref) {
      const collector = collectors.get(ref);
      collectors.delete(ref);
      return collector;
    },
  });

  await prepareSha256();
  const reader = source.getReader();
  const decoder = new StreamingTextDecoder();
  let bytesRead = 0;
  const damaged = (): false => {
    emit({
      kind: 'problem',
      reason: 'malformed',
      count: 1,
      fatal: true,
      detail: `line ${String(parser.line)}`,
    });
    return false;
  };
  /** Parses the next repaired text; a parse error, or a bound the pre-pass saw passed, is damage. */
  const feed = (text: string): boolean => {
    try {
      parser.write(text);
    } catch {
      return damaged();
    }
    return repair.limit === undefined || damaged();
  };
  try {
    for (;;) {
      if (options.signal?.aborted) return;
      const { done, value } = await reader.read();
      if (done) break;
      bytesRead += value.byteLength;
      const ok = feed(repair.push(decoder.decode(value)));
      options.onProgress?.(bytesRead);
      // A fatal problem (damage the format met, such as an MMS past the bounds of limits.ts) ends the file here.
      if (!ok || batch.some((item) => item.kind === 'problem' && item.fatal === true)) {
        yield batch;
        return;
      }
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
    }
    if (!feed(repair.push(decoder.end()) + repair.end())) {
      yield batch;
      return;
    }
    try {
      parser.close();
    } catch {
      // saxes complains at close about unclosed elements: the file ended early (handled below).
    }
    if (!handler.complete()) emit({ kind: 'problem', reason: 'truncated', count: 1, fatal: true });
    if (batch.length > 0) yield batch;
  } finally {
    reader.releaseLock();
  }
}
