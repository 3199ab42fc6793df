/**
 * The few pieces of XML 1.0's lexical grammar the repair pre-pass needs: references, names, allowed characters.
 * Everything works on UTF-16 code units by index so the hot loops never allocate.
 */

/** What `scanReference` found at an `&`. */
export const REF = {
  /** `&name;`: passed through untouched. */
  NAMED: 0,
  /** `&#N;` or `&#xH;`: its value is in `RefScan.codePoint`. */
  NUMERIC: 1,
  /** Not a reference: a raw `&` that the writer forgot to escape. */
  NOT_A_REF: 2,
  /** The buffer ends before the reference can be told apart: hold it back for the next chunk. */
  NEED_MORE: 3,
} as const;
/** One of the `REF` outcomes. */
export type RefKind = (typeof REF)[keyof typeof REF];

/** Where a scanned reference ends (index after `;`) and, for numeric ones, its value. */
export interface RefScan {
  end: number;
  codePoint: number;
}

/** Longest reference we wait for across chunks; bounds what is held back, even on hostile input. */
const MAX_REF_LENGTH = 64;
/** Any value past Unicode; saturating keeps a long digit run from overflowing into a valid code point. */
const TOO_BIG = 0x110000;

const SEMI = 0x3b;
const HASH = 0x23;
const LOWER_X = 0x78;

/** Reads the reference starting at `buf[i] === '&'`; `n` is where the buffered text ends. */
export function scanReference(buf: string, i: number, n: number, out: RefScan): RefKind {
  const limit = Math.min(n, i + MAX_REF_LENGTH);
  let j = i + 1;
  if (j >= limit) return limit === n && n - i < MAX_REF_LENGTH ? REF.NEED_MORE : REF.NOT_A_REF;
  if (buf.charCodeAt(j) !== HASH) {
    if (!isNameStart(buf.charCodeAt(j))) return REF.NOT_A_REF;
    for (j++; j < limit; j++) {
      const c = buf.charCodeAt(j);
      if (c === SEMI) {
        out.end = j + 1;
        return REF.NAMED;
      }
      if (!isNameChar(c)) return REF.NOT_A_REF;
    }
    return limit === n && n - i < MAX_REF_LENGTH ? REF.NEED_MORE : REF.NOT_A_REF;
  }
  j++;
  const hex = j < limit && buf.charCodeAt(j) === LOWER_X;
  if (hex) j++;
  const first = j;
  let value = 0;
  for (; j < limit; j++) {
    const c = buf.charCodeAt(j);
    if (c === SEMI) {
      if (j === first) return REF.NOT_A_REF;
      out.end = j + 1;
      out.codePoint = value;
      return REF.NUMERIC;
    }
    const digit = hex ? hexValue(c) : c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
    if (digit < 0) return REF.NOT_A_REF;
    value = Math.min(value * (hex ? 16 : 10) + digit, TOO_BIG);
  }
  return limit === n && n - i < MAX_REF_LENGTH ? REF.NEED_MORE : REF.NOT_A_REF;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** Whether XML 1.0 allows this code point at all (as a raw character or through a reference). */
export function isXmlChar(cp: number): boolean {
  if (cp >= 0x20) return cp <= 0xd7ff || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
  return cp === 0x09 || cp === 0x0a || cp === 0x0d;
}

/** The first character in `buf[from, to)` that XML forbids even raw, or `to`: controls, U+FFFE, U+FFFF. */
export function firstForbidden(buf: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = buf.charCodeAt(i);
    if (c < 0x20 ? c !== 0x09 && c !== 0x0a && c !== 0x0d : c >= 0xfffe) return i;
  }
  return to;
}

/** High (first) half of a UTF-16 surrogate pair. */
export const isHighSurrogate = (cp: number): boolean => cp >= 0xd800 && cp <= 0xdbff;
/** Low (second) half of a UTF-16 surrogate pair. */
export const isLowSurrogate = (cp: number): boolean => cp >= 0xdc00 && cp <= 0xdfff;

/** XML whitespace: space, tab, CR, LF. */
const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

/** A name start character, loosely: anything non-ASCII counts, which is all the pre-pass needs. */
function isNameStart(c: number): boolean {
  const lower = c | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || c === 0x5f || c === 0x3a || c >= 0x80;
}

/** A name character, loosely (see `isNameStart`). */
export function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}

/** Whether `buf[start, end)` is one of `names`, or a prefixed `p:name` whose local part is. */
export function matchesName(buf: string, start: number, end: number, names: readonly string[]): boolean {
  const length = end - start;
  for (const name of names) {
    if (length < name.length || !buf.startsWith(name, end - name.length)) continue;
    if (length === name.length || buf.charCodeAt(end - name.length - 1) === 0x3a) return true;
  }
  return false;
}

/** Whether the value opening at the quote `buf[q]` is of an attribute in `names`; looks back no further than `floor`. */
export function isNamedValue(buf: string, floor: number, q: number, names: readonly string[]): boolean {
  let k = q - 1;
  while (k >= floor && isSpace(buf.charCodeAt(k))) k--;
  if (k < floor || buf.charCodeAt(k) !== 0x3d) return false;
  k--;
  while (k >= floor && isSpace(buf.charCodeAt(k))) k--;
  const end = k + 1;
  // Checks each candidate in place instead of scanning the name backwards: attribute values are frequent.
  for (const name of names) {
    const start = end - name.length;
    if (start < floor || !buf.startsWith(name, start)) continue;
    const before = start > floor ? buf.charCodeAt(start - 1) : 0x20;
    if (before === 0x3a || !isNameChar(before)) return true;
  }
  return false;
}

/** Where a declaration's scan stands across chunks: inside a quote (its code) and `[ ]` nesting depth. */
export interface DeclarationState {
  quote: number;
  depth: number;
}

/** Index after the `>` ending a declaration (outside quotes and the internal subset), or -1 if not in `buf`. */
export function declarationEnd(buf: string, i: number, n: number, state: DeclarationState): number {
  for (; i < n; i++) {
    const c = buf.charCodeAt(i);
    if (state.quote !== 0) {
      if (c === state.quote) state.quote = 0;
    } else if (c === 0x22 || c === 0x27) {
      state.quote = c;
    } else if (c === 0x5b) {
      state.depth++;
    } else if (c === 0x5d) {
      state.depth--;
    } else if (c === 0x3e && state.depth <= 0) {
      return i + 1;
    }
  }
  return -1;
}
