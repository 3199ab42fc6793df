/**
 * vCard address books (FORMATS.md §2.2: the `contactsBackup/*.vcf` of a Windows Phone backup), read for the
 * names they give to numbers: one `contact` item per TEL of each card that has a name.
 */
import type { ImportItem, Importer, ParseOptions, RawContact } from '../../contract';
import { LimitError } from '../../limits';
import { ContentLineAssembler, type ContentLine } from '../shared/content-lines';
import { LineSplitter } from '../shared/line-splitter';
import { ProblemTally } from '../shared/problems';
import { readText } from '../shared/read-text';
import { formattedName, structuredName, telValue } from '../shared/vcard-values';

const HEAD = /^\s*BEGIN:VCARD\b/i;
/** The only properties whose values are kept: a PHOTO's folded base64 is skipped line by line. */
const WANTED = new Set(['BEGIN', 'END', 'FN', 'N', 'TEL']);

/** The vCard contacts importer. */
export const vcfImporter: Importer = {
  id: 'vcf',
  label: 'Contacts (vCard)',
  detect(head) {
    return HEAD.test(head);
  },
  parse(source, options) {
    return parseVcf(source, options);
  },
};

/** One card being read. Cards nested in a card (vCard 2.1 AGENT) are skipped whole. */
class CardReader {
  private _depth = 0;
  private _fn = '';
  private _n = '';
  private _tels: string[] = [];
  /** Cards skipped: one with no number names nobody a conversation could be with (`no-party`). */
  readonly problems = new ProblemTally();

  constructor(private readonly _emit: (item: ImportItem) => void) {}

  /** Whether a card is open (the file ended inside one if so at its end). */
  get open(): boolean {
    return this._depth > 0;
  }

  line(line: ContentLine): void {
    const value = line.value.trim().toUpperCase();
    if (line.name === 'BEGIN' && value === 'VCARD') {
      if (this._depth++ === 0) this._reset();
    } else if (line.name === 'END' && value === 'VCARD') {
      if (this._depth > 0 && --this._depth === 0) this._close();
    } else if (this._depth === 1) {
      if (line.name === 'FN') this._fn = formattedName(line);
      else if (line.name === 'N') this._n = structuredName(line);
      else if (line.name === 'TEL') {
        const tel = telValue(line);
        if (tel && !this._tels.includes(tel)) this._tels.push(tel);
      }
    }
  }

  private _reset(): void {
    this._fn = '';
    this._n = '';
    this._tels = [];
  }

  private _close(): void {
    if (this._tels.length === 0) {
      this.problems.add('no-party');
      return;
    }
    const name = this._fn || this._n;
    // A number without a name gives no name to its conversation: there is nothing to keep, nor to lose.
    if (!name) return;
    for (const address of this._tels) {
      const contact: RawContact = { kind: 'contact', address, name };
      this._emit(contact);
    }
  }
}

async function* parseVcf(
  source: ReadableStream<Uint8Array>,
  options: ParseOptions,
): AsyncGenerator<ImportItem[]> {
  let batch: ImportItem[] = [];
  const cards = new CardReader((item) => batch.push(item));
  const lines = new ContentLineAssembler(
    (line) => {
      cards.line(line);
    },
    (name) => WANTED.has(name),
  );
  const splitter = new LineSplitter();
  try {
    for await (const text of readText(source, options)) {
      for (const line of splitter.push(text)) lines.push(line);
      batch.push(...cards.problems.drain());
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
    }
    if (options.signal?.aborted) return;
    for (const line of splitter.end()) lines.push(line);
    lines.end();
  } catch (error) {
    // Past a bound of limits.ts the file is damaged: the cards before are kept.
    if (!(error instanceof LimitError)) throw error;
    yield [
      ...batch,
      ...cards.problems.drain(),
      { kind: 'problem', reason: 'malformed', count: 1, fatal: true },
    ];
    return;
  }
  batch.push(...cards.problems.drain());
  // A card cut off by the end of the file is not trusted: its numbers may be missing.
  if (cards.open) batch.push({ kind: 'problem', reason: 'truncated', count: 1, fatal: true });
  if (batch.length > 0) yield batch;
}
