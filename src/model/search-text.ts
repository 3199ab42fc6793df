/**
 * How message text becomes search tokens, and how a found message is shown with its matches marked. Pure:
 * the import worker indexes with it and the page queries with it, so both always cut words the same way.
 *
 * A token is a word folded for matching: compatibility-decomposed (NFKD: "ﬁ" → "fi", "Ａ" → "a"), accents
 * dropped, lower-cased, and a few letters without a decomposition spelled out ("ß" → "ss", "ø" → "o"), so
 * "cafe" finds "Café" and "ÉTÉ" finds "été". Han, Hiragana and Katakana are written without spaces: each of
 * their characters is a token of its own (a query for "何時" finds both characters, in any order). Emoji are
 * tokens too. Query words match tokens by prefix.
 */

/** Tokens are cut to this many UTF-16 units, so long links and hex strings do not bloat the index. */
export const MAX_TOKEN_CHARS = 32;

/** Letters that NFKD leaves whole, spelled as people type them without accents. */
const SPELLED: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ς: 'σ',
};
const SPELLED_ANY = /[ßæœøłđðþıς]/g;

const NON_ASCII = /[\u0080-\uffff]/;
const ASCII_WORD = /[A-Za-z0-9]+/g;
const WORD = /[\p{L}\p{N}\p{M}]+|\p{Extended_Pictographic}/gu;
const TOKEN = /[\p{L}\p{N}]+|\p{Extended_Pictographic}/gu;
const IDEOGRAPHIC = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;
const IDEOGRAPHIC_OR_RUN =
  /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|[^\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+/gu;
const MARKS = /\p{M}+/gu;

/** One word of a text: where it stands and the tokens it folds to (usually one). */
interface Word {
  start: number;
  end: number;
  tokens: string[];
}

const cut = (token: string): string =>
  token.length > MAX_TOKEN_CHARS ? token.slice(0, MAX_TOKEN_CHARS) : token;

/** Folds text for matching (see the module comment). Lengths change, so folded offsets mean nothing. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(SPELLED_ANY, (c) => SPELLED[c] ?? c);
}

/** Calls `visit` with each token of folded text: runs of letters and digits, ideographs one by one, emoji. */
function foldedTokens(folded: string, visit: (token: string) => void): void {
  for (const m of folded.matchAll(TOKEN)) {
    const run = m[0];
    if (!IDEOGRAPHIC.test(run)) visit(cut(run));
    else for (const part of run.matchAll(IDEOGRAPHIC_OR_RUN)) visit(cut(part[0]));
  }
}

/**
 * The tokens of an all-ASCII text, the common case, in one pass without regular expressions (this is most of
 * the index's cost during an import); the same tokens as the general path gives.
 */
function asciiTokens(text: string, visit: (token: string) => void): void {
  let start = -1;
  let upper = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      if (start < 0) start = i;
    } else if (c >= 0x41 && c <= 0x5a) {
      if (start < 0) start = i;
      upper = true;
    } else if (start >= 0) {
      const token = text.slice(start, Math.min(i, start + MAX_TOKEN_CHARS));
      visit(upper ? token.toLowerCase() : token);
      start = -1;
      upper = false;
    }
  }
}

/** Calls `visit` with each token of a text in order, repeats included (what the index is built from). */
export function eachToken(text: string, visit: (token: string) => void): void {
  if (NON_ASCII.test(text)) foldedTokens(fold(text), visit);
  else asciiTokens(text, visit);
}

/** The distinct tokens of a text. */
export function searchTokens(text: string): string[] {
  const seen = new Set<string>();
  eachToken(text, (token) => seen.add(token));
  return [...seen];
}

/** Every word of a text, in order, with where it stands (for marking matches in a snippet). */
function* words(text: string): Generator<Word> {
  if (!NON_ASCII.test(text)) {
    for (const m of text.matchAll(ASCII_WORD))
      yield { start: m.index, end: m.index + m[0].length, tokens: [cut(m[0].toLowerCase())] };
    return;
  }
  for (const m of text.matchAll(WORD)) {
    const parts = IDEOGRAPHIC.test(m[0]) ? m[0].matchAll(IDEOGRAPHIC_OR_RUN) : [m];
    for (const part of parts) {
      const tokens: string[] = [];
      foldedTokens(fold(part[0]), (token) => tokens.push(token));
      const start = m.index + (part === m ? 0 : part.index);
      if (tokens.length > 0) yield { start, end: start + part[0].length, tokens };
    }
  }
}

/** The words of a query, folded like the index's tokens; each matches tokens that start with it. */
export function queryTerms(query: string): string[] {
  return searchTokens(query);
}

/** Whether a token is matched by one of the query's terms. */
export function matchesAny(token: string, terms: readonly string[]): boolean {
  return terms.some((term) => token.startsWith(term));
}

/** The index bucket a token lives in: its first two code points (so a prefix of two or more finds one bucket). */
export function bucketOf(token: string): string {
  const first = token.codePointAt(0);
  if (first === undefined) return '';
  const width = first > 0xffff ? 2 : 1;
  const second = token.codePointAt(width);
  return second === undefined ? token.slice(0, width) : token.slice(0, width + (second > 0xffff ? 2 : 1));
}

/** A piece of a snippet: plain text, or a word the query matched (shown marked). */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** Characters of context shown before the first match when a message is longer than a snippet. */
const LEAD_CHARS = 40;

/**
 * A message's text as a snippet of about `maxChars` around its first match, cut into parts with the matched
 * words marked. Whitespace runs (line breaks too) become single spaces.
 */
export function snippet(text: string, terms: readonly string[], maxChars = 160): SnippetPart[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  const marks: [number, number][] = [];
  for (const word of words(flat))
    if (word.tokens.some((token) => matchesAny(token, terms))) marks.push([word.start, word.end]);
  let from = 0;
  let to = flat.length;
  if (flat.length > maxChars) {
    const firstMark = marks[0]?.[0] ?? 0;
    if (firstMark > LEAD_CHARS) {
      // Some context before the match, from a word's start when one is near (a long link has none).
      from = firstMark - LEAD_CHARS;
      const space = flat.indexOf(' ', from);
      if (space >= 0 && space < firstMark) from = space + 1;
      if (isLowSurrogate(flat, from)) from++;
    }
    to = Math.min(flat.length, from + maxChars);
    const space = flat.lastIndexOf(' ', to);
    if (to < flat.length && space > from + maxChars / 2) to = space;
    if (isLowSurrogate(flat, to)) to--;
  }
  const parts: SnippetPart[] = [];
  const push = (part: string, match: boolean): void => {
    if (part) parts.push({ text: part, match });
  };
  if (from > 0) push('…', false);
  let at = from;
  for (const [start, end] of marks) {
    if (end <= from || start >= to) continue;
    push(flat.slice(at, Math.max(at, start)), false);
    push(flat.slice(Math.max(at, start), Math.min(end, to)), true);
    at = Math.min(end, to);
  }
  push(flat.slice(at, to), false);
  if (to < flat.length) push('…', false);
  return mergeAdjacent(parts);
}

/** Whether `at` falls between the two halves of a character outside the BMP (an emoji, say). */
function isLowSurrogate(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Joins neighbouring parts of the same kind ("…" and the text after it). */
function mergeAdjacent(parts: SnippetPart[]): SnippetPart[] {
  const merged: SnippetPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (!part.match && last?.match === false) last.text += part.text;
    else merged.push({ ...part });
  }
  return merged;
}
