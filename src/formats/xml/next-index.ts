/**
 * Where the next character that matters to the repair pre-pass is, in one buffer. `indexOf` runs natively and
 * far faster than a JavaScript loop over each character, and each answer is remembered until the scan passes
 * it, so a typical attribute value costs one search (for its closing quote).
 */

/** Remembered next positions of `&`, `<`, `>` and quotes; the buffer's length when there is none. */
export class NextIndex {
  private _buf = '';
  private _n = 0;
  private _amp = -1;
  private _lt = -1;
  private _gt = -1;
  private _dquote = -1;
  private _squote = -1;

  /** Starts over on a new buffer. */
  reset(buf: string): void {
    this._buf = buf;
    this._n = buf.length;
    this._amp = this._lt = this._gt = this._dquote = this._squote = -1;
  }

  /** Next `&` at or after `i`. */
  amp(i: number): number {
    if (this._amp < i) this._amp = this._find('&', i);
    return this._amp;
  }

  /** Next `<` at or after `i`. */
  lt(i: number): number {
    if (this._lt < i) this._lt = this._find('<', i);
    return this._lt;
  }

  /** Next `>` at or after `i`. */
  gt(i: number): number {
    if (this._gt < i) this._gt = this._find('>', i);
    return this._gt;
  }

  /** Next `"` at or after `i`. */
  dquote(i: number): number {
    if (this._dquote < i) this._dquote = this._find('"', i);
    return this._dquote;
  }

  /** Next `'` at or after `i`. */
  squote(i: number): number {
    if (this._squote < i) this._squote = this._find("'", i);
    return this._squote;
  }

  private _find(ch: string, i: number): number {
    const at = this._buf.indexOf(ch, i);
    return at < 0 ? this._n : at;
  }
}
