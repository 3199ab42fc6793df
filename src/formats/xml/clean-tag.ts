/**
 * The repair pre-pass's fast path: one sticky regular expression that matches a whole start tag needing no repair
 * and holding nothing to lift (most tags in real archives), plus the whitespace after it. A native regex run over
 * the tag is about twice as fast as stepping through it in JavaScript. Anything it rejects takes the careful
 * path, which gives the same result for a clean tag, so the pattern only has to be safe, never complete.
 */

/** Characters a clean value never holds: markup, references (allowed below one by one) and forbidden ones. */
const UNSAFE = String.raw`<&\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff`;
/**
 * References that never need repair: the five named ones, tab, LF, CR, and decimal references in ranges holding
 * only valid characters (32–49999 and 100000–199999, where most emoji are). Surrogates and controls never match.
 */
const SAFE_REF = String.raw`&(?:amp|lt|gt|quot|apos|#(?:9|10|13|3[2-9]|[4-9][0-9]|[1-9][0-9]{2,3}|[1-4][0-9]{4}|1[0-9]{5}));`;
// "Unrolled" loops (run, then reference + run, …) so a failing match never backtracks more than linearly.
const DQUOTED = `"[^"${UNSAFE}]*(?:${SAFE_REF}[^"${UNSAFE}]*)*"`;
const SQUOTED = `'[^'${UNSAFE}]*(?:${SAFE_REF}[^'${UNSAFE}]*)*'`;

const alternatives = (names: readonly string[]): string =>
  names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

/** A sticky pattern for a clean start tag; a tag with a lifted element or attribute name is left out. */
export function cleanStartTag(liftAttributes: readonly string[], liftElements: readonly string[]): RegExp {
  // Checked behind each name, as the careful path does: the name ends in a lifted one, after `:` or the start.
  const notElement = liftElements.length > 0 ? String.raw`(?<![<:](?:${alternatives(liftElements)}))` : '';
  const notAttribute =
    liftAttributes.length > 0 ? String.raw`(?<![\s:](?:${alternatives(liftAttributes)}))` : '';
  // Names are ASCII name characters only, so they end exactly where the careful path's names end.
  const attribute = String.raw`\s+[\w.:-]+${notAttribute}\s*=\s*(?:${DQUOTED}|${SQUOTED})`;
  return new RegExp(String.raw`<[A-Za-z_:][\w.:-]*${notElement}(?:${attribute})*\s*/?>[\t\n\r ]*`, 'y');
}
