/**
 * A streaming pre-pass in front of saxes. Real archives are not quite XML (FORMATS.md §1.6): emoji written as two
 * surrogate references, control-character references, raw `<` in attribute values. It also lifts huge base64
 * values out of the character stream, because saxes hands over each attribute as one string and a single
 * `data="…"` can be 750 MB. Well-formed input comes out unchanged apart from the lifted values; comments, PIs,
 * CDATA and DOCTYPE pass untouched. Speed comes from never stepping through ordinary text in JavaScript: clean
 * start tags are matched whole by one native regex (clean-tag.ts), the rest found with `indexOf` (next-index.ts).
 */
import { cleanStartTag } from './clean-tag';
import {
  type DeclarationState,
  declarationEnd,
  firstForbidden,
  isNameChar,
  isNamedValue,
  matchesName,
} from './lexical';
import { MAX_DEPTH, MAX_TEXT_CHARS } from '../limits';
import { NextIndex } from './next-index';
import { type RefFix, fixReference } from './references';
import type { RepairOptions, RepairStats } from './repair-options';

/** How much of a tag's text between attribute values is held back at a chunk end, to find attribute names. */
const MAX_TAG_CARRY = 256;
/** Longest element name waited for across chunks; a longer one is passed on without checking for a lift. */
const MAX_NAME_CARRY = 256;

const TEXT = 0;
const TAG = 1;
const ATTR = 2;
const ATTR_LIFT = 3;
const ELEMENT_LIFT = 4;
/** Comments, PIs, CDATA and end tags: passed untouched up to `_terminator`. */
const PASS = 5;
const DECL = 6;

const AMP = 0x26;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const SLASH = 0x2f;
const GT = 0x3e;

/** Repairs and lifts decoded XML text chunk by chunk; feed `push` results then `end()` to saxes, in order. */
export class XmlRepair {
  /** Counts of each repair, for the import report. */
  readonly stats: RepairStats = {
    surrogatePairsJoined: 0,
    loneSurrogates: 0,
    controlsDropped: 0,
    rawLtEscaped: 0,
    rawAmpEscaped: 0,
    lifted: 0,
  };

  private readonly _options: RepairOptions;
  private readonly _liftAttributes: readonly string[];
  private readonly _liftElements: readonly string[];
  private readonly _fix: RefFix = { end: 0, replacement: null, stat: null };
  private readonly _next = new NextIndex();
  private readonly _cleanTag: RegExp;
  private _state = TEXT;
  private _quote = DQUOTE;
  private _terminator = '';
  private _elementLifts = false;
  private readonly _decl: DeclarationState = { quote: 0, depth: 0 };
  private _liftRef = '';
  private _carry = '';
  // Per-run scratch: output pieces, start of the pending unchanged slice, where held-back text starts.
  private _out: string[] = [];
  private _emitFrom = 0;
  private _carryFrom = -1;
  private _segmentStart = 0;
  // Bounds (MAX_DEPTH, MAX_TEXT_CHARS): where the current buffer starts in the whole text, where the
  // last markup (or lifted value) ended there, how many elements are open, and which bound was passed.
  private _base = 0;
  private _markAt = 0;
  private _depth = 0;
  private _limit: 'depth' | 'length' | undefined;

  constructor(options: RepairOptions) {
    this._options = options;
    this._liftAttributes = options.liftAttributes ?? [];
    this._liftElements = options.liftElements ?? [];
    this._cleanTag = cleanStartTag(this._liftAttributes, this._liftElements);
  }

  /**
   * Which bound of limits.ts the document passed (elements nested past MAX_DEPTH, or one tag, text or
   * declaration longer than MAX_TEXT_CHARS), if it did. The text up to that point still comes out, so what
   * it holds can be read; nothing after it does, and the document should be reported as damaged there.
   */
  get limit(): 'depth' | 'length' | undefined {
    return this._limit;
  }

  /** Takes the next decoded chunk; returns the repaired text ready for saxes (a few chars may wait for more). */
  push(chunk: string): string {
    if (this._limit !== undefined) return '';
    const buf = this._carry.length > 0 ? this._carry + chunk : chunk;
    this._carry = '';
    return this._run(buf, false);
  }

  /** Flushes whatever was held back; call once after the last chunk. */
  end(): string {
    if (this._limit !== undefined) return '';
    const buf = this._carry;
    this._carry = '';
    return this._run(buf, true);
  }

  private _run(buf: string, isEnd: boolean): string {
    const n = buf.length;
    this._out = [];
    this._emitFrom = 0;
    this._carryFrom = -1;
    this._segmentStart = 0;
    this._next.reset(buf);
    let i = 0;
    while (i < n && this._carryFrom < 0 && this._limit === undefined) {
      switch (this._state) {
        case TEXT:
          i = this._text(buf, i, n, isEnd);
          break;
        case ATTR:
          i = this._value(buf, i, n, isEnd);
          break;
        case TAG:
          i = this._tag(buf, i, n, isEnd);
          break;
        case ATTR_LIFT:
          i = this._lift(buf, i, n, this._quote === DQUOTE ? '"' : "'", TAG);
          this._segmentStart = i;
          break;
        case ELEMENT_LIFT:
          i = this._lift(buf, i, n, '<', TEXT);
          break;
        case PASS:
          i = this._pass(buf, i, n, isEnd);
          break;
        default:
          i = this._declaration(buf, i, n);
      }
    }
    // Past MAX_DEPTH the text stops right after the tag that went too deep.
    const stop = this._limit !== undefined ? i : this._carryFrom < 0 ? n : this._carryFrom;
    const lifting = this._state === ATTR_LIFT || this._state === ELEMENT_LIFT;
    if (!lifting && this._base + stop - this._markAt > MAX_TEXT_CHARS) this._limit = 'length';
    this._base += stop;
    if (stop > this._emitFrom) this._out.push(buf.slice(this._emitFrom, stop));
    if (stop < n && this._limit === undefined) this._carry = buf.slice(stop);
    const out = this._out;
    this._out = [];
    return out.length === 1 ? (out[0] ?? '') : out.join('');
  }

  /** Replaces `buf[from, to)` in the output. */
  private _replace(buf: string, from: number, to: number, replacement: string): void {
    if (from > this._emitFrom) this._out.push(buf.slice(this._emitFrom, from));
    if (replacement.length > 0) this._out.push(replacement);
    this._emitFrom = to;
  }

  /** Text between markup: runs to the next `<`, repairing references and forbidden characters on the way. */
  private _text(buf: string, i: number, n: number, isEnd: boolean): number {
    const next = this._next;
    for (;;) {
      const lt = next.lt(i);
      const stop = firstForbidden(buf, i, Math.min(lt, next.amp(i)));
      if (stop >= n) return n;
      if (stop === lt) return this._markup(buf, lt, n, isEnd);
      i = this._repairAt(buf, stop, n, isEnd);
      if (this._carryFrom >= 0) return n;
    }
  }

  /** An attribute value: normally a single search, for its closing quote. */
  private _value(buf: string, i: number, n: number, isEnd: boolean): number {
    const next = this._next;
    for (;;) {
      const end = this._quote === DQUOTE ? next.dquote(i) : next.squote(i);
      const lt = next.lt(i);
      const stop = firstForbidden(buf, i, Math.min(end, lt, next.amp(i)));
      if (stop >= n) return n;
      if (stop === end) {
        this._state = TAG;
        this._segmentStart = end + 1;
        return end + 1;
      }
      if (stop === lt) {
        this._replace(buf, lt, lt + 1, '&lt;');
        this.stats.rawLtEscaped++;
        i = lt + 1;
      } else {
        i = this._repairAt(buf, stop, n, isEnd);
        if (this._carryFrom >= 0) return n;
      }
    }
  }

  /** At a `&` or a forbidden character: repairs it and returns the index after. */
  private _repairAt(buf: string, i: number, n: number, isEnd: boolean): number {
    if (buf.charCodeAt(i) === AMP) return this._reference(buf, i, n, isEnd);
    this._replace(buf, i, i + 1, '');
    this.stats.controlsDropped++;
    return i + 1;
  }

  /** At `&`: passes valid references, joins surrogate pairs, drops forbidden ones; returns the index after. */
  private _reference(buf: string, i: number, n: number, isEnd: boolean): number {
    const fix = this._fix;
    if (!fixReference(buf, i, n, isEnd, fix)) return this._holdFrom(i, n);
    if (fix.replacement !== null) this._replace(buf, i, fix.end, fix.replacement);
    if (fix.stat !== null) this.stats[fix.stat]++;
    return fix.end;
  }

  private _holdFrom(i: number, n: number): number {
    this._carryFrom = i;
    return n;
  }

  /** At `<` in text: works out which construct begins, holding back if the chunk ends too soon to tell. */
  private _markup(buf: string, i: number, n: number, isEnd: boolean): number {
    this._markAt = this._base + i;
    if (i + 1 >= n) return isEnd ? n : this._holdFrom(i, n);
    if (buf.startsWith('</', i)) {
      if (this._depth > 0) this._depth--;
      const gt = this._next.gt(i);
      return gt < n ? gt + 1 : this._passUntil('>', i + 2);
    }
    if (buf.startsWith('<?', i)) return this._passUntil('?>', i + 2);
    if (buf.startsWith('<!', i)) {
      if (i + 3 >= n && !isEnd) return this._holdFrom(i, n);
      if (buf.startsWith('<!--', i)) return this._passUntil('-->', i + 4);
      if (buf.startsWith('<![', i)) return this._passUntil(']]>', i + 3);
      this._decl.quote = this._decl.depth = 0;
      return this._enter(DECL, i + 2);
    }
    const clean = this._cleanTag;
    clean.lastIndex = i;
    if (clean.test(buf)) {
      // The match ends with `>` or `/>` and then whitespace.
      let gt = clean.lastIndex - 1;
      while (buf.charCodeAt(gt) !== GT) gt--;
      if (buf.charCodeAt(gt - 1) !== SLASH) this._open();
      return clean.lastIndex;
    }
    let end = i + 1;
    while (end < n && isNameChar(buf.charCodeAt(end))) end++;
    if (end === n && !isEnd && n - i < MAX_NAME_CARRY) return this._holdFrom(i, n);
    this._elementLifts = this._liftElements.length > 0 && matchesName(buf, i + 1, end, this._liftElements);
    this._segmentStart = i + 1;
    return this._enter(TAG, end);
  }

  /** A start tag (not self-closing) ended: one more open element (see MAX_DEPTH). */
  private _open(): void {
    if (++this._depth > MAX_DEPTH) this._limit = 'depth';
  }

  private _enter(state: number, i: number): number {
    this._state = state;
    return i;
  }

  /** Inside a start tag: runs through its attribute values too, so an ordinary tag costs one call. */
  private _tag(buf: string, i: number, n: number, isEnd: boolean): number {
    const next = this._next;
    for (;;) {
      const dquote = next.dquote(i);
      const gt = next.gt(i);
      const lt = next.lt(i);
      const stop = Math.min(dquote, next.squote(i), gt, lt);
      if (stop >= n) break;
      if (stop === gt) {
        const opens = buf.charCodeAt(gt - 1) !== SLASH;
        if (opens) this._open();
        if (this._elementLifts && opens && this._limit === undefined)
          this._startLift(buf, gt + 1, ELEMENT_LIFT);
        else this._state = TEXT;
        return gt + 1;
      }
      // A `<` here means the tag was never closed: resynchronise on it rather than misread what follows.
      if (stop === lt) return this._enter(TEXT, lt);
      this._quote = stop === dquote ? DQUOTE : SQUOTE;
      if (
        this._liftAttributes.length > 0 &&
        isNamedValue(buf, this._segmentStart, stop, this._liftAttributes)
      ) {
        this._startLift(buf, stop + 1, ATTR_LIFT);
        return stop + 1;
      }
      this._state = ATTR;
      i = this._value(buf, stop + 1, n, isEnd);
      if (this._state !== TAG) return i;
    }
    // Hold back the tail so the next chunk still sees the attribute name before its value.
    if (!isEnd) this._carryFrom = Math.max(this._segmentStart, n - MAX_TAG_CARRY);
    return n;
  }

  /** Emits everything up to `at`, then the reference in place of the value that starts there. */
  private _startLift(buf: string, at: number, state: number): void {
    const ref = `lift:${this.stats.lifted++}`;
    this._liftRef = ref;
    this._replace(buf, at, at, ref);
    this._state = state;
    this._options.onLiftStart?.(ref);
  }

  /** Inside a lifted value: hands its characters to `onLiftData` until `terminator`, which is left in place. */
  private _lift(buf: string, i: number, n: number, terminator: string, after: number): number {
    const end = buf.indexOf(terminator, i);
    const stop = end < 0 ? n : end;
    if (stop > i) this._options.onLiftData?.(this._liftRef, buf.slice(i, stop));
    this._emitFrom = stop;
    if (end < 0) return n;
    this._markAt = this._base + end;
    this._options.onLiftEnd?.(this._liftRef);
    this._state = after;
    return end + (after === TAG ? 1 : 0);
  }

  private _passUntil(terminator: string, i: number): number {
    this._terminator = terminator;
    return this._enter(PASS, i);
  }

  /** Passes a comment, PI, CDATA section or end tag through untouched up to its terminator. */
  private _pass(buf: string, i: number, n: number, isEnd: boolean): number {
    const terminator = this._terminator;
    const end = buf.indexOf(terminator, i);
    if (end >= 0) return this._enter(TEXT, end + terminator.length);
    // The terminator may straddle the chunk boundary: hold back its possible first characters.
    if (!isEnd) this._carryFrom = Math.max(i, n - (terminator.length - 1));
    return n;
  }

  /** Inside `<!DOCTYPE …>` (or another declaration), which may span chunks. */
  private _declaration(buf: string, i: number, n: number): number {
    const end = declarationEnd(buf, i, n, this._decl);
    return end < 0 ? n : this._enter(TEXT, end);
  }
}
