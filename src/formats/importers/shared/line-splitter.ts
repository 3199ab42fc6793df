/** Splits streamed text into lines, whatever the line endings (CRLF, LF or a lone CR). */
import { LimitError, MAX_TEXT_CHARS } from '../../limits';

/** One physical line, without its line ending. */
export interface PhysicalLine {
  text: string;
  /** Ended by a lone CR (old Mac style, as in the athg2sms vMessage export), not LF or CRLF. */
  crOnly: boolean;
}

/**
 * Turns text chunks into complete lines. A chunk that ends with CR is held back until the next chunk
 * shows whether an LF follows, so a CRLF split across chunks is still one line ending.
 */
export class LineSplitter {
  private _rest = '';
  private _overflow = false;

  /**
   * Adds a chunk; returns the lines it completed. A line longer than any real one (limits.ts) throws
   * `LimitError`, at the next call, so the lines completed before it are still handed over.
   */
  push(chunk: string): PhysicalLine[] {
    if (this._overflow) throw new LimitError('length');
    const text = this._rest + chunk;
    const lines: PhysicalLine[] = [];
    let start = 0;
    // The held-back text has no line ending but maybe a final CR: search only what is new, so one very
    // long line arriving in many chunks is not rescanned from its start each time.
    const from = Math.max(0, this._rest.length - 1);
    // Next LF and CR positions, each searched again only once passed (a file with one kind of ending
    // would otherwise rescan to its end for the other kind on every line).
    let lf = text.indexOf('\n', from);
    let cr = text.indexOf('\r', from);
    while (lf >= 0 || cr >= 0) {
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        if (cr === text.length - 1) break; // wait: an LF may start the next chunk
        const crlf = lf === cr + 1;
        lines.push({ text: text.slice(start, cr), crOnly: !crlf });
        start = cr + (crlf ? 2 : 1);
      } else {
        lines.push({ text: text.slice(start, lf), crOnly: false });
        start = lf + 1;
      }
      if (lf >= 0 && lf < start) lf = text.indexOf('\n', start);
      if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
    }
    this._rest = text.slice(start);
    if (this._rest.length > MAX_TEXT_CHARS) {
      this._overflow = true;
      this._rest = '';
    }
    return lines;
  }

  /** Ends the text; returns the last lines (one without an ending, if the text did not end with one). */
  end(): PhysicalLine[] {
    if (this._overflow) throw new LimitError('length');
    const rest = this._rest;
    this._rest = '';
    if (rest === '') return [];
    if (rest.endsWith('\r')) return [{ text: rest.slice(0, -1), crOnly: true }];
    return [{ text: rest, crOnly: false }];
  }
}
