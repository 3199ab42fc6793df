/**
 * The line grammar shared by vCard and vMessage: `[group.]NAME[;PARAM[=VALUE]]*:value`, with long lines
 * folded onto continuation lines that start with a space or tab, and quoted-printable values continued
 * after a soft line break (`=` at the end of a line).
 */
import { LimitError, MAX_TEXT_CHARS } from '../../limits';
import type { PhysicalLine } from './line-splitter';

/** One logical line: a property, or (name undefined) a line of text that is not one. */
export interface ContentLine {
  /** Upper-cased property name without its group prefix (`item1.TEL` → `TEL`). */
  name?: string;
  /** Upper-cased parameter names → their values; bare parameters (`TEL;CELL:`) count as TYPE values. */
  params: ReadonlyMap<string, readonly string[]>;
  /** The value as written: folds and soft breaks joined, quoted-printable not yet decoded. */
  value: string;
  /** The whole line as written (joined the same way), for lines that are text rather than a property. */
  raw: string;
}

const ENCODINGS = new Set(['QUOTED-PRINTABLE', 'BASE64', 'B', '8BIT', '7BIT']);
const BLOCK_LINE = /^(?:BEGIN|END):V[A-Z]+\s*$/i;
const NO_PARAMS: ReadonlyMap<string, readonly string[]> = new Map();

/** Whether a character may be part of a property or group name (letters, digits, `-`, `_`). */
function isNameChar(code: number): boolean {
  const lower = code | 0x20;
  return (lower >= 97 && lower <= 122) || (code >= 48 && code <= 57) || code === 45 || code === 95;
}

/** Splits `text` on `separator` outside double quotes. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function parseParams(text: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  const add = (key: string, value: string): void => {
    const list = params.get(key);
    if (list) list.push(value);
    else params.set(key, [value]);
  };
  for (const part of splitOutsideQuotes(text, ';')) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      const bare = part.trim().toUpperCase();
      if (bare) add(ENCODINGS.has(bare) ? 'ENCODING' : 'TYPE', bare);
      continue;
    }
    const key = part.slice(0, eq).trim().toUpperCase();
    // `TYPE="cell,voice"` (vCard 4) is two values, like `TYPE=cell,voice`.
    for (const value of part
      .slice(eq + 1)
      .replace(/"/g, '')
      .split(','))
      add(key, value.trim());
  }
  return params;
}

/** Parses a logical line; a line without a `NAME…:` prefix is text. */
export function parseContentLine(raw: string): ContentLine {
  let i = 0;
  while (i < raw.length && isNameChar(raw.charCodeAt(i))) i++;
  let nameStart = 0;
  if (raw[i] === '.' && i > 0) {
    nameStart = i + 1;
    i++;
    while (i < raw.length && isNameChar(raw.charCodeAt(i))) i++;
  }
  const name = raw.slice(nameStart, i);
  const next = raw[i];
  if (!name || (next !== ':' && next !== ';')) return { params: NO_PARAMS, value: '', raw };
  let colon = i;
  if (next === ';') {
    let quoted = false;
    for (colon = i; colon < raw.length; colon++) {
      const c = raw[colon];
      if (c === '"') quoted = !quoted;
      else if (c === ':' && !quoted) break;
    }
    if (colon >= raw.length) return { params: NO_PARAMS, value: '', raw };
  }
  return {
    name: name.toUpperCase(),
    params: next === ';' ? parseParams(raw.slice(i + 1, colon)) : NO_PARAMS,
    value: raw.slice(colon + 1),
    raw,
  };
}

/** The first value of a parameter, upper-cased. */
export function paramValue(line: ContentLine, key: string): string | undefined {
  return line.params.get(key)?.[0]?.toUpperCase();
}

/** Whether a property's value is quoted-printable. */
export function isQuotedPrintable(line: ContentLine): boolean {
  return paramValue(line, 'ENCODING') === 'QUOTED-PRINTABLE';
}

/**
 * Joins physical lines into logical ones and hands each to `onLine`, in order. A line is complete only
 * when the next one shows it is not continued, so the last one comes out at `end()`.
 *
 * Continuations: after a quoted-printable value ending in `=`, the next line is joined as written (a
 * space it starts with is text, as in "=C3=A0=\n bient=C3=B4t") — except after a lone-CR line ending:
 * the athg2sms vMessage export starts those continuation lines with one extra space, which is dropped.
 * Otherwise a line starting with a space or tab continues a property line (RFC 2425 folding, one
 * whitespace character removed). A line opening or closing a block (`END:VBODY`…) is never swallowed as
 * a continuation, so a value broken at its very end cannot eat the structure after it.
 */
export class ContentLineAssembler {
  private _pending: ContentLine | undefined;
  private _pendingRaw: string[] = [];
  private _pendingChars = 0;
  private _softBreak = false;
  private _folds = true;
  private _previousCrOnly = false;
  /** While set, no line is a fold (vMessage body text, where a leading space is text). */
  literal = false;

  /** `keep` tells which properties' values matter: others (PHOTO…) are not accumulated while folded. */
  constructor(
    private readonly _onLine: (line: ContentLine) => void,
    private readonly _keep: (name: string) => boolean = () => true,
  ) {}

  /** Takes one physical line. Throws `LimitError` when a folded value grows past any real one. */
  push(line: PhysicalLine): void {
    const text = line.text;
    const previousCrOnly = this._previousCrOnly;
    this._previousCrOnly = line.crOnly;
    if (this._pending && !BLOCK_LINE.test(text)) {
      if (this._softBreak) {
        const continued = previousCrOnly && text.startsWith(' ') ? text.slice(1) : text;
        this._append(continued, true);
        return;
      }
      if (this._folds && !this.literal && (text.startsWith(' ') || text.startsWith('\t'))) {
        this._append(text.slice(1), false);
        return;
      }
    }
    this._flush();
    const parsed = parseContentLine(text);
    this._pending = parsed;
    this._pendingRaw = [text];
    this._pendingChars = text.length;
    this._folds = parsed.name !== undefined;
    this._softBreak = this._folds && isQuotedPrintable(parsed) && text.endsWith('=');
  }

  /** Ends the input: hands over the last line. */
  end(): void {
    this._flush();
  }

  private _append(text: string, afterSoftBreak: boolean): void {
    const pending = this._pending;
    if (!pending?.name || !this._keep(pending.name)) {
      this._softBreak = this._softBreak && text.endsWith('=');
      return;
    }
    const last = this._pendingRaw.length - 1;
    const previous = this._pendingRaw[last] ?? '';
    // A soft break's `=` is removed when joining: the decoder then sees one continuous escaped value.
    this._pendingRaw[last] = afterSoftBreak ? previous.slice(0, -1) : previous;
    this._pendingRaw.push(text);
    // A value folded over a million lines is no longer a value: see limits.ts.
    this._pendingChars += text.length;
    if (this._pendingChars > MAX_TEXT_CHARS) throw new LimitError('length');
    this._softBreak = isQuotedPrintable(pending) && text.endsWith('=');
  }

  private _flush(): void {
    const pending = this._pending;
    if (!pending) return;
    this._pending = undefined;
    if (this._pendingRaw.length > 1) {
      const raw = this._pendingRaw.join('');
      this._onLine({ ...parseContentLine(raw), raw });
    } else {
      this._onLine(pending);
    }
    this._pendingRaw = [];
  }
}
