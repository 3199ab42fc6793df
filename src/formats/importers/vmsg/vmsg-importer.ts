/**
 * vMessage files (FORMATS.md §2.6): the Lumia-era `.vmsg` (X-BOX, `Subject;ENCODING=QUOTED-PRINTABLE`,
 * CR-only lines) and the IrMC/Nokia `.vmg` (X-IRMC-BOX, VENV envelopes, body text as plain lines).
 * Dates are local wall-clock times, read in `options.timeZone` (default: the runtime's zone).
 */
import { isUtcOffset, localWallClockToMs, offsetAt, parseVmsgDate } from '../../../model/time';
import type { ImportItem, Importer, ParseOptions, RawMessage } from '../../contract';
import { LimitError } from '../../limits';
import { ContentLineAssembler, type ContentLine } from '../shared/content-lines';
import { LineSplitter } from '../shared/line-splitter';
import { ProblemTally } from '../shared/problems';
import { readText } from '../shared/read-text';
import { BroadcastFold } from './broadcast-fold';
import { VmsgBlock, type VmsgFields } from './vmsg-block';

const HEAD = /^\s*BEGIN:(VMSG|VENV)\b/i;
const DAY_MS = 86_400_000;

/** The vMessage importer. */
export const vmsgImporter: Importer = {
  id: 'vmsg',
  label: 'vMessage',
  detect(head) {
    return HEAD.test(head);
  },
  parse(source, options) {
    return parseVmsg(source, options);
  },
};

/**
 * A block's time in ms UTC: Nokia's `X-NOK-DT` (`20100614T173045Z` in UTC, or without the `Z` a local wall
 * clock in `timeZone`) when it is there and readable, as the phone's own stamp of the message; else the
 * `Date:` of the body (local wall clock in `timeZone`). With it, the offset of `timeZone` at that instant
 * where the time was read as a local wall clock; none for a UTC stamp, which says nothing of the phone's zone.
 */
function blockTime(fields: VmsgFields, clock: ZoneOffsets): { time: number; offset?: number } | undefined {
  for (const value of [fields.nokiaDate, fields.date]) {
    const date = value === undefined ? undefined : parseVmsgDate(value);
    if (!date) continue;
    if (date.utc)
      return { time: Date.UTC(date.year, date.month - 1, date.day, date.hour, date.minute, date.second) };
    const time = localWallClockToMs(date, clock.timeZone);
    // This is the zone of the device at import (options.timeZone), not known to be the phone's: the file
    // names no zone, so the offset is only what the times were read with.
    return { time, offset: clock.minutesAt(time) };
  }
  return undefined;
}

/** A zone's offset in minutes at an instant, looked up once per UTC day (Intl costs some µs a call). */
class ZoneOffsets {
  private readonly _days = new Map<number, number | null>();

  constructor(readonly timeZone: string) {}

  minutesAt(t: number): number {
    const day = Math.floor(t / DAY_MS);
    let cached = this._days.get(day);
    if (cached === undefined) {
      const start = offsetAt(day * DAY_MS, this.timeZone);
      // null: the offset changes during this UTC day, so each instant of it is looked up.
      cached = start === offsetAt(day * DAY_MS + DAY_MS - 1, this.timeZone) ? start : null;
      this._days.set(day, cached);
    }
    return Math.round((cached ?? offsetAt(t, this.timeZone)) / 60_000);
  }
}

/** Reads blocks and hands their messages (and problems) over. */
class VmsgReader {
  private _block: VmsgBlock | undefined;
  private _depth = 0;
  readonly problems = new ProblemTally();
  private readonly _fold: BroadcastFold;
  private readonly _clock: ZoneOffsets;

  constructor(emit: (item: ImportItem) => void, timeZone: string) {
    this._fold = new BroadcastFold(emit);
    this._clock = new ZoneOffsets(timeZone);
  }

  /** Whether a block is open (at the end of the file: it was cut off). */
  get open(): boolean {
    return this._block !== undefined;
  }

  /** Whether the open block is in its body text (the line reader then keeps leading spaces). */
  get inText(): boolean {
    return this._block?.inText ?? false;
  }

  line(line: ContentLine): void {
    const kind = line.value.trim().toUpperCase();
    const block = this._block;
    if (!block) {
      if (line.name === 'BEGIN' && kind === 'VMSG') {
        this._block = new VmsgBlock();
        this._depth = 1;
      }
      return;
    }
    if (!block.inText && kind === 'VMSG' && (line.name === 'BEGIN' || line.name === 'END')) {
      // A VMSG nested in a body (a forwarded message) stays part of the outer one.
      this._depth += line.name === 'BEGIN' ? 1 : -1;
      if (this._depth === 0) {
        this._block = undefined;
        this._finish(block.finish());
      }
      return;
    }
    block.line(line);
  }

  /** Hands over the message a run of repeated sent blocks was folded into. */
  flush(): void {
    this._fold.flush();
  }

  /**
   * A block is a message when it has a readable date and a party: an empty body is still a message (sent
   * or received, it happened), with text ''. Without a date it cannot be placed (`no-date`, or `bad-date`
   * when one is written but unreadable); without any number it belongs to no conversation (`no-party`).
   */
  private _finish(fields: VmsgFields): void {
    const when = blockTime(fields, this._clock);
    if (when === undefined) {
      const dated = fields.date !== undefined || fields.nokiaDate !== undefined;
      this._skip(dated ? 'bad-date' : 'no-date');
      return;
    }
    if (fields.others.length === 0) {
      this._skip('no-party');
      return;
    }
    const message: RawMessage = {
      kind: 'message',
      time: when.time,
      direction: fields.direction,
      directionKnown: fields.directionKnown,
      status: fields.status,
      others: fields.others,
      text: fields.text,
      attachments: [],
      ...(when.offset !== undefined && isUtcOffset(when.offset) ? { offset: when.offset } : {}),
    };
    if (fields.direction === 'in' && fields.others[0]) message.sender = fields.others[0].address;
    this._fold.push(message);
  }

  /** A block that gives no message also ends a run of repeated sent blocks: they were not adjacent. */
  private _skip(reason: 'bad-date' | 'no-date' | 'no-party'): void {
    this._fold.flush();
    this.problems.add(reason);
  }
}

async function* parseVmsg(
  source: ReadableStream<Uint8Array>,
  options: ParseOptions,
): AsyncGenerator<ImportItem[]> {
  let batch: ImportItem[] = [];
  const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const reader = new VmsgReader((item) => batch.push(item), timeZone);
  const lines = new ContentLineAssembler((line) => {
    reader.line(line);
    lines.literal = reader.inText;
  });
  const splitter = new LineSplitter();
  const take = (): ImportItem[] => {
    const items = batch.concat(reader.problems.drain());
    batch = [];
    return items;
  };
  try {
    for await (const text of readText(source, options)) {
      for (const line of splitter.push(text)) lines.push(line);
      const items = take();
      if (items.length > 0) yield items;
    }
    if (options.signal?.aborted) return;
    for (const line of splitter.end()) lines.push(line);
    lines.end();
  } catch (error) {
    // Past a bound of limits.ts the file is damaged: what came before is kept.
    if (!(error instanceof LimitError)) throw error;
    reader.flush();
    yield [...take(), { kind: 'problem', reason: 'malformed', count: 1, fatal: true }];
    return;
  }
  reader.flush();
  const items = take();
  if (reader.open) items.push({ kind: 'problem', reason: 'truncated', count: 1, fatal: true });
  if (items.length > 0) yield items;
}
