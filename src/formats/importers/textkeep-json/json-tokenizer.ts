/**
 * An incremental JSON tokenizer (RFC 8259) over text arriving chunk by chunk, bounded for hostile files: a
 * string longer than `maxString` keeps its first `maxString` characters and counts the rest (its token says
 * `cut`, and `overlong` tells while it is still open), and containers nested deeper than `maxDepth` throw
 * `LimitError('depth')`. Nothing else is held: a token is handed over as soon as it ends.
 *
 * Why our own: @streamparser/json (0.0.26, no dependencies, runs in workers) is the maintained streaming
 * parser, but it builds every string whole (a 20 MB text is one 20 MB string, and took 0.7 s) and has no
 * bound on nesting, so it cannot give the bounds of limits.ts; clarinet and jsonparse buffer strings whole
 * too and are unmaintained. Measured by hand (bench/measure-json.mjs, Node 20, 2-core machine) on a 15 MB
 * export of 50,000 messages: this tokenizer with the whole importer 168 ms and +16 MB of heap; the former
 * JSON.parse importer 117 ms and +58 MB; @streamparser/json's parser alone, emitting each message, 340-450 ms.
 */
import { LimitError } from '../../limits';

/** One token: structure, a key, or a scalar value. */
export type JsonToken =
  | { kind: '{' | '}' | '[' | ']' }
  | { kind: 'key' | 'string'; text: string; cut: boolean }
  | { kind: 'number'; value: number }
  | { kind: 'literal'; value: boolean | null };

/** The text is not JSON; `line` is where the tokenizer stood (1-based). */
export class JsonSyntaxError extends Error {
  constructor(readonly line: number) {
    super(`not JSON at line ${String(line)}`);
    this.name = 'JsonSyntaxError';
  }
}

/** How a text ended: one whole value, nothing but whitespace, or cut off inside a value. */
export type JsonEnd = 'complete' | 'empty' | 'truncated';

/** What may come next, outside a string, number or literal. */
const EXPECT = {
  value: 0,
  valueOrClose: 1,
  keyOrClose: 2,
  key: 3,
  colon: 4,
  commaOrClose: 5,
  end: 6,
} as const;
type Expect = (typeof EXPECT)[keyof typeof EXPECT];

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
const HEX4 = /^[0-9a-fA-F]{4}$/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const LITERALS: Readonly<Record<string, boolean | null>> = { true: true, false: false, null: null };
const isNumberChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69;
const isLetter = (c: number): boolean => c >= 97 && c <= 122;

/** The tokenizer: `push` each chunk of text, then `end`. */
export class JsonTokenizer {
  /** Open containers, innermost last: true for an object. */
  private readonly _stack: boolean[] = [];
  private _expect: Expect = EXPECT.value;
  private _line = 1;
  /** The lexeme being read: a string, number or literal, or none. */
  private _lex: 'none' | 'string' | 'number' | 'literal' = 'none';
  private _isKey = false;
  /** The string read so far (at most `maxString` characters), its whole length, and an unfinished escape. */
  private _text = '';
  private _length = 0;
  private _escape = '';
  /** A number or literal read so far. */
  private _word = '';

  constructor(
    private readonly _maxString: number,
    private readonly _maxDepth: number,
  ) {}

  /** The line the tokenizer stands on (1-based). */
  get line(): number {
    return this._line;
  }

  /** Whether the string being read has already passed `maxString` characters. */
  get overlong(): boolean {
    return this._lex === 'string' && this._length > this._maxString;
  }

  /**
   * Tokenizes the next chunk, handing each token to `out` as it ends (so `line` is the token's own); throws
   * `JsonSyntaxError` or `LimitError` where the text goes wrong, and so does `out` to stop.
   */
  push(chunk: string, out: (token: JsonToken) => void): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this._lex === 'string') i = this._string(chunk, i, out);
      else if (this._lex !== 'none') i = this._readWord(chunk, i, out);
      else {
        const c = chunk.charCodeAt(i);
        if (c === 32 || c === 10 || c === 13 || c === 9) {
          if (c === 10) this._line++;
          i++;
        } else {
          this._structural(c, out);
          i++;
        }
      }
    }
  }

  /** Ends the text: hands over a number that ended with it, and says how it ended. */
  end(out: (token: JsonToken) => void): JsonEnd {
    // A number or literal ends with the text only at the top level; inside a container it was cut off.
    if ((this._lex === 'number' || this._lex === 'literal') && this._stack.length === 0)
      this._finishWord(out);
    if (this._expect === EXPECT.end) return 'complete';
    const empty = this._lex === 'none' && this._expect === EXPECT.value && this._stack.length === 0;
    return empty ? 'empty' : 'truncated';
  }

  private _fail(): never {
    throw new JsonSyntaxError(this._line);
  }

  private _structural(c: number, out: (token: JsonToken) => void): void {
    const expect = this._expect;
    const value = expect === EXPECT.value || expect === EXPECT.valueOrClose;
    switch (c) {
      case 123: // {
      case 91: // [
        if (!value) this._fail();
        this._stack.push(c === 123);
        if (this._stack.length > this._maxDepth) throw new LimitError('depth');
        out({ kind: c === 123 ? '{' : '[' });
        this._expect = c === 123 ? EXPECT.keyOrClose : EXPECT.valueOrClose;
        return;
      case 125: // }
      case 93: {
        // ]
        const object = c === 125;
        const top = this._stack.at(-1);
        const open = object ? expect === EXPECT.keyOrClose : expect === EXPECT.valueOrClose;
        if (top !== object || (!open && expect !== EXPECT.commaOrClose)) this._fail();
        this._stack.pop();
        out({ kind: object ? '}' : ']' });
        this._afterValue();
        return;
      }
      case 44: // ,
        if (expect !== EXPECT.commaOrClose) this._fail();
        this._expect = this._stack.at(-1) === true ? EXPECT.key : EXPECT.value;
        return;
      case 58: // :
        if (expect !== EXPECT.colon) this._fail();
        this._expect = EXPECT.value;
        return;
      case 34: // "
        if (!value && expect !== EXPECT.key && expect !== EXPECT.keyOrClose) this._fail();
        this._lex = 'string';
        this._isKey = !value;
        this._text = '';
        this._length = 0;
        return;
      default:
        if (!value || !(isNumberChar(c) || isLetter(c))) this._fail();
        this._lex = isLetter(c) ? 'literal' : 'number';
        this._word = String.fromCharCode(c);
    }
  }

  private _afterValue(): void {
    this._expect = this._stack.length === 0 ? EXPECT.end : EXPECT.commaOrClose;
  }

  /** Reads string characters from `i`; returns where it stopped (the chunk's end, or after the quote). */
  private _string(chunk: string, i: number, out: (token: JsonToken) => void): number {
    const n = chunk.length;
    while (i < n) {
      if (this._escape !== '') {
        this._escape += chunk.charAt(i);
        i++;
        this._takeEscape();
        continue;
      }
      let j = i;
      for (; j < n; j++) {
        const c = chunk.charCodeAt(j);
        if (c === 34 || c === 92 || c < 32) break;
      }
      if (j > i) this._add(chunk, i, j);
      if (j === n) return n;
      const c = chunk.charCodeAt(j);
      if (c < 32) this._fail();
      if (c === 34) {
        this._lex = 'none';
        const text = this._text;
        this._text = '';
        out({ kind: this._isKey ? 'key' : 'string', text, cut: this._length > this._maxString });
        if (this._isKey) this._expect = EXPECT.colon;
        else this._afterValue();
        return j + 1;
      }
      // A backslash: take the whole escape from this chunk when it is there, else carry it to the next.
      const size = chunk[j + 1] === 'u' ? 6 : 2;
      this._escape = chunk.slice(j, j + size);
      i = Math.min(n, j + size);
      if (this._escape.length === size) this._takeEscape();
    }
    return i;
  }

  /** Decodes the escape once it is complete. */
  private _takeEscape(): void {
    const escape = this._escape;
    if (escape.length < 2 || (escape[1] === 'u' && escape.length < 6)) return;
    this._escape = '';
    if (escape[1] === 'u') {
      const hex = escape.slice(2);
      if (!HEX4.test(hex)) this._fail();
      // Surrogate halves are kept one by one, as JSON.parse keeps them: a pair joins again in the text.
      this._addText(String.fromCharCode(parseInt(hex, 16)));
      return;
    }
    const decoded = ESCAPES[escape[1] ?? ''];
    if (decoded === undefined) this._fail();
    this._addText(decoded);
  }

  private _add(chunk: string, from: number, to: number): void {
    const room = this._maxString - this._text.length;
    if (room > 0) this._text += chunk.slice(from, Math.min(to, from + room));
    this._length += to - from;
  }

  private _addText(text: string): void {
    if (this._text.length < this._maxString) this._text += text;
    this._length += text.length;
  }

  /** Reads number or literal characters from `i`; returns where it stopped. */
  private _readWord(chunk: string, i: number, out: (token: JsonToken) => void): number {
    const n = chunk.length;
    const accepts = this._lex === 'number' ? isNumberChar : isLetter;
    let j = i;
    while (j < n && accepts(chunk.charCodeAt(j))) j++;
    this._word += chunk.slice(i, j);
    // No number or literal is longer than a value may be (nor than 5 letters, for a literal).
    if (this._word.length > (this._lex === 'number' ? this._maxString : 5)) {
      if (this._lex === 'number') throw new LimitError('length');
      this._fail();
    }
    if (j < n) this._finishWord(out);
    return j;
  }

  private _finishWord(out: (token: JsonToken) => void): void {
    const word = this._word;
    this._word = '';
    if (this._lex === 'number') {
      if (!NUMBER.test(word)) this._fail();
      out({ kind: 'number', value: Number(word) });
    } else {
      const value = LITERALS[word];
      if (value === undefined || !Object.hasOwn(LITERALS, word)) this._fail();
      out({ kind: 'literal', value });
    }
    this._lex = 'none';
    this._afterValue();
  }
}
