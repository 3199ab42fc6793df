/**
 * Textkeep's own JSON export (formats/exporters/json.ts), read back: the round trip of "JSON (.json)". The
 * file streams through a bounded tokenizer (json-tokenizer.ts) and is built along the export's shape only,
 * message by message, so neither the file nor any one value is ever held whole. Every field is checked,
 * since the file may have been edited or written by another tool. The bounds of limits.ts apply as in the
 * archive formats: a value, participant list or attachment list past them, or nesting too deep, is damage
 * there (a fatal `malformed` at its line), and what came before is kept; so is what a truncated file held.
 * Exports written with "Hide phone numbers" are refused: their masked numbers would make conversations with
 * nobody.
 */
import type { ImportItem, Importer, ParseOptions } from '../../contract';
import { LimitError, MAX_DEPTH, MAX_TEXT_CHARS } from '../../limits';
import { readText } from '../shared/read-text';
import { ExportReader } from './export-reader';
import { ShapeReader } from './json-shape';
import { JsonSyntaxError, JsonTokenizer, type JsonEnd, type JsonToken } from './json-tokenizer';

const HEAD = /^\s*\{[\s\S]*"format"\s*:\s*"textkeep\.conversation"/;

/** The Textkeep JSON importer. */
export const textkeepJsonImporter: Importer = {
  id: 'textkeep-json',
  label: 'Textkeep export (JSON)',
  detect(head) {
    return HEAD.test(head);
  },
  parse(source, options) {
    return parseTextkeepJson(source, options);
  },
};

async function* parseTextkeepJson(
  source: ReadableStream<Uint8Array>,
  options: ParseOptions,
): AsyncGenerator<ImportItem[]> {
  const tokenizer = new JsonTokenizer(MAX_TEXT_CHARS, MAX_DEPTH);
  const file = new ExportReader();
  const shape = new ShapeReader(file.shape);
  let first = true;
  const take = (token: JsonToken): void => {
    if (first && token.kind !== '{') throw new NotAnExport();
    first = false;
    // Any value past the bound is damage, as any attribute or text is in the XML formats.
    if ((token.kind === 'string' || token.kind === 'key') && token.cut) throw new LimitError('length');
    shape.token(token);
    if (file.ended) throw new FileEnded();
  };
  /** Runs one step of the reading; false once the file ends there (damage, or a refusal). */
  const step = (run: () => void): boolean => {
    try {
      run();
      if (tokenizer.overlong) throw new LimitError('length');
      return true;
    } catch (error) {
      if (error instanceof FileEnded) return false;
      if (error instanceof NotAnExport) return file.refuse('not-an-archive');
      if (!(error instanceof LimitError || error instanceof JsonSyntaxError)) throw error;
      return file.damaged(`line ${String(tokenizer.line)}`);
    }
  };

  for await (const text of readText(source, options)) {
    if (!step(() => tokenizer.push(text, take))) {
      yield file.take();
      return;
    }
    const items = file.take();
    if (items.length > 0) yield items;
  }
  if (options.signal?.aborted) return;
  let end: JsonEnd = 'complete';
  if (step(() => (end = tokenizer.end(take)))) file.finish(end);
  const items = file.take();
  if (items.length > 0) yield items;
}

/** Thrown from a token to stop the tokenizer: the file has ended (refused or damaged), its items are made. */
class FileEnded extends Error {}
/** Thrown from the first token when it does not open an object. */
class NotAnExport extends Error {}
