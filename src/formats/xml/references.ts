/**
 * Repair of one `&…;` reference (FORMATS.md §1.6 quirks 1 and 2): Android's serializer wrote emoji as two
 * surrogate references, which XML forbids, and some files hold references to control characters.
 */
import { REF, type RefScan, isHighSurrogate, isLowSurrogate, isXmlChar, scanReference } from './lexical';
import type { RepairStats } from './repair-options';

/** How to repair the reference at an `&`: replace it up to `end` by `replacement` (null: keep it as written). */
export interface RefFix {
  end: number;
  replacement: string | null;
  /** Which count the repair adds to, if any. */
  stat: keyof RepairStats | null;
}

// Scratch for the two halves of a pair; the pre-pass is synchronous, so sharing them is safe.
const first: RefScan = { end: 0, codePoint: 0 };
const second: RefScan = { end: 0, codePoint: 0 };

/** Works out the repair for `buf[i] === '&'`; false when the text ends too soon to tell (hold back from `i`). */
export function fixReference(buf: string, i: number, n: number, isEnd: boolean, fix: RefFix): boolean {
  let kind = scanReference(buf, i, n, first);
  if (kind === REF.NEED_MORE) {
    if (!isEnd) return false;
    kind = REF.NOT_A_REF;
  }
  if (kind === REF.NOT_A_REF) return set(fix, i + 1, '&amp;', 'rawAmpEscaped');
  if (kind === REF.NAMED) return set(fix, first.end, null, null);
  const cp = first.codePoint;
  const end = first.end;
  if (isHighSurrogate(cp)) {
    // The low half must follow at once; it may still be in the next chunk.
    if (end >= n && !isEnd) return false;
    if (buf.charCodeAt(end) === 0x26) {
      const kind2 = scanReference(buf, end, n, second);
      if (kind2 === REF.NEED_MORE && !isEnd) return false;
      if (kind2 === REF.NUMERIC && isLowSurrogate(second.codePoint)) {
        const joined = 0x10000 + ((cp - 0xd800) << 10) + (second.codePoint - 0xdc00);
        return set(fix, second.end, `&#${joined};`, 'surrogatePairsJoined');
      }
    }
  }
  if (isHighSurrogate(cp) || isLowSurrogate(cp)) return set(fix, end, '&#xFFFD;', 'loneSurrogates');
  if (!isXmlChar(cp)) return set(fix, end, '', 'controlsDropped');
  return set(fix, end, null, null);
}

function set(fix: RefFix, end: number, replacement: string | null, stat: keyof RepairStats | null): true {
  fix.end = end;
  fix.replacement = replacement;
  fix.stat = stat;
  return true;
}
